import { z } from 'zod';
import type { NamedOption } from './closest.ts';
import { foldLabel } from './slug.ts';
import type { Language } from './taxonomy.ts';
import enumerationsFile from './vocabularies/enumerations.json' with { type: 'json' };

const Entry = z.object({
  value: z.string().min(1),
  label: z.object({ en: z.string().optional(), ru: z.string().optional(), ko: z.string().optional() }),
});
const EnumerationsFile = z.object({
  companyRole: z.array(Entry).min(1),
  gender: z.array(Entry).min(1),
  migrationStatus: z.array(Entry).min(1),
  sourceType: z.array(Entry).min(1),
  status: z.array(Entry).min(1),
});

const file = EnumerationsFile.parse(enumerationsFile);
export type EnumerationName = keyof typeof file;

function values(name: EnumerationName): [string, ...string[]] {
  const list = file[name].map((entry) => entry.value);
  return list as [string, ...string[]];
}

export const COMPANY_ROLES = values('companyRole');
export const GENDERS = values('gender');
export const MIGRATION_STATUSES = values('migrationStatus');
export const SOURCE_TYPES = values('sourceType');
export const RECORD_STATUSES = values('status');

/** Each enumeration's values and translated labels, folded, to the stored value. */
const valueIndex = new Map<EnumerationName, Map<string, string>>();
for (const name of Object.keys(file) as EnumerationName[]) {
  const index = new Map<string, string>();
  for (const entry of file[name]) {
    for (const label of Object.values(entry.label)) if (label) index.set(foldLabel(label), entry.value);
  }
  for (const entry of file[name]) index.set(foldLabel(entry.value), entry.value);
  valueIndex.set(name, index);
}

/** The stored value of an enumeration read from its English value or a translated label, any case. */
export function findEnumerationValue(name: EnumerationName, text: string): string | undefined {
  return valueIndex.get(name)!.get(foldLabel(text));
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
