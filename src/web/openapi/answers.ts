import { z } from 'zod';
import { RecordInput, StoredRecord } from '../../domain/record.ts';
import { ResponseStatus } from '../../domain/response.ts';
import { TransitionBody } from '../../editorial/records.ts';
import { Figures } from '../../analytics/figures.ts';
import { ScreenInput } from '../../matching/screen.ts';
import { BANDS } from '../../matching/score.ts';
import { RateQuery } from '../../responses/rates.ts';
import { FACETS } from '../../search/query.ts';
import { REVISION_ACTIONS } from '../../store/record-history.ts';
import { ComponentNames, type SchemaSide } from './json-schema.ts';

/**
 * The answers of the JSON API as zod schemas, built from the model's own schemas and vocabularies where it has
 * them, and the components the OpenAPI document names.
 */

const count = z.number().int();
const named = z.object({ id: z.string(), name: z.string() });

/** An error of any endpoint (`web/errors.ts`): a code, a message, and the issues of a refused input. */
export const ErrorAnswer = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

const correction = z.object({ from: z.string(), to: z.string() });
const spellingSuggestion = z.object({ q: z.string(), total: count, corrected: z.array(correction) }).meta({
  description:
    'on the first page, when words of `q` are not in the index: `q` with them corrected from the words of the records, and how many records that finds (more than `total`)',
});

export const RecordPage = z.object({
  data: z.array(StoredRecord),
  total: count,
  next: z.string().optional(),
  facets: z
    .partialRecord(z.enum(FACETS), z.array(z.object({ value: z.string(), count })))
    .meta({
      examples: [{ country: [{ value: 'MY', count: 2 }], issue: [{ value: 'wage-theft', count: 1 }] }],
    })
    .optional(),
  suggestion: spellingSuggestion.optional(),
});

export const CompanyPage = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), records: count })),
  next: z.string().optional(),
});

const { id, slug, title, dateReported, issues } = StoredRecord.shape;
export const CompanyAnswer = z.object({
  id: z.string(),
  name: z.string(),
  namesInRecords: z.array(z.string()),
  otherNames: z.array(z.object({ name: z.string(), kind: z.string() })),
  country: z.string().nullable(),
  website: z.string().nullable(),
  identifiers: z.record(z.string(), z.string()),
  parent: named.nullable(),
  subsidiaries: z.array(named),
  records: z.array(
    z.object({
      id,
      slug,
      title,
      dateReported,
      country: StoredRecord.shape.location.shape.country,
      issues,
      roles: z.array(z.string()),
    }),
  ),
});

export const Revisions = z.object({
  data: z.array(
    z.object({
      recordId: z.string(),
      version: count,
      at: z.iso.datetime({ offset: true }),
      author: z.object({ userId: z.string().nullable(), name: z.string() }),
      action: z.enum(REVISION_ACTIONS),
      reason: z.string().optional(),
      changes: z.array(
        z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() }),
      ),
    }),
  ),
});

export const Responses = z.object({
  data: z.array(
    z.object({
      company: z.string(),
      // A request exists once a response is sought.
      status: ResponseStatus.exclude(['not_sought']),
      requestedAt: z.iso.date(),
      deadline: z.iso.date(),
      respondedAt: z.iso.date().optional(),
      text: z.string().optional(),
      link: z.url().optional(),
    }),
  ),
});

const rateRow = z.object({
  key: z.string(),
  requested: count,
  responded: count,
  declined: count,
  noResponse: count,
  awaited: count,
  rate: z.number().nullable(),
});
export const ResponseRates = z.object({ query: RateQuery, rows: z.array(rateRow), total: rateRow });

export const Matches = z.object({
  matcher: z.object({ name: z.string(), version: z.string() }),
  threshold: z.number(),
  reviewThreshold: z.number(),
  results: z.array(
    z.object({
      input: ScreenInput,
      matches: z.array(
        z.object({
          companyId: z.string(),
          name: z.string(),
          score: z.number(),
          match: z.boolean(),
          band: z
            .enum(BANDS)
            .optional()
            .describe('`match`, or `review` for a possible match to look at; absent for neither'),
          explanations: z.array(z.object({ feature: z.string(), score: z.number(), detail: z.string() })),
          allegations: count,
          viaSubsidiaries: z
            .array(z.object({ companyId: z.string(), name: z.string(), allegations: count }))
            .optional(),
        }),
      ),
      error: z.string().optional(),
    }),
  ),
});

/** The schemas of `components.schemas`, in the document's order, each read from one side. */
export const COMPONENTS: readonly { name: string; schema: z.ZodType; side: SchemaSide }[] = [
  { name: 'Record', schema: StoredRecord, side: 'output' },
  { name: 'Figures', schema: Figures, side: 'output' },
  { name: 'RecordInput', schema: RecordInput, side: 'input' },
  { name: 'Transition', schema: TransitionBody, side: 'output' },
  { name: 'CompanyPage', schema: CompanyPage, side: 'input' },
  { name: 'Company', schema: CompanyAnswer, side: 'input' },
  { name: 'Revisions', schema: Revisions, side: 'input' },
  { name: 'Responses', schema: Responses, side: 'input' },
  { name: 'ResponseRates', schema: ResponseRates, side: 'input' },
  { name: 'Matches', schema: Matches, side: 'input' },
  { name: 'Error', schema: ErrorAnswer, side: 'input' },
];

export const COMPONENT_NAMES = COMPONENTS.reduce(
  (names, { name, schema }) => names.add(name, schema),
  new ComponentNames(),
);
