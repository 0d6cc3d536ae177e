import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionResult } from '../src/extract/model.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, anApiToken, cookieHeader, signIn, type TestSession } from './support/accounts.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { proposalFields } from './support/review-form.ts';
import { STORE_BACKENDS } from './support/stores.ts';
import { openStores } from '../src/store/open.ts';

const ARTICLE = [
  'Guards at Doha malls say employer kept passports',
  '3 April 2023',
  '',
  'Security guards from Kenya and Uganda employed by Pearl Shield Services at shopping malls in Doha, Qatar, say the company confiscated their passports and has not paid them for three months.',
  'Pearl Shield Services did not respond to a request for comment.',
].join('\n');

/** A server on a fresh store of the backend, with a researcher signed in; closed after the tests. */
function serverWithResearcher(backend: (typeof STORE_BACKENDS)[number]) {
  const server = {} as { app: FastifyInstance; store: Stores; researcher: TestSession };
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const created = await backend.create();
    server.store = created.store;
    dispose = created.dispose;
    await aUser(server.store, 'researcher');
    server.app = await buildServer(server.store);
    server.researcher = await signIn(server.app, 'researcher@test.invalid');
  });
  afterAll(async () => {
    await server.app?.close();
    await dispose?.();
  });
  return server;
}

describe.each(STORE_BACKENDS)('extraction through the API and the web app on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let writer: string;
  let reader: string;
  let researcher: TestSession;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await store.records.upsertRecords([
      aRecord({
        companies: [{ name: 'Pearl Shield Services W.L.L.', role: 'Employer' }],
        location: { country: 'QA' },
      }),
    ]);
    const user = await aUser(store, 'researcher');
    const viewer = await aUser(store, 'viewer');
    writer = await anApiToken(store, user.id, ['records:write']);
    reader = await anApiToken(store, viewer.id, ['records:read']);
    app = await buildServer(store);
    researcher = await signIn(app, 'researcher@test.invalid');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const extract = (payload: unknown, token = writer) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/extract',
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });

  it('POST /api/v1/extract gives the draft with evidence, companies linked to known companies', async () => {
    const response = await extract({ text: ARTICLE });
    expect(response.statusCode).toBe(200);
    const result = ExtractionResult.parse(response.json());
    expect(result.record.location?.country).toBe('QA');
    expect(result.record.affected?.groups.map((group) => group.origin).sort()).toEqual(['KE', 'UG']);
    const company = result.record.companies?.[0];
    expect(company?.name).toBe('Pearl Shield Services');
    const known = (await app.inject('/api/v1/companies?q=Pearl')).json() as {
      data: { id: string; name: string }[];
    };
    expect(company?.companyId).toBe(known.data.find((item) => item.name.startsWith('Pearl Shield'))?.id);
    expect(result.evidence.some((item) => item.path === '/companies/0/companyId')).toBe(true);
  });

  it('answers a 5 MB article with an empty draft and a reason, and a malformed body with the field', async () => {
    const long = await extract({ text: 'Workers were not paid. '.repeat(230_000) });
    expect(long.statusCode).toBe(200);
    expect(long.json()).toMatchObject({
      record: {},
      evidence: [],
      reason: expect.stringMatching(/too long/),
    });
    const bad = await extract({ text: 5, date: '12 March' });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json() as { error: { issues: { path: string }[] } }).error.issues.map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['/text', '/date']));
  });

  it('refuses without a token or without the right to create records', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/extract', payload: { text: ARTICLE } })).statusCode,
    ).toBe(401);
    expect((await extract({ text: ARTICLE }, reader)).statusCode).toBe(403);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject('/api/v1/openapi.json')).json();
    expect(document.paths['/api/v1/extract'].post.responses['200']).toBeDefined();
  });

  it('reviews an article in the web app and refuses to save a draft without its country', async () => {
    const read = await researcher.post('/records/from-article/read', { text: ARTICLE });
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('<mark id="evidence-');
    const form: Record<string, string> = { text: ARTICLE, _csrf: researcher.csrf };
    Object.assign(form, proposalFields(read.body));
    form['decide.location.country'] = 'reject';
    form['title'] = 'Qatar: guards at Doha malls say employer kept passports';
    const refused = await researcher.post('/records/from-article', form);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Please correct the following');
    // An uploaded file over the upload limit is refused with the reason, not cut.
    const boundary = 'bhr-test-boundary';
    const upload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      Buffer.alloc(6 * 1024 * 1024, 'a'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const huge = await app.inject({
      method: 'POST',
      url: '/records/from-article/read',
      headers: {
        cookie: cookieHeader(researcher.cookies),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: upload,
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toMatch(/id="article-file-error"[^>]*>[^<]*huge\.txt[^<]*larger than 5 MB/);
    // A bad date or address: beside its field, and the article's text kept.
    const badFields = await researcher.post('/records/from-article/read', {
      text: ARTICLE,
      date: 'last Tuesday',
      url: 'news site',
    });
    expect(badFields.statusCode).toBe(400);
    expect(badFields.body).toMatch(/id="article-date-error"[^>]*>“last Tuesday” is not a date/);
    expect(badFields.body).toMatch(/id="article-url-error"[^>]*>“news site” is not a web address/);
    expect(badFields.body).toContain(ARTICLE.slice(0, 60).replace(/&/g, '&amp;'));
    const russian = await researcher.post('/records/from-article/read', {
      text: 'Охранники торговых центров в Дохе заявили, что работодатель забрал их паспорта и не платит им зарплату уже три месяца.',
    });
    expect(russian.statusCode).toBe(422);
    expect(russian.body).toMatch(/Russian/);
  });
});

describe.each(STORE_BACKENDS)('triaged articles added as sources on $name', (backend) => {
  const server = serverWithResearcher(backend);

  const source = {
    'sources.0.headline': 'Guards at Doha malls say employer kept passports',
    'sources.0.url': 'https://news.example/guards',
    'sources.0.published': '2023-04-03',
    'sources.0.excerpt': 'Security guards say the company confiscated their passports.',
  };

  it('adds them to a draft once, with a history entry, and refuses a published record to a researcher', async () => {
    const { ids } = await server.store.records.upsertRecords([
      aRecord({ status: 'draft', title: 'Qatar: guards unpaid' }),
      aRecord({ status: 'published', title: 'Qatar: guards unpaid, published' }),
    ]);
    const [draftId, publishedId] = ids as [string, string];
    const before = (await server.store.records.getRecord(draftId, { confidential: true }))!;
    const added = await server.researcher.post(`/records/${draftId}/sources`, {
      ...source,
      _csrf: server.researcher.csrf,
    });
    expect(added.statusCode).toBe(303);
    const after = (await server.store.records.getRecord(draftId, { confidential: true }))!;
    expect(after.sources).toHaveLength(before.sources.length + 1);
    expect(after.sources.at(-1)).toMatchObject({
      headline: source['sources.0.headline'],
      url: source['sources.0.url'],
      published: '2023-04-03',
    });
    expect(after.version).toBe(before.version + 1);
    // The same article again adds nothing.
    await server.researcher.post(`/records/${draftId}/sources`, { ...source, _csrf: server.researcher.csrf });
    expect((await server.store.records.getRecord(draftId, { confidential: true }))!.sources).toHaveLength(
      after.sources.length,
    );
    const refused = await server.researcher.post(`/records/${publishedId}/sources`, {
      ...source,
      _csrf: server.researcher.csrf,
    });
    expect(refused.statusCode).toBe(403);
    const bad = await server.researcher.post(`/records/${draftId}/sources`, {
      ...source,
      'sources.0.url': 'not an address',
      _csrf: server.researcher.csrf,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe.each(STORE_BACKENDS)('the triage queue on $name', (backend) => {
  const server = serverWithResearcher(backend);

  const upload = (csrf: string | undefined) => {
    const boundary = 'bhr-queue-boundary';
    const file = [
      JSON.stringify({
        url: 'https://news.example/guards',
        headline: 'Guards at Doha malls say employer kept passports',
        date: '2023-04-03',
        text: ARTICLE,
      }),
      JSON.stringify({
        url: 'https://news.example/airport',
        headline: 'New airport terminal opens',
        date: '2023-04-03',
        text: 'The terminal opened on Monday with twelve gates.',
      }),
    ].join('\n');
    const parts = [
      ...(csrf ? [`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`] : []),
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="feed.ndjson"\r\nContent-Type: application/x-ndjson\r\n\r\n${file}\r\n`,
      `--${boundary}--\r\n`,
    ];
    return server.app.inject({
      method: 'POST',
      url: '/triage',
      headers: {
        cookie: cookieHeader(server.researcher.cookies),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: parts.join(''),
    });
  };

  it('keeps an uploaded file in the queue, only with the form’s CSRF token', async () => {
    expect((await upload(undefined)).statusCode).toBe(403);
    expect((await upload('forged')).statusCode).toBe(403);
    expect(await server.store.triage.list({ statuses: ['open'], limit: 10 })).toEqual([]);
    const kept = await upload(server.researcher.csrf);
    expect(kept.statusCode).toBe(303);
    const queue = await server.store.triage.list({ statuses: ['open'], limit: 10 });
    expect(queue.map((item) => [item.line, item.incident > 0, item.fileName])).toEqual([
      [1, true, 'feed.ndjson'],
      [2, false, 'feed.ndjson'],
    ]);
    expect(queue[0]!.summary).toMatchObject({ country: 'QA', companies: ['Pearl Shield Services'] });
    const page = await server.researcher.get('/triage');
    expect(page.body).toContain('Open articles in the queue (2)');
  });

  it('marks an article drafted when its review is saved as a draft, and sets another aside', async () => {
    const [first, second] = await server.store.triage.list({ statuses: ['open'], limit: 10 });
    const read = await server.researcher.post('/records/from-article/read', {
      text: first!.body,
      triage: first!.id,
    });
    expect(read.body).toContain(`name="triage" value="${first!.id}"`);
    const form: Record<string, string> = {
      text: first!.body,
      triage: first!.id,
      _csrf: server.researcher.csrf,
    };
    Object.assign(form, proposalFields(read.body));
    // The title is made from the headline at low confidence: it starts unaccepted, and a draft needs it.
    const unaccepted = await server.researcher.post('/records/from-article', form);
    expect(unaccepted.statusCode).toBe(400);
    expect(unaccepted.body).toContain('Title: the proposal is not accepted, and a draft needs it.');
    form['decide.title'] = 'accept';
    const saved = await server.researcher.post('/records/from-article', form);
    expect(saved.statusCode).toBe(303);
    const drafted = await server.store.triage.get(first!.id);
    expect(drafted?.status).toBe('drafted');
    expect((await server.store.records.getRecord(drafted!.recordId!, { confidential: true }))?.status).toBe(
      'draft',
    );
    const aside = await server.researcher.post(`/triage/${second!.id}/status`, {
      status: 'dismissed',
      _csrf: server.researcher.csrf,
    });
    expect(aside.statusCode).toBe(303);
    expect((await server.store.triage.get(second!.id))?.status).toBe('dismissed');
    expect(
      (
        await server.researcher.post(`/triage/${second!.id}/status`, {
          status: 'deleted',
          _csrf: server.researcher.csrf,
        })
      ).statusCode,
    ).toBe(400);
    expect((await server.researcher.get('/triage')).body).toContain('Open articles in the queue (0)');
  });
});

describe('bhr extract and bhr triage', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-cli-extract-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the draft as JSON from a file and from stdin, and a summary for people', async () => {
    const file = join(dir, 'article.txt');
    writeFileSync(file, ARTICLE);
    const json = await bhr(['extract', file, '--json']);
    expect(json.code).toBe(0);
    const result = ExtractionResult.parse(JSON.parse(json.stdout));
    expect(result.record.dateReported).toBe('2023-04-03');
    expect(result.record.sources?.[0]?.headline).toBe('Guards at Doha malls say employer kept passports');
    const piped = await bhr(['extract', '-', '--json'], { input: ARTICLE });
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(json.stdout));
    const text = await bhr(['extract', file]);
    expect(text.stdout).toMatch(/\/location\/country\s+QA Qatar/);
  });

  it('says why for binary input, and names a missing file', async () => {
    const binary = join(dir, 'image.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1, 2, 3]));
    const result = await bhr(['extract', binary]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No draft: the input is binary data/);
    const missing = await bhr(['extract', join(dir, 'nothing.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nothing\.txt.*no such file/);
  });

  it('triages an NDJSON file against a database, and names a bad line', async () => {
    const db = join(dir, 'triage.sqlite');
    const store = await openStores(db);
    await store.records.upsertRecords([
      aRecord({
        title: 'Qatar: mall guards of Pearl Shield Services unpaid',
        dateReported: '2023-04-01',
        location: { country: 'QA' },
        companies: [{ name: 'Pearl Shield Services', role: 'Employer' }],
      }),
    ]);
    await store.close();
    const file = join(dir, 'articles.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({
          url: 'https://news.example/a',
          headline: 'Guards at Doha malls say employer kept passports',
          date: '2023-04-03',
          text: ARTICLE,
        }),
        JSON.stringify({
          url: 'https://news.example/b',
          headline: 'New airport terminal opens',
          date: '2023-04-03',
          text: 'The new terminal opened on Monday with twelve gates and a larger duty-free area.',
        }),
      ].join('\n'),
    );
    const result = await bhr(['triage', file, '--json', '--db', db]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ line: 1, incident: 1 });
    expect(lines[0].existing[0].title).toBe('Qatar: mall guards of Pearl Shield Services unpaid');
    expect(lines[1]).toMatchObject({ line: 2, incident: null, existing: [] });
    writeFileSync(
      file,
      `${JSON.stringify({ text: ARTICLE })}\n{not json\n${JSON.stringify({ headline: 'x' })}\n`,
    );
    const bad = await bhr(['triage', file, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/articles\.ndjson:2: invalid JSON/);
    expect(bad.stderr).toMatch(/articles\.ndjson:3: .*text/);
  });
});
