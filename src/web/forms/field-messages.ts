import { closestOptions, type NamedOption } from '../../domain/closest.ts';
import { countryName, countryOptions } from '../../domain/countries.ts';
import { enumerationLabel, enumerationOptions, type EnumerationName } from '../../domain/enumerations.ts';
import { groupTypeTerms, issueTerms, sectorTerms, subsectorTerms } from '../../domain/taxonomy.ts';
import type { Translate, UiLanguage } from '../i18n.ts';

/**
 * Form errors in the words people use: what was typed, what is expected, and the closest values we know by
 * any of their names in any language ("“security” is not a sector in our list. Did you mean Security &
 * facility services?"). One place for every form, so that the record form, the search and the response
 * request say the same thing the same way.
 */

export const CHOICE_KINDS = [
  'country',
  'sector',
  'groupType',
  'issue',
  'gender',
  'migrationStatus',
  'companyRole',
  'sourceType',
] as const;
export type ChoiceKind = (typeof CHOICE_KINDS)[number];

interface Choices {
  options(): NamedOption[];
  /** More names to look in when `options` offers nothing. */
  moreOptions?(): NamedOption[];
  /** How a suggestion is written, as the user would type or pick it. */
  label(id: string, language: UiLanguage): string;
}

const enumeration = (name: EnumerationName): Choices => ({
  options: () => enumerationOptions(name),
  label: (id, language) => enumerationLabel(name, id, language),
});

const SUBSECTOR = ':';
const CHOICES: Record<ChoiceKind, Choices> = {
  country: {
    options: () => countryOptions('interface'),
    moreOptions: () => countryOptions('all'),
    label: (code, language) => countryName(code, language),
  },
  sector: {
    options: () => [
      ...sectorTerms.options(),
      ...subsectorTerms.options().map((option) => ({ ...option, id: `${SUBSECTOR}${option.id}` })),
    ],
    label: (id, language) => {
      if (!id.startsWith(SUBSECTOR)) return sectorTerms.label(id, language);
      const subsector = subsectorTerms.get(id.slice(SUBSECTOR.length))!;
      return `${sectorTerms.label(subsector.sector, language)}: ${subsectorTerms.label(subsector.id, language)}`;
    },
  },
  groupType: { options: () => groupTypeTerms.options(), label: (id, l) => groupTypeTerms.label(id, l) },
  issue: { options: () => issueTerms.options(), label: (id, l) => issueTerms.label(id, l) },
  gender: enumeration('gender'),
  migrationStatus: enumeration('migrationStatus'),
  companyRole: enumeration('companyRole'),
  sourceType: enumeration('sourceType'),
};

export interface MessageContext {
  t: Translate;
  language: UiLanguage;
}

/** "A or B", "A, B or C" in the page's language. */
function alternatives(items: string[], language: UiLanguage): string {
  return new Intl.ListFormat(language, { type: 'disjunction' }).format(items);
}

/** The closest known values to a typed one, written as the user would type them. */
export function suggestionsFor(kind: ChoiceKind, typed: string, language: UiLanguage): string[] {
  const choices = CHOICES[kind];
  let found = closestOptions(typed, choices.options());
  if (found.length === 0 && choices.moreOptions) found = closestOptions(typed, choices.moreOptions());
  return found.map((id) => choices.label(id, language));
}

/** A typed value that is none of the kind's values: says so, then offers the closest or says what to type. */
export function unknownChoice(kind: ChoiceKind, typed: string, { t, language }: MessageContext): string {
  const suggestions = suggestionsFor(kind, typed, language);
  const said = t(`form.error.${kind}`, { value: typed });
  const next = suggestions.length
    ? t('form.error.didYouMean', { options: alternatives(suggestions, language) })
    : t(`form.error.${kind}.hint`);
  return `${said} ${next}`;
}

/** A choice left blank where one is needed. */
export function blankChoice(kind: ChoiceKind, { t }: MessageContext): string {
  return t(`form.error.${kind}.blank`);
}

/** A date that does not read as one, or none where one is needed. */
export function badDate(typed: string, { t }: MessageContext): string {
  return typed.trim() ? t('form.error.date', { value: typed }) : t('form.error.date.blank');
}

/** What a form field holds, for the message its errors get; a field of no kind keeps the validator's. */
export type FieldKind = ChoiceKind | 'date' | 'url' | 'count';

/** The message for a field of a kind whose value was refused. */
export function fieldMessage(kind: FieldKind, typed: string, context: MessageContext): string {
  if (kind === 'date') return badDate(typed, context);
  if (kind === 'url') return context.t('form.error.url', { value: typed });
  if (kind === 'count') return context.t('form.error.count', { value: typed });
  return typed.trim() ? unknownChoice(kind, typed, context) : blankChoice(kind, context);
}

/**
 * A message written for the command line (where `code spans` read well) as prose for a page: the spans
 * become quotations, e.g. "after `Date Reported:`" becomes "after “Date Reported:”".
 */
export function asProse(message: string, { t }: MessageContext): string {
  return message.replace(/`([^`]*)`/g, (_span, text: string) => t('text.quoted', { text }));
}
