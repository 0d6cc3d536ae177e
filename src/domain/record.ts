import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import { COMPANY_ROLES, GENDERS, MIGRATION_STATUSES, RECORD_STATUSES, SOURCE_TYPES } from './enumerations.ts';
import { groupTypeTerms, issueTerms, sectorTerms, subsectorTerms } from './taxonomy.ts';

/**
 * The record model of DESIGN.md section 1, defined once. Types, validation, the JSON contract,
 * CSV columns and the text form all derive from these schemas.
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
  country: CountryCode,
  city: z.string().trim().min(1).optional(),
});

/** A record as it is written or imported: everything but the fields the store assigns. */
export const RecordInput = z.object({
  id: z.string().min(1).optional(),
  slug: z.string().optional(),
  title: nonBlank('a title').meta({
    examples: ['Malaysia: glove factory workers report three months of unpaid wages'],
  }),
  summary: z.string().optional(),
  dateReported: IsoDate,
  location: Location,
  companies: z.array(CompanyLink),
  affected: z.object({
    total: Count,
    groups: z.array(AffectedGroup),
  }),
  issues: z.array(termOf(issueTerms, 'issue')),
  response: z.object({ sought: z.boolean() }),
  sourceType: SourceType.optional(),
  sources: z.array(Source),
  status: RecordStatus.optional(),
  /** Confidential: seen only by signed-in roles, never on public pages, the public API, exports or feeds. */
  internalNotes: z.string().optional(),
  /** Why a record was retracted; public, shown where the record used to be. */
  retractionReason: z.string().trim().min(1).optional(),
  /** The record a duplicate was merged into. */
  mergedInto: z.string().min(1).optional(),
  /** The version an edit started from; a write from an older version is refused as a conflict. */
  version: z.number().int().positive().optional(),
  createdAt: z.iso.datetime().optional(),
  updatedAt: z.iso.datetime().optional(),
});

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
