import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFigures, type Figures } from '../src/analytics/figures.ts';
import { PERIODS, type Period } from '../src/analytics/periods.ts';
import { COMPANY_ROLES, GENDERS, MIGRATION_STATUSES, SOURCE_TYPES } from '../src/domain/enumerations.ts';
import type { RecordInput, RecordStatus } from '../src/domain/record.ts';
import { issueTerms } from '../src/domain/taxonomy.ts';
import { FACETS, SearchQuery, type Facet } from '../src/search/query.ts';
import type { StoreConnection } from '../src/store/connection.ts';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { insertResponseRequest } from './support/responses.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * Every figure of the analytics against a direct count written out here over the generated records: random
 * records (few values, so that filters bite), random response requests, random filters, statuses, date
 * ranges and periods; on SQLite and PostgreSQL. The count below shares no code with src/analytics.
 */

const COUNTRIES = ['MY', 'QA', 'RU', 'TH'];
const ORIGINS = ['NP', 'BD', 'KP', 'MY'];
const SECTORS = ['manufacturing', 'construction-engineering', 'domestic-work'];
const ISSUES = [
  'wage-theft',
  'deaths',
  'health-safety',
  'passport-document-retention',
  'forced-labour-modern-slavery',
];
const COMPANIES = ['Zorvane Textiles Sdn Bhd', 'Quimbar Logistics LLC', 'Velotex Group', 'Brask Holdings'];
const STATUSES: RecordStatus[] = ['published', 'draft', 'in_review'];
const DAY = 86_400_000;
const dayOf = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * DAY).toISOString().slice(0, 10);

interface Generated {
  input: RecordInput;
  status: RecordStatus;
}

const aCount = fc.option(fc.integer({ min: 0, max: 900 }), { nil: null });
const aRecord: fc.Arbitrary<Generated> = fc
  .record({
    day: fc.integer({ min: 0, max: 800 }),
    country: fc.constantFrom(...COUNTRIES),
    companies: fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...COMPANIES), role: fc.constantFrom(...COMPANY_ROLES) }),
      { maxLength: 3, selector: (company) => company.name },
    ),
    total: aCount,
    groups: fc.array(
      fc.record({
        count: aCount,
        origin: fc.option(fc.constantFrom(...ORIGINS), { nil: null }),
        sector: fc.option(fc.constantFrom(...SECTORS), { nil: null }),
        gender: fc.option(fc.constantFrom(...GENDERS), { nil: null }),
        migrationStatus: fc.constantFrom(...MIGRATION_STATUSES),
      }),
      { maxLength: 3 },
    ),
    issues: fc.uniqueArray(fc.constantFrom(...ISSUES), { maxLength: 3 }),
    sought: fc.boolean(),
    sourceType: fc.option(fc.constantFrom(...SOURCE_TYPES.slice(0, 3)), { nil: undefined }),
    status: fc.constantFrom(...STATUSES),
  })
  .map((draft) => ({
    status: draft.status,
    input: {
      title: `Analytics fixture ${randomUUID()}`,
      dateReported: dayOf(draft.day),
      location: { country: draft.country },
      companies: draft.companies,
      affected: {
        total: draft.total,
        groups: draft.groups.map((group) => ({
          type: 'migrant-immigrant-workers',
          subsector: null,
          ...group,
        })),
      },
      issues: draft.issues,
      response: { sought: draft.sought },
      ...(draft.sourceType ? { sourceType: draft.sourceType } : {}),
      sources: [],
      status: draft.status,
    } as RecordInput,
  }));

const REQUEST_STATES: [string, string | null][] = [
  ['requested', null],
  ['reminded', null],
  ['responded', 'pending'],
  ['responded', 'published'],
  ['declined', 'published'],
  ['declined', 'pending'],
  ['no_response', null],
];
const aRequest = fc.record({
  record: fc.nat(),
  company: fc.constantFrom(...COMPANIES),
  state: fc.constantFrom(...REQUEST_STATES),
});

const values = <T>(items: readonly T[]) => fc.subarray([...items], { maxLength: 2 });
const aFilter = fc.record({
  country: values(COUNTRIES),
  origin: values(ORIGINS),
  corridor: values(['NP-QA', 'BD-MY', 'KP-RU', 'MY-MY']),
  sector: values(SECTORS),
  issue: values(ISSUES),
  category: values(['occupational-health-safety', 'employment-standards']),
  gender: values(GENDERS),
  migrationStatus: values(MIGRATION_STATUSES),
  sourceType: values(SOURCE_TYPES.slice(0, 3)),
  role: values(COMPANY_ROLES.slice(0, 3)),
  responseSought: values(['yes', 'no']),
  companyName: values(COMPANIES),
  from: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
  length: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  statuses: fc.constantFrom<RecordStatus[]>(['published'], ['published', 'draft', 'in_review']),
  period: fc.constantFrom(...PERIODS, undefined),
  facets: fc.subarray([...FACETS.filter((facet) => facet !== 'company'), 'company' as const], {
    minLength: 0,
    maxLength: 3,
  }),
});
type Filter = typeof aFilter extends fc.Arbitrary<infer T> ? T : never;

/** A generated record as the direct count sees it. */
interface Row {
  status: RecordStatus;
  date: string;
  country: string;
  companies: { name: string; role: string }[];
  total: number | null;
  groups: {
    count: number | null;
    origin: string | null;
    sector: string | null;
    gender: string | null;
    migrationStatus: string;
  }[];
  issues: string[];
  sought: boolean;
  sourceType: string | null;
  requests: string[];
}

const categoryOf = (issue: string) => issueTerms.get(issue)!.category;

function valuesOf(row: Row, facet: Facet): string[] {
  switch (facet) {
    case 'country':
      return [row.country];
    case 'origin':
      return row.groups.flatMap((group) => (group.origin ? [group.origin] : []));
    case 'corridor':
      return row.groups.flatMap((group) => (group.origin ? [`${group.origin}-${row.country}`] : []));
    case 'company':
      return row.companies.map((company) => company.name);
    case 'role':
      return row.companies.map((company) => company.role);
    case 'sector':
      return row.groups.flatMap((group) => (group.sector ? [group.sector] : []));
    case 'issue':
      return row.issues;
    case 'category':
      return row.issues.map(categoryOf);
    case 'gender':
      return row.groups.flatMap((group) => (group.gender ? [group.gender] : []));
    case 'migrationStatus':
      return row.groups.map((group) => group.migrationStatus);
    case 'sourceType':
      return row.sourceType ? [row.sourceType] : [];
    case 'responseSought':
      return [row.sought ? 'yes' : 'no'];
  }
}

/** What a request counts as publicly, written out. */
function outcomeOf([status, review]: [string, string | null]): string {
  if (status === 'responded' && review === 'published') return 'responded';
  if (status === 'declined' && review === 'published') return 'declined';
  if (status === 'no_response') return 'noResponse';
  return 'awaited';
}

function individualsOf(row: Row): number | null {
  if (row.total !== null) return row.total;
  const given = row.groups.filter((group) => group.count !== null);
  return given.length === 0 ? null : given.reduce((sum, group) => sum + group.count!, 0);
}

function periodKey(date: string, period: Period): string {
  const [year, month] = date.split('-');
  if (period === 'year') return year!;
  if (period === 'quarter') return `${year}-Q${Math.ceil(Number(month) / 3)}`;
  return `${year}-${month}`;
}

/** Every period key from the month of `first` to the month of `last`, walking month by month. */
function periodKeys(first: string, last: string, period: Period): string[] {
  const keys: string[] = [];
  const cursor = new Date(`${first.slice(0, 7)}-01T00:00:00Z`);
  while (cursor.toISOString().slice(0, 7) <= last.slice(0, 7)) {
    const key = periodKey(cursor.toISOString().slice(0, 10), period);
    if (keys.at(-1) !== key) keys.push(key);
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return keys;
}

function directFigures(rows: Row[], query: SearchQuery, filter: Filter, period: Period) {
  const selected = rows.filter(
    (row) =>
      filter.statuses.includes(row.status) &&
      (!query.from || row.date >= query.from) &&
      (!query.to || row.date <= query.to) &&
      FACETS.every((facet) => {
        const wanted: string[] =
          facet === 'company' ? (filter.facets.includes('company') ? filter.companyName : []) : query[facet];
        return wanted.length === 0 || valuesOf(row, facet).some((value) => wanted.includes(value));
      }),
  );
  const numbers = selected.map(individualsOf);
  const deathRows = selected.filter((row) => row.issues.includes('deaths'));
  const deathNumbers = deathRows.map(individualsOf);
  const outcomes = selected.flatMap((row) => row.requests);
  const countOf = (outcome: string) => outcomes.filter((item) => item === outcome).length;
  const breakdowns = Object.fromEntries(
    FACETS.map((facet) => {
      const counts = new Map<string, number>();
      for (const row of selected)
        for (const value of new Set(valuesOf(row, facet))) counts.set(value, (counts.get(value) ?? 0) + 1);
      return [facet, counts];
    }),
  ) as Record<Facet, Map<string, number>>;
  // A range asked for is kept within the months of every record of the database, whatever its status.
  const dates = selected.map((row) => row.date).sort();
  const span = rows.map((row) => row.date.slice(0, 7)).sort();
  const first = query.from
    ? [query.from.slice(0, 7), span[0] ?? '9999-12'].sort().at(-1)
    : dates[0]?.slice(0, 7);
  const last = query.to
    ? [query.to.slice(0, 7), span.at(-1) ?? '0000-01'].sort()[0]
    : dates.at(-1)?.slice(0, 7);
  const series =
    first && last && first <= last
      ? periodKeys(first, last, period).map((key) => {
          const inPeriod = selected.filter((row) => periodKey(row.date, period) === key);
          return {
            period: key,
            records: inPeriod.length,
            individuals: inPeriod.reduce((sum, row) => sum + (individualsOf(row) ?? 0), 0),
          };
        })
      : [];
  return {
    records: selected.length,
    companiesNamed: new Set(selected.flatMap((row) => row.companies.map((company) => company.name))).size,
    recordsWithoutCompany: selected.filter((row) => row.companies.length === 0).length,
    individuals: {
      total: numbers.reduce<number>((sum, number) => sum + (number ?? 0), 0),
      recordsWithNumber: numbers.filter((number) => number !== null).length,
      recordsWithoutNumber: numbers.filter((number) => number === null).length,
    },
    deaths: {
      records: deathRows.length,
      individuals: deathNumbers.reduce<number>((sum, number) => sum + (number ?? 0), 0),
      recordsWithNumber: deathNumbers.filter((number) => number !== null).length,
      recordsWithoutNumber: deathNumbers.filter((number) => number === null).length,
    },
    responses: {
      requested: outcomes.length,
      responded: countOf('responded'),
      declined: countOf('declined'),
      noResponse: countOf('noResponse'),
      awaited: countOf('awaited'),
      // A rate rests on five requests at least (MIN_REQUESTS_FOR_RATE).
      rate: outcomes.length >= 5 ? countOf('responded') / outcomes.length : null,
    },
    series,
    breakdowns,
  };
}

/** The figures the app gives, in the shape of the direct count (companies by name). */
function comparable(figures: Figures) {
  return {
    records: figures.records,
    companiesNamed: figures.companiesNamed,
    recordsWithoutCompany: figures.recordsWithoutCompany,
    individuals: figures.individuals,
    deaths: figures.deaths,
    responses: figures.responses,
    series: figures.series.map(({ period, records, individuals }) => ({ period, records, individuals })),
    breakdowns: Object.fromEntries(
      FACETS.map((facet) => [
        facet,
        new Map(
          figures.breakdowns[facet].values.map((item) => [
            facet === 'company' ? item.label! : item.value,
            item.records,
          ]),
        ),
      ]),
    ),
  };
}

describe.each(STORE_BACKENDS)('analytics figures on $name', (backend) => {
  let store: Stores;
  let connection: StoreConnection;
  let location: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const created = await backend.create();
    ({ store, connection } = created);
    location = created.location;
    dispose = created.dispose;
  });
  afterAll(async () => dispose());

  /** A second store on the same database builds its index from what is there now, requests included. */
  const reopen = (): Promise<Stores> => openStores(location);

  it('equal a direct count over the records for random data, filters, statuses, ranges and periods', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(aRecord, { maxLength: 30 }),
        fc.array(aRequest, { maxLength: 12 }),
        fc.array(aFilter, { minLength: 1, maxLength: 3 }),
        async (generated, requests, filters) => {
          await connection.db.deleteFrom('response_requests').execute();
          await connection.db.deleteFrom('record_revisions').execute();
          await connection.db.deleteFrom('records').execute();
          const { ids } = await store.records.upsertRecords(generated.map((item) => item.input));
          const rows: Row[] = generated.map(({ input, status }) => ({
            status,
            date: input.dateReported,
            country: input.location.country,
            companies: input.companies.map(({ name, role }) => ({ name, role })),
            total: input.affected.total,
            groups: input.affected.groups.map(({ count, origin, sector, gender, migrationStatus }) => ({
              count,
              origin,
              sector,
              gender,
              migrationStatus,
            })),
            issues: input.issues,
            sought: input.response.sought,
            sourceType: input.sourceType ?? null,
            requests: [],
          }));
          const asked = new Set<string>();
          for (const request of generated.length > 0 ? requests : []) {
            const index = request.record % generated.length;
            if (asked.has(`${index}:${request.company}`)) continue;
            asked.add(`${index}:${request.company}`);
            rows[index]!.requests.push(outcomeOf(request.state));
            await insertResponseRequest(connection.db, {
              recordId: ids[index]!,
              companyName: request.company,
              status: request.state[0],
              review: request.state[1],
            });
          }
          const reader = await reopen();
          try {
            const companyIds = new Map<string, string>();
            for (const company of await connection.db
              .selectFrom('companies')
              .select(['id', 'name'])
              .execute())
              companyIds.set(company.name, company.id);
            for (const filter of filters) {
              const input: Record<string, unknown> = {};
              for (const facet of filter.facets) {
                input[facet] =
                  facet === 'company'
                    ? filter.companyName.map((name) => companyIds.get(name) ?? 'unknown0')
                    : filter[facet];
              }
              if (filter.from !== undefined) input.from = dayOf(filter.from);
              if (filter.from !== undefined && filter.length !== undefined)
                input.to = dayOf(filter.from + filter.length);
              const query = SearchQuery.parse(input);
              const figures = await computeFigures(reader, query, {
                statuses: filter.statuses,
                limit: 1000,
                ...(filter.period ? { period: filter.period } : {}),
              });
              const expected = directFigures(rows, query, filter, figures.period);
              if (filter.period) expect(figures.period).toBe(filter.period);
              expect(comparable(figures)).toEqual(expected);
            }
          } finally {
            await reader.close();
          }
        },
      ),
      { numRuns: backend.name === 'postgres' ? 20 : 50 },
    );
  }, 240_000);

  it("lists the most frequent values first, ties by value, up to the limit (or a facet's own), and counts every value", async () => {
    const reader = await reopen();
    try {
      const all = await computeFigures(reader, SearchQuery.parse({}), { statuses: STATUSES, limit: 1000 });
      const top = await computeFigures(reader, SearchQuery.parse({}), { statuses: STATUSES, limit: 2 });
      const some = await computeFigures(reader, SearchQuery.parse({}), {
        statuses: STATUSES,
        limit: 1,
        limits: { country: 3 },
      });
      expect(some.breakdowns.country.values).toEqual(all.breakdowns.country.values.slice(0, 3));
      expect(some.breakdowns.issue.values).toEqual(all.breakdowns.issue.values.slice(0, 1));
      for (const facet of FACETS) {
        const sorted = [...all.breakdowns[facet].values].sort(
          (a, b) => b.records - a.records || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
        );
        expect(all.breakdowns[facet].values).toEqual(sorted);
        expect(top.breakdowns[facet].values).toEqual(sorted.slice(0, 2));
        expect(top.breakdowns[facet].distinct).toBe(sorted.length);
      }
    } finally {
      await reader.close();
    }
  });
});
