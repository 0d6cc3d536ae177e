import { z } from 'zod';
import type { NamedOption } from './closest.ts';
import { foldLabel } from './slug.ts';
import type { Language } from './taxonomy.ts';
import enumerationsFile from './vocabularies/enumerations.json' with { type: 'json' };

/**
 * The fixed enumerations of DESIGN.md section 1: the values here, typed, in the order forms and tables list
 * them; their labels in other languages in `vocabularies/enumerations.json`, which must list the same values
 * in the same order (checked at start).
 */
export const COMPANY_ROLES = [
  'Employer',
  'Buyer',
  'Supplier',
  'Labour supplier',
  'Recruitment agency',
  'Sponsor',
  'Investor',
  'Parent company',
  'Contractor',
  'Client',
  'Other',
] as const;
export const GENDERS = ['Women', 'Men', 'Mixed'] as const;
export const MIGRATION_STATUSES = [
  'Documented migrants',
  'Undocumented migrants',
  'Unknown migration status',
  'Refugees & asylum seekers',
  'Internal migrants',
] as const;
export const SOURCE_TYPES = [
  'News outlet',
  'NGO',
  'Trade union',
  'Government',
  'Intergovernmental organisation',
  'Court or legal filing',
  'Company',
  'Academic',
  'Other',
] as const;
export const RECORD_STATUSES = ['draft', 'in_review', 'published', 'retracted'] as const;

const ENUMERATIONS = {
  companyRole: COMPANY_ROLES,
  gender: GENDERS,
  migrationStatus: MIGRATION_STATUSES,
  sourceType: SOURCE_TYPES,
  status: RECORD_STATUSES,
} as const;
export type EnumerationName = keyof typeof ENUMERATIONS;
export type EnumerationValue<N extends EnumerationName> = (typeof ENUMERATIONS)[N][number];

const Entry = z.object({
  value: z.string(),
  label: z.object({ en: z.string().optional(), ru: z.string().optional(), ko: z.string().optional() }),
});
type Entry = z.infer<typeof Entry>;

/** Each enumeration's entries in the labels file, which must list the code's values in the code's order. */
function entriesOf(name: EnumerationName): Entry[] {
  const values = ENUMERATIONS[name];
  return z
    .array(Entry)
    .refine(
      (entries) =>
        entries.length === values.length && entries.every((entry, index) => entry.value === values[index]),
      { error: `the values of ${name} must be ${values.join(', ')}, in that order` },
    )
    .parse(enumerationsFile[name]);
}
const file: Record<EnumerationName, Entry[]> = {
  companyRole: entriesOf('companyRole'),
  gender: entriesOf('gender'),
  migrationStatus: entriesOf('migrationStatus'),
  sourceType: entriesOf('sourceType'),
  status: entriesOf('status'),
};

/** Each enumeration's values and translated labels, folded, to the stored value. */
const valueIndex = new Map<string, Map<string, string>>();
for (const [name, entries] of Object.entries(file)) {
  const index = new Map<string, string>();
  for (const entry of entries) {
    for (const label of Object.values(entry.label)) if (label) index.set(foldLabel(label), entry.value);
  }
  for (const entry of entries) index.set(foldLabel(entry.value), entry.value);
  valueIndex.set(name, index);
}

/** The stored value of an enumeration read from its English value or a translated label, any case. */
export function findEnumerationValue<N extends EnumerationName>(
  name: N,
  text: string,
): EnumerationValue<N> | undefined {
  const value = valueIndex.get(name)!.get(foldLabel(text));
  return value !== undefined && isEnumerationValue(name, value) ? value : undefined;
}

export function enumerationLabel(name: EnumerationName, value: string, language: Language = 'en'): string {
  const entry = file[name].find((candidate) => candidate.value === value);
  return entry?.label[language] ?? value;
}

/** Each value of an enumeration with its English value and translated labels, for suggestions. */
export function enumerationOptions(name: EnumerationName): NamedOption[] {
  return file[name].map((entry) => ({
    id: entry.value,
    names: [entry.value, ...Object.values(entry.label).filter((label): label is string => Boolean(label))],
  }));
}

/** Whether a text is one of an enumeration's values. */
export function isEnumerationValue<N extends EnumerationName>(
  name: N,
  value: string,
): value is EnumerationValue<N> {
  return (ENUMERATIONS[name] as readonly string[]).includes(value);
}

/** Whether a name is one of the enumerations'. */
export function isEnumerationName(name: string): name is EnumerationName {
  return Object.hasOwn(ENUMERATIONS, name);
}

/** An enumeration's values, in order. */
export function enumerationValues<N extends EnumerationName>(name: N): readonly EnumerationValue<N>[] {
  return ENUMERATIONS[name];
}
