import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, VersionConflict } from '../domain/errors.ts';
import { MERGED_REASON } from '../editorial/records.ts';
import { aRecord } from '../../test/support/records.ts';
import { STORE_BACKENDS } from '../../test/support/stores.ts';
import { SearchQuery } from '../search/query.ts';
import type { StoreConnection } from './connection.ts';
import { openStores } from './open.ts';
import type { Stores } from './store.ts';

const alice = { userId: null, name: 'alice@example.org' };
const bob = { userId: null, name: 'bob@example.org' };

describe.each(STORE_BACKENDS)('editorial store on $name', (backend) => {
  let store: Stores;
  let connection: StoreConnection;
  let location: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, connection, location, dispose } = await backend.create());
  });
  afterEach(async () => dispose());

  it('creates a draft as version 1 and keeps a revision with the whole record', async () => {
    const saved = await store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' });
    expect(saved.status).toBe('draft');
    expect(saved.version).toBe(1);
    const [revision] = await store.revisions.listRevisions(saved.id);
    expect(revision).toMatchObject({ version: 1, action: 'create', author: alice });
    expect(revision!.changes).toContainEqual({ path: '/title', after: saved.title });
    expect((await store.revisions.getRevision(saved.id, 1))!.snapshot).toEqual(saved);
  });

  it('stores an edit as a field-level diff with who and why, and keeps the slug', async () => {
    const created = await store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' });
    const edited = await store.records.saveRecord({
      record: { ...created, title: 'A clearer title', affected: { ...created.affected, total: 130 } },
      expectedVersion: 1,
      author: bob,
      action: 'edit',
      reason: 'count corrected',
    });
    expect(edited.version).toBe(2);
    expect(edited.slug).toBe(created.slug);
    const [latest] = await store.revisions.listRevisions(created.id);
    expect(latest).toMatchObject({ version: 2, author: bob, reason: 'count corrected' });
    expect(latest!.changes).toEqual(
      expect.arrayContaining([
        { path: '/title', before: created.title, after: 'A clearer title' },
        { path: '/affected/total', before: 120, after: 130 },
      ]),
    );
    expect(latest!.changes).toHaveLength(2);
    const activity = await store.revisions.recentRevisions({ limit: 10 });
    expect(activity.map((entry) => entry.version)).toEqual([2, 1]);
    expect(activity[0]!.title).toBe('A clearer title');
  });

  it('refuses an edit from a stale version and writes nothing', async () => {
    const created = await store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' });
    await store.records.saveRecord({
      record: { ...created, title: 'First editor' },
      expectedVersion: 1,
      author: alice,
      action: 'edit',
    });
    const second = store.records.saveRecord({
      record: { ...created, title: 'Second editor' },
      expectedVersion: 1,
      author: bob,
      action: 'edit',
    });
    await expect(second).rejects.toBeInstanceOf(VersionConflict);
    expect((await store.records.getRecord(created.id))!.title).toBe('First editor');
    expect(await store.revisions.listRevisions(created.id)).toHaveLength(2);
  });

  it('lets exactly one of two simultaneous edits of one version through', async () => {
    const created = await store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' });
    const results = await Promise.allSettled(
      ['One', 'Two'].map((title) =>
        store.records.saveRecord({
          record: { ...created, title },
          expectedVersion: 1,
          author: bob,
          action: 'edit',
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflict);
    expect((await store.records.getRecord(created.id))!.version).toBe(2);
  });

  it('refuses to create a second record with the title and date of an existing one', async () => {
    await store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' });
    await expect(
      store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' }),
    ).rejects.toThrow(InputError);
  });

  it('saves several changes in one transaction: a stale version in one writes none of them', async () => {
    const first = await store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' });
    const second = await store.records.saveRecord({
      record: aRecord({ title: 'Another record' }),
      author: alice,
      action: 'create',
    });
    const stale = store.records.saveRecords([
      {
        record: { ...first, title: 'Edited with the other' },
        expectedVersion: 1,
        author: bob,
        action: 'edit',
      },
      { record: aRecord({ title: 'Created with the other' }), author: bob, action: 'create' },
      { record: { ...second, title: 'Stale edit' }, expectedVersion: 7, author: bob, action: 'merge' },
    ]);
    await expect(stale).rejects.toBeInstanceOf(VersionConflict);
    expect((await store.records.getRecord(first.id))!).toMatchObject({ title: first.title, version: 1 });
    expect(await store.revisions.listRevisions(first.id)).toHaveLength(1);
    expect(await store.records.countRecords()).toBe(2);

    const saved = await store.records.saveRecords([
      {
        record: { ...first, title: 'Edited with the other' },
        expectedVersion: 1,
        author: bob,
        action: 'edit',
      },
      { record: { ...second, title: 'Edited too' }, expectedVersion: 1, author: bob, action: 'edit' },
    ]);
    expect(saved.map((record) => [record.title, record.version])).toEqual([
      ['Edited with the other', 2],
      ['Edited too', 2],
    ]);
  });

  it('gives duplicates merged with the old reason, which named the other record, the neutral one', async () => {
    const { ids } = await store.records.upsertRecords([
      aRecord({ title: 'Kept record', status: 'draft' }),
      aRecord({
        title: 'Retracted by an editor',
        status: 'retracted',
        retractionReason: 'The source withdrew it',
      }),
    ]);
    const {
      ids: [mergedId],
    } = await store.records.upsertRecords([
      aRecord({
        title: 'Merged before the change',
        status: 'retracted',
        retractionReason: 'duplicate of "Kept record"',
        mergedInto: ids[0]!,
      }),
    ]);
    // Make it a database of the version before the migration.
    await sql`DELETE FROM kysely_migration WHERE name = '0008_neutral_merge_reasons'`.execute(connection.db);
    const reopened = await openStores(location);
    try {
      expect((await reopened.records.getRecord(mergedId!))!.retractionReason).toBe(MERGED_REASON);
      expect((await reopened.records.getRecord(ids[1]!))!.retractionReason).toBe('The source withdrew it');
    } finally {
      await reopened.close();
    }
  });

  it('keeps confidential fields out of every read that does not ask for them and out of search', async () => {
    const secret = 'CONFIDENTIAL-MARKER-7781';
    const record = aRecord({
      status: 'published',
      internalNotes: `worker name ${secret}`,
      sources: [
        ...aRecord().sources,
        { companies: [], headline: `Unpublished ${secret}`, excerpt: `Witness ${secret}`, restricted: true },
      ],
    });
    const saved = await store.records.saveRecord({ record, author: alice, action: 'create' });
    expect(saved.internalNotes).toContain(secret);
    const publicRead = await store.records.getRecord(saved.id);
    expect(JSON.stringify(publicRead)).not.toContain(secret);
    expect(publicRead!.sources).toHaveLength(1);
    expect(JSON.stringify((await store.records.getRecord(saved.id, { confidential: true }))!)).toContain(
      secret,
    );
    const listed = [];
    for await (const one of store.records.streamRecords()) listed.push(one);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const found = await store.search.searchRecords(SearchQuery.parse({ q: secret.toLowerCase() }), {
      statuses: ['published'],
    });
    expect(found.total).toBe(0);
    const byTitle = await store.search.searchRecords(SearchQuery.parse({ q: 'unpaid wages' }), {
      statuses: ['published'],
    });
    expect(JSON.stringify(byTitle.records)).not.toContain(secret);
  });

  it('finds a record with the same company and place within 90 days and similar text as a duplicate', async () => {
    const first = await store.records.saveRecord({ record: aRecord(), author: alice, action: 'create' });
    await store.records.saveRecord({
      record: aRecord({
        title: 'Unrelated: a port strike',
        dateReported: '2025-03-20',
        sources: [{ companies: [], headline: 'Dockers stop work', excerpt: 'Port closed.' }],
      }),
      author: alice,
      action: 'create',
    });
    await store.records.saveRecord({
      record: aRecord({
        dateReported: '2025-09-30',
        title: 'Testland: workers at Example Works unpaid wages again',
      }),
      author: alice,
      action: 'create',
    });
    const incoming = aRecord({
      title: 'Example Works workers in Testland say their wages were unpaid',
      dateReported: '2025-04-20',
      companies: [{ name: 'EXAMPLE WORKS SDN BHD', role: 'Employer' }],
    });
    const found = await store.search.findDuplicates(incoming);
    expect(found.map((candidate) => candidate.id)).toEqual([first.id]);
    expect(found[0]!.sharedCompanies).toEqual(['Example Works Sdn Bhd']);
    expect(await store.search.findDuplicates(incoming, { excludeId: first.id })).toEqual([]);
    expect(await store.search.findDuplicates({ ...incoming, location: { country: 'TH' } })).toEqual([]);
  });

  it('keeps users, sessions and API tokens, ending sessions when a user is disabled', async () => {
    const user = await store.accounts.createUser({
      email: 'Ed@Example.org',
      role: 'editor',
      passwordHash: 'h',
    });
    expect(user.email).toBe('ed@example.org');
    await expect(
      store.accounts.createUser({ email: 'ed@example.org', role: 'viewer', passwordHash: 'h' }),
    ).rejects.toThrow(/already exists/);
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 60_000).toISOString();
    await store.accounts.createSession({
      tokenHash: 's1',
      userId: user.id,
      csrfToken: 'c',
      expiresAt: later,
    });
    expect((await store.accounts.findSession('s1', now))!.user.role).toBe('editor');
    expect(
      await store.accounts.findSession('s1', new Date(Date.now() + 120_000).toISOString()),
    ).toBeUndefined();
    const token = await store.accounts.createApiToken({
      tokenHash: 't1',
      userId: user.id,
      name: 'sync',
      scopes: ['records:write'],
    });
    expect((await store.accounts.useApiToken('t1', now))!.token.scopes).toEqual(['records:write']);
    await store.accounts.updateUser(user.id, { disabled: true });
    expect(await store.accounts.findSession('s1', now)).toBeUndefined();
    expect(await store.accounts.useApiToken('t1', now)).toBeUndefined();
    await store.accounts.updateUser(user.id, { disabled: false });
    expect(await store.accounts.revokeApiToken(token.id, user.id)).toBe(true);
    expect(await store.accounts.useApiToken('t1', now)).toBeUndefined();
  });

  it('counts and records sign-in attempts in one step, within the limits, and marks one as succeeded', async () => {
    const at = new Date().toISOString();
    const limits = { since: new Date(Date.now() - 60_000).toISOString(), perEmail: 3, perAddress: 30 };
    const attempt = { email: 'x@example.org', address: '10.0.0.1', at };
    for (let tries = 0; tries < 3; tries++) {
      expect(await store.accounts.admitSignIn(attempt, limits)).toEqual({ admitted: true });
    }
    // A fourth is locked out and not recorded; the e-mail is compared without regard to case.
    expect(await store.accounts.admitSignIn({ ...attempt, email: 'X@example.org' }, limits)).toEqual({
      admitted: false,
      failures: { email: 3, address: 3 },
    });
    const other = { email: 'y@example.org', address: '10.0.0.1', at };
    expect(await store.accounts.admitSignIn(other, limits)).toEqual({ admitted: true });
    await store.accounts.markSignInSucceeded(other);
    expect(await store.accounts.countFailedSignIns({ ...attempt, since: limits.since })).toEqual({
      email: 3,
      address: 3,
    });
    // Of identical attempts, one is marked.
    await store.accounts.markSignInSucceeded(attempt);
    expect(await store.accounts.countFailedSignIns({ ...attempt, since: limits.since })).toEqual({
      email: 2,
      address: 2,
    });
    await store.accounts.prune(new Date(Date.now() + 1000).toISOString());
    expect(await store.accounts.countFailedSignIns({ ...attempt, since: '2000-01-01' })).toEqual({
      email: 0,
      address: 0,
    });
  });
});
