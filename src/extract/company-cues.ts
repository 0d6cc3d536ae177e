import english from './cues/en.json' with { type: 'json' };
import companies from './cues/en-companies.json' with { type: 'json' };

/**
 * The cue phrases of cues/en-companies.json compiled once: what shows a name is a business or something else,
 * and the phrases whose weights for each role are learnt. Case is ignored.
 */

const alternatives = (phrases: readonly string[]) => phrases.map((phrase) => `(?:${phrase})`).join('|');

/** A phrase that ends where a name starts (an article may stand between). */
const endingBefore = (source: string) =>
  new RegExp(`(?<![\\p{L}])(?:${source})[\\s,:]*(?:the |a |an )?$`, 'iu');
/** A phrase that starts where a name ends. */
const startingAfter = (source: string) => new RegExp(`^\\s*(?:${source})`, 'iu');
const anywhere = (source: string) => new RegExp(`(?<![\\p{L}])(?:${source})(?![\\p{L}])`, 'iu');
const whole = (source: string) => new RegExp(`^(?:${source})$`, 'iu');

export interface Signal {
  name: string;
  before?: RegExp;
  after?: RegExp;
  sentence?: RegExp;
}

interface SignalEntry {
  before?: string[];
  after?: string[];
  sentence?: string[];
}

function compileSignals(): Signal[] {
  return Object.entries(companies.signals as unknown as Record<string, SignalEntry | string>)
    .filter(
      (entry): entry is [string, SignalEntry] => !entry[0].startsWith('$') && typeof entry[1] === 'object',
    )
    .map(([name, entry]) => ({
      name,
      ...(entry.before?.length ? { before: endingBefore(alternatives(entry.before)) } : {}),
      ...(entry.after?.length ? { after: startingAfter(alternatives(entry.after)) } : {}),
      ...(entry.sentence?.length ? { sentence: anywhere(alternatives(entry.sentence)) } : {}),
    }));
}

const nouns = `${english.companies.nouns}|${companies.names.extraNouns}`;

export const companyCues = {
  leadingAnywhere: whole(companies.names.leadingAnywhere),
  businessWord: whole(companies.names.businessWords),
  /** A noun of people (en.json's `workers.nouns`) as one word. */
  peopleNoun: whole(english.workers.nouns),
  strongBusinessWord: whole(companies.names.strongBusinessWords),
  /** "Unite the union", "X, the workers' union": en.json's body nouns after a name, with or without a comma. */
  bodyAfter: new RegExp(
    `^\\s*,?\\s+(?:a|an|the)\\s+(?:[\\p{L}'’-]+\\s+){0,3}(?:${english.notCompanies.bodyNouns})(?![\\p{L}])`,
    'iu',
  ),
  companyAfter: startingAfter(companies.names.companyAfter),
  /** "X, its subcontractor", "X - an intermediary": a business noun after a name. */
  apposition: new RegExp(
    `^\\s*(?:,|\\s[-–—])\\s+(?:${companies.names.appositionDeterminers})\\s+(?:[\\p{L}-]+\\s+){0,4}?(?:${nouns})(?![\\p{L}])`,
    'iu',
  ),
  /** "electronics giants X and Y": the plural and extra nouns that en.json's `companyNoun` lacks. */
  extraNounBefore: new RegExp(
    `(?<![\\p{L}])(?:${companies.names.extraNouns})(?:\\s+(?:in|from|based in)\\s+\\p{Lu}[\\p{L}-]*)?[\\s,:]+(?:the |a |an )?$`,
    'iu',
  ),
  relationBefore: endingBefore(companies.names.relationBefore),
  numberWord: whole(companies.names.numberWords),
  listOfBusinesses: new RegExp(`^\\s*(?:${companies.names.listOfBusinesses})`, 'iu'),
  calledBefore: endingBefore(`(?:${nouns})\\s+(?:${companies.names.calledBefore})`),
  askedBefore: endingBefore(companies.notCompanies.askedBefore),
  /**
   * "French luxury conglomerate ", "Volkswagen-owned commercial vehicle manufacturer ": a business noun with
   * up to three words before it (not "of", "for"... which join it to a role phrase), taken off before a name.
   */
  nounPhrase: new RegExp(
    `(?<![\\p{L}'’-])(?:(?!(?:of|for|to|by|at|with|from|in|on|and|or)\\s)[\\p{L}'’-]+\\s+){0,3}?(?:${nouns})[\\s,:]+(?:the |a |an )?$`,
    'iu',
  ),
  accusedAfter: startingAfter(companies.names.accusedAfter),
  accusedBefore: endingBefore(companies.names.accusedBefore),
  softNotCompanyWord: whole(companies.notCompanies.softWords),
  headWord: whole(companies.names.headWords),
  wholeName: whole(companies.notCompanies.wholeNames),
  personBefore: new RegExp(
    `(?:^|[^\\p{L}])(?:${companies.notCompanies.personBefore}|${english.notCompanies.personBefore})\\s*,?\\s+$`,
    'iu',
  ),
  personAfter: new RegExp(companies.notCompanies.personAfter, 'iu'),
  vesselBefore: endingBefore(companies.notCompanies.vesselBefore),
  schemeBefore: endingBefore(companies.notCompanies.schemeBefore),
  schemeAfter: new RegExp(companies.notCompanies.schemeAfter, 'iu'),
  lawFirmBefore: endingBefore(companies.notCompanies.lawFirmBefore),
  lawFirmAfter: new RegExp(companies.notCompanies.lawFirmAfter, 'iu'),
  signals: compileSignals(),
  /** The weight in the rule of a role the name's own words say ("... Recruitment"). */
  nameRoleWeight: (role: string) => (companies.nameRoleWeights as Record<string, number>)[role] ?? 0.8,
  nameClasses: Object.entries(companies.nameClasses)
    .filter(([name]) => !name.startsWith('$'))
    .map(([name, source]) => ({ name, pattern: anywhere(source) })),
};
