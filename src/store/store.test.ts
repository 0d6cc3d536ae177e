import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import { aRecord, textFormFields } from '../../test/support/records.ts';
import { STORE_BACKENDS } from '../../test/support/stores.ts';
import type { Stores } from './store.ts';
import { SearchQuery } from '../search/query.ts';

describe.each(STORE_BACKENDS)('record store on $name', (backend) => {
  let store: Stores;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await backend.create());
  });
  afterEach(async () => dispose());

  it('stores a record and reads it back by id and by slug', async () => {
    const record = aRecord();
    const { added, ids } = await store.records.upsertRecords([record]);
    expect(added).toBe(1);
    const stored = await store.records.getRecord(ids[0]!);
    expect(stored).toBeDefined();
    expect(textFormFields(stored!)).toEqual(textFormFields(record));
    expect(stored!.status).toBe('published');
    expect(stored!.slug).toBe('testland-workers-at-example-works-report-unpaid-wages-2025-03-14');
    expect(await store.records.getRecord(stored!.slug)).toEqual(stored);
    expect(stored!.companies[0]!.companyId).toBeTruthy();
  });

  it('updates a record imported again without an id instead of adding a copy', async () => {
    await store.records.upsertRecords([aRecord()]);
    const summary = await store.records.upsertRecords([aRecord({ summary: 'Now with a summary.' })]);
    expect(summary).toMatchObject({ added: 0, updated: 1 });
    expect(await store.records.countRecords()).toBe(1);
    const [stored] = (await store.records.listRecords({ limit: 10 })).records;
    expect(stored!.summary).toBe('Now with a summary.');
  });

  it('updates by id even when the title changes', async () => {
    const { ids } = await store.records.upsertRecords([aRecord()]);
    await store.records.upsertRecords([aRecord({ id: ids[0]!, title: 'A new title' })]);
    expect(await store.records.countRecords()).toBe(1);
    expect((await store.records.getRecord(ids[0]!))!.title).toBe('A new title');
  });

  it('links a company named in two records to one company', async () => {
    await store.records.upsertRecords([aRecord(), aRecord({ title: 'Another record' })]);
    const { records } = await store.records.listRecords({ limit: 10 });
    expect(records[0]!.companies[0]!.companyId).toBe(records[1]!.companies[0]!.companyId);
    expect(await store.companies.countCompanies()).toBe(1);
  });

  it('leaves the database as it was when a write fails part-way', async () => {
    const { ids } = await store.records.upsertRecords([aRecord()]);
    const before = await store.records.getRecord(ids[0]!);
    const many = Array.from({ length: 1200 }, (_, index) => aRecord({ title: `Record ${index}` }));
    // The last record claims the slug of the stored one under another id: the batch fails after 1,000 writes.
    many.push(aRecord({ id: 'another-id' }));
    await expect(store.records.upsertRecords(many)).rejects.toBeInstanceOf(InputError);
    expect(await store.records.countRecords()).toBe(1);
    expect(await store.companies.countCompanies()).toBe(1);
    expect(await store.records.getRecord(ids[0]!)).toEqual(before);
  });

  it('filters, pages with a cursor and streams by status', async () => {
    await store.records.upsertRecords([
      aRecord({ title: 'A', location: { country: 'QA' } }),
      aRecord({ title: 'B', issues: ['deaths'] }),
      aRecord({ title: 'C', status: 'draft' }),
    ]);
    expect(
      (
        await store.search.searchRecords(SearchQuery.parse({ country: ['QA'] }), { statuses: ['published'] })
      ).records.map((r) => r.title),
    ).toEqual(['A']);
    expect(
      (
        await store.search.searchRecords(SearchQuery.parse({ issue: ['deaths'] }), {
          statuses: ['published'],
        })
      ).records.map((r) => r.title),
    ).toEqual(['B']);
    const first = await store.records.listRecords({ limit: 1, statuses: ['published'] });
    const second = await store.records.listRecords({ limit: 1, statuses: ['published'], after: first.next! });
    expect([...first.records, ...second.records].map((r) => r.title)).toEqual(['A', 'B']);
    expect(second.next).toBeUndefined();
    const streamed = [];
    for await (const record of store.records.streamRecords({ statuses: ['draft'], pageSize: 1 }))
      streamed.push(record.title);
    expect(streamed).toEqual(['C']);
  });
});
