import { BOUNDS } from '../settings.ts';
import { z } from 'zod';
import { CountryCode, CompanyRole, Gender, IsoDate, MigrationStatus, SourceType } from '../domain/record.ts';
import { issueCategories, issueTerms, sectorTerms } from '../domain/taxonomy.ts';

/**
 * The search query of the web app and the API: full text, facet filters (several values of one facet are
 * alternatives, different facets must all hold), a date range, sorting and paging. The same query model is
 * read from a URL, so that a URL captures a whole search.
 */

const termOf = (vocabulary: { has(id: string): boolean }, what: string) =>
  z.string().refine((id) => vocabulary.has(id), { error: `unknown ${what}` });
const list = <T extends z.ZodType>(item: T) =>
  z.array(item).max(50, 'at most 50 values per filter').default([]);

export const FACETS = [
  'country',
  'origin',
  'corridor',
  'company',
  'role',
  'sector',
  'issue',
  'category',
  'gender',
  'migrationStatus',
  'sourceType',
  'responseSought',
] as const;
export type Facet = (typeof FACETS)[number];
export const isFacet = (name: string): name is Facet => (FACETS as readonly string[]).includes(name);

export const SORTS = ['relevance', 'newest', 'oldest'] as const;
/** Whether a record needs any of the chosen issues (the default) or all of them. */
export const ISSUE_MODES = ['any', 'all'] as const;
/** The last page a search may ask for (settings.ts). */
export const MAX_PAGE = BOUNDS.searchPages;

export const SearchQuery = z
  .object({
    q: z.string().trim().max(500, 'at most 500 characters').default(''),
    country: list(CountryCode),
    origin: list(CountryCode),
    corridor: list(
      z.string().regex(/^[A-Z]{2}-[A-Z]{2}$/, 'a corridor reads ORIGIN-DESTINATION, e.g. NP-QA'),
    ),
    company: list(z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'expected a company id')),
    role: list(CompanyRole),
    sector: list(termOf(sectorTerms, 'sector')),
    issue: list(termOf(issueTerms, 'issue')),
    issueMode: z.enum(ISSUE_MODES, { error: 'issueMode is any or all' }).default('any'),
    category: list(termOf(issueCategories, 'issue category')),
    gender: list(Gender),
    migrationStatus: list(MigrationStatus),
    sourceType: list(SourceType),
    responseSought: list(z.enum(['yes', 'no'])),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    sort: z.enum(SORTS).optional(),
    page: z.coerce.number().int().min(1).max(MAX_PAGE, `at most page ${MAX_PAGE}`).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    error: 'the start of the date range is after its end',
    path: ['from'],
  });
export type SearchQuery = z.infer<typeof SearchQuery>;

const LIST_KEYS = new Set<string>(FACETS);

/** Reads a query from URL parameters: repeated keys give several values; empty values are ignored. */
export function searchQueryInput(params: URLSearchParams | Record<string, unknown>): Record<string, unknown> {
  const entries: [string, string][] =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).flatMap(([key, value]) =>
          (Array.isArray(value) ? value : [value]).map(
            (item) => [key, String(item ?? '')] as [string, string],
          ),
        );
  const input: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (value === '') continue;
    if (LIST_KEYS.has(key)) ((input[key] ??= []) as string[]).push(value);
    else input[key] = value;
  }
  return input;
}

/** The URL parameters of a query, leaving out defaults, so that equal searches have equal URLs. */
export function searchParams(query: Partial<SearchQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const facet of FACETS) for (const value of query[facet] ?? []) params.append(facet, value);
  if (query.issueMode === 'all') params.set('issueMode', 'all');
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  if (query.sort) params.set('sort', query.sort);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  if (query.pageSize && query.pageSize !== 20) params.set('pageSize', String(query.pageSize));
  return params;
}

/**
 * Whether a facet's chosen values must all hold (issues under issueMode=all) rather than any one of them.
 * Such a facet's counts keep their own filter: adding a value narrows the search, so each count is what the
 * search would give with that value added.
 */
export function isConjunctive(query: Pick<SearchQuery, 'issueMode'>, facet: Facet): boolean {
  return facet === 'issue' && query.issueMode === 'all';
}

/** The sort a query gets: by relevance when there is text to rank by, else newest first. */
export function effectiveSort(query: SearchQuery): (typeof SORTS)[number] {
  return query.sort ?? (query.q ? 'relevance' : 'newest');
}

export function hasFilters(query: SearchQuery): boolean {
  return Boolean(query.q || query.from || query.to || FACETS.some((facet) => query[facet].length > 0));
}
