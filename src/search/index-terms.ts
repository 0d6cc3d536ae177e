import type { Concept } from './concept-names.ts';
import { normalizeText, wordKey } from './stemming.ts';
import { foldedTerm, isCjk, MAX_INDEXED_BIGRAMS, pushBigrams } from './terms.ts';

/**
 * What a record is indexed by beside its own words: for each word its ASCII form and its matching key
 * (stem, American spelling) where they differ from it, bigrams of CJK words, and one token per country and
 * issue it is filed under, so that a query naming one finds the record even when its text does not.
 */

/** The token a record filed under a country or an issue carries ("bhrcountrymy"); letters only. */
export function filedUnderToken(concept: Concept): string {
  return `bhr${concept.facet}${concept.value.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text as both backends compare them (see normalizeText). */
export function textWords(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

/** ASCII forms, keys and CJK bigrams of a text's words, space-separated, in the order of the words. */
export function wordExtras(text: string): string {
  const extras: string[] = [];
  let bigramsLeft = MAX_INDEXED_BIGRAMS;
  for (const word of textWords(text)) {
    if (isCjk(word)) {
      bigramsLeft = pushBigrams(word, bigramsLeft, extras);
      continue;
    }
    const folded = foldedTerm(word);
    if (folded) extras.push(folded);
    const key = wordKey(word);
    if (key && key !== word && key !== folded) extras.push(key);
  }
  return extras.join(' ');
}

/** The record's own fields a search also matches: its country and issues. */
export interface FiledUnder {
  country: string | null;
  issues: readonly string[];
}

export function filedUnderTokens(filed: FiledUnder): string {
  const concepts: Concept[] = filed.issues.map((issue) => ({ facet: 'issue', value: issue }));
  if (filed.country) concepts.unshift({ facet: 'country', value: filed.country });
  return concepts.map(filedUnderToken).join(' ');
}
