import { z } from 'zod';
import { RecordInput, StoredRecord } from '../domain/record.ts';
import { TransitionBody } from '../editorial/records.ts';
import { FigureOptions, Figures } from '../analytics/figures.ts';
import { MatchBody } from '../matching/screen.ts';
import { ArticleInput, ExtractionResult } from '../extract/model.ts';
import { SearchQuery } from '../search/query.ts';
import { DOWNLOAD_FORMATS, type DownloadFormat } from './routes/downloads.ts';

/** What each download format holds, for the OpenAPI document. */
const DOWNLOADS: Record<DownloadFormat, { name: string; type: string; description: string }> = {
  csv: { name: 'CSV', type: 'text/csv', description: 'CSV with a byte-order mark, one row per record' },
  ndjson: {
    name: 'NDJSON',
    type: 'application/x-ndjson',
    description: 'one JSON record per line, every public field',
  },
  xlsx: {
    name: 'an Excel workbook',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    description: 'an XLSX workbook, one row per record',
  },
};

/** Descriptions of the search parameters, shown in the OpenAPI document and its page. */
const PARAMETER_HELP: Record<string, string> = {
  q: 'words to find in titles, summaries, company names and source excerpts (all must match)',
  country: 'ISO code of the country where the abuse happened; repeat for several',
  origin: 'ISO code of the country the workers come from; repeat for several',
  corridor: 'migration corridor `ORIGIN-DESTINATION`, e.g. `NP-QA`; repeat for several',
  company: 'company id; repeat for several',
  role: 'company role (`Employer`, `Buyer`, ...)',
  sector: 'sector id, e.g. `manufacturing`',
  issue: 'issue id, e.g. `wage-theft`; repeat for several',
  issueMode:
    '`any` (default): records with any of the issues given; `all`: records with every one of them. Under `all`, the issue facet counts what the search gives with that issue added',
  category: 'issue category id, e.g. `unfair-recruitment`',
  gender: '`Women`, `Men` or `Mixed`',
  migrationStatus: 'migration status, e.g. `Undocumented migrants`',
  sourceType: 'source type, e.g. `News outlet`',
  responseSought: '`yes` or `no`',
  from: 'first date reported, `YYYY-MM-DD`',
  to: 'last date reported, `YYYY-MM-DD`',
  sort: '`relevance` (default with `q`), `newest` (default without `q`) or `oldest`',
  page: 'page number, from 1',
  pageSize: 'records per page, 1 to 100 (default 20)',
  period: 'period of the time series: `month`, `quarter` or `year` (default: the one that suits the span)',
  limit: 'values listed per breakdown, most frequent first (default 50)',
};

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as Record<string, unknown>;

/** The values the example requests of the API page use. */
const PARAMETER_EXAMPLES: Record<string, unknown> = { q: 'forced labour', country: 'MY' };

/** Query parameters from the fields of a zod object, described by PARAMETER_HELP. */
function queryParameters(shape: Record<string, unknown>) {
  return Object.entries(shape).map(([name, schema]) => {
    const { $schema: _drop, ...parameterSchema } = jsonSchema(schema as z.ZodType);
    return {
      name,
      in: 'query',
      required: false,
      description: PARAMETER_HELP[name] ?? '',
      ...(name in PARAMETER_EXAMPLES ? { example: PARAMETER_EXAMPLES[name] } : {}),
      schema: parameterSchema,
      ...(parameterSchema.type === 'array' ? { style: 'form', explode: true } : {}),
    };
  });
}

const errorResponse = {
  description: 'invalid input',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const errorOf = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
/** The answers of work done on a worker thread (src/workers/pool.ts) when it could not be done. */
const workRefused = {
  '413': errorOf('the body is too large, or the work needed more memory than one request may take'),
  '422': errorOf('the work took longer than one request may take (30 s by default): send less at a time'),
  '503': errorOf('every worker is busy and the queue is full: try again after `Retry-After` seconds'),
};
const notFound = {
  description: 'not found',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/** JSON schema shorthands for the answers the zod model does not describe. */
const str = { type: 'string' };
const int = { type: 'integer' };
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const list = (items: unknown) => ({ type: 'array', items });
const json = (description: string, schema: unknown) => ({
  description,
  content: { 'application/json': { schema } },
});
const named = obj({ id: str, name: str });
const RESPONSE_SCHEMAS = {
  CompanyPage: obj({ data: list(obj({ id: str, name: str, records: int })), next: str }, ['data']),
  Company: obj({
    id: str,
    name: str,
    namesInRecords: list(str),
    otherNames: list(obj({ name: str, kind: str })),
    country: { type: ['string', 'null'] },
    website: { type: ['string', 'null'] },
    identifiers: { type: 'object', additionalProperties: str },
    parent: { oneOf: [named, { type: 'null' }] },
    subsidiaries: list(named),
    records: list(
      obj({
        id: str,
        slug: str,
        title: str,
        dateReported: { type: 'string', format: 'date' },
        country: str,
        issues: list(str),
        roles: list(str),
      }),
    ),
  }),
  Revisions: obj({
    data: list(
      obj(
        {
          recordId: str,
          version: int,
          at: { type: 'string', format: 'date-time' },
          author: obj({ userId: { type: ['string', 'null'] }, name: str }),
          action: { type: 'string', enum: ['create', 'edit', 'transition', 'restore', 'merge'] },
          reason: str,
          changes: list(obj({ path: str, before: {}, after: {} }, ['path'])),
        },
        ['recordId', 'version', 'at', 'author', 'action', 'changes'],
      ),
    ),
  }),
  Responses: obj({
    data: list(
      obj(
        {
          company: str,
          status: { type: 'string', enum: ['requested', 'reminded', 'responded', 'declined', 'no_response'] },
          requestedAt: { type: 'string', format: 'date' },
          deadline: { type: 'string', format: 'date' },
          respondedAt: { type: 'string', format: 'date' },
          text: str,
          link: { type: 'string', format: 'uri' },
        },
        ['company', 'status', 'requestedAt', 'deadline'],
      ),
    ),
  }),
  ResponseRates: (() => {
    const row = obj({
      key: str,
      requested: int,
      responded: int,
      declined: int,
      noResponse: int,
      awaited: int,
      rate: { type: ['number', 'null'] },
    });
    return obj({ query: { type: 'object' }, rows: list(row), total: row });
  })(),
  Matches: obj({
    matcher: obj({ name: str, version: str }),
    threshold: { type: 'number' },
    results: list(
      obj(
        {
          input: obj({ name: str, country: str, id: str }, ['name']),
          matches: list(
            obj(
              {
                companyId: str,
                name: str,
                score: { type: 'number' },
                match: { type: 'boolean' },
                explanations: list(obj({ feature: str, score: { type: 'number' }, detail: str })),
                allegations: int,
                viaSubsidiaries: list(obj({ companyId: str, name: str, allegations: int })),
              },
              ['companyId', 'name', 'score', 'match', 'explanations', 'allegations'],
            ),
          ),
          error: str,
        },
        ['input', 'matches'],
      ),
    ),
  }),
};
const answer = (description: string, schema: keyof typeof RESPONSE_SCHEMAS) =>
  json(description, { $ref: `#/components/schemas/${schema}` });

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of the JSON API, with the record schema generated from the zod model. */
export function openApiDocument() {
  if (cached) return cached;
  const { $schema: _drop, ...record } = jsonSchema(StoredRecord);
  const { $schema: _dropInput, ...recordInput } = z.toJSONSchema(RecordInput, {
    unrepresentable: 'any',
    io: 'input',
  }) as Record<string, unknown>;
  const { $schema: _dropTransition, ...transition } = jsonSchema(TransitionBody);
  const { $schema: _dropMatch, ...matchBody } = z.toJSONSchema(MatchBody, {
    unrepresentable: 'any',
    io: 'input',
  }) as Record<string, unknown>;
  const { $schema: _dropFigures, ...figures } = jsonSchema(Figures);
  const { $schema: _dropArticle, ...article } = z.toJSONSchema(ArticleInput, {
    unrepresentable: 'any',
    io: 'input',
  }) as Record<string, unknown>;
  const { $schema: _dropExtraction, ...extraction } = jsonSchema(ExtractionResult);
  const figureParameters = queryParameters(FigureOptions.shape);
  const secured = [{ bearer: [] }];
  const refused = {
    '401': {
      description: 'no valid API token',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    '403': {
      description: "the token's scopes or its owner's role do not allow this",
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  };
  const oneRecord = {
    description: 'the record as stored, confidential fields included',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Record' } } },
  };
  const parameters = queryParameters(SearchQuery.shape);
  const idParameter = {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string' },
    example: '01JQ8Z6F7K2M3N4P5Q6R7S8T9V',
  };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'BHR Tracker API',
      version: '1',
      description:
        'Published allegations of corporate human-rights abuse against workers, and the companies they name.',
    },
    paths: {
      '/api/v1/records': {
        get: {
          summary: 'Search published records, with the filters of the search page.',
          description:
            'Words match by their stem and British or American spelling; words naming a country or an issue also find the records filed under it; words in quotes match exactly. Pages with `next`, an opaque cursor to pass back as `cursor`. `facets=true` adds the facet counts: for each value, the records that have it and match the other filters (values of one facet are alternatives, so these are not parts of `total`); with `issueMode=all` the issue counts are those of the search with that issue added.',
          parameters: [
            ...parameters,
            {
              name: 'cursor',
              in: 'query',
              required: false,
              description: 'the `next` value of the previous page',
              schema: { type: 'string' },
            },
            {
              name: 'facets',
              in: 'query',
              required: false,
              description: '`true` to include facet counts',
              schema: { type: 'boolean' },
            },
          ],
          responses: {
            '200': {
              description: 'a page of records',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      data: { type: 'array', items: { $ref: '#/components/schemas/Record' } },
                      total: { type: 'integer' },
                      next: { type: 'string' },
                      facets: { type: 'object' },
                      suggestion: {
                        type: 'object',
                        description:
                          'on the first page, when words of `q` are not in the index: `q` with them corrected from the words of the records, and how many records that finds (more than `total`)',
                        properties: {
                          q: { type: 'string' },
                          total: { type: 'integer' },
                          corrected: {
                            type: 'array',
                            items: {
                              type: 'object',
                              properties: { from: { type: 'string' }, to: { type: 'string' } },
                              required: ['from', 'to'],
                            },
                          },
                        },
                        required: ['q', 'total', 'corrected'],
                      },
                    },
                    required: ['data', 'total'],
                  },
                },
              },
            },
            '400': errorResponse,
          },
        },
        post: {
          summary: 'Create records as drafts (scope `records:write`).',
          description:
            'A record, or an array of 1 to 1,000. Every record is validated before any is written, and an array is written in one transaction: if one record is refused (its title and date reported taken), none is, and the issue paths start with its index (`/1/title`). Each becomes a draft with its own history, whatever status it carries. Answers the record, or for an array `{added, ids}`.',
          security: secured,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/RecordInput' },
                    {
                      type: 'array',
                      items: { $ref: '#/components/schemas/RecordInput' },
                      minItems: 1,
                      maxItems: 1000,
                    },
                  ],
                },
              },
            },
          },
          responses: { '201': oneRecord, '400': errorResponse, ...refused },
        },
      },
      '/api/v1/records/{id}': {
        get: {
          summary: 'One published record, by `id` or `slug`.',
          parameters: [idParameter],
          responses: {
            '200': {
              description: 'the record',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Record' } } },
            },
            '404': notFound,
          },
        },
        put: {
          summary: "Replace a record's content, keeping its status (scope `records:write`).",
          description:
            'The body is the whole record with the `version` it was read at. If the record has changed since, nothing is written and the answer is 409 `version_conflict`. Researchers may edit drafts only.',
          security: secured,
          parameters: [idParameter],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RecordInput' } } },
          },
          responses: {
            '200': oneRecord,
            '400': errorResponse,
            ...refused,
            '404': notFound,
            '409': {
              description: 'the record changed since `version`',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      },
      '/api/v1/records/{id}/transitions': {
        post: {
          summary:
            'Move a record along the workflow (`request-review` with `records:write`; the rest with `records:publish`).',
          security: secured,
          parameters: [idParameter],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Transition' } } },
          },
          responses: {
            '200': oneRecord,
            '400': errorResponse,
            ...refused,
            '404': notFound,
            '409': errorResponse,
          },
        },
      },
      '/api/v1/records/{id}/history': {
        get: {
          summary:
            "A record's changes, newest first, each with who, when, why and the field-level diff (scope `records:read`).",
          security: secured,
          parameters: [idParameter],
          responses: { '200': answer('the revisions', 'Revisions'), ...refused, '404': notFound },
        },
      },
      '/api/v1/companies': {
        get: {
          summary: 'Companies named in published records, by name.',
          parameters: [
            {
              name: 'q',
              in: 'query',
              required: false,
              description: 'part of the name',
              schema: { type: 'string' },
            },
            {
              name: 'cursor',
              in: 'query',
              required: false,
              description: 'the `next` value of the previous page',
              schema: { type: 'string' },
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              description: '1 to 500 (default 50)',
              schema: { type: 'integer' },
            },
          ],
          responses: {
            '200': answer('a page of companies with their number of records', 'CompanyPage'),
            '400': errorResponse,
          },
        },
      },
      '/api/v1/companies/{id}': {
        get: {
          summary: 'One company and the published records that name it, with its roles.',
          parameters: [idParameter],
          responses: { '200': answer('the company', 'Company'), '404': notFound },
        },
      },
      '/api/v1/records/{id}/responses': {
        get: {
          summary:
            "The companies asked to respond about a published record: each one's status and, once an editor published it, its response.",
          parameters: [idParameter],
          responses: {
            '200': answer(
              '`{data: [{company, status, requestedAt, deadline, respondedAt?, text?, link?}]}`',
              'Responses',
            ),
            '404': notFound,
          },
        },
      },
      '/api/v1/stats': {
        get: {
          summary:
            'Figures over the published records a search matches: counts, individuals and deaths (unknown numbers apart), response outcomes, a time series and breakdowns by every facet (the figures of the dashboard and of `bhr stats --json`).',
          parameters: [
            ...parameters.filter((parameter) => !['page', 'pageSize', 'sort'].includes(parameter.name)),
            ...figureParameters,
          ],
          responses: {
            '200': {
              description: '`{query, figures}`',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      query: { type: 'object' },
                      figures: { $ref: '#/components/schemas/Figures' },
                    },
                  },
                },
              },
            },
            '400': errorResponse,
          },
        },
      },
      '/api/v1/response-rates': {
        get: {
          summary:
            'Response rates of companies asked about published records, by company, sector or country, for a period. `rate` (responded / requested) is `null` below 5 requests, where the counts alone are given.',
          parameters: [
            { name: 'by', in: 'query', schema: { type: 'string', enum: ['company', 'sector', 'country'] } },
            {
              name: 'from',
              in: 'query',
              schema: { type: 'string', format: 'date' },
              description: 'asked on or after',
            },
            {
              name: 'to',
              in: 'query',
              schema: { type: 'string', format: 'date' },
              description: 'asked on or before',
            },
          ],
          responses: {
            '200': answer(
              '`{query, rows: [{key, requested, responded, declined, noResponse, awaited, rate}], total}`',
              'ResponseRates',
            ),
            '400': errorResponse,
          },
        },
      },
      '/api/v1/match': {
        post: {
          summary:
            'Screen up to 1,000 names against the known companies (the result of `bhr screen --format json`).',
          description:
            'Each result has the input, its best matches sorted by score (`match` = score >= threshold) with the features that fired, the number of published records naming each company, and those of its subsidiaries (`viaSubsidiaries`); or an `error` saying why the row could not be screened. Changes nothing: no token needed.',
          requestBody: { required: true, content: { 'application/json': { schema: matchBody } } },
          responses: {
            '200': answer('`{matcher, threshold, results}`', 'Matches'),
            '400': errorResponse,
            ...workRefused,
          },
        },
      },
      '/api/v1/extract': {
        post: {
          summary:
            'Read a news article (text or HTML) and propose a draft record, each value with its evidence.',
          description:
            'The result of `bhr extract --json`: `relevance` (how likely the article reports an allegation of abuse linked to a business), the draft `record` (fields the article does not give are absent; companies are linked to known companies), and `evidence`: for every proposed value its JSON-pointer `path`, a `confidence` and the `start`/`end` offsets and `sentence` in `text`. An empty, binary, too long (over 1 million characters) or non-English article gives an empty draft and a `reason`. Changes nothing; needs a token with `records:create`.',
          security: secured,
          requestBody: { required: true, content: { 'application/json': { schema: article } } },
          responses: {
            '200': { description: 'the draft', content: { 'application/json': { schema: extraction } } },
            '400': errorResponse,
            ...refused,
            ...workRefused,
          },
        },
      },
      ...Object.fromEntries(
        DOWNLOAD_FORMATS.map((format) => [
          `/api/v1/export.${format}`,
          {
            get: {
              summary: `Every published record a search matches, as ${DOWNLOADS[format].name} (streamed, in the search's sort order).`,
              parameters,
              responses: {
                '200': {
                  description: DOWNLOADS[format].description,
                  content: { [DOWNLOADS[format].type]: {} },
                },
                '400': errorResponse,
              },
            },
          },
        ]),
      ),
      '/feed.atom': {
        get: {
          summary:
            'An Atom feed (RFC 4287) of the newest published records a search finds, with every filter of the search.',
          parameters: parameters.filter(
            (parameter) => !['sort', 'page', 'pageSize'].includes(parameter.name),
          ),
          responses: {
            '200': { description: 'the newest records first', content: { 'application/atom+xml': {} } },
            '400': errorResponse,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token (`bhr token create`, or the account page), sent as `Authorization: Bearer bhr_...`.',
        },
      },
      schemas: {
        Record: record,
        Figures: figures,
        RecordInput: recordInput,
        Transition: transition,
        ...RESPONSE_SCHEMAS,
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                issues: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { path: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
              required: ['code', 'message'],
            },
          },
          required: ['error'],
        },
      },
    },
  };
  return cached;
}
