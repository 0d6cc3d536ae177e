import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordInput } from '../src/domain/record.ts';
import { responseRates, type RateQuery } from '../src/responses/rates.ts';
import type { StoreConnection } from '../src/store/connection.ts';
import type { Stores } from '../src/store/store.ts';
import { aRecord } from './support/records.ts';
import { insertResponseRequest } from './support/responses.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * Response rates, as the app computes them, against a direct count over the generated data: for random
 * requests (companies, statuses, reviews, dates) on records of several countries, sectors and statuses, and
 * random periods and groupings, every row must hold the same counts.
 */

const RECORDS: (RecordInput & { key: string })[] = [
  { key: 'a', country: 'MY', sectors: ['manufacturing'], status: 'published' },
  {
    key: 'b',
    country: 'QA',
    sectors: ['construction-engineering', 'hotels-restaurants-leisure'],
    status: 'published',
  },
  { key: 'c', country: 'MY', sectors: [], status: 'published' },
  { key: 'd', country: 'TH', sectors: ['agriculture-fishing'], status: 'draft' },
  { key: 'e', country: 'SA', sectors: ['domestic-work'], status: 'retracted' },
].map(({ key, country, sectors, status }) => ({
  ...aRecord({
    title: `Rates fixture ${key}`,
    location: { country },
    status: status as RecordInput['status'],
    ...(status === 'retracted' ? { retractionReason: 'a test retraction' } : {}),
    affected: {
      total: null,
      groups: sectors.map((sector) => ({
        type: 'migrant-immigrant-workers',
        count: null,
        origin: null,
        sector,
        subsector: null,
        gender: null,
        // Not a value of the vocabulary: the store keeps what it is given, and rates do not read it.
        migrationStatus: 'Unknown' as RecordInput['affected']['groups'][number]['migrationStatus'],
      })),
    },
  }),
  key,
}));

const STATES: [string, string | null][] = [
  ['requested', null],
  ['reminded', null],
  ['responded', 'pending'],
  ['responded', 'published'],
  ['responded', 'rejected'],
  ['declined', 'pending'],
  ['declined', 'published'],
  ['no_response', null],
];

const aRequest = fc.record({
  record: fc.integer({ min: 0, max: RECORDS.length - 1 }),
  company: fc.constantFrom('Alpha Ltd', 'Beta LLC', 'Gamma Bhd'),
  state: fc.constantFrom(...STATES),
  day: fc.integer({ min: 0, max: 120 }),
});
const aQuery = fc.record({
  by: fc.constantFrom('company', 'sector', 'country') as fc.Arbitrary<RateQuery['by']>,
  from: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  to: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
});
const dayOf = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

describe.each(STORE_BACKENDS)('response rates on $name', (backend) => {
  let store: Stores;
  let connection: StoreConnection;
  let dispose: () => Promise<void>;
  const ids: string[] = [];

  beforeAll(async () => {
    const created = await backend.create();
    ({ store, connection } = created);
    dispose = created.dispose;
    const { ids: written } = await store.records.upsertRecords(
      RECORDS.map(({ key: _key, ...record }) => record),
    );
    for (const id of written) ids.push(id);
  });
  afterAll(async () => dispose());

  it('equal a direct count over the data for random requests, periods and groupings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aRequest, { maxLength: 25 }), aQuery, async (requests, query) => {
        await connection.db.deleteFrom('response_requests').execute();
        const seen = new Set<string>();
        const unique = requests.filter((request) => {
          const pair = `${request.record}:${request.company}`;
          if (seen.has(pair)) return false;
          seen.add(pair);
          return true;
        });
        for (const request of unique) {
          const at = `${dayOf(request.day)}T10:00:00.000Z`;
          await insertResponseRequest(connection.db, {
            recordId: ids[request.record]!,
            companyName: request.company,
            status: request.state[0],
            review: request.state[1],
            requestedAt: at,
          });
        }
        const from = query.from === undefined ? undefined : dayOf(query.from);
        const to = query.to === undefined ? undefined : dayOf(query.to);
        const { rows, total } = await responseRates(store, { by: query.by, from, to });

        // The direct count.
        const expected = new Map<string, Record<string, number>>();
        const all: Record<string, number> = {
          requested: 0,
          responded: 0,
          declined: 0,
          noResponse: 0,
          awaited: 0,
        };
        for (const request of unique) {
          const record = RECORDS[request.record]!;
          if (record.status !== 'published') continue;
          const day = dayOf(request.day);
          if ((from && day < from) || (to && day > to)) continue;
          // Written out here rather than taken from the app: published responses and refusals count,
          // a deadline passed counts as no response, everything else is still awaited.
          const [status, review] = request.state;
          const outcome =
            review === 'published' && status === 'responded'
              ? 'responded'
              : review === 'published' && status === 'declined'
                ? 'declined'
                : status === 'no_response'
                  ? 'noResponse'
                  : 'awaited';
          const keys =
            query.by === 'company'
              ? [request.company]
              : query.by === 'country'
                ? [record.location.country]
                : record.affected.groups.length
                  ? [...new Set(record.affected.groups.map((group) => group.sector!))]
                  : ['unknown'];
          all.requested!++;
          all[outcome]!++;
          for (const key of keys) {
            const row = expected.get(key) ?? {
              requested: 0,
              responded: 0,
              declined: 0,
              noResponse: 0,
              awaited: 0,
            };
            row.requested!++;
            row[outcome]!++;
            expected.set(key, row);
          }
        }
        // A rate rests on five requests at least; below, it is not given.
        const rateOf = (responded: number, requested: number) =>
          requested >= 5 ? responded / requested : null;
        expect(total).toMatchObject({ ...all, rate: rateOf(all.responded!, all.requested!) });
        expect(Object.fromEntries(rows.map(({ key, rate: _rate, ...counts }) => [key, counts]))).toEqual(
          Object.fromEntries(expected),
        );
        for (const row of rows) {
          const expected = rateOf(row.responded, row.requested);
          if (expected === null) expect(row.rate).toBeNull();
          else expect(row.rate).toBeCloseTo(expected, 10);
        }
      }),
      { numRuns: backend.name === 'sqlite' ? 60 : 25 },
    );
  });
});
