import { distance } from 'fastest-levenshtein';
import type { NameForm, NameToken } from './normalise.ts';

/**
 * How alike two analysed names are word by word: each word's best likeness in the other name (the same
 * descriptor, or a spelling close enough for its length), weighed by the word's rarity and kind.
 */

/** How much a token says: rare tokens say more. A function of the index's document frequencies. */
export type TokenWeight = (ascii: string) => number;

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
  /** The share of the lighter name's weight found in the other: 1 when one name is inside the other. */
  coverShort: number;
  /** The share of the heavier name's weight found in the other: low when it adds words of its own. */
  coverLong: number;
  /** The names differ by a country's name only one has ("Havanatur" / "Havanatur Chile"): all else is found. */
  extraPlace: boolean;
}

/** The best likeness of a token to any of the other name's tokens. */
export function bestLikeness(token: NameToken, others: NameToken[]): number {
  let best = 0;
  for (const other of others) {
    const likeness = similarityOf(token, other);
    if (likeness > best) best = likeness;
    if (best === 1) break;
  }
  return best;
}

export function compareTokens(a: NameForm, b: NameForm, weight: TokenWeight): TokenComparison {
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
  const [lighter, heavier] = sideA.total <= sideB.total ? [sideA, sideB] : [sideB, sideA];
  const cover = (side: typeof sideA) => (side.total > 0 ? side.matched / side.total : 0);
  return {
    score: total > 0 ? (sideA.matched + sideB.matched) / total : 0,
    descriptorLoss: total > 0 ? (sideA.lost + sideB.lost) / total : 0,
    descriptorConflict: sideA.lostDescriptor && sideB.lostDescriptor,
    coverShort: cover(lighter),
    coverLong: cover(heavier),
    extraPlace: (sideA.extraPlace || sideB.extraPlace) && !sideA.unmatchedOther && !sideB.unmatchedOther,
  };
}

/** One name's token weight: in all, found in the other name, and lost in descriptors the other lacks. */
function weighSide(tokens: NameToken[], best: Float64Array, weight: TokenWeight) {
  let matched = 0;
  let total = 0;
  let lost = 0;
  let lostDescriptor = false;
  let extraPlace = false;
  let unmatchedOther = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.place && best[i] === 0) extraPlace = true;
    else if (best[i] === 0 && !token.symbol) unmatchedOther = true;
    const w = (token.ascii ? weight(token.ascii) : 0.5) * token.factor;
    matched += w * best[i]!;
    total += w;
    if (token.symbol) {
      lost += w * (1 - best[i]!);
      if (best[i] === 0 && token.factor >= 0.5) lostDescriptor = true;
    }
  }
  return { matched, total, lost, lostDescriptor, extraPlace, unmatchedOther };
}
