import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import { described, describedFields } from './record-fields.ts';
import { COMPANY_ROLES, GENDERS, MIGRATION_STATUSES, RECORD_STATUSES, SOURCE_TYPES } from './enumerations.ts';
import { groupTypeTerms, issueTerms, sectorTerms, subsectorTerms } from './taxonomy.ts';

/**
 * The record model of DESIGN.md section 1, defined once. Types, validation and the JSON contract derive from
 * these schemas; so do, through the metadata `described` attaches to each single-valued field (see
 * `record-fields.ts`), the spreadsheet's columns, the record form's fields, the draft review's rows and the
 * store's record columns. A new optional field is one `described(...)` entry here, its label in
 * `vocabularies/field-labels.json` and a migration adding its column.
 */

const nonBlank = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

export const IsoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });
export const CountryCode = z
  .string()
  .refine((code) => isCountryCode(code), { error: 'expected an ISO 3166-1 alpha-2 country code' })
  .meta({ examples: ['MY'] });
/** A term id of a vocabulary; the documentation's example is the vocabulary's first term. */
const termOf = (vocabulary: { has(id: string): boolean; ids(): string[] }, what: string) =>
  z
    .string()
    .refine((id) => vocabulary.has(id), { error: `unknown ${what} id` })
    .meta({ examples: vocabulary.ids().slice(0, 1) });
/** A number of workers: at most what a 32-bit integer column holds, the same limit on every backend. */
const Count = z
  .number()
  .int()
  .nonnegative()
  .max(2_147_483_647, { error: 'a number of workers is at most 2,147,483,647' })
  .nullable();

export const CompanyRole = z.enum(COMPANY_ROLES);
export const Gender = z.enum(GENDERS);
export const MigrationStatus = z.enum(MIGRATION_STATUSES);
export const SourceType = z.enum(SOURCE_TYPES);
export const RecordStatus = z.enum(RECORD_STATUSES);
/** Only published records leave through public pages, the public API, downloads and feeds. */
export const PUBLIC_STATUSES: readonly z.infer<typeof RecordStatus>[] = ['published'];

export const CompanyLink = z.object({
  name: nonBlank('a company name').meta({ examples: ['Example Gloves Sdn Bhd'] }),
  role: CompanyRole,
  companyId: z.string().optional(),
});

export const AffectedGroup = z
  .object({
    type: termOf(groupTypeTerms, 'affected-group type'),
    count: Count,
    origin: CountryCode.nullable(),
    sector: termOf(sectorTerms, 'sector').nullable(),
    subsector: termOf(subsectorTerms, 'subsector').nullable(),
    gender: Gender.nullable(),
    migrationStatus: MigrationStatus,
  })
  .superRefine((group, context) => {
    if (group.subsector === null) return;
    const owner = subsectorTerms.get(group.subsector)?.sector;
    if (owner !== undefined && owner !== group.sector) {
      context.addIssue({
        code: 'custom',
        path: ['subsector'],
        message: `subsector ${group.subsector} belongs to sector ${owner}, not ${group.sector ?? 'unknown'}`,
      });
    }
  });

export const Source = z.object({
  companies: z.array(nonBlank('a company name')),
  headline: nonBlank('a headline').meta({ examples: ['Glove workers say wages went unpaid'] }),
  publisher: z.string().trim().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  published: IsoDate.optional(),
  excerpt: z.string().meta({ examples: ['Workers said they had not been paid for three months.'] }),
  /** A restricted source (unpublished, or one that could expose a person) is seen only by signed-in roles. */
  restricted: z.boolean().optional(),
});

export const Location = z.object({
  country: described(CountryCode, {
    kind: 'country',
    order: 40,
    label: 'form.country',
    form: { section: 'summary', hint: 'form.countryHint' },
    review: 'article.field.country',
  }),
  city: described(z.string().trim().min(1).optional(), {
    kind: 'text',
    order: 50,
    label: 'form.city',
    form: { section: 'summary' },
    review: 'article.field.city',
  }),
});

/** A record as it is written or imported: everything but the fields the store assigns. */
export const RecordInput = z.object({
  id: described(z.string().min(1).optional(), { kind: 'text', order: 10 }),
  slug: described(z.string().optional(), { kind: 'text', order: 100 }),
  title: described(
    nonBlank('a title').meta({
      examples: ['Malaysia: glove factory workers report three months of unpaid wages'],
    }),
    {
      kind: 'text',
      order: 20,
      label: 'form.title',
      form: { section: 'summary' },
      review: 'article.field.title',
    },
  ),
  summary: described(z.string().optional(), {
    kind: 'text',
    order: 60,
    label: 'record.summary',
    form: { section: 'summary', rows: 5 },
    review: 'article.field.summary',
  }),
  dateReported: described(IsoDate, {
    kind: 'date',
    order: 30,
    label: 'record.dateReported',
    form: { section: 'summary', hint: 'form.dateHint' },
    review: 'article.field.dateReported',
  }),
  location: Location,
  companies: z.array(CompanyLink),
  affected: z.object({
    total: described(Count, {
      kind: 'count',
      order: 70,
      label: 'record.total',
      form: { section: 'affected', hint: 'form.countHint' },
      review: 'article.field.total',
    }),
    groups: z.array(AffectedGroup),
  }),
  issues: z.array(termOf(issueTerms, 'issue')),
  response: z.object({
    sought: described(z.boolean(), {
      kind: 'flag',
      order: 80,
      label: 'record.responseSought',
      form: { section: 'response' },
    }),
  }),
  sourceType: described(SourceType.optional(), {
    kind: 'sourceType',
    order: 90,
    label: 'record.sourceType',
    form: { section: 'response' },
    review: 'article.field.sourceType',
  }),
  sources: z.array(Source),
  status: described(RecordStatus.optional(), { kind: 'status', order: 110 }),
  /** Confidential: seen only by signed-in roles, never on public pages, the public API, exports or feeds. */
  internalNotes: described(z.string().optional(), {
    kind: 'text',
    order: 95,
    label: 'form.internalNotes',
    table: 'never',
    form: { section: 'confidential', hint: 'form.internalNotesHint', rows: 4, verbatim: true },
  }),
  /** Why a record was retracted; public, shown where the record used to be. */
  retractionReason: described(z.string().trim().min(1).optional(), {
    kind: 'text',
    order: 120,
    table: 'unpublishedOnly',
  }),
  /** The record a duplicate was merged into. */
  mergedInto: described(z.string().min(1).optional(), { kind: 'text', order: 130, table: 'unpublishedOnly' }),
  /** The version an edit started from; a write from an older version is refused as a conflict. */
  version: described(z.number().int().positive().optional(), { kind: 'integer', order: 140 }),
  createdAt: described(z.iso.datetime().optional(), { kind: 'text', order: 150 }),
  updatedAt: described(z.iso.datetime().optional(), { kind: 'text', order: 160 }),
});

/** The record's single-valued fields with what they say about themselves, in their `order`. */
export const RECORD_FIELDS = describedFields(RecordInput);

/** A record as the store holds it and the API returns it. */
export const StoredRecord = RecordInput.extend({
  id: z.string().min(1),
  slug: z.string().min(1),
  status: RecordStatus,
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export type RecordInput = z.infer<typeof RecordInput>;
export type StoredRecord = z.infer<typeof StoredRecord>;
export type CompanyLink = z.infer<typeof CompanyLink>;
export type AffectedGroup = z.infer<typeof AffectedGroup>;
export type Source = z.infer<typeof Source>;
export type RecordStatus = z.infer<typeof RecordStatus>;

/** The fields of a record that never leave through public pages, the public API, exports or feeds. */
export function withoutConfidential<T extends RecordInput>(record: T): T {
  const { internalNotes: _notes, ...rest } = record;
  const sources = record.sources.filter((source) => !source.restricted);
  return { ...rest, sources } as T;
}

/** Whether a record carries anything confidential. */
export function hasConfidential(record: RecordInput): boolean {
  return Boolean(record.internalNotes) || record.sources.some((source) => source.restricted);
}
