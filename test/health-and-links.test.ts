import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

describe.each(STORE_BACKENDS)('health checks and absolute links on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await store.records.saveRecord({
      record: aRecord({ status: 'published', title: 'Workers at Example Works paid late' }),
      author: { userId: null, name: 'test' },
      action: 'create',
    });
    app = await buildServer(store, { publicUrl: 'https://bhr.example.org/' });
  });
  afterAll(async () => {
    await app.close();
    await dispose().catch(() => undefined);
  });

  it('builds the feed’s links from the configured address, whatever Host the request names', async () => {
    const feed = await app.inject({ url: '/feed.atom', headers: { host: 'evil.example' } });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('<link rel="self" href="https://bhr.example.org/feed.atom"/>');
    expect(feed.body).toContain('href="https://bhr.example.org/records/');
    expect(feed.body).not.toContain('evil.example');
  });

  it('gives every page an icon, and answers /favicon.ico with it', async () => {
    expect((await app.inject('/')).body).toContain(
      '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg"/>',
    );
    const icon = await app.inject('/static/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    const legacy = await app.inject('/favicon.ico');
    expect(legacy.statusCode).toBe(301);
    expect(legacy.headers.location).toBe('/static/favicon.svg');
  });

  it('reports the database on /healthz, and /readyz fails while it cannot be reached', async () => {
    expect((await app.inject('/healthz')).json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    // The database goes away under the running server.
    await store.close();
    const health = await app.inject('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', database: 'unreachable' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ ready: false, database: 'unreachable' });
  });
});

describe('bhr serve', () => {
  it('refuses to serve beyond this machine without BHR_PUBLIC_URL, and says what to set', async () => {
    const result = await bhr(
      ['serve', '--host', '0.0.0.0', '--port', '0', '--db', '/nonexistent/never.sqlite'],
      {
        env: { BHR_PUBLIC_URL: '' },
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('set BHR_PUBLIC_URL to the address people reach the site at');
  });

  it('refuses a BHR_PUBLIC_URL that is not an http(s) address, naming the variable', async () => {
    const result = await bhr(['serve', '--port', '0', '--db', '/nonexistent/never.sqlite'], {
      env: { BHR_PUBLIC_URL: 'javascript:alert(1)' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('BHR_PUBLIC_URL');
  });
});
