import { distance } from 'fastest-levenshtein';
import type { NameForm, NameToken } from './normalise.ts';

/**
 * The matcher's scoring: how likely two company names name the same company, from 0 to 1, with the
 * features that fired and what each contributed. A score of 0.7 or more is a match by default.
 */
export const MATCHER = { name: 'bhr-name-match', version: '1' } as const;
export const DEFAULT_THRESHOLD = 0.7;
/** Sound across scripts is strong evidence when the consonants agree: tuned on the development pairs. */
const CROSS_SCRIPT_SOUND = 1.3;
/** A leading name scores from this, up to this much more as it covers the longer name. */
const LEADING_BASE = 0.6;
const LEADING_SPAN = 0.35;

export interface Explanation {
  feature: string;
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
  const similarity = stringSimilarity(a, b);
  return similarity >= 0.8 ? similarity : 0;
}

interface TokenComparison {
  score: number;
  /** The share of all token weight lost to descriptors only one name has ("bank", "trading", "holdings"). */
  descriptorLoss: number;
  shared: string[];
  onlyA: string[];
  onlyB: string[];
}

/** Two tokens are the same word when they stand for the same descriptor, or are spelled alike. */
function similarityOf(a: NameToken, b: NameToken): number {
  if (a.symbol && a.symbol === b.symbol) return 1;
  if (!a.ascii || !b.ascii) return 0;
  return tokenSimilarity(a.ascii, b.ascii);
}

/**
 * Soft Dice of all the tokens, each weighted by how rare it is and by what kind of word it is (distinctive,
 * descriptor, country): both names must be covered for a high score.
 */
function compareTokens(a: NameToken[], b: NameToken[], weight: TokenWeight): TokenComparison {
  const shared: string[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  let matched = 0;
  let total = 0;
  let lost = 0;
  const side = (from: NameToken[], to: NameToken[], missing: string[], record: boolean) => {
    for (const token of from) {
      const w = (token.ascii ? weight(token.ascii) : 0.5) * token.factor;
      let best = 0;
      for (const other of to) best = Math.max(best, similarityOf(token, other));
      matched += w * best;
      total += w;
      if (token.symbol) lost += w * (1 - best);
      if (best === 0) missing.push(token.text);
      else if (record) shared.push(token.text);
    }
  };
  side(a, b, onlyA, true);
  side(b, a, onlyB, false);
  return {
    score: total > 0 ? matched / total : 0,
    descriptorLoss: total > 0 ? lost / total : 0,
    shared,
    onlyA,
    onlyB,
  };
}

/** Scores two analysed names, optionally with the countries each is known in. */
export function scorePair(
  a: NameForm,
  b: NameForm,
  weight: TokenWeight,
  countries: { a?: string | null; b?: string | null } = {},
): PairScore {
  const explanations: Explanation[] = [];
  if (a.problem || b.problem) return { score: 0, explanations };
  const tokens = compareTokens([...a.core, ...a.descriptors], [...b.core, ...b.descriptors], weight);
  const squashed =
    a.squashed.length >= 2 && b.squashed.length >= 2 ? stringSimilarity(a.squashed, b.squashed) : 0;
  const crossScript = a.nonLatin !== b.nonLatin;
  const phonetic = soundSimilarity(a, b, crossScript, squashed);
  const candidates: Explanation[] = [
    {
      feature: 'tokens',
      score: tokens.score,
      detail: `same words: ${tokens.shared.join(', ') || 'none'}${tokens.onlyA.length ? `; only in the first: ${tokens.onlyA.join(', ')}` : ''}${tokens.onlyB.length ? `; only in the second: ${tokens.onlyB.join(', ')}` : ''}`,
    },
    {
      feature: 'spelling',
      // For names written together or apart ("Rent-A-Car", "rentacar") and small variants; a steep curve,
      // because long names that differ in one syllable are different companies.
      score: steep(squashed) * 0.97,
      detail: `"${a.squashed}" and "${b.squashed}" spelled ${Math.round(squashed * 100)}% alike`,
    },
    {
      feature: 'sound',
      score: phonetic,
      detail: `sound keys "${a.skeleton}" and "${b.skeleton}" alike (${Math.round(phonetic * 100)}%)${crossScript ? ' across scripts' : ''}`,
    },
  ];
  const leading = leadingName(a, b, weight) ?? leadingName(b, a, weight);
  if (leading) candidates.push(leading);
  const acronym = acronymOf(a, b) ?? acronymOf(b, a);
  if (acronym) candidates.push({ feature: 'acronym', score: 0.85, detail: acronym });
  // Spelling and sound compare the distinctive words only: descriptors that only one name has
  // ("bank", "trading", "holdings") take their share away.
  for (const candidate of candidates) {
    // Acronyms are made of the descriptors' initials too: nothing to take away there.
    if ((candidate.feature === 'spelling' || candidate.feature === 'sound') && tokens.descriptorLoss > 0) {
      candidate.score -= tokens.descriptorLoss;
      candidate.detail += `, less ${Math.round(tokens.descriptorLoss * 100)}% for descriptors only one name has`;
    }
  }
  const best = candidates.reduce((top, candidate) => (candidate.score > top.score ? candidate : top));
  explanations.push({ ...best, score: round(best.score) });
  let score = best.score;

  if (
    a.legalForms.length > 0 &&
    b.legalForms.length > 0 &&
    !a.legalForms.some((form) => b.legalForms.includes(form))
  ) {
    score -= 0.03;
    explanations.push({
      feature: 'legal form',
      score: -0.03,
      detail: `different legal forms: ${a.legalForms.join(', ')} / ${b.legalForms.join(', ')}`,
    });
  }
  if (countries.a && countries.b && countries.a !== countries.b) {
    score -= 0.25;
    explanations.push({
      feature: 'country',
      score: -0.25,
      detail: `different countries: ${countries.a} / ${countries.b}`,
    });
  }
  return { score: round(Math.max(0, Math.min(1, score))), explanations };
}

/**
 * How alike two names sound: their consonant skeletons, trusted less when short (two consonants match too
 * much by chance), blended with their spelling. Across scripts the transliteration is rough and sound
 * carries more (and an r may be lost: Japanese long vowels); within one script it is a hint only.
 */
function soundSimilarity(a: NameForm, b: NameForm, crossScript: boolean, spelling: number): number {
  if (a.skeleton.length < 2 || b.skeleton.length < 2) return 0;
  let skeletons = stringSimilarity(a.skeleton, b.skeleton);
  if (crossScript && a.skeleton.length >= 4 && b.skeleton.length >= 4) {
    skeletons = Math.max(
      skeletons,
      stringSimilarity(a.skeleton.replace(/r/g, ''), b.skeleton.replace(/r/g, '')),
    );
  }
  const confidence = Math.min(1, Math.min(a.skeleton.length, b.skeleton.length) / 3);
  if (!crossScript) return steep(skeletons) * confidence * 0.85;
  return Math.min(
    1,
    CROSS_SCRIPT_SOUND * Math.max(skeletons * confidence, (2 * skeletons * confidence + spelling) / 3),
  );
}

/** Similarity above 0.5 stretched over 0 to 1: 0.95 → 0.9, 0.9 → 0.8, 0.8 → 0.6. */
function steep(similarity: number): number {
  return Math.max(0, 1 - 2 * (1 - similarity));
}

/**
 * When the whole of one name opens the other ("La Colombe" / "La Colombe Coffee Roasters"), the longer is
 * often the full name of the shorter: scored by how much of the longer name the shorter covers.
 */
function leadingName(short: NameForm, long: NameForm, weight: TokenWeight): Explanation | undefined {
  const shortTokens = [...short.core, ...short.descriptors].filter((token) => token.ascii);
  const longTokens = [...long.core, ...long.descriptors].filter((token) => token.ascii);
  if (shortTokens.length === 0 || shortTokens.length >= longTokens.length) return undefined;
  if (short.core.length === 0 || short.core.every((token) => token.factor < 1)) return undefined;
  for (let index = 0; index < shortTokens.length; index++) {
    if (tokenSimilarity(shortTokens[index]!.ascii, longTokens[index]!.ascii) < 0.9) return undefined;
  }
  // The rest of the longer name must be words of its own: an added descriptor ("Group", "Holdings", "Bank") or
  // a country most often names another company of the same group.
  if (longTokens.slice(shortTokens.length).some((token) => token.symbol || token.factor < 1))
    return undefined;
  const weightOf = (tokens: NameToken[]) =>
    tokens.reduce((sum, token) => sum + weight(token.ascii) * token.factor, 0);
  const coverage = weightOf(shortTokens) / weightOf(longTokens);
  return {
    feature: 'leading name',
    score: LEADING_BASE + LEADING_SPAN * coverage,
    detail: `"${short.original}" opens "${long.original}" (${Math.round(coverage * 100)}% of its weight)`,
  };
}

/** When one name is the initials of the other ("BIPC" for "Bandar Imam Petrochemical Company"). */
function acronymOf(short: NameForm, long: NameForm): string | undefined {
  const letters = short.core.length === 1 ? short.core[0]!.ascii : '';
  if (letters.length < 2 || letters.length > 8 || long.initials.length < 2) return undefined;
  if (letters === long.initials) return `"${letters.toUpperCase()}" is the initials of "${long.original}"`;
  return undefined;
}
