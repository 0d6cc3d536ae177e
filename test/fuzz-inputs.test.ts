import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../src/domain/record.ts';
import { DEFAULT_LIMITS } from '../src/settings.ts';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, anApiToken, cookieHeader, signIn, type TestSession } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { zipArchive } from './support/zip.ts';

/**
 * Every form and API body that takes input, sent malformed and oversized input: each answer is a 4xx with a
 * message (never a 500), and the server's memory stays within a bound throughout.
 */

const MB = 2 ** 20;
/** How far the process's memory may grow over the whole run. */
const MEMORY_GROWTH_BOUND = 600 * MB;

/** Text of every shape: empty, control characters, scripts, lone surrogates, long runs. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '=cmd|calc',
    '../../etc/passwd',
    '<script>x</script>',
    '💥'.repeat(500),
  ),
  fc.integer({ min: 1000, max: 300_000 }).map((length) => 'ᄀ가'.repeat(length / 2)),
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.array(
    fc.dictionary(
      fc.constantFrom('title', 'names', 'text', 'name', 'threshold', 'limit', 'transition'),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    { maxLength: 5 },
  ),
  fc.record({ names: fc.array(fc.record({ name: hostileText, country: hostileText }), { maxLength: 20 }) }),
  fc.record({ text: hostileText, date: hostileText, url: hostileText }),
);

const fileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
  hostileText.map((text) => Buffer.from(text)),
  fc.constant(zipArchive([{ name: 'xl/sharedStrings.xml', data: Buffer.alloc(40 * MB), declaredSize: 10 }])),
  fc.constant(zipArchive([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(50 * MB, '<') }])),
  fc.constant(Buffer.alloc(DEFAULT_LIMITS.uploadBytes + 1, 'n')),
);

const upload = fc.record({
  file: fc.option(
    fc.record({
      name: fc.oneof(
        fc.constantFrom('list.xlsx', 'list.csv', 'a.txt', 'a.html', 'feed.ndjson', ''),
        hostileText,
      ),
      bytes: fileBytes,
    }),
  ),
  fields: fc.dictionary(
    fc.constantFrom('names', 'text', 'threshold', 'headline', 'date', 'url', 'x'),
    hostileText,
    {
      maxKeys: 4,
    },
  ),
});

const formFields = fc.dictionary(
  fc.oneof(
    fc.constantFrom('title', 'email', 'password', 'next', 'into', 'q', 'reason', 'role', 'name', 'scopes'),
    fc.string({ maxLength: 12 }),
  ),
  fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })),
  { maxKeys: 8 },
);

function multipart(
  given: { file: { name: string; bytes: Buffer } | null; fields: Record<string, string> },
  csrf: string,
) {
  const boundary = '----fuzz' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  const field = (name: string, value: string) =>
    parts.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  field('_csrf', csrf);
  for (const [name, value] of Object.entries(given.fields)) field(name, value.replace(/\r|\n/g, ' '));
  if (given.file) {
    const name = given.file.name.replace(/["\r\n\\]/g, '_');
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      ),
      given.file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A refusal says what was wrong: a JSON error with a message, or a page with more than its frame. */
function expectClearRefusal(response: LightMyRequestResponse, what: string) {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode < 400) return;
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('json')) {
    const body = response.json() as { error?: { code?: string; message?: string } };
    expect(body.error?.code, what).toBeTruthy();
    expect(body.error?.message?.length ?? 0, what).toBeGreaterThan(3);
  } else {
    expect(response.body, what).not.toContain('internal error');
    expect(response.body.length, what).toBeGreaterThan(100);
  }
}

describe('malformed and oversized input to every form and API body', () => {
  let dir: string;
  let store: Stores;
  let app: FastifyInstance;
  let session: TestSession;
  let token: string;
  let record: StoredRecord;
  let baseline: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-fuzz-'));
    store = await openStores(join(dir, 'db.sqlite'));
    const admin = await aUser(store, 'admin');
    record = await store.records.saveRecord({
      record: aRecord({ status: 'published' }),
      author: { userId: admin.id, name: admin.email },
      action: 'create',
    });
    app = await buildServer(store, { limits: { ...DEFAULT_LIMITS, taskMilliseconds: 60_000 } });
    session = await signIn(app, admin.email);
    token = await anApiToken(store, admin.id, ['records:read', 'records:write', 'records:publish']);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every route that reads a body, with its parameters filled in. */
  const bodyRoutes = () =>
    app.accessTable
      .filter((route) => ['POST', 'PUT', 'PATCH'].includes(route.method))
      .map((route) => ({
        ...route,
        path: route.url
          .replace(':id', record.id)
          .replace(':key', record.slug)
          .replace(':token', 'not.a.valid.token'),
      }));

  it('answers every API body with a 4xx and a message, never a 500', async () => {
    const routes = bodyRoutes().filter((route) => route.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(jsonBody, fc.boolean(), async (body, asText) => {
          const response = await app.inject({
            method: route.method as 'POST',
            url: route.path,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            payload: asText ? JSON.stringify(body).slice(0, -1) : JSON.stringify(body),
          });
          expectClearRefusal(response, `${route.method} ${route.url}`);
        }),
        { numRuns: 25 },
      );
      // Larger than any body may be.
      const huge = await app.inject({
        method: route.method as 'POST',
        url: route.path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: `{"text":"${'a'.repeat(20 * MB)}"}`,
      });
      expect(huge.statusCode, route.url).toBe(413);
      expectClearRefusal(huge, `${route.url} with 20 MB`);
    }
  });

  it('answers every form, urlencoded and multipart, with a page and no 500', async () => {
    const routes = bodyRoutes().filter(
      (route) => !route.path.startsWith('/api/') && route.path !== '/sign-out',
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(formFields, async (fields) => {
          const params = new URLSearchParams();
          params.append('_csrf', session.csrf);
          for (const [name, value] of Object.entries(fields))
            for (const one of [value].flat()) params.append(name, one);
          const response = await app.inject({
            method: route.method as 'POST',
            url: route.path,
            headers: {
              cookie: cookieHeader(session.cookies),
              'content-type': 'application/x-www-form-urlencoded',
            },
            payload: params.toString(),
          });
          expectClearRefusal(response, `${route.method} ${route.url}`);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('answers every upload with a page that names the problem, and memory stays bounded', async () => {
    // Memory is counted from when the worker thread has loaded (a valid list warms it).
    const warm = multipart({ file: { name: 'ok.csv', bytes: Buffer.from('name\nAcme\n') }, fields: {} }, '');
    const first = await app.inject({
      method: 'POST',
      url: '/screening',
      headers: { 'content-type': warm.contentType },
      payload: warm.payload,
    });
    expect(first.statusCode).toBe(200);
    baseline = process.memoryUsage().rss;
    for (const path of ['/screening', '/records/from-article/read', '/triage']) {
      await fc.assert(
        fc.asyncProperty(upload, async (given) => {
          const { payload, contentType } = multipart(given, session.csrf);
          const response = await app.inject({
            method: 'POST',
            url: path,
            headers: { cookie: cookieHeader(session.cookies), 'content-type': contentType },
            payload,
          });
          expectClearRefusal(response, `POST ${path} with ${given.file?.name ?? 'no file'}`);
          expect(process.memoryUsage().rss - baseline).toBeLessThan(MEMORY_GROWTH_BOUND);
        }),
        { numRuns: 20 },
      );
    }
  });
});
