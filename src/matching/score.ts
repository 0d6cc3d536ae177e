import { distance } from 'fastest-levenshtein';
import model from './data/model.json' with { type: 'json' };
import { acronymOf } from './acronym.ts';
import { analyseName, type NameForm, type NameToken } from './normalise.ts';

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
/** How a result stands: a match, a possible match a reviewer should look at, or neither. */
export const BANDS = ['match', 'possible', 'none'] as const;
export type Band = (typeof BANDS)[number];
/**
 * The score from which a known company is offered as the user types a name: lower than a match, since a name
 * half typed scores low ("Penang" against "Penang Circuits Sdn Bhd": 0.29), but above what unrelated names
 * score ("Acme" against it: 0.07), so that a name like no known company gets no list.
 */
export const SUGGESTION_FLOOR = 0.2;
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
  'containedSpaceless',
  'descriptorLoss',
  'descriptorConflict',
  'legalFormConflict',
  'numberMissing',
  'crossScript',
  'shortName',
  'strongest',
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

/** How much a token says: rare tokens say more. A function of the index's document frequencies. */
export type TokenWeight = (ascii: string) => number;

const round = (value: number) => Math.round(value * 1000) / 1000;
const percent = (value: number) => `${Math.round(value * 100)}%`;

/** 1 for equal strings, else one minus the edit distance over the longer length. */
export function stringSimilarity(a: string, b: string): number {
  if (a === b) return a ? 1 : 0;
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  return 1 - distance(a, b) / longest;
}

/** Two tokens are the same word when equal, or close enough in spelling for their length. */
function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (Math.min(a.length, b.length) < 4) return 0;
  // Spelled 80% alike at least: lengths further apart than that cannot be.
  if (Math.min(a.length, b.length) < 0.8 * Math.max(a.length, b.length)) return 0;
  const similarity = stringSimilarity(a, b);
  return similarity >= 0.8 ? similarity : 0;
}

/** Two tokens are the same word when they stand for the same descriptor, or are spelled alike. */
function similarityOf(a: NameToken, b: NameToken): number {
  if (a.symbol && a.symbol === b.symbol) return 1;
  if (!a.ascii || !b.ascii) return 0;
  return tokenSimilarity(a.ascii, b.ascii);
}

interface TokenComparison {
  /** Soft Dice of all tokens, weighted by rarity and kind. */
  score: number;
  /** The share of all token weight lost to descriptors only one name has ("bank", "trading", "holdings"). */
  descriptorLoss: number;
  /** Each name has a descriptor the other lacks ("Acme Bank" / "Acme Mining"). */
  descriptorConflict: boolean;
}

/** The best likeness of a token to any of the other name's tokens. */
function bestLikeness(token: NameToken, others: NameToken[]): number {
  let best = 0;
  for (const other of others) {
    const likeness = similarityOf(token, other);
    if (likeness > best) best = likeness;
    if (best === 1) break;
  }
  return best;
}

function compareTokens(a: NameForm, b: NameForm, weight: TokenWeight): TokenComparison {
  // Each token's best likeness in the other name: one pass over the pairs serves both directions.
  const bestA = new Float64Array(a.tokens.length);
  const bestB = new Float64Array(b.tokens.length);
  for (let i = 0; i < a.tokens.length; i++) {
    for (let j = 0; j < b.tokens.length; j++) {
      const likeness = similarityOf(a.tokens[i]!, b.tokens[j]!);
      if (likeness > bestA[i]!) bestA[i] = likeness;
      if (likeness > bestB[j]!) bestB[j] = likeness;
    }
  }
  const sideA = weighSide(a.tokens, bestA, weight);
  const sideB = weighSide(b.tokens, bestB, weight);
  const total = sideA.total + sideB.total;
  return {
    score: total > 0 ? (sideA.matched + sideB.matched) / total : 0,
    descriptorLoss: total > 0 ? (sideA.lost + sideB.lost) / total : 0,
    descriptorConflict: sideA.lostDescriptor && sideB.lostDescriptor,
  };
}

/** One name's token weight: in all, found in the other name, and lost in descriptors the other lacks. */
function weighSide(tokens: NameToken[], best: Float64Array, weight: TokenWeight) {
  let matched = 0;
  let total = 0;
  let lost = 0;
  let lostDescriptor = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const w = (token.ascii ? weight(token.ascii) : 0.5) * token.factor;
    matched += w * best[i]!;
    total += w;
    if (token.symbol) {
      lost += w * (1 - best[i]!);
      if (best[i] === 0 && token.factor >= 0.5) lostDescriptor = true;
    }
  }
  return { matched, total, lost, lostDescriptor };
}

interface PairFacts {
  values: FeatureValues;
  /** Fixed rules that apply (different numbers), with their log-odds. */
  rules: Explanation[];
  spelling: number;
  sound: number;
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
  const sound =
    a.soundKey.length >= 2 && b.soundKey.length >= 2 ? stringSimilarity(a.soundKey, b.soundKey) : 0;
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
      soundCrossScript: crossScript ? sound : 0,
      acronym: acronym?.score ?? 0,
      containedSpaceless: containedSpaceless(a, b) ? 1 : 0,
      descriptorLoss: tokens.descriptorLoss,
      descriptorConflict: tokens.descriptorConflict ? 1 : 0,
      legalFormConflict: legalFormConflict ? 1 : 0,
      numberMissing: (a.numbers === '') !== (b.numbers === '') ? 1 : 0,
      crossScript: crossScript ? 1 : 0,
      shortName: Math.min(a.squashed.length, b.squashed.length) <= 3 ? 1 : 0,
      strongest,
    },
    rules,
    spelling,
    sound,
    acronym,
    strongestKind,
  };
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

/** What a feature found in a pair, in words a compliance officer can read. */
function describe(feature: Feature, a: NameForm, b: NameForm, facts: PairFacts): string {
  switch (feature) {
    case 'tokens': {
      const shared = a.tokens.filter((token) => bestLikeness(token, b.tokens) > 0).map((token) => token.text);
      const only = (from: NameForm, to: NameForm) =>
        from.tokens.filter((token) => bestLikeness(token, to.tokens) === 0).map((token) => token.text);
      const onlyA = only(a, b);
      const onlyB = only(b, a);
      return `same words: ${shared.join(', ') || 'none'}${onlyA.length ? `; only in the first: ${onlyA.join(', ')}` : ''}${onlyB.length ? `; only in the second: ${onlyB.join(', ')}` : ''}`;
    }
    case 'spelling':
      return `"${a.squashed}" and "${b.squashed}" spelled ${percent(facts.spelling)} alike`;
    case 'soundSameScript':
      return `sound keys "${a.soundKey}" and "${b.soundKey}" ${percent(facts.sound)} alike`;
    case 'soundCrossScript':
      return `sound keys "${a.soundKey}" and "${b.soundKey}" ${percent(facts.sound)} alike across scripts`;
    case 'acronym':
      return facts.acronym?.detail ?? '';
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
    case 'strongest':
      return `the strongest evidence is ${facts.strongestKind} (${percent(facts.values.strongest)})`;
  }
}

const WEIGHTS: Record<Feature, number> = model.weights;

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

function logitOf(facts: PairFacts, countries: Countries): number {
  let logit = model.bias;
  for (const rule of facts.rules) logit += rule.score;
  for (const feature of FEATURES) logit += WEIGHTS[feature] * facts.values[feature];
  return logit + (countryRule(countries)?.score ?? 0);
}

const probability = (logit: number) => round(1 / (1 + Math.exp(-logit)));

/** The score of two analysed names alone, without explanations: what candidate search ranks by. */
export function scoreOnly(a: NameForm, b: NameForm, weight: TokenWeight, countries: Countries = {}): number {
  if (a.problem || b.problem) return 0;
  return probability(logitOf(pairFeatures(a, b, weight), countries));
}

/** Scores two analysed names, optionally with the countries each is known in, and explains the score. */
export function scorePair(
  a: NameForm,
  b: NameForm,
  weight: TokenWeight,
  countries: Countries = {},
): PairScore {
  if (a.problem || b.problem) return { score: 0, explanations: [] };
  const facts = pairFeatures(a, b, weight);
  const explanations: Explanation[] = [...facts.rules];
  for (const feature of FEATURES) {
    const contribution = WEIGHTS[feature] * facts.values[feature];
    if (Math.abs(contribution) >= 0.05) {
      explanations.push({ feature, score: round(contribution), detail: describe(feature, a, b, facts) });
    }
  }
  const country = countryRule(countries);
  if (country) explanations.push(country);
  explanations.sort((x, y) => Math.abs(y.score) - Math.abs(x.score));
  return { score: probability(logitOf(facts, countries)), explanations };
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
