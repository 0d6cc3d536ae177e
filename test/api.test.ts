import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/web/server.ts';
import type { RecordStore } from '../src/store/store.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

describe.each(STORE_BACKENDS)('JSON API on $name', (backend) => {
  let app: FastifyInstance;
  let store: RecordStore;
  let dispose: () => Promise<void>;
  let publishedId: string;
  let draftId: string;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    const { ids } = await store.upsertRecords([
      aRecord({ title: 'Published <script>alert(1)</script>' }),
      aRecord({ title: 'Hidden draft', status: 'draft' }),
      aRecord({ title: 'In Qatar', location: { country: 'QA' } }),
    ]);
    [publishedId, draftId] = ids as [string, string];
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('lists only published records, with cursor pagination', async () => {
    const first = await app.inject('/api/v1/records?limit=1');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.data).toHaveLength(1);
    const second = (await app.inject(`/api/v1/records?limit=5&cursor=${page.next}`)).json();
    const titles = [...page.data, ...second.data].map((record: { title: string }) => record.title);
    expect(titles).toEqual(['Published <script>alert(1)</script>', 'In Qatar']);
  });

  it('filters by country and rejects a bad query with a JSON-pointer error', async () => {
    const qatar = (await app.inject('/api/v1/records?country=qa')).json();
    expect(qatar.data.map((record: { title: string }) => record.title)).toEqual(['In Qatar']);
    const bad = await app.inject('/api/v1/records?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_query', issues: [{ path: '/limit' }] });
  });

  it('returns a published record and hides a draft', async () => {
    expect((await app.inject(`/api/v1/records/${publishedId}`)).json().id).toBe(publishedId);
    const hidden = await app.inject(`/api/v1/records/${draftId}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
  });

  it('serves an escaped home page with security headers', async () => {
    const home = await app.inject('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Published &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(home.body).not.toContain('<script>alert(1)');
    expect(home.body).not.toContain('Hidden draft');
    expect(home.headers['content-security-policy']).toContain("default-src 'self'");
    expect(home.headers['x-content-type-options']).toBe('nosniff');
  });
});
