import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRecords } from '../demo/synthetic.ts';
import type { StoreConnection } from '../store/connection.ts';
import { searchRecordsWithSql } from '../store/search-records.ts';
import type { Stores } from '../store/store.ts';
import { STORE_BACKENDS } from '../../test/support/stores.ts';
import { FACETS, SearchQuery } from './query.ts';

/**
 * The in-memory facet index answers searches; SQL aggregates are the reference. For random queries over
 * random records, both must give the same totals, the same counts for every facet value, and the same pages.
 */
describe.each(STORE_BACKENDS)('facet index against SQL on $name', (backend) => {
  let store: Stores;
  let connection: StoreConnection;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const created = await backend.create();
    ({ store, connection } = created);
    dispose = created.dispose;
    await store.records.upsertRecords([...syntheticRecords({ count: 400, seed: 11, companies: 40 })]);
  });
  afterAll(async () => dispose());

  const values: Record<string, string[]> = {
    country: ['QA', 'MY', 'SA', 'RU', 'TH'],
    origin: ['NP', 'BD', 'IN', 'MM'],
    corridor: ['NP-QA', 'BD-MY', 'MM-TH'],
    role: ['Employer', 'Buyer', 'Recruitment agency'],
    sector: ['construction-engineering', 'manufacturing', 'domestic-work'],
    issue: ['wage-theft', 'deaths', 'health-safety', 'passport-document-retention'],
    category: ['employment-standards', 'unfair-recruitment'],
    gender: ['Women', 'Men', 'Mixed'],
    migrationStatus: ['Documented migrants', 'Undocumented migrants'],
    sourceType: ['News outlet', 'NGO'],
    responseSought: ['yes', 'no'],
  };
  const query = fc
    .record({
      filters: fc.array(fc.tuple(fc.constantFrom(...Object.keys(values)), fc.nat()), { maxLength: 4 }),
      q: fc.constantFrom(
        '',
        'wage',
        'nepal qatar',
        'garments',
        'synthetic',
        'nothingmatches',
        // Language-aware matching: inflections, spellings, demonyms, issue names, filed-under, quotes.
        'wages labour',
        'labor',
        'Malaysian',
        'Burma',
        'forced labour',
        'Кража зарплаты',
        '"wage theft"',
        'health and safety',
      ),
      sort: fc.constantFrom('newest', 'oldest'),
      from: fc.option(fc.constantFrom('2021-01-01', '2024-06-30'), { nil: undefined }),
      statuses: fc.constantFrom(['published'], ['published', 'draft']),
      page: fc.integer({ min: 1, max: 3 }),
      issueMode: fc.constantFrom('any', 'all'),
      // Several issues at once, so that "all of these" is tried with more than one.
      issues: fc.subarray(values.issue!, { maxLength: 3 }),
    })
    .map(({ filters, q, sort, from, statuses, page, issueMode, issues }) => {
      const input: Record<string, unknown> = {
        q,
        sort,
        page,
        issueMode,
        pageSize: 7,
        ...(from ? { from } : {}),
        ...(issues.length > 0 ? { issue: [...issues] } : {}),
      };
      for (const [facet, pick] of filters) {
        const list = (input[facet] ??= []) as string[];
        const value = values[facet]![pick % values[facet]!.length]!;
        if (!list.includes(value)) list.push(value);
      }
      return { query: SearchQuery.parse(input), statuses };
    });

  it('gives the same totals, facet counts and pages as SQL', async () => {
    await fc.assert(
      fc.asyncProperty(query, async ({ query: search, statuses }) => {
        const fromIndex = await store.search.searchRecords(search, { statuses, facets: true });
        const fromSql = await searchRecordsWithSql(connection, search, { statuses, facets: true });
        expect(fromIndex.total).toBe(fromSql.total);
        if (search.issueMode === 'all')
          for (const record of fromIndex.records)
            expect(record.issues).toEqual(expect.arrayContaining(search.issue));
        expect(fromIndex.records.map((record) => record.id)).toEqual(
          fromSql.records.map((record) => record.id),
        );
        for (const facet of FACETS) {
          const simple = (list: { value: string; count: number }[]) =>
            list.map(({ value, count }) => `${value}:${count}`).sort();
          expect(simple(fromIndex.facets![facet]), facet).toEqual(simple(fromSql.facets![facet]));
        }
      }),
      { numRuns: 150 },
    );
  });
});
