import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { aRecord } from '../../../test/support/records.ts';
import { SearchQuery } from '../../search/query.ts';
import { openStores } from '../open.ts';

describe('SQLite full-text index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bhr-fts-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is filled from the records already there when the migration runs on an older database', async () => {
    const file = join(dir, 'old.sqlite');
    const store = await openStores(file);
    await store.records.upsertRecords([
      aRecord({
        title: 'Łódź warehouse workers unpaid',
        companies: [{ name: 'Quimbar Logistics', role: 'Employer' }],
      }),
    ]);
    await store.close();
    // Make it a database of the version before the index existed.
    const raw = new Sqlite(file);
    raw.exec(
      `DROP TABLE record_search; DELETE FROM kysely_migration WHERE name IN ('0002_sqlite_search', '0009_language_search')`,
    );
    raw.close();

    const reopened = await openStores(file);
    const search = async (q: string) =>
      (await reopened.search.searchRecords(SearchQuery.parse({ q }), { statuses: ['published'] })).total;
    expect(await search('lodz')).toBe(1);
    expect(await search('quimbar')).toBe(1);
    expect(await search('unpaid wages')).toBe(1);
    await reopened.close();
  });

  it('keeps the index in step when a record is updated', async () => {
    const store = await openStores(join(dir, 'update.sqlite'));
    const { ids } = await store.records.upsertRecords([aRecord({ title: 'Original headline word alpha' })]);
    await store.records.upsertRecords([aRecord({ id: ids[0]!, title: 'Changed headline word beta' })]);
    const search = async (q: string) =>
      (await store.search.searchRecords(SearchQuery.parse({ q }), { statuses: ['published'] })).total;
    expect(await search('alpha')).toBe(0);
    expect(await search('beta')).toBe(1);
    await store.close();
  });
});
