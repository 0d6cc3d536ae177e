import type { FastifyInstance } from 'fastify';
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { permissionsOfRole } from '../src/domain/access.ts';
import type { ChangeItem } from '../src/domain/change-feed.ts';
import { InputError } from '../src/domain/errors.ts';
import type { RecordInput } from '../src/domain/record.ts';
import {
  applyTransition,
  createRecord,
  mergeRecords,
  updateRecord,
  type Actor,
} from '../src/editorial/records.ts';
import type { StoreConnection } from '../src/store/connection.ts';
import { migrate, migrationProvider } from '../src/store/migrations/index.ts';
import { openStores } from '../src/store/open.ts';
import { postgresMigrations } from '../src/store/postgres/migrations.ts';
import { sqliteMigrations } from '../src/store/sqlite/migrations.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/** Every change from `since` (the start without it) to the end, page by page, and the cursor after them. */
async function readAll(store: Pick<Stores, 'changeFeed'>, since?: string, limit = 3) {
  const changes: ChangeItem[] = [];
  let cursor = since;
  for (;;) {
    const page = await store.changeFeed.readChanges({ limit, ...(cursor ? { since: cursor } : {}) });
    for (const change of page.changes) changes.push(change);
    cursor = page.next;
    if (!page.more) return { changes, next: cursor };
  }
}

/** The changes as `kind title` lines (the title of the record a change carries, or the id's known title). */
function described(changes: readonly ChangeItem[], titles: ReadonlyMap<string, string>): string[] {
  return changes.map((change) => `${change.kind} ${titles.get(change.id) ?? change.id}`);
}

/** The entries of the feed's table, as `kind title` lines: what the writes appended, before any is read. */
async function entries(connection: StoreConnection, titles: ReadonlyMap<string, string>) {
  const rows = await connection.db
    .selectFrom('change_feed')
    .select(['kind', 'record_id'])
    .orderBy('seq')
    .execute();
  return rows.map((row) => `${row.kind} ${titles.get(row.record_id) ?? row.record_id}`);
}

const published = (title: string, overrides: Partial<RecordInput> = {}) =>
  aRecord({ title, status: 'published', ...overrides });

describe.each(STORE_BACKENDS)('the change feed on $name', (backend) => {
  let store: Stores;
  let connection: StoreConnection;
  let location: string;
  let dispose: () => Promise<void>;
  let editor: Actor;
  beforeEach(async () => {
    ({ store, connection, location, dispose } = await backend.create());
    editor = { user: await aUser(store, 'admin'), permissions: permissionsOfRole('admin') };
  });
  afterEach(async () => dispose());

  /** A record created as a draft and taken through review to publication, as editors do. */
  async function publishedThroughWorkflow(title: string) {
    const draft = await createRecord(store, editor, aRecord({ title }));
    await applyTransition(store, editor, draft.id, 'request-review');
    return applyTransition(store, editor, draft.id, 'publish');
  }

  it('enters a publication, edits of a published record, a retraction, a reinstatement and a merge, in order; drafts never', async () => {
    const titles = new Map<string, string>();
    const kept = await publishedThroughWorkflow('Kept record');
    titles.set(kept.id, 'kept');
    const draft = await createRecord(store, editor, aRecord({ title: 'Draft record' }));
    titles.set(draft.id, 'draft');
    await updateRecord(store, editor, draft.id, { ...draft, summary: 'still a draft' }, draft.version);
    const edited = await updateRecord(store, editor, kept.id, { ...kept, summary: 'now' }, kept.version);
    await applyTransition(store, editor, kept.id, 'retract', {
      reason: 'wrong',
      expectedVersion: edited.version,
    });
    await applyTransition(store, editor, kept.id, 'reinstate', { reason: 'checked again' });
    const duplicate = await publishedThroughWorkflow('Duplicate record');
    titles.set(duplicate.id, 'duplicate');
    await mergeRecords(store, editor, duplicate.id, kept.id);

    expect(await entries(connection, titles)).toEqual([
      'added kept',
      'changed kept',
      'withdrawn kept',
      'added kept',
      'added duplicate',
      'changed kept',
      'withdrawn duplicate',
    ]);
    // A reader leaves out the addition of a record withdrawn since: nothing of it is published now.
    const { changes } = await readAll(store);
    expect(described(changes, titles)).toEqual([
      'added kept',
      'changed kept',
      'withdrawn kept',
      'added kept',
      'changed kept',
      'withdrawn duplicate',
    ]);
    expect(changes.at(-1)).toMatchObject({ kind: 'withdrawn', id: duplicate.id, mergedInto: kept.id });
    expect(changes.at(-1)!.record).toBeUndefined();
    // Added and changed carry the record as it is published now: the merged one, with the duplicate's source.
    const now = await store.records.getRecord(kept.id);
    for (const change of changes.filter((item) => item.id === kept.id && item.kind !== 'withdrawn'))
      expect(change.record).toEqual(now);
    expect(now!.sources).toHaveLength(1);
  });

  it('enters imports: published records added, their re-import changed, one imported as a draft withdrawn', async () => {
    const { ids } = await store.records.upsertRecords([
      published('One'),
      published('Two'),
      aRecord({ title: 'Three', status: 'draft' }),
    ]);
    const titles = new Map(ids.map((id, index) => [id, ['one', 'two', 'three'][index]!]));
    await store.records.upsertRecords([
      published('One', { id: ids[0]!, summary: 'more' }),
      aRecord({ title: 'Two', id: ids[1]!, status: 'draft' }),
      aRecord({ title: 'Three', id: ids[2]!, status: 'draft', summary: 'still a draft' }),
    ]);
    expect(await entries(connection, titles)).toEqual([
      'added one',
      'added two',
      'changed one',
      'withdrawn two',
    ]);
    expect(described((await readAll(store)).changes, titles)).toEqual([
      'added one',
      'changed one',
      'withdrawn two',
    ]);
  });

  it('enters the published records a company merge or split changes, not the drafts', async () => {
    const { ids } = await store.records.upsertRecords([
      published('Names Alpha', { companies: [{ name: 'Alpha Ltd', role: 'Employer' }] }),
      published('Names Beta', { companies: [{ name: 'Beta Ltd', role: 'Buyer' }] }),
      aRecord({
        title: 'Draft naming Alpha',
        status: 'draft',
        companies: [{ name: 'Alpha Ltd', role: 'Employer' }],
      }),
    ]);
    const { next } = await readAll(store);
    const alpha = (await store.records.getRecord(ids[0]!))!.companies[0]!.companyId!;
    const beta = (await store.records.getRecord(ids[1]!))!.companies[0]!.companyId!;
    await store.companies.mergeCompanies(alpha, beta, { userId: null, name: 'editor' });
    const merged = await readAll(store, next);
    expect(merged.changes.map((change) => [change.kind, change.id])).toEqual([['changed', ids[0]]]);
    expect(merged.changes[0]!.record!.companies[0]!.companyId).toBe(beta);

    await store.companies.splitCompany(beta, 'Alpha Ltd', { userId: null, name: 'editor' });
    const split = await readAll(store, merged.next);
    expect(split.changes.map((change) => [change.kind, change.id])).toEqual([['changed', ids[0]]]);
    expect(split.changes[0]!.record!.companies[0]!.companyId).not.toBe(beta);
  });

  it('leaves no entry for a write that fails', async () => {
    const { next } = await readAll(store);
    const first = await publishedThroughWorkflow('First');
    const before = await readAll(store, next);
    expect(before.changes).toHaveLength(1);

    // A batch of changes refused at its second: the first, a publication, is not written either.
    const draft = await createRecord(store, editor, aRecord({ title: 'Second' }));
    const inReview = await applyTransition(store, editor, draft.id, 'request-review');
    await expect(
      store.records.saveRecords([
        {
          record: { ...inReview, status: 'published' },
          expectedVersion: inReview.version,
          author: { userId: null, name: 'editor' },
          action: 'transition',
        },
        { record: aRecord({ title: 'First' }), author: { userId: null, name: 'editor' }, action: 'create' },
      ]),
    ).rejects.toThrow(InputError);
    // A retraction from a stale version.
    await expect(
      applyTransition(store, editor, first.id, 'retract', {
        reason: 'no',
        expectedVersion: first.version - 1,
      }),
    ).rejects.toThrow();
    // An import whose source fails after a batch of published records was written.
    async function* failing() {
      yield [published('Imported before the failure')];
      throw new Error('the file was cut');
    }
    await expect(store.records.upsertBatches(failing())).rejects.toThrow('the file was cut');
    // A company merge refused (no such company).
    await expect(
      store.companies.mergeCompanies(first.companies[0]!.companyId!, 'no-such-company', {
        userId: null,
        name: 'editor',
      }),
    ).rejects.toThrow(InputError);

    expect((await readAll(store, before.next)).changes).toEqual([]);
    // The numbering has no gap: the next write's change follows the last one.
    await applyTransition(store, editor, draft.id, 'publish');
    const after = await readAll(store, before.next);
    expect(after.changes.map((change) => [change.kind, change.id])).toEqual([['added', draft.id]]);
  });

  it('gives each record as the public API does: no internal notes, no restricted source', async () => {
    const { ids } = await store.records.upsertRecords([
      published('With secrets', {
        internalNotes: 'the informant is the night guard',
        sources: [
          aRecord().sources[0]!,
          { companies: [], headline: 'Restricted source', excerpt: 'names a worker', restricted: true },
        ],
      }),
    ]);
    const [change] = (await readAll(store)).changes;
    expect(change!.record).toEqual(await store.records.getRecord(ids[0]!));
    expect(JSON.stringify(change)).not.toMatch(/informant|Restricted source|internalNotes/);
  });

  it('names the record a duplicate was merged into only while that record is published', async () => {
    const duplicate = await publishedThroughWorkflow('Published duplicate');
    const target = await createRecord(store, editor, aRecord({ title: 'Draft target' }));
    await mergeRecords(store, editor, duplicate.id, target.id);
    const withdrawn = (await readAll(store)).changes.at(-1)!;
    expect(withdrawn).toMatchObject({ kind: 'withdrawn', id: duplicate.id });
    expect(withdrawn.mergedInto).toBeUndefined();
    await applyTransition(store, editor, target.id, 'request-review');
    await applyTransition(store, editor, target.id, 'publish');
    const changes = (await readAll(store)).changes;
    expect(changes.find((change) => change.kind === 'withdrawn')!.mergedInto).toBe(target.id);
    expect(changes.at(-1)).toMatchObject({ kind: 'added', id: target.id });
  });

  it('pages with cursors that another process (or this one after a restart) takes up', async () => {
    await store.records.upsertRecords(Array.from({ length: 7 }, (_, index) => published(`Record ${index}`)));
    const first = await store.changeFeed.readChanges({ limit: 3 });
    expect(first.changes).toHaveLength(3);
    expect(first.more).toBe(true);
    expect(first.next).toBe(first.changes.at(-1)!.cursor);
    const other = await openStores(location);
    try {
      const rest = await readAll(other, first.next);
      expect(rest.changes).toHaveLength(4);
      expect([...first.changes, ...rest.changes]).toEqual((await readAll(store, undefined, 50)).changes);
      // Caught up: the same cursor again, and nothing after it.
      const end = await other.changeFeed.readChanges({ limit: 5, since: rest.next });
      expect(end).toEqual({ changes: [], next: rest.next, more: false });
    } finally {
      await other.close();
    }
    // An empty database's feed starts at a cursor too.
    const fresh = await backend.create();
    try {
      const empty = await fresh.store.changeFeed.readChanges({ limit: 5 });
      expect(empty.changes).toEqual([]);
      expect(await fresh.store.changeFeed.readChanges({ limit: 5, since: empty.next })).toMatchObject({
        changes: [],
      });
      // A cursor of one database is refused by another.
      const refusal = fresh.store.changeFeed.readChanges({ limit: 5, since: first.next });
      await expect(refusal).rejects.toMatchObject({ code: 'stale_cursor', issues: [{ path: '/since' }] });
    } finally {
      await fresh.dispose();
    }
  });

  it('refuses a cursor that is not one, with the path of the parameter', async () => {
    for (const since of ['nonsense', Buffer.from('{"log":"x","seq":-1}').toString('base64url')]) {
      await expect(store.changeFeed.readChanges({ limit: 5, since })).rejects.toMatchObject({
        code: 'invalid_cursor',
        issues: [{ path: '/since' }],
      });
    }
  });

  it('is entered by its migration: every record published then is added, in id order', async () => {
    const { ids } = await store.records.upsertRecords([
      published('Zeta'),
      aRecord({ title: 'A draft', status: 'draft' }),
      published('Alpha'),
      aRecord({ title: 'Retracted', status: 'retracted' }),
    ]);
    const migrator = new Migrator({
      db: connection.db,
      provider: migrationProvider(backend.name === 'sqlite' ? sqliteMigrations : postgresMigrations),
      allowUnorderedMigrations: true,
    });
    const down = await migrator.migrateTo('0010_source_proposals');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((result) => result.migrationName)).toEqual(['0011_change_feed']);
    await migrate(connection.db, backend.name === 'sqlite' ? sqliteMigrations : postgresMigrations);
    const { changes } = await readAll(store);
    expect(changes.map((change) => [change.kind, change.id])).toEqual(
      [ids[0]!, ids[2]!].sort().map((id) => ['added', id]),
    );
  });

  it('answers GET /api/v1/changes without a token, with validated parameters', async () => {
    const { ids } = await store.records.upsertRecords([published('One'), published('Two')]);
    const app: FastifyInstance = await buildServer(store);
    try {
      const first = await app.inject('/api/v1/changes?limit=1');
      expect(first.statusCode).toBe(200);
      const page = first.json();
      expect(page).toMatchObject({ changes: [{ kind: 'added', id: ids[0] }], more: true });
      const second = (await app.inject(`/api/v1/changes?since=${page.next}`)).json();
      expect(second).toMatchObject({ changes: [{ kind: 'added', id: ids[1] }], more: false });
      expect(second.changes[0].record).toEqual(
        JSON.parse(JSON.stringify(await store.records.getRecord(ids[1]!))),
      );
      for (const [query, code, path] of [
        ['limit=0', 'invalid_query', '/limit'],
        ['limit=many', 'invalid_query', '/limit'],
        ['limit=501', 'invalid_query', '/limit'],
        ['since=', 'invalid_query', '/since'],
        ['since=not-a-cursor', 'invalid_cursor', '/since'],
      ]) {
        const refused = await app.inject(`/api/v1/changes?${query}`);
        expect(refused.statusCode, query).toBe(400);
        expect(refused.json().error, query).toMatchObject({ code, issues: [{ path }] });
      }
    } finally {
      await app.close();
    }
  });

  // PostgreSQL only, and not skipped on SQLite but not defined there: two writers in one Node process on one
  // SQLite file block each other (its busy wait holds the thread), and SQLite has one writer at a time anyway.
  if (backend.name === 'postgres')
    it('numbers changes in commit order: a reader following the cursor while two processes write misses none', async () => {
      const other = await openStores(location);
      try {
        let writing = true;
        const seen: ChangeItem[] = [];
        const reader = (async () => {
          let since: string | undefined;
          for (;;) {
            const stillWriting = writing;
            const page = await store.changeFeed.readChanges({ limit: 4, ...(since ? { since } : {}) });
            for (const change of page.changes) seen.push(change);
            since = page.next;
            if (!stillWriting && !page.more) return;
          }
        })();
        // Each process writes many records at once, on the connections of its pool (10 each).
        await Promise.all(
          [store, other].flatMap((writer, process) =>
            Array.from({ length: 20 }, (_, index) =>
              writer.records.upsertRecords([published(`Process ${process} record ${index}`)]),
            ),
          ),
        );
        writing = false;
        await reader;
        const all = (await readAll(store, undefined, 100)).changes;
        expect(all).toHaveLength(40);
        expect(seen.map((change) => change.cursor)).toEqual(all.map((change) => change.cursor));
      } finally {
        await other.close();
      }
    });
});
