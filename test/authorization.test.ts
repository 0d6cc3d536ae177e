import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, Scope } from '../src/domain/access.ts';
import type { StoredRecord } from '../src/domain/record.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, anApiToken, cookieHeader, formBody, signIn, type TestSession } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * The authorisation matrix: every route and API endpoint, asked by the anonymous public, by a signed-in user
 * of each role and by an editor's API tokens, must give exactly the answer below. A route the server has and
 * this table lacks fails the first test, so that no route can be added without deciding who may use it.
 */

const PRINCIPALS = ['anonymous', 'viewer', 'researcher', 'editor', 'admin'] as const;
type Principal = (typeof PRINCIPALS)[number];
type Expected = Record<Principal, number>;

/** An editor's API tokens: one that may only read, one with every scope (all the editor's role allows). */
const TOKEN_PRINCIPALS = ['read token', 'full token'] as const;
type TokenPrincipal = (typeof TOKEN_PRINCIPALS)[number];
const TOKEN_SCOPES: Record<TokenPrincipal, Scope[]> = {
  'read token': ['records:read'],
  'full token': ['records:read', 'records:write', 'records:publish'],
};
type TokenExpected = Record<TokenPrincipal, number>;

/**
 * What the tokens get: outside the API always 403 (pages, the account, its tokens and administration are for
 * sessions); within it, unless a case says otherwise, what the editor's session gets.
 */
function tokenAnswers(entry: Case): TokenExpected {
  if (!entry.route.split(' ')[1]!.startsWith('/api/')) return { 'read token': 403, 'full token': 403 };
  return entry.tokens ?? { 'read token': entry.expect.editor, 'full token': entry.expect.editor };
}

interface Fixture {
  published: StoredRecord;
  draft: StoredRecord;
  companyId: string;
}

interface Case {
  /** The route as registered: METHOD and URL pattern. */
  route: string;
  /** The request, made concrete with the fixture's ids. */
  url(fixture: Fixture): string;
  form?: Record<string, string>;
  json?: unknown;
  expect: Expected;
  /** The request ends the session it is made in: each principal gets a fresh one. */
  freshSession?: boolean;
  /** What the editor's tokens get, where it is not what the editor's session gets (API routes only). */
  tokens?: TokenExpected;
}

const everyone = (status: number): Expected => ({
  anonymous: status,
  viewer: status,
  researcher: status,
  editor: status,
  admin: status,
});
const signedIn = (anonymous: number, status: number): Expected => ({ ...everyone(status), anonymous });
const byRole = (
  anonymous: number,
  viewer: number,
  researcher: number,
  editor: number,
  admin = editor,
): Expected => ({
  anonymous,
  viewer,
  researcher,
  editor,
  admin,
});

const at = (path: string) => () => path;

const CASES: Case[] = [
  // Public pages and the public API: the same answer for everyone.
  { route: 'GET /', url: at('/'), expect: everyone(200) },
  { route: 'GET /search', url: at('/search?q=wages'), expect: everyone(200) },
  { route: 'GET /search.csv', url: at('/search.csv'), expect: everyone(200) },
  { route: 'GET /search.ndjson', url: at('/search.ndjson'), expect: everyone(200) },
  { route: 'GET /search.xlsx', url: at('/search.xlsx'), expect: everyone(200) },
  { route: 'GET /records/:key', url: (f) => `/records/${f.published.slug}`, expect: everyone(200) },
  // A draft is seen by signed-in roles only.
  { route: 'GET /records/:key', url: (f) => `/records/${f.draft.id}`, expect: signedIn(404, 200) },
  { route: 'GET /companies/:id', url: (f) => `/companies/${f.companyId}`, expect: everyone(200) },
  { route: 'GET /issues/:id', url: at('/issues/wage-theft'), expect: everyone(200) },
  { route: 'GET /countries/:code', url: at('/countries/MY'), expect: everyone(200) },
  { route: 'GET /feed.atom', url: at('/feed.atom'), expect: everyone(200) },
  { route: 'GET /healthz', url: at('/healthz'), expect: everyone(200) },
  { route: 'GET /favicon.ico', url: at('/favicon.ico'), expect: everyone(301) },
  { route: 'GET /readyz', url: at('/readyz'), expect: everyone(200) },
  { route: 'GET /api', url: at('/api'), expect: everyone(200) },
  { route: 'GET /api/v1/openapi.json', url: at('/api/v1/openapi.json'), expect: everyone(200) },
  { route: 'GET /api/v1/records', url: at('/api/v1/records'), expect: everyone(200) },
  {
    route: 'GET /api/v1/records/:id',
    url: (f) => `/api/v1/records/${f.published.id}`,
    expect: everyone(200),
  },
  // The public API never serves a draft, whoever asks.
  { route: 'GET /api/v1/records/:id', url: (f) => `/api/v1/records/${f.draft.id}`, expect: everyone(404) },
  { route: 'GET /api/v1/companies', url: at('/api/v1/companies'), expect: everyone(200) },
  {
    route: 'GET /api/v1/companies/:id',
    url: (f) => `/api/v1/companies/${f.companyId}`,
    expect: everyone(200),
  },
  // Screening changes nothing: anyone may, without a token or a CSRF header.
  {
    route: 'POST /api/v1/match',
    url: at('/api/v1/match'),
    json: { names: [{ name: 'Example Works' }] },
    expect: everyone(200),
  },
  { route: 'GET /screening', url: at('/screening'), expect: everyone(200) },
  // A post without a file or names is answered with the form again; anyone may screen, without a token.
  { route: 'POST /screening', url: at('/screening'), form: {}, expect: everyone(400) },
  {
    route: 'POST /screening/report',
    url: at('/screening/report'),
    form: { 'rows.0.name': 'Example' },
    expect: everyone(200),
  },
  { route: 'GET /api/v1/export.csv', url: at('/api/v1/export.csv'), expect: everyone(200) },
  { route: 'GET /api/v1/export.ndjson', url: at('/api/v1/export.ndjson'), expect: everyone(200) },
  { route: 'GET /api/v1/export.xlsx', url: at('/api/v1/export.xlsx'), expect: everyone(200) },

  // Signing in and out.
  { route: 'GET /sign-in', url: at('/sign-in'), expect: signedIn(200, 303) },
  // Without the sign-in form's token the anonymous post is refused; a signed-in one reaches the (failed) check.
  {
    route: 'POST /sign-in',
    url: at('/sign-in'),
    form: { email: 'x@y.z', password: 'wrong' },
    expect: signedIn(403, 401),
  },
  { route: 'POST /sign-out', url: at('/sign-out'), form: {}, expect: signedIn(401, 303), freshSession: true },

  // Editorial pages.
  { route: 'GET /worklist', url: at('/worklist'), expect: signedIn(303, 200) },
  { route: 'GET /records/new', url: at('/records/new'), expect: byRole(303, 403, 200, 200) },
  // Drafting from an article: reading changes nothing (no CSRF token) but is for the roles that create records.
  {
    route: 'GET /records/from-article',
    url: at('/records/from-article'),
    expect: byRole(303, 403, 200, 200),
  },
  {
    route: 'POST /records/from-article/read',
    url: at('/records/from-article/read'),
    form: { text: 'Workers at Example Works in Malaysia say their wages were withheld for months.' },
    expect: byRole(401, 403, 200, 200),
  },
  {
    route: 'POST /records/from-article',
    url: at('/records/from-article'),
    form: { text: '' },
    expect: byRole(401, 403, 400, 400),
  },
  { route: 'GET /triage', url: at('/triage'), expect: byRole(303, 403, 200, 200) },
  // Adding triaged articles as sources is an edit: a draft may be edited by researchers.
  {
    route: 'POST /records/:id/sources',
    url: (f) => `/records/${f.draft.id}/sources`,
    form: {
      'sources.0.headline': 'A later article about the same incident',
      'sources.0.excerpt': 'More workers spoke.',
    },
    expect: byRole(401, 403, 303, 303),
  },
  { route: 'POST /triage', url: at('/triage'), form: {}, expect: byRole(401, 403, 400, 400) },
  // Proposing triaged articles as sources of a record the proposer may not change: no such article here.
  {
    route: 'POST /triage/propose',
    url: at('/triage/propose'),
    form: { record: '01JNOSUCHRECORD0000000000' },
    expect: byRole(401, 403, 400, 400),
  },
  // Deciding on proposed sources is an editor's: nothing is proposed for the draft, so 400 once allowed.
  {
    route: 'POST /records/:id/proposed-sources',
    url: (f) => `/records/${f.draft.id}/proposed-sources`,
    form: { decision: 'accept', triage: '01JNOSUCHARTICLE000000000' },
    expect: byRole(401, 403, 403, 400),
  },
  // Setting aside an article of the queue: no such article here, so 400 once allowed.
  {
    route: 'POST /triage/:id/status',
    url: at('/triage/01JNOSUCHARTICLE000000000/status'),
    form: { status: 'dismissed' },
    expect: byRole(401, 403, 400, 400),
  },
  {
    route: 'POST /records/new',
    url: at('/records/new'),
    form: { title: '' },
    expect: byRole(401, 403, 400, 400),
  },
  {
    route: 'GET /records/:id/edit',
    url: (f) => `/records/${f.draft.id}/edit`,
    expect: byRole(303, 403, 200, 200),
  },
  // A researcher edits drafts only.
  {
    route: 'GET /records/:id/edit',
    url: (f) => `/records/${f.published.id}/edit`,
    expect: byRole(303, 403, 403, 200),
  },
  {
    route: 'POST /records/:id/edit',
    url: (f) => `/records/${f.draft.id}/edit`,
    form: { title: '' },
    expect: byRole(401, 403, 400, 400),
  },
  {
    route: 'POST /records/:id/transition',
    url: (f) => `/records/${f.published.id}/transition`,
    form: { transition: 'retract' },
    expect: byRole(401, 403, 403, 400),
  },
  {
    route: 'GET /records/:id/history',
    url: (f) => `/records/${f.draft.id}/history`,
    expect: signedIn(303, 200),
  },
  {
    route: 'POST /records/:id/restore',
    url: (f) => `/records/${f.draft.id}/restore`,
    form: { version: '999' },
    expect: byRole(401, 403, 400, 400),
  },
  {
    route: 'POST /records/:id/link-company',
    url: (f) => `/records/${f.draft.id}/link-company`,
    form: { position: '0', companyId: 'NO-SUCH-COMPANY' },
    expect: byRole(401, 403, 400, 400),
  },
  {
    route: 'POST /records/:id/merge',
    url: (f) => `/records/${f.draft.id}/merge`,
    form: { into: 'PLACEHOLDER' },
    expect: byRole(401, 403, 403, 400),
  },
  { route: 'GET /activity', url: at('/activity'), expect: byRole(303, 403, 403, 200) },
  { route: 'GET /account', url: at('/account'), expect: signedIn(303, 200) },
  {
    route: 'POST /account/tokens',
    url: at('/account/tokens'),
    form: { name: '' },
    expect: signedIn(401, 400),
  },
  {
    route: 'POST /account/tokens/:id/revoke',
    url: at('/account/tokens/NO-SUCH-TOKEN/revoke'),
    form: {},
    expect: signedIn(401, 303),
  },

  // Company responses: editors ask and review; a company answers through its private link, no account.
  {
    route: 'POST /records/:id/responses',
    url: (f) => `/records/${f.published.id}/responses`,
    form: {
      company: 'Nobody Named Ltd',
      contactEmail: 'x@y.z',
      questions: 'Any comment?',
      deadline: '2099-01-01',
    },
    expect: byRole(401, 403, 403, 400),
  },
  { route: 'GET /responses', url: at('/responses'), expect: byRole(303, 403, 403, 200) },
  { route: 'GET /response-rates', url: at('/response-rates?by=sector'), expect: everyone(200) },
  { route: 'GET /analytics', url: at('/analytics?country=MY'), expect: everyone(200) },
  { route: 'GET /analytics/data.csv', url: at('/analytics/data.csv?chart=issues'), expect: everyone(200) },
  {
    route: 'GET /analytics/report',
    url: at('/analytics/report?from=2025-01-01&to=2025-12-31'),
    expect: everyone(200),
  },
  { route: 'GET /api/v1/stats', url: at('/api/v1/stats?period=year'), expect: everyone(200) },
  { route: 'GET /api/v1/changes', url: at('/api/v1/changes?limit=5'), expect: everyone(200) },
  {
    route: 'GET /api/v1/records/:id/responses',
    url: (f) => `/api/v1/records/${f.published.id}/responses`,
    expect: everyone(200),
  },
  {
    route: 'GET /api/v1/response-rates',
    url: at('/api/v1/response-rates?by=country'),
    expect: everyone(200),
  },
  {
    route: 'POST /responses/:id/review',
    url: at('/responses/NO-SUCH-REQUEST/review'),
    form: { decision: 'publish' },
    expect: byRole(401, 403, 403, 400),
  },
  { route: 'GET /respond/:token', url: at('/respond/not.a.valid.token'), expect: everyone(404) },
  // Without a session, the form's pre-session CSRF cookie is needed (the matrix sends none): refused first.
  {
    route: 'POST /respond/:token',
    url: at('/respond/not.a.valid.token'),
    form: { kind: 'respond', text: 'x' },
    expect: signedIn(403, 404),
  },

  // Company identities, for editors.
  {
    route: 'POST /companies/:id/merge',
    url: (f) => `/companies/${f.companyId}/merge`,
    form: { into: 'NO-SUCH-COMPANY' },
    expect: byRole(401, 403, 403, 400),
  },
  {
    route: 'POST /companies/:id/not-same',
    url: (f) => `/companies/${f.companyId}/not-same`,
    form: { other: 'NO-SUCH-COMPANY' },
    expect: byRole(401, 403, 403, 400),
  },
  {
    route: 'POST /companies/:id/split',
    url: (f) => `/companies/${f.companyId}/split`,
    form: { name: 'A name no record gives' },
    expect: byRole(401, 403, 403, 400),
  },

  // Administration.
  { route: 'GET /admin/users', url: at('/admin/users'), expect: byRole(303, 403, 403, 403, 200) },
  {
    route: 'POST /admin/users',
    url: at('/admin/users'),
    form: { email: '' },
    expect: byRole(401, 403, 403, 403, 400),
  },
  {
    route: 'POST /admin/users/:id',
    url: at('/admin/users/NO-SUCH-USER'),
    form: { action: 'nothing' },
    expect: byRole(401, 403, 403, 403, 400),
  },

  // The write API, with the signed-in session's CSRF header.
  {
    route: 'POST /api/v1/records',
    url: at('/api/v1/records'),
    json: {},
    expect: byRole(401, 403, 400, 400),
    tokens: { 'read token': 403, 'full token': 400 },
  },
  // Extraction writes nothing but reads research: roles that create records.
  {
    route: 'POST /api/v1/extract',
    url: at('/api/v1/extract'),
    json: { text: 'Workers at Example Works in Malaysia say their wages were withheld.' },
    expect: byRole(401, 403, 200, 200),
    tokens: { 'read token': 403, 'full token': 200 },
  },
  {
    route: 'PUT /api/v1/records/:id',
    url: (f) => `/api/v1/records/${f.draft.id}`,
    json: {},
    expect: byRole(401, 403, 400, 400),
    tokens: { 'read token': 403, 'full token': 400 },
  },
  {
    route: 'POST /api/v1/records/:id/transitions',
    url: (f) => `/api/v1/records/${f.published.id}/transitions`,
    json: { transition: 'retract' },
    expect: byRole(401, 403, 403, 400),
    tokens: { 'read token': 403, 'full token': 400 },
  },
  {
    route: 'GET /api/v1/records/:id/history',
    url: (f) => `/api/v1/records/${f.draft.id}/history`,
    expect: signedIn(401, 200),
  },
];

describe.each(STORE_BACKENDS)('authorisation matrix on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let fixture: Fixture;
  const sessions = new Map<Principal, TestSession>();
  const tokens = new Map<TokenPrincipal, string>();

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    const {
      ids: [publishedId],
    } = await store.records.upsertRecords([aRecord({ status: 'published' })]);
    const researcher = await aUser(store, 'researcher');
    for (const role of ['viewer', 'admin'] as Role[]) await aUser(store, role);
    const editor = await aUser(store, 'editor');
    for (const principal of TOKEN_PRINCIPALS) {
      tokens.set(principal, await anApiToken(store, editor.id, TOKEN_SCOPES[principal]));
    }
    const draft = await store.records.saveRecord({
      record: aRecord({ title: 'A draft in the matrix', dateReported: '2024-06-01' }),
      author: { userId: researcher.id, name: researcher.email },
      action: 'create',
    });
    const published = (await store.records.getRecord(publishedId!))!;
    fixture = { published, draft, companyId: published.companies[0]!.companyId! };
    app = await buildServer(store);
    for (const principal of PRINCIPALS) {
      if (principal !== 'anonymous') sessions.set(principal, await signIn(app, `${principal}@test.invalid`));
    }
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('has an entry for every route the server registers, and no entry for a route it lacks', () => {
    const registered = new Set(
      app.accessTable
        .filter((route) => route.method !== 'HEAD')
        .map((route) => `${route.method} ${route.url}`),
    );
    const covered = new Set(CASES.map((entry) => entry.route));
    expect([...registered].filter((route) => !covered.has(route)).sort()).toEqual([]);
    expect([...covered].filter((route) => !registered.has(route)).sort()).toEqual([]);
  });

  async function ask(entry: Case, principal: Principal | TokenPrincipal): Promise<LightMyRequestResponse> {
    const token = tokens.get(principal as TokenPrincipal);
    let session = principal === 'anonymous' || token ? undefined : sessions.get(principal as Principal)!;
    if (session && entry.freshSession) session = await signIn(app, `${principal}@test.invalid`);
    const url = entry.url(fixture);
    const headers: Record<string, string> = session
      ? { cookie: cookieHeader(session.cookies) }
      : token
        ? { authorization: `Bearer ${token}` }
        : {};
    const [method, ...rest] = entry.route.split(' ');
    void rest;
    if (entry.json !== undefined) {
      return app.inject({
        method: method as 'POST',
        url,
        headers: { ...headers, ...(session ? { 'x-csrf-token': session.csrf } : {}) },
        payload: entry.json as object,
      });
    }
    if (entry.form !== undefined) {
      const form = { ...entry.form };
      if (form.into === 'PLACEHOLDER') form.into = fixture.draft.id;
      return app.inject({
        method: method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody(session ? { _csrf: session.csrf, ...form } : form),
      });
    }
    return app.inject({ method: method as 'GET', url, headers });
  }

  it.each(CASES.map((entry) => [`${entry.route} (${entry.url(DUMMY)})`, entry] as const))(
    '%s answers each role as allowed',
    async (_name, entry) => {
      const answers: Partial<Expected & TokenExpected> = {};
      for (const principal of [...PRINCIPALS, ...TOKEN_PRINCIPALS]) {
        answers[principal] = (await ask(entry, principal)).statusCode;
      }
      expect(answers).toEqual({ ...entry.expect, ...tokenAnswers(entry) });
    },
  );
});

/** Ids for the test names only. */
const DUMMY: Fixture = {
  published: { id: 'PUBLISHED', slug: 'published' } as StoredRecord,
  draft: { id: 'DRAFT', slug: 'draft' } as StoredRecord,
  companyId: 'COMPANY',
};
