import type { z } from 'zod';
import { MigrationStatus, SourceType } from '../domain/record.ts';
import english from './cues/en.json' with { type: 'json' };

/**
 * The cue phrases of `cues/en.json` compiled once into regular expressions. Every pattern matches on word
 * boundaries and ignores case unless it says otherwise.
 */

const words = (source: string, flags = 'giu') =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, flags);

export interface RoleCue {
  role: string;
  /** Matches a phrase that ends where a name starts. */
  before: RegExp | undefined;
  /** Matches a phrase that starts where a name ends. */
  after: RegExp | undefined;
}

const alternatives = (phrases: string[]) => phrases.map((phrase) => `(?:${phrase})`).join('|');

function compileRoles(): RoleCue[] {
  return english.companies.roles.map((entry) => ({
    role: entry.role,
    before: entry.before.length
      ? new RegExp(`(?<![\\p{L}])(?:${alternatives(entry.before)})[\\s,:]+(?:the |a |an )?$`, 'iu')
      : undefined,
    after: entry.after.length
      ? new RegExp(`^\\s*(?:${alternatives(entry.after)})(?![\\p{L}])`, 'u')
      : undefined,
  }));
}

function labelled(entries: Record<string, string>): { label: string; pattern: RegExp }[] {
  return Object.entries(entries)
    .filter(([label]) => !label.startsWith('$'))
    .map(([label, source]) => ({ label, pattern: words(source) }));
}

/** Cues whose labels are values of the record model: checked against it when the cues are loaded. */
function labelledAs<Label extends string>(
  entries: Record<string, string>,
  schema: z.ZodType<Label>,
): { label: Label; pattern: RegExp }[] {
  return labelled(entries).map(({ label, pattern }) => ({ label: schema.parse(label), pattern }));
}

export const cues = {
  issues: Object.entries(english.issues).map(([issue, list]) => ({
    issue,
    cues: list.map(([source, weight]) => ({ pattern: words(String(source)), weight: Number(weight) })),
  })),
  allegation: words(english.allegation),
  announcement: words(english.announcement),
  pronouns: { Women: words(english.pronouns.Women), Men: words(english.pronouns.Men) },
  /** The words around a counted phrase of people: see `countContext` in cues/en.json. */
  countContext: Object.fromEntries(
    Object.entries(english.countContext)
      .filter(([name]) => !name.startsWith('$'))
      .map(([name, source]) => [name, new RegExp(source, 'iu')]),
  ) as Record<'witnessBefore' | 'witnessAfter' | 'other' | 'estimate' | 'family' | 'accusation', RegExp>,
  /** The words around an issue's cue phrase that say it is not alleged there. */
  issueContext: {
    before: new RegExp(english.issueContext.before, 'iu'),
    after: new RegExp(english.issueContext.after, 'iu'),
  },
  workerNoun: words(english.workers.nouns),
  /** The words around a noun of people: see the comments of `workers` in cues/en.json. */
  notModifier: new RegExp(`^(?:${english.workers.notModifiers})$`, 'u'),
  peopleOnly: new RegExp(`^(?:${english.workers.peopleOnly})$`, 'iu'),
  modifierOf: new RegExp(`^\\s+(?:${english.workers.modifierOf})(?![\\p{L}])`, 'iu'),
  migrantNoun: new RegExp(english.workers.migrantNoun, 'iu'),
  migrantBefore: new RegExp(english.workers.migrantBefore, 'iu'),
  nationalityListWord: new RegExp(`^(?:${english.workers.listWords})$`, 'u'),
  originRightAfter: new RegExp(`^\\s+(?:${english.workers.originAfter})\\s+(?:the\\s+)?$`, 'u'),
  originAfterClause: new RegExp(
    `^\\s*,?\\s+(?:[\\p{Ll}-]+,?\\s+){0,5}?(?:${english.workers.originAfterClause})\\s+(?:the\\s+)?$`,
    'u',
  ),
  originList: new RegExp(`^\\s*(?:${english.workers.originList})\\s*(?:the\\s+)?$`, 'u'),
  saidOfPeople: new RegExp(`${english.workers.saidOfPeople}$`, 'iu'),
  saidOfPeopleList: new RegExp(`^\\s*(?:${english.workers.saidOfPeopleList})\\s*(?:the\\s+)?$`, 'u'),
  pluralNoun: new RegExp(`(?:${english.workers.pluralEndings})$`, 'iu'),
  countWords: english.counts,
  vagueCount: new RegExp(`^(?:${english.counts.vague})$`, 'iu'),
  countPhrase: {
    weakVague: new RegExp(english.countPhrase.weakVague, 'iu'),
    toNoun: new RegExp(english.countPhrase.toNoun, 'u'),
    notToNoun: new RegExp(english.countPhrase.notToNoun, 'iu'),
    age: new RegExp(english.countPhrase.age, 'iu'),
    single: new RegExp(english.countPhrase.single, 'iu'),
    notSingle: new RegExp(english.countPhrase.notSingle, 'iu'),
  },
  countQualifier: new RegExp(`(?:${english.counts.qualifiers})\\s*$`, 'iu'),
  gender: labelled(english.gender),
  migrationStatus: labelledAs(english.migrationStatus, MigrationStatus),
  groupTypes: labelled(english.groupTypes),
  sectors: labelled(english.sectors),
  companyNoun: new RegExp(
    `(?<![\\p{L}])(?:${english.companies.nouns})(?:\\s+(?:in|from|based in)\\s+\\p{Lu}[\\p{L}-]*(?:\\s+\\p{Lu}[\\p{L}-]*)?|\\s+(?:that|which|who)(?:\\s+\\p{Ll}+){1,3},)?[\\s,:]+(?:the |a |an )?$`,
    // Case matters: the clause "that supplies Daikin," must not read "Daikin" as a lower-case word.
    'u',
  ),
  companyNounPhrase: new RegExp(
    `(?:[\\p{L}-]+\\s+){0,3}?(?:${english.companies.nouns})[\\s,:]+(?:the |a |an )?$`,
    'iu',
  ),
  companyApposition: new RegExp(
    `^\\s*,\\s+(?:a|an|the|which is a|one of the)\\s+(?:[\\p{L}-]+\\s+){0,4}(?:${english.companies.nouns})(?![\\p{L}])`,
    'iu',
  ),
  roles: compileRoles(),
  legalFormGuard: new RegExp(`^(?:${english.companies.legalFormGuard})$`, 'iu'),
  /** Case matters in these two: "Bank of America", "Co. Ltd". */
  connector: new RegExp(`^(?:${english.companies.connectors})$`, 'u'),
  nameAbbreviation: new RegExp(`^(?:${english.companies.abbreviations})$`, 'u'),
  /** What separates the names of a list: a comma, "and", "or", "as well as", "&". */
  listGap: new RegExp(`^(?:\\s*,\\s*|,?\\s+(?:${english.companies.listSeparators})\\s+|\\s*&\\s*)$`, 'u'),
  roleOrder: english.companies.roleOrder,
  placeWord: new RegExp(`^(?:${english.notCompanies.placeWords})$`, 'iu'),
  nameRoles: Object.entries(english.companies.nameRoles)
    .filter(([role]) => !role.startsWith('$'))
    .map(([role, source]) => ({ role, pattern: words(source, 'iu') })),
  /** "X, a rights group", "the labour rights group X": a body that is not a business. */
  bodyBefore: new RegExp(`(?<![\\p{L}])(?:${english.notCompanies.bodyNouns})[\\s,:]+(?:the |a |an )?$`, 'iu'),
  bodyAfter: new RegExp(
    `^\\s*,\\s+(?:a|an|the)\\s+(?:[\\p{L}-]+\\s+){0,3}(?:${english.notCompanies.bodyNouns})(?![\\p{L}])`,
    'iu',
  ),
  personBefore: new RegExp(`(?:^|[^\\p{L}])(?:${english.notCompanies.personBefore})\\s+$`, 'iu'),
  notCompanyWord: new RegExp(`^(?:${english.notCompanies.words})$`, 'iu'),
  leadingWord: new RegExp(`^(?:${english.notCompanies.leading})$`, 'iu'),
  location: {
    placeNoun: new RegExp(english.location.placeNoun, 'u'),
    inBefore: new RegExp(english.location.inBefore, 'iu'),
    toBefore: new RegExp(english.location.toBefore, 'iu'),
    officialAfter: new RegExp(english.location.officialAfter, 'u'),
    inPlaceBefore: new RegExp(english.location.inPlaceBefore, 'u'),
    fromBefore: new RegExp(english.location.fromBefore, 'iu'),
    cityByCountry: new RegExp(english.location.cityByCountry, 'iu'),
    officialNoun: new RegExp(english.location.officialNoun, 'iu'),
    officialBefore: new RegExp(english.location.officialBefore, 'iu'),
    homeBefore: new RegExp(english.location.homeBefore, 'iu'),
    captionLine: new RegExp(english.location.captionLine, 'iu'),
    titleBefore: new RegExp(english.location.titleBefore, 'u'),
    speechAfter: new RegExp(english.location.speechAfter, 'u'),
    legalForms: Object.entries(english.location.legalForms).map(([source, code]) => ({
      pattern: new RegExp(`(?<![\\p{L}])(?:${source})(?![\\p{L}])`, 'gu'),
      code,
    })),
  },
  cityBefore: new RegExp(`(?:${english.cities.before})\\s+$`, 'iu'),
  cityAfter: new RegExp(`^\\s+(?:${english.cities.after})(?![\\p{L}])`, 'u'),
  sourceTypes: labelledAs(english.sourceTypes, SourceType),
};
