import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordInput, StoredRecord } from '../src/domain/record.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, anApiToken, signIn, type TestSession } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

const researcherAuthor = { userId: null, name: 'researcher' };

/** A draft as the record form saves it: a create revision in its history. */
async function aDraft(store: Stores, overrides: Partial<RecordInput>): Promise<StoredRecord> {
  return store.records.saveRecord({
    record: aRecord({ ...overrides, status: 'draft' }),
    author: researcherAuthor,
    action: 'create',
  });
}

/**
 * What the public can read about a record and about a word (the search page repeats the word searched for,
 * so assertions look for whole phrases): its page by id and by slug, the API, search and the feed.
 */
async function publicTrace(app: FastifyInstance, record: StoredRecord, word: string) {
  const [pageById, pageBySlug, api, apiSearch, search, feed] = await Promise.all(
    [
      `/records/${record.id}`,
      `/records/${record.slug}`,
      `/api/v1/records/${record.id}`,
      `/api/v1/records?q=${word}`,
      `/search?q=${word}`,
      '/feed.atom',
    ].map((url) => app.inject(url)),
  );
  return {
    page: pageById!,
    pageBySlug: pageBySlug!,
    api: api!,
    found: (apiSearch!.json() as { total: number }).total,
    text: [pageById, pageBySlug, api, apiSearch, search, feed].map((response) => response!.body).join('\n'),
  };
}

describe.each(STORE_BACKENDS)('merging into a draft leaves no public trace of it on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let editor: TestSession;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await aUser(store, 'editor');
    app = await buildServer(store);
    editor = await signIn(app, 'editor@test.invalid');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('a draft merged into a draft answers 404 at its old address and shows neither title anywhere', async () => {
    const target = await aDraft(store, { title: 'Quillfeather target draft', dateReported: '2025-05-01' });
    const duplicate = await aDraft(store, {
      title: 'Quillfeather duplicate draft',
      dateReported: '2025-05-02',
    });
    const merged = await editor.post(`/records/${duplicate.id}/merge`, { into: target.id });
    expect(merged.statusCode).toBe(303);

    const trace = await publicTrace(app, duplicate, 'Quillfeather');
    expect(trace.page.statusCode).toBe(404);
    expect(trace.pageBySlug.statusCode).toBe(404);
    expect(trace.api.statusCode).toBe(404);
    expect(trace.found).toBe(0);
    expect(trace.text).not.toContain('Quillfeather target draft');
    expect(trace.text).not.toContain('Quillfeather duplicate draft');
    const stored = (await store.records.getRecord(duplicate.id, { confidential: true }))!;
    expect(stored).toMatchObject({ status: 'retracted', mergedInto: target.id });
    expect(stored.retractionReason).not.toContain(target.title);
  });

  it('a published record merged into a draft answers 410 without anything of the draft', async () => {
    // Imported as published: no history before the merge, whose change starts from `published`.
    const {
      ids: [publishedId],
    } = await store.records.upsertRecords([
      aRecord({ title: 'Marrowind public report', dateReported: '2025-06-01', status: 'published' }),
    ]);
    const target = await aDraft(store, {
      title: 'Thistlecrown unpublished target',
      dateReported: '2025-06-02',
      summary: 'Thistlecrown summary of the draft.',
      sources: [
        {
          companies: ['Example Works Sdn Bhd'],
          headline: 'Thistlecrown draft-only source',
          excerpt: 'Thistlecrown draft-only excerpt.',
        },
      ],
    });
    const duplicate = (await store.records.getRecord(publishedId!))!;
    expect((await app.inject(`/records/${duplicate.slug}`)).statusCode).toBe(200);
    const merged = await editor.post(`/records/${duplicate.id}/merge`, { into: target.id });
    expect(merged.statusCode).toBe(303);

    const trace = await publicTrace(app, duplicate, 'Thistlecrown');
    // Its own title was public; the reason says what happened without naming the draft.
    expect(trace.page.statusCode).toBe(410);
    expect(trace.page.body).toContain('Marrowind public report');
    expect(trace.page.body).toContain('merged into another record as a duplicate');
    expect(trace.pageBySlug.statusCode).toBe(410);
    expect(trace.api.statusCode).toBe(404);
    expect(trace.found).toBe(0);
    for (const phrase of ['Thistlecrown unpublished', 'Thistlecrown summary', 'Thistlecrown draft-only'])
      expect(trace.text).not.toContain(phrase);
    const feed = (await app.inject('/feed.atom')).body;
    expect(feed).not.toContain('Marrowind');
    expect((await app.inject(`/records/${target.id}`)).statusCode).toBe(404);

    // Once the draft is published, the old address leads there.
    await store.records.saveRecord({
      record: { ...(await store.records.getRecord(target.id, { confidential: true }))!, status: 'published' },
      author: researcherAuthor,
      action: 'transition',
    });
    const moved = await app.inject(`/records/${duplicate.id}`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`/records/${target.slug}`);
  });
});

describe.each(STORE_BACKENDS)('creating records in a batch through the API on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await store.records.upsertRecords([aRecord({ title: 'Already stored', dateReported: '2025-01-01' })]);
    const researcher = await aUser(store, 'researcher');
    token = await anApiToken(store, researcher.id, ['records:write']);
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const post = (body: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/records',
      payload: body as object,
      headers: { authorization: `Bearer ${token}` },
    });
  const titles = async () =>
    (await store.records.listRecords({ limit: 100 })).records.map((record) => record.title);

  it('writes none of a batch when one record takes the title and date of a stored record', async () => {
    const before = await store.records.countRecords();
    const refused = await post([
      aRecord({ title: 'Batch one, first', dateReported: '2025-02-01' }),
      aRecord({ title: 'Already stored', dateReported: '2025-01-01' }),
      aRecord({ title: 'Batch one, third', dateReported: '2025-02-03' }),
    ]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'slug_conflict', issues: [{ path: '/1/title' }] });
    expect(await store.records.countRecords()).toBe(before);
    expect(await titles()).not.toContain('Batch one, first');
    // A single record (not an array) is refused with a path into itself.
    const single = await post(aRecord({ title: 'Already stored', dateReported: '2025-01-01' }));
    expect(single.statusCode).toBe(400);
    expect(single.json().error.issues).toEqual([expect.objectContaining({ path: '/title' })]);
    expect(await store.records.countRecords()).toBe(before);
  });

  it('writes none of a batch whose records conflict with each other, then all of the corrected batch', async () => {
    const before = await store.records.countRecords();
    const batch = [
      aRecord({ title: 'Batch two, first', dateReported: '2025-03-01', status: 'published' }),
      aRecord({ title: 'Batch two, second', dateReported: '2025-03-02' }),
      aRecord({ title: 'Batch two, first', dateReported: '2025-03-01', summary: 'The same again.' }),
    ];
    const refused = await post(batch);
    expect(refused.statusCode).toBe(400);
    const [issue] = refused.json().error.issues as { path: string; message: string }[];
    expect(issue).toMatchObject({
      path: '/2/title',
      message: expect.stringContaining('record 0 of this batch'),
    });
    expect(await store.records.countRecords()).toBe(before);

    const created = await post([...batch.slice(0, 2), { ...batch[2]!, title: 'Batch two, third' }]);
    expect(created.statusCode).toBe(201);
    const { added, ids } = created.json() as { added: number; ids: string[] };
    expect(added).toBe(3);
    expect(await store.records.countRecords()).toBe(before + 3);
    for (const id of ids) expect((await store.records.getRecord(id))!.status).toBe('draft');
    expect((await store.revisions.listRevisions(ids[0]!)).map((revision) => revision.action)).toEqual([
      'create',
    ]);
  });
});
