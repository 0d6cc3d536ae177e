import { countryCode } from '../../domain/countries.ts';
import { COMPANY_ROLES, findEnumerationValue } from '../../domain/enumerations.ts';
import { foldLabel } from '../../domain/slug.ts';
import { findSubsector, sectorTerms, subsectorTerms } from '../../domain/taxonomy.ts';
import labels from './labels.json' with { type: 'json' };

/** Lookups of the text form's own words (headings, field labels, special values) in every language. */

export const SECTIONS = ['summary', 'companies', 'affected', 'issues', 'response'] as const;
export type Section = (typeof SECTIONS)[number];
export type Field = keyof typeof labels.fields;
export type SpecialValue = keyof typeof labels.values;

const headingByFolded = new Map<string, Section>();
/** Lines longer than any label cannot be one: checked before the (costlier) folding. */
const longestLabel = (lists: string[][]) =>
  lists.flat().reduce((most, label) => Math.max(most, label.length), -Infinity);
const LONGEST_HEADING = longestLabel(Object.values(labels.headings)) + 4;
const LONGEST_FIELD = longestLabel(Object.values(labels.fields)) + 4;
for (const section of SECTIONS)
  for (const label of labels.headings[section]) headingByFolded.set(foldLabel(label), section);

const fieldByFolded = new Map<string, Field>();
for (const [field, list] of Object.entries(labels.fields))
  for (const label of list) fieldByFolded.set(foldLabel(label), field as Field);

const valueSets = new Map<SpecialValue, Set<string>>();
for (const [value, list] of Object.entries(labels.values))
  valueSets.set(value as SpecialValue, new Set(list.map(foldLabel)));

/** Heading labels longest first, so that a glued suffix is matched by its longest label. */
const gluedHeadings: { label: string; section: Section }[] = SECTIONS.flatMap((section) =>
  labels.headings[section].map((label) => ({ label, section })),
).sort((a, b) => b.label.length - a.label.length);

export function englishLabel(kind: 'headings' | 'fields' | 'values', key: string): string {
  const table = labels[kind] as Record<string, string[]>;
  return table[key]![0]!;
}

export function headingOf(line: string): Section | undefined {
  if (line.length > LONGEST_HEADING) return undefined;
  return headingByFolded.get(foldLabel(line));
}

/** A heading glued to the end of a line by scraping (`Wildberries - EmployerAffected`): the text before it and the section. */
export function gluedHeading(
  line: string,
  allowed: (section: Section) => boolean,
): { before: string; section: Section } | undefined {
  for (const { label, section } of gluedHeadings) {
    // The character before a glued heading is the last of the previous line, never a space.
    if (allowed(section) && line.length > label.length && line.endsWith(label)) {
      const before = line.slice(0, -label.length);
      if (/\S$/u.test(before)) return { before, section };
    }
  }
  return undefined;
}

/** `Label: value` where Label is a field of the text form; value may be empty (it then stands on the next line). */
export function fieldLine(line: string): { field: Field; value: string } | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > LONGEST_FIELD) return undefined;
  const field = fieldByFolded.get(foldLabel(line.slice(0, colon)));
  return field ? { field, value: line.slice(colon + 1).trim() } : undefined;
}

export function isSpecial(value: SpecialValue, text: string): boolean {
  return valueSets.get(value)!.has(foldLabel(text));
}

const NUMBER = /^(\d{1,3}(?:[,\s\u00a0\u202f.]\d{3})+|\d+)$/u;

/** A count as pages write it: digits with optional grouping (`1,200`), or "Number unknown" (null). */
export function readCount(text: string): number | null | undefined {
  const value = text.trim();
  if (isSpecial('numberUnknown', value)) return null;
  if (!NUMBER.test(value)) return undefined;
  const count = Number(value.replace(/\D/g, ''));
  return Number.isSafeInteger(count) ? count : undefined;
}

/** The count at the start of a group tuple and the rest after its `-`. */
export function leadingCount(text: string): { count: number | null; rest: string } | undefined {
  // The count itself may hold no dash, so the first dash ends it. (Found by search, not by a pattern around
  // it: `\s*` on both sides of a lazy match takes time quadratic in a long run of spaces.)
  const dash = text.search(/[-–—]/u);
  if (dash < 0) return undefined;
  const count = readCount(text.slice(0, dash));
  return count === undefined ? undefined : { count, rest: text.slice(dash + 1).trimStart() };
}

export function readYesNo(text: string): boolean | undefined {
  if (isSpecial('yes', text)) return true;
  if (isSpecial('no', text)) return false;
  return undefined;
}

/**
 * Characters past which a text is no country name: the longest the packages carry has 80 (a Russian name of
 * Hong Kong); this leaves room for spaces and punctuation around one. Lookups that try every split of a text
 * stop here, so that a long one is not read in quadratic time.
 */
export const LONGEST_PLACE = 200;

export function readOrigin(text: string): string | null | undefined {
  if (isSpecial('originUnknown', text)) return null;
  return countryCode(text);
}

export interface SectorValue {
  sector: string | null;
  subsector: string | null;
}

/** `Sector`, `Sector: Subsector`, `Sector: whole category`, a bare subsector, or "Sector unknown". */
export function readSector(text: string): SectorValue | undefined {
  const value = text.trim();
  if (isSpecial('sectorUnknown', value)) return { sector: null, subsector: null };
  const whole = sectorTerms.find(value);
  if (whole) return { sector: whole.id, subsector: null };
  const colon = value.indexOf(':');
  if (colon > 0) {
    const sector = sectorTerms.find(value.slice(0, colon));
    const rest = value.slice(colon + 1).trim();
    if (!sector) return undefined;
    if (isSpecial('wholeCategory', rest)) return { sector: sector.id, subsector: null };
    const subsector = findSubsector(sector.id, rest);
    return subsector ? { sector: sector.id, subsector: subsector.id } : undefined;
  }
  const subsector = subsectorTerms.find(value);
  return subsector ? { sector: subsector.sector, subsector: subsector.id } : undefined;
}

export function readGender(text: string): string | null | undefined {
  if (isSpecial('genderUnknown', text)) return null;
  return findEnumerationValue('gender', text);
}

const rolePattern = [...COMPANY_ROLES]
  .sort((a, b) => b.length - a.length)
  .map((role) => role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

/**
 * `NAME - ROLE` followed by `,` or the end: the role vocabulary decides where a company item ends. The name
 * begins and ends with a non-space, so that a long run of spaces is crossed once (`\s*(.+?)\s*` would try
 * every split of it, in time quadratic or worse in its length).
 */
export const COMPANY_ITEM = new RegExp(
  `\\s*(\\S(?:.*?\\S)??)\\s*[-–—]\\s*(${rolePattern})\\s*(?:,|$)`,
  'iuy',
);
/** A further role of the company before it, written as a bare `, ROLE`. */
export const BARE_ROLE = new RegExp(`\\s*(${rolePattern})\\s*(?:,|$)`, 'iuy');
