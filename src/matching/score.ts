import model from './data/model.json' with { type: 'json' };
import { acronymOf } from './acronym.ts';
import { analyseName, type NameForm } from './normalise.ts';
import { bestLikeness, compareTokens, stringSimilarity } from './token-comparison.ts';

/**
 * The matcher's scoring: how likely two company names name the same company, from 0 to 1. The names are
 * compared on a fixed set of features (shared words, spelling, sound across scripts, a leading name, an
 * acronym, conflicting legal forms or numbers...); a logistic model fitted on labelled pairs
 * (`npm run fit:matching`, weights in `data/model.json`) turns them into a probability, and every feature
 * that moved the score is returned with its contribution, so that a match can be explained and defended.
 */
export const MATCHER = { name: 'bhr-name-match', version: model.version } as const;
/** The score from which a result is a match: chosen by cross-validation when the model was fitted. */
export const DEFAULT_THRESHOLD: number = model.threshold;
/**
 * The score from which a result that is not a match is still shown as a possible match for a reviewer: chosen
 * when the model was fitted for a recall of 95% on the development pairs, so that little is missed unseen.
 */
export const REVIEW_THRESHOLD: number = model.reviewThreshold;
/**
 * How a result stands: a match, or a possible match a reviewer should look at (`review`); a result in neither
 * has no band. The same names in the code, the JSON, the reports and the page (DESIGN.md section 5).
 */
export const BANDS = ['match', 'review'] as const;
export type Band = (typeof BANDS)[number];
/**
 * The score from which a known company is offered as the user types a name: lower than a match, since a name
 * half typed scores low ("Penang" against "Penang Circuits Sdn Bhd": 0.35), but above what unrelated names
 * score ("Acme" against it: 0.11) and names sharing only a place ("Penang Bakery": 0.29), so that a name like
 * no known company gets no list.
 */
export const SUGGESTION_FLOOR = 0.32;
/**
 * What a known country on both sides that differs takes off, in log-odds (a rule, not fitted: the pairs carry
 * no country): no likeness of names alone then makes a match, only a possible one.
 */
const COUNTRY_MISMATCH = -3;
/**
 * What the same known country on both sides adds, in log-odds: a cautious rule (the pairs carry no country to
 * fit it), so that among close scores the company of the query's country comes first. It can lift a possible
 * match just under the threshold into a match; a company without a country loses nothing.
 */
const COUNTRY_AGREEMENT = 0.25;
/** What different numbers in the two names take off, in log-odds (a rule: too few such pairs to fit). */
const NUMBER_CONFLICT = -2;

/**
 * The features a pair is scored on; the fit keeps those that help (a feature whose weight would run against
 * its meaning is dropped), and the ones here are those it kept.
 */
export const FEATURES = [
  'tokens',
  'spelling',
  'soundSameScript',
  'soundCrossScript',
  'acronym',
  'longAcronym',
  'containedSpaceless',
  'descriptorLoss',
  'descriptorConflict',
  'legalFormConflict',
  'numberMissing',
  'crossScript',
  'shortName',
  'strongest',
  'coverShort',
  'coverLong',
  'extraPlace',
] as const;
export type Feature = (typeof FEATURES)[number];
export type FeatureValues = Record<Feature, number>;

export interface Explanation {
  feature: string;
  /** The feature's contribution to the score, in log-odds: positive for the match, negative against. */
  score: number;
  detail: string;
}

export interface PairScore {
  score: number;
  explanations: Explanation[];
}

export type { TokenWeight } from './token-comparison.ts';
import type { TokenWeight } from './token-comparison.ts';

const round = (value: number) => Math.round(value * 1000) / 1000;
const percent = (value: number) => `${Math.round(value * 100)}%`;

interface PairFacts {
  values: FeatureValues;
  /** Fixed rules that apply (different numbers), with their log-odds. */
  rules: Explanation[];
  spelling: number;
  sound: number;
  /** Whether the sound evidence is the names' consonants (see `consonantSimilarity`) rather than their sound keys. */
  byConsonants: boolean;
  acronym?: { score: number; detail: string };
  /** Which evidence is the strongest: same words, spelling, sound across scripts, acronym. */
  strongestKind: string;
}

/** The features of a pair of analysed names and the fixed rules that apply. */
export function pairFeatures(a: NameForm, b: NameForm, weight: TokenWeight): PairFacts {
  const tokens = compareTokens(a, b, weight);
  const spelling =
    a.squashed.length >= 2 && b.squashed.length >= 2 ? stringSimilarity(a.squashed, b.squashed) : 0;
  const crossScript = a.nonLatin !== b.nonLatin;
  // Across scripts, the whole names as well: a descriptor one side's tables know and the other's do not.
  const soundKeys = Math.max(
    a.soundKey.length >= 2 && b.soundKey.length >= 2 ? stringSimilarity(a.soundKey, b.soundKey) : 0,
    crossScript && a.sounds.spoken.length >= 2 && b.sounds.spoken.length >= 2
      ? stringSimilarity(a.sounds.spoken, b.sounds.spoken)
      : 0,
  );
  const consonants = crossScript ? consonantSimilarity(a, b) : 0;
  // A descriptor heard inside the other script's spelling of the whole name ("ストア" of "Blue Ridge Store") is
  // not lost, though no table knows it.
  const descriptorHeard =
    crossScript &&
    a.sounds.spoken.length >= 4 &&
    b.sounds.spoken.length >= 4 &&
    stringSimilarity(a.sounds.spoken, b.sounds.spoken) >= 0.75;
  const sound = Math.max(soundKeys, consonants);
  const acronym = acronymOf(a, b) ?? acronymOf(b, a);
  const legalFormConflict = legalFormsConflict(a.legalForms, b.legalForms);
  // Two names with different numbers name different entities ("Unit 1", "Unit 2"): a rule, not fitted.
  const rules: Explanation[] =
    a.numbers !== '' && b.numbers !== '' && a.numbers !== b.numbers
      ? [
          {
            feature: 'numberConflict',
            score: NUMBER_CONFLICT,
            detail: `different numbers: ${a.numbers} / ${b.numbers}`,
          },
        ]
      : [];
  const evidence: [string, number][] = [
    ['same words', tokens.score],
    ['spelling', spelling],
    ['sound across scripts', crossScript ? sound : 0],
    ['acronym', acronym?.score ?? 0],
  ];
  const [strongestKind, strongest] = evidence.reduce((best, next) => (next[1] > best[1] ? next : best));
  return {
    values: {
      tokens: tokens.score,
      spelling: steep(spelling),
      soundSameScript: crossScript ? 0 : steep(sound),
      // Sound keys less than half alike across scripts are what any two names share: no evidence.
      soundCrossScript: crossScript && sound >= 0.5 ? sound : 0,
      acronym: acronym?.score ?? 0,
      // Four letters and more are seldom the initials of another name by chance; two or three often are.
      longAcronym: acronym && Math.min(a.squashed.length, b.squashed.length) >= 4 ? acronym.score : 0,
      containedSpaceless: containedSpaceless(a, b) ? 1 : 0,
      // An acronym stands for the descriptors as well ("NITC": the T is "tanker", the C "company"): none is lost.
      descriptorLoss: acronym || descriptorHeard ? 0 : tokens.descriptorLoss,
      descriptorConflict: tokens.descriptorConflict && !acronym ? 1 : 0,
      legalFormConflict: legalFormConflict ? 1 : 0,
      numberMissing: (a.numbers === '') !== (b.numbers === '') ? 1 : 0,
      crossScript: crossScript ? 1 : 0,
      shortName: Math.min(a.squashed.length, b.squashed.length) <= 3 ? 1 : 0,
      strongest,
      coverShort: tokens.coverShort,
      coverLong: tokens.coverLong,
      extraPlace: tokens.extraPlace ? 1 : 0,
    },
    rules,
    spelling,
    sound,
    byConsonants: consonants > soundKeys,
    acronym,
    strongestKind,
  };
}

/** Sound keys shorter than this say too little to compare alone. */
const MIN_CONSONANTS = 3;
/** Three consonants or fewer meet by chance too often to stand for a name ("krt" is כללית and "Cartu"). */
const MIN_ABJAD_CONSONANTS = 4;

/**
 * How alike two names written in different scripts are on their consonants (see loanword.ts): a Latin name
 * against its katakana or Hangul spelling, as those scripts hear it; any name against its Arabic or Hebrew
 * spelling, on all its words and on its distinctive ones.
 */
function consonantSimilarity(a: NameForm, b: NameForm): number {
  const alike = (x: string, y: string) =>
    x.length >= MIN_CONSONANTS && y.length >= MIN_CONSONANTS ? stringSimilarity(x, y) : 0;
  const [latin, other] = a.soundScript === 'latin' ? [a, b] : [b, a];
  if (latin.soundScript === 'latin' && other.soundScript === 'syllabic')
    return alike(latin.sounds.heard, other.sounds.heard);
  // Consonants alone meet by chance more often than spellings do: only close ones count, and only the
  // distinctive words' (descriptors in Arabic and in English are different words).
  if (a.soundScript === 'abjad' || b.soundScript === 'abjad')
    return a.skeleton.length >= MIN_ABJAD_CONSONANTS && b.skeleton.length >= MIN_ABJAD_CONSONANTS
      ? steep(stringSimilarity(a.skeleton, b.skeleton))
      : 0;
  return 0;
}

/**
 * In scripts written without spaces, a name inside another ("銀だこ" in "築地銀だこ") is what a leading word is
 * in others: often the same company's short name.
 */
function containedSpaceless(a: NameForm, b: NameForm): boolean {
  if (!a.spaceless || !b.spaceless || a.squashed === b.squashed) return false;
  const [shorter, longer] = a.squashed.length <= b.squashed.length ? [a, b] : [b, a];
  return shorter.squashed.length >= 4 && longer.squashed.includes(shorter.squashed);
}

/** Both names have a legal form of a known type and no type in common ("ELF", from GLEIF's list only, is none). */
function legalFormsConflict(a: string[], b: string[]): boolean {
  let typedA = false;
  let typedB = false;
  for (const form of a) {
    if (form === 'ELF') continue;
    typedA = true;
    if (b.includes(form)) return false;
  }
  for (const form of b) if (form !== 'ELF') typedB = true;
  return typedA && typedB;
}

/** The words two names share, and those only one has. */
function wordsDetail(a: NameForm, b: NameForm): string {
  const shared = a.tokens.filter((token) => bestLikeness(token, b.tokens) > 0).map((token) => token.text);
  const only = (from: NameForm, to: NameForm) =>
    from.tokens.filter((token) => bestLikeness(token, to.tokens) === 0).map((token) => token.text);
  const onlyA = only(a, b);
  const onlyB = only(b, a);
  return `same words: ${shared.join(', ') || 'none'}${onlyA.length ? `; only in the first: ${onlyA.join(', ')}` : ''}${onlyB.length ? `; only in the second: ${onlyB.join(', ')}` : ''}`;
}

/** What a feature found in a pair, in words a compliance officer can read. */
function describe(feature: Feature, a: NameForm, b: NameForm, facts: PairFacts): string {
  switch (feature) {
    case 'tokens':
      return wordsDetail(a, b);
    case 'spelling':
      return `"${a.squashed}" and "${b.squashed}" spelled ${percent(facts.spelling)} alike`;
    case 'soundSameScript':
      return `sound keys "${a.soundKey}" and "${b.soundKey}" ${percent(facts.sound)} alike`;
    case 'soundCrossScript':
      if (facts.byConsonants)
        return a.soundScript === 'abjad' || b.soundScript === 'abjad'
          ? `consonants "${a.skeleton}" and "${b.skeleton}" alike across scripts (${percent(facts.sound)})`
          : `as a loanword, "${a.sounds.heard}" and "${b.sounds.heard}" ${percent(facts.sound)} alike across scripts`;
      return `sound keys "${a.soundKey}" and "${b.soundKey}" ${percent(facts.sound)} alike across scripts`;
    case 'acronym':
      return facts.acronym?.detail ?? '';
    case 'longAcronym':
      return 'an acronym of four letters or more seldom fits another name by chance';
    case 'containedSpaceless':
      return `"${a.original}" and "${b.original}": one is written inside the other (a script without spaces between words)`;
    case 'descriptorLoss':
      return `${percent(facts.values.descriptorLoss)} of the weight is in descriptors only one name has`;
    case 'descriptorConflict':
      return 'each name has a descriptor the other lacks';
    case 'legalFormConflict':
      return `different legal forms: ${a.legalForms.join(', ')} / ${b.legalForms.join(', ')}`;
    case 'numberMissing':
      return `only one name has a number: ${a.numbers || b.numbers}`;
    case 'crossScript':
      return 'the names are written in different scripts';
    case 'shortName':
      return 'a name of three letters or fewer matches by chance more often';
    case 'coverShort':
      return `${percent(facts.values.coverShort)} of the shorter name is found in the longer`;
    case 'coverLong':
      return `${percent(facts.values.coverLong)} of the longer name is found in the shorter (${wordsDetail(a, b)})`;
    case 'extraPlace':
      return 'only one name has a country in it (a subsidiary of that country is often named so)';
    case 'strongest':
      return `the strongest evidence is ${facts.strongestKind} (${percent(facts.values.strongest)})`;
  }
}

/** A fitted scoring model: the logistic weights and the two thresholds (see `npm run fit:matching`). */
export interface ScoringModel {
  bias: number;
  weights: Record<Feature, number>;
  threshold: number;
  reviewThreshold: number;
}
/** The model fitted on the labelled pairs and shipped in data/model.json: what screening uses. */
export const FITTED_MODEL: ScoringModel = model;

type Countries = { a?: string | null; b?: string | null };

/** Country as evidence, where both sides have one: the same adds a little, different takes much off. */
function countryRule(countries: Countries): Explanation | undefined {
  if (!countries.a || !countries.b) return undefined;
  return countries.a === countries.b
    ? { feature: 'sameCountry', score: COUNTRY_AGREEMENT, detail: `the same country: ${countries.a}` }
    : {
        feature: 'country',
        score: COUNTRY_MISMATCH,
        detail: `different countries: ${countries.a} / ${countries.b}`,
      };
}

function logitOf(facts: PairFacts, countries: Countries, scoring: ScoringModel): number {
  let logit = scoring.bias;
  for (const rule of facts.rules) logit += rule.score;
  for (const feature of FEATURES) logit += (scoring.weights[feature] ?? 0) * facts.values[feature];
  return logit + (countryRule(countries)?.score ?? 0);
}

const probability = (logit: number) => round(1 / (1 + Math.exp(-logit)));

/** The score of two analysed names alone, without explanations: what candidate search ranks by. */
export function scoreOnly(
  a: NameForm,
  b: NameForm,
  weight: TokenWeight,
  countries: Countries = {},
  scoring: ScoringModel = FITTED_MODEL,
): number {
  if (a.problem || b.problem) return 0;
  return probability(logitOf(pairFeatures(a, b, weight), countries, scoring));
}

/** Scores two analysed names, optionally with the countries each is known in, and explains the score. */
export function scorePair(
  a: NameForm,
  b: NameForm,
  weight: TokenWeight,
  countries: Countries = {},
  scoring: ScoringModel = FITTED_MODEL,
): PairScore {
  if (a.problem || b.problem) return { score: 0, explanations: [] };
  const facts = pairFeatures(a, b, weight);
  const explanations: Explanation[] = [...facts.rules];
  for (const feature of FEATURES) {
    const contribution = (scoring.weights[feature] ?? 0) * facts.values[feature];
    if (Math.abs(contribution) >= 0.05) {
      explanations.push({ feature, score: round(contribution), detail: describe(feature, a, b, facts) });
    }
  }
  const country = countryRule(countries);
  if (country) explanations.push(country);
  explanations.sort((x, y) => Math.abs(y.score) - Math.abs(x.score));
  return { score: probability(logitOf(facts, countries, scoring)), explanations };
}

/**
 * Scores two names as written: the best over their analysed forms (variants, readings), as screening does.
 * Says why when a name cannot be matched.
 */
export function scoreNames(
  nameA: string,
  nameB: string,
  weight: TokenWeight,
  countries: { a?: string | null; b?: string | null } = {},
): PairScore & { problems: string[] } {
  const formsA = analyseName(nameA);
  const formsB = analyseName(nameB);
  const problems = [
    ...formsA.filter((form) => form.problem).map((form) => `first name: ${form.problem}`),
    ...formsB.filter((form) => form.problem).map((form) => `second name: ${form.problem}`),
  ].slice(0, 2);
  let best: PairScore = { score: 0, explanations: [] };
  for (const a of formsA)
    for (const b of formsB) {
      const scored = scorePair(a, b, weight, countries);
      if (scored.score > best.score) best = scored;
    }
  return { ...best, problems: best.score > 0 ? [] : problems };
}

/** Similarity above 0.5 stretched over 0 to 1: 0.95 → 0.9, 0.9 → 0.8, 0.8 → 0.6. */
function steep(similarity: number): number {
  return Math.max(0, 1 - 2 * (1 - similarity));
}
