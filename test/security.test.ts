import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../src/domain/record.ts';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import {
  TEST_PASSWORD,
  aUser,
  anApiToken,
  cookieHeader,
  cookiesAfter,
  csrfOf,
  formBody,
  postSignInForm,
  signIn,
} from './support/accounts.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/** A log sink: every line the server logs, kept to be searched. */
function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: { level: 'info', stream } };
}

const MARKER = 'CONFIDENTIAL-MARKER-4242';
const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>"'`;

describe.each(STORE_BACKENDS)('security on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let location: string;
  const logs = logSink();
  let secret: StoredRecord;
  let hostile: StoredRecord;

  beforeAll(async () => {
    ({ store, dispose, location } = await backend.create());
    const editor = await aUser(store, 'editor');
    await aUser(store, 'researcher');
    const author = { userId: editor.id, name: editor.email };
    // A published record that carries confidential material, and one with a script in every text field.
    secret = await store.records.saveRecord({
      record: aRecord({
        status: 'published',
        title: 'Workers at Example Works paid late',
        internalNotes: `Worker named ${MARKER} asked not to be identified`,
        sources: [
          ...aRecord().sources,
          {
            companies: ['Example Works Sdn Bhd'],
            headline: `Interview notes ${MARKER}`,
            excerpt: `Unpublished testimony ${MARKER} about unpaid wages`,
            restricted: true,
          },
        ],
      }),
      author,
      action: 'create',
    });
    hostile = await store.records.saveRecord({
      record: aRecord({
        status: 'published',
        title: `Hostile ${XSS}`,
        summary: `Summary ${XSS}`,
        dateReported: '2025-05-05',
        location: { country: 'MY', city: `City ${XSS}` },
        companies: [{ name: `Company ${XSS}`, role: 'Employer' }],
        internalNotes: `Notes ${XSS}`,
        sources: [
          {
            companies: [`Company ${XSS}`],
            headline: `Headline ${XSS}`,
            publisher: `Publisher ${XSS}`,
            excerpt: `Excerpt ${XSS}`,
          },
        ],
      }),
      author,
      action: 'create',
    });
    app = await buildServer(store, { logger: logs.logger });
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('refuses a state-changing request without the CSRF token, with a wrong one, or from another site', async () => {
    const editor = await signIn(app, 'editor@test.invalid');
    const draft = await store.records.saveRecord({
      record: aRecord({ title: 'CSRF target', dateReported: '2025-07-07' }),
      author: { userId: null, name: 'test' },
      action: 'create',
    });
    const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: `/records/${draft.id}/transition`,
        headers: {
          cookie: cookieHeader(editor.cookies),
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        payload: formBody({ transition: 'request-review', ...form }),
      });
    expect((await post({})).statusCode).toBe(403);
    expect((await post({ _csrf: 'forged' })).statusCode).toBe(403);
    expect((await post({ _csrf: editor.csrf }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await store.records.getRecord(draft.id))!.status).toBe('draft');
    expect((await post({ _csrf: editor.csrf })).statusCode).toBe(303);
    expect((await store.records.getRecord(draft.id))!.status).toBe('in_review');
    // The JSON API with a session cookie needs the token in a header too.
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: { cookie: cookieHeader(editor.cookies) },
      payload: aRecord({ title: 'Cookie only', dateReported: '2025-08-08' }),
    });
    expect(json.statusCode).toBe(403);
  });

  it('sets session cookies http-only, secure and same-site, and never keeps a session id set before sign-in', async () => {
    const page = await app.inject('/sign-in');
    const planted = { ...cookiesAfter(page), bhr_session: 'attacker-chosen-session-id' };
    const response = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: cookieHeader(planted), 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ email: 'editor@test.invalid', password: TEST_PASSWORD, _csrf: csrfOf(page.body) }),
    });
    expect(response.statusCode).toBe(303);
    const header = [response.headers['set-cookie']].flat().find((line) => line?.startsWith('bhr_session='))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/Secure/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).toMatch(/Path=\//);
    const issued = cookiesAfter(response, planted).bhr_session!;
    expect(issued).not.toBe('attacker-chosen-session-id');
    expect(issued.length).toBeGreaterThanOrEqual(43);
    const withPlanted = await app.inject({
      url: '/worklist',
      headers: { cookie: 'bhr_session=attacker-chosen-session-id' },
    });
    expect(withPlanted.statusCode).toBe(303);
    // Signing in again ends the session the browser held before.
    const second = await signIn(app, 'editor@test.invalid');
    const relogin = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        cookie: cookieHeader(second.cookies),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: formBody({ email: 'editor@test.invalid', password: TEST_PASSWORD, _csrf: second.csrf }),
    });
    expect(relogin.statusCode).toBe(303);
    expect((await second.get('/worklist')).statusCode).toBe(303);
    // Signing out ends the session in the database, not only in the browser.
    const third = await signIn(app, 'editor@test.invalid');
    expect((await third.post('/sign-out', {})).statusCode).toBe(303);
    expect((await third.get('/worklist')).statusCode).toBe(303);
  });

  it('escapes a script put in every field, on every page that shows it', async () => {
    const editor = await signIn(app, 'editor@test.invalid');
    const companyId = hostile.companies[0]!.companyId!;
    const publicPages = [
      `/records/${hostile.slug}`,
      '/search?q=hostile',
      '/',
      `/companies/${companyId}`,
      '/countries/MY',
      '/issues/wage-theft',
    ];
    const staffPages = [
      `/records/${hostile.id}`,
      `/records/${hostile.id}/edit`,
      `/records/${hostile.id}/history`,
      '/activity',
    ];
    const pages = [
      ...(await Promise.all(publicPages.map(async (url) => ({ url, page: await app.inject(url) })))),
      ...(await Promise.all(staffPages.map(async (url) => ({ url, page: await editor.get(url) })))),
    ];
    for (const { url, page } of pages) {
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('<script>alert');
      expect(page.body, url).not.toContain('<img src=x');
      expect(page.body, url).toMatch(/&lt;script>alert|&lt;script&gt;alert/);
    }
    const feed = await app.inject('/feed.atom');
    expect(feed.body).not.toContain('<script>');
    expect(feed.body).toContain('&lt;script&gt;');
    // JSON is served as JSON, never as HTML.
    const json = await app.inject(`/api/v1/records/${hostile.id}`);
    expect(json.headers['content-type']).toContain('application/json');
  });

  it('keeps confidential fields out of every public page, the public API, downloads, exports and the feed', async () => {
    const company = secret.companies[0]!.companyId!;
    const publicResponses = await Promise.all(
      [
        '/',
        '/search',
        '/search?q=example',
        '/search?q=testimony',
        `/records/${secret.slug}`,
        `/records/${secret.id}`,
        `/companies/${company}`,
        '/countries/MY',
        '/issues/wage-theft',
        '/api/v1/records',
        '/api/v1/records?q=testimony',
        `/api/v1/records/${secret.id}`,
        `/api/v1/companies/${company}`,
        '/api/v1/export.csv',
        '/api/v1/export.ndjson',
        '/search.csv',
        '/search.ndjson',
        '/feed.atom',
      ].map(async (url) => ({ url, response: await app.inject(url) })),
    );
    for (const { url, response } of publicResponses) {
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(MARKER);
    }
    // Searching for the marker finds nothing (the page only echoes the words searched for).
    expect((await app.inject(`/search?q=${MARKER}`)).body).not.toContain(secret.title);
    expect((await app.inject(`/api/v1/records?q=${MARKER}`)).json().total).toBe(0);
    for (const format of ['ndjson', 'json', 'csv', 'text']) {
      const exported = await bhr(['export', '--format', format, '--db', location]);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('Example Works');
      expect(exported.stdout).not.toContain(MARKER);
    }
    // The same page for signed-in staff does show it: the scan above can find the marker where it is.
    const editor = await signIn(app, 'editor@test.invalid');
    const internal = await editor.get(`/records/${secret.slug}`);
    expect(internal.body).toContain(MARKER);
  });

  it('slows and logs sign-in brute force, then refuses even the right password for a while', async () => {
    const attempt = async (password: string) => {
      const { response } = await postSignInForm(app, { email: 'researcher@test.invalid', password });
      return response;
    };
    for (let tries = 0; tries < 5; tries++)
      expect((await attempt(`wrong password ${tries}`)).statusCode).toBe(401);
    const locked = await attempt(TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const logged = logs.lines.join('');
    expect(logged).toContain('sign_in_failed');
    expect(logged).toContain('sign_in_locked');
    expect(logged).toContain('researcher@test.invalid');
  });

  it('never writes a password, a session cookie or an API token into the logs', async () => {
    const admin = await aUser(store, 'admin', 'admin-logs@test.invalid');
    const token = await anApiToken(store, admin.id, ['records:write']);
    const session = await signIn(app, 'admin-logs@test.invalid');
    await app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: { authorization: `Bearer ${token}` },
      payload: aRecord({ title: 'Logged write', dateReported: '2025-09-09' }),
    });
    await app.inject({ url: '/api/v1/records', headers: { authorization: `Bearer ${token}x` } });
    const created = await session.post('/account/tokens', { name: 'from the page', scopes: 'records:read' });
    const shown = /bhr_[A-Za-z0-9_-]{43}/.exec(created.body)![0];
    const logged = logs.lines.join('');
    expect(logs.lines.length).toBeGreaterThan(10);
    for (const secretValue of [TEST_PASSWORD, token, shown, session.cookies.bhr_session!, session.csrf]) {
      expect(logged).not.toContain(secretValue);
    }
  });
});

describe('sign-in throttling per network address', () => {
  it('locks an address that fails across many accounts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bhr-throttle-'));
    const store = await openStores(join(dir, 'db.sqlite'));
    try {
      const app = await buildServer(store);
      const statuses: number[] = [];
      for (let account = 0; account < 31; account++) {
        const page = await app.inject('/sign-in');
        const response = await app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: {
            cookie: cookieHeader(cookiesAfter(page)),
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: formBody({
            email: `nobody${account}@test.invalid`,
            password: 'x',
            _csrf: csrfOf(page.body),
          }),
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
      await app.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
