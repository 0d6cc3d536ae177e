import { z } from 'zod';
import { FigureOptions } from '../../analytics/figures.ts';
import { SearchQuery } from '../../search/query.ts';
import type { JsonSchema } from './json-schema.ts';
import { jsonSchemaOf } from './json-schema.ts';

/** What the API reference says of a parameter: its description, and the value its example request uses. */
export interface ParameterHelp {
  description: string;
  example?: unknown;
}

type Shape = Record<string, z.ZodType>;

/** The fields of a shape with their descriptions and examples attached (`.meta()`), in the shape's order. */
export function described(shape: Shape, help: Record<string, ParameterHelp>): Shape {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, schema.meta({ ...help[name] })]),
  );
}

/** What each parameter of a search is, in the API reference. */
const SEARCH_HELP = {
  q: {
    description: 'words to find in titles, summaries, company names and source excerpts (all must match)',
    example: 'forced labour',
  },
  country: {
    description: 'ISO code of the country where the abuse happened; repeat for several',
    example: 'MY',
  },
  origin: { description: 'ISO code of the country the workers come from; repeat for several' },
  corridor: { description: 'migration corridor `ORIGIN-DESTINATION`, e.g. `NP-QA`; repeat for several' },
  company: { description: 'company id; repeat for several' },
  role: { description: 'company role (`Employer`, `Buyer`, ...)' },
  sector: { description: 'sector id, e.g. `manufacturing`' },
  issue: { description: 'issue id, e.g. `wage-theft`; repeat for several' },
  issueMode: {
    description:
      '`any` (default): records with any of the issues given; `all`: records with every one of them. Under `all`, the issue facet counts what the search gives with that issue added',
  },
  category: { description: 'issue category id, e.g. `unfair-recruitment`' },
  gender: { description: '`Women`, `Men` or `Mixed`' },
  migrationStatus: { description: 'migration status, e.g. `Undocumented migrants`' },
  sourceType: { description: 'source type, e.g. `News outlet`' },
  responseSought: { description: '`yes` or `no`' },
  from: { description: 'first date reported, `YYYY-MM-DD`' },
  to: { description: 'last date reported, `YYYY-MM-DD`' },
  sort: { description: '`relevance` (default with `q`), `newest` (default without `q`) or `oldest`' },
  page: { description: 'page number, from 1' },
  pageSize: { description: 'records per page, 1 to 100 (default 20)' },
} satisfies Record<keyof typeof SearchQuery.shape, ParameterHelp>;

/** The search of the search page, as the API, the downloads and the feed take it. */
const SEARCH_PARAMETERS = described(SearchQuery.shape, SEARCH_HELP);
const { sort: _sort, page: _page, pageSize: _pageSize, ...SEARCH_FILTERS } = SEARCH_PARAMETERS;

/** Every parameter of a search: filters, sort and page. */
export const searchParameters = z.object(SEARCH_PARAMETERS);

/** A search's filters and words, without its order and page (the feed; the figures add their own). */
export const searchFilters = z.object(SEARCH_FILTERS);

const FIGURE_HELP = {
  period: {
    description:
      'period of the time series: `month`, `quarter` or `year` (default: the one that suits the span)',
  },
  limit: { description: 'values listed per breakdown, most frequent first (default 50)' },
} satisfies Record<keyof typeof FigureOptions.shape, ParameterHelp>;

/** A search as the figures take it: its filters and the figures' options. */
export const figureParameters = z.object({
  ...SEARCH_FILTERS,
  ...described(FigureOptions.shape, FIGURE_HELP),
});

/** The page of a search the API lists: a search and its paging by cursor, and the facet counts on request. */
export const recordSearchParameters = z.object({
  ...SEARCH_PARAMETERS,
  cursor: z.string().optional().meta({ description: 'the `next` value of the previous page' }),
  facets: z.boolean().optional().meta({ description: '`true` to include facet counts' }),
});

/** An OpenAPI parameter, the description and example lifted from its schema's metadata. */
function parameter(name: string, location: 'query' | 'path', schema: z.ZodType, required: boolean) {
  const { description, example, ...json }: JsonSchema = jsonSchemaOf(schema, 'output');
  return {
    name,
    in: location,
    required,
    ...(typeof description === 'string' ? { description } : {}),
    ...(example !== undefined ? { example } : {}),
    schema: json,
    // A list is given by repeating its key (`country=MY&country=QA`).
    ...(json.type === 'array' ? { style: 'form', explode: true } : {}),
  };
}

/** The parameters of a route: the path's (all required), then the query's (required only without a default). */
export function parametersOf(params: z.ZodObject | undefined, query: z.ZodObject | undefined) {
  const inPath = Object.entries(params?.shape ?? {}).map(([name, schema]) =>
    parameter(name, 'path', schema, true),
  );
  const required = query ? jsonSchemaOf(query, 'input').required : undefined;
  const requiredInQuery = new Set(Array.isArray(required) ? required : []);
  const inQuery = Object.entries(query?.shape ?? {}).map(([name, schema]) =>
    parameter(name, 'query', schema, requiredInQuery.has(name)),
  );
  return [...inPath, ...inQuery];
}
