import { BOUNDS } from '../settings.ts';
import { z } from 'zod';
import { PUBLIC_OUTCOMES } from '../domain/response.ts';
import type { RecordStatus } from '../domain/record.ts';
import { FACETS, SearchQuery, type Facet } from '../search/query.ts';
import type { Stores } from '../store/store.ts';
import { aggregate } from './aggregate.ts';
import { PERIODS, previousRange, type Period } from './periods.ts';

/**
 * The figures of the analytics for a search: the one function the dashboard, the report, the API, `bhr stats`
 * and the tests all call. Its output shape is a zod schema, so that the OpenAPI document describes it.
 */

/** Options beside the search filters: the series' period and how many values each breakdown lists. */
export const FigureOptions = z.object({
  period: z.enum(PERIODS).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'at least 1')
    .max(BOUNDS.figureValues.max, `at most ${BOUNDS.figureValues.max}`)
    .default(BOUNDS.figureValues.default),
});
export type FigureOptions = z.infer<typeof FigureOptions>;

const Count = z.number().int().nonnegative();
const ValueCount = z.object({
  value: z.string(),
  /** A company's name; other values are ids of vocabularies or countries. */
  label: z.string().optional(),
  records: Count,
});
const Breakdown = z.object({
  distinct: Count.describe('how many different values the records have'),
  values: z.array(ValueCount).describe('the most frequent values, most records first'),
});

export const Figures = z.object({
  records: Count,
  companiesNamed: Count.describe('distinct companies linked to the records'),
  recordsWithoutCompany: Count.describe('records that name no identified company'),
  individuals: z
    .object({
      total: z.number().nonnegative(),
      recordsWithNumber: Count,
      recordsWithoutNumber: Count,
    })
    .describe(
      "individuals affected: a record's total when given, else the sum of its groups' counts that are given; records without any number are counted apart, never as 0",
    ),
  deaths: z
    .object({
      records: Count,
      individuals: z.number().nonnegative(),
      recordsWithNumber: Count,
      recordsWithoutNumber: Count,
    })
    .describe('records filed under the Deaths issue, and the individuals affected they give a number for'),
  responses: z
    .object({
      requested: Count,
      ...Object.fromEntries(PUBLIC_OUTCOMES.map((outcome) => [outcome, Count])),
      rate: z.number().min(0).max(1).nullable(),
    })
    .describe('response requests about the records: published responses and refusals, no response, awaited'),
  period: z.enum(PERIODS),
  series: z.array(
    z.object({
      period: z.string(),
      start: z.string(),
      end: z.string(),
      records: Count,
      individuals: z.number().nonnegative(),
    }),
  ),
  breakdowns: z.object(Object.fromEntries(FACETS.map((facet) => [facet, Breakdown]))),
});
export type Figures = Omit<z.infer<typeof Figures>, 'breakdowns' | 'responses'> & {
  breakdowns: Record<(typeof FACETS)[number], z.infer<typeof Breakdown>>;
  responses: Record<(typeof PUBLIC_OUTCOMES)[number] | 'requested', number> & { rate: number | null };
};

/** What the figures read: the records a search selects, and the names of their companies. */
export type FigureStores = Pick<Stores, 'search' | 'companies'>;

export async function computeFigures(
  { search, companies: companyStore }: FigureStores,
  query: SearchQuery,
  options: {
    statuses: readonly RecordStatus[];
    period?: Period;
    limit?: number;
    limits?: Partial<Record<Facet, number>>;
  },
): Promise<Figures> {
  const { columns, positions } = await search.selectRecords(query, { statuses: options.statuses });
  const figures = aggregate(columns, positions, {
    limit: options.limit ?? 50,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.period ? { period: options.period } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  });
  const companies = figures.breakdowns.company.values;
  const names = await companyStore.companyNames(companies.map((item) => item.value));
  figures.breakdowns.company.values = companies.map((item) => ({
    ...item,
    label: names.get(item.value) ?? item.value,
  }));
  return figures;
}

/** The figures of a period and of the period of the same length just before it, with the same filters. */
export async function compareWithPreviousPeriod(
  store: FigureStores,
  query: SearchQuery & { from: string; to: string },
  options: {
    statuses: readonly RecordStatus[];
    period?: Period;
    limit?: number;
    limits?: Partial<Record<Facet, number>>;
  },
): Promise<{ current: Figures; previous: Figures; previousRange: { from: string; to: string } }> {
  const range = previousRange(query.from, query.to);
  const [current, previous] = await Promise.all([
    computeFigures(store, query, options),
    computeFigures(store, SearchQuery.parse({ ...query, ...range }), options),
  ]);
  return { current, previous, previousRange: range };
}
