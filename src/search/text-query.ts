import { conceptNames, type Concept } from './concept-names.ts';
import { filedUnderToken, textWords } from './index-terms.ts';
import { AND_WORDS, normalizeText, wordKey } from './stemming.ts';
import { foldedTerm, isCjk } from './terms.ts';

/**
 * What the words of a search mean, as a tree both backends render into their own full-text syntax:
 * - a word matches by its key (stem, American spelling: "labourers" finds "labor"), else as written or
 *   in ASCII; a CJK word as itself or as the phrase of its bigrams;
 * - words that name a country or an issue ("Malaysian", "Ivory Coast", "Кража зарплаты") also match its
 *   other names in any language the data knows, and the records filed under it;
 * - "and" is no word to find ("health and safety" finds "Health & Safety");
 * - words in quotes match exactly, as adjacent words of the record's own text: no stem, no expansion.
 */
export type TextMatch =
  /** A token anywhere in the index: a word, its key or ASCII form, a filed-under token. */
  | { kind: 'term'; token: string }
  /** Adjacent words of the record's own text (title, summary, companies, excerpts). */
  | { kind: 'phrase'; words: string[] }
  /** A CJK word, or the run of its bigrams. */
  | { kind: 'cjk'; word: string }
  | { kind: 'any'; of: TextMatch[] }
  | { kind: 'all'; of: TextMatch[] };

export interface TextQuery {
  match: TextMatch;
  /** Countries and issues the words name, whose records are found too. */
  filedUnder: Concept[];
}

/** Words read from a query, like the search before: at most 20. */
const MAX_WORDS = 20;
/** The longest name, in words, looked for in a query. */
const MAX_NAME_WORDS = 8;
const QUOTES = /["“”„«»]/;
const RAW_WORD = /[\p{L}\p{N}]+/gu;

const term = (token: string): TextMatch => ({ kind: 'term', token });
const any = (of: TextMatch[]): TextMatch => (of.length === 1 ? of[0]! : { kind: 'any', of });
const all = (of: TextMatch[]): TextMatch => (of.length === 1 ? of[0]! : { kind: 'all', of });

/** One unquoted word: by its key, else as written or in ASCII. */
function wordMatch(word: string): TextMatch {
  if (isCjk(word)) return { kind: 'cjk', word };
  const key = wordKey(word);
  if (key) return term(key);
  const folded = foldedTerm(word);
  return folded ? any([term(word), term(folded)]) : term(word);
}

const keyOf = (word: string) => (isCjk(word) ? word : (wordKey(word) ?? word));

interface Name {
  concept: Concept;
  words: string[];
  /** A name of one short word ("UAE", "US") is read only in capitals, never from "us". */
  acronym: boolean;
}

interface Dictionary {
  /** Keys of a name's words, space-joined → the concepts so named (two or more: ambiguous, not read). */
  byKey: Map<string, Concept[]>;
  /** "facet:value" → the matches of each of the concept's names. */
  alternatives: Map<string, { key: string; match: TextMatch }[]>;
}

let dictionary: Dictionary | undefined;
const conceptId = (concept: Concept) => `${concept.facet}:${concept.value}`;

function buildDictionary(): Dictionary {
  const names: Name[] = [];
  for (const { concept, names: written } of conceptNames()) {
    for (const name of written) {
      const words = textWords(name).filter((word) => !AND_WORDS.has(word));
      // "U.S.", "U.A.E.": letters that would read as single-letter words.
      if (words.length === 0 || words.every((word) => [...word].length === 1)) continue;
      if (words.length > MAX_NAME_WORDS) continue;
      names.push({ concept, words, acronym: words.length === 1 && [...words[0]!].length <= 3 });
    }
  }
  const byKey = new Map<string, Concept[]>();
  const alternatives = new Map<string, { key: string; match: TextMatch }[]>();
  const keyOfName = (name: Name) => name.words.map(keyOf).join(' ');
  for (const name of names) {
    if (name.acronym) continue;
    const key = keyOfName(name);
    const concepts = byKey.get(key) ?? [];
    if (!concepts.some((concept) => conceptId(concept) === conceptId(name.concept)))
      concepts.push(name.concept);
    byKey.set(key, concepts);
  }
  for (const name of names) {
    const key = keyOfName(name);
    if ((byKey.get(key)?.length ?? 1) > 1) continue;
    // Two-letter names ("us") are words too often to stand for a country in a record's text.
    if (name.acronym && [...name.words[0]!].length < 3) continue;
    const list = alternatives.get(conceptId(name.concept)) ?? [];
    if (list.some((alternative) => alternative.key === key)) continue;
    list.push({
      key,
      match: name.words.length === 1 ? wordMatch(name.words[0]!) : { kind: 'phrase', words: name.words },
    });
    alternatives.set(conceptId(name.concept), list);
  }
  for (const [key, concepts] of byKey) if (concepts.length > 1) byKey.delete(key);
  return { byKey, alternatives };
}

/** Acronyms are kept apart: read only when written in capitals. */
let acronyms: Map<string, Concept> | undefined;
function acronymConcepts(): Map<string, Concept> {
  if (acronyms) return acronyms;
  acronyms = new Map();
  const seen = new Map<string, number>();
  for (const { concept, names } of conceptNames()) {
    for (const name of names) {
      const words = textWords(name);
      if (words.length !== 1 || [...words[0]!].length > 3 || [...words[0]!].length < 2) continue;
      const word = words[0]!;
      if (acronyms.get(word) && conceptId(acronyms.get(word)!) === conceptId(concept)) continue;
      seen.set(word, (seen.get(word) ?? 0) + 1);
      acronyms.set(word, concept);
    }
  }
  for (const [word, count] of seen) if (count > 1) acronyms.delete(word);
  return acronyms;
}

interface QueryWord {
  /** As typed, for telling capitals. */
  raw: string;
  word: string;
}

/** The stem key of every word, or undefined when one has none (CJK, scripts without a stemmer). */
function stemKeys(words: readonly string[]): string[] | undefined {
  const keys = words.map((word) => (isCjk(word) ? undefined : wordKey(word)));
  return keys.every((key) => key !== undefined) ? (keys as string[]) : undefined;
}

/**
 * The match of a run of words naming `concept`: the words as typed, its other names, its records.
 * A name that holds every word of a shorter one ("Federal Democratic Republic of Nepal" beside "Nepal")
 * finds nothing the shorter does not (a record holding a word is indexed by the word's key), so it is left
 * out: phrases of common words ("republic of") cost the index far more than they add.
 */
function conceptMatch(concept: Concept, words: string[], key: string): TextMatch {
  const alternatives = (dictionary!.alternatives.get(conceptId(concept)) ?? []).filter(
    (alternative) => alternative.key !== key,
  );
  const broader: string[][] = [];
  const typed = stemKeys(words);
  if (typed) broader.push(typed);
  for (const alternative of alternatives) {
    // A one-word name is matched by its key (wordMatch).
    if (alternative.match.kind === 'term') broader.push([alternative.match.token]);
  }
  const others = alternatives
    .filter((alternative) => {
      if (alternative.match.kind !== 'phrase') return true;
      const keys = stemKeys(alternative.match.words);
      return !keys || !broader.some((shorter) => shorter.every((part) => keys.includes(part)));
    })
    .map((alternative) => alternative.match);
  return any([all(words.map(wordMatch)), ...others, term(filedUnderToken(concept))]);
}

function unquotedMatches(words: QueryWord[], filedUnder: Concept[]): TextMatch[] {
  dictionary ??= buildDictionary();
  const matches: TextMatch[] = [];
  const keys = words.map((word) => keyOf(word.word));
  for (let start = 0; start < words.length;) {
    let found: { concept: Concept; length: number } | undefined;
    for (let length = Math.min(MAX_NAME_WORDS, words.length - start); length >= 1 && !found; length--) {
      const key = keys.slice(start, start + length).join(' ');
      const concepts = dictionary.byKey.get(key);
      if (concepts) found = { concept: concepts[0]!, length };
      else if (length === 1 && words[start]!.raw === words[start]!.raw.toUpperCase()) {
        const concept = acronymConcepts().get(words[start]!.word);
        if (concept) found = { concept, length };
      }
    }
    if (!found) {
      matches.push(wordMatch(words[start]!.word));
      start++;
      continue;
    }
    const run = words.slice(start, start + found.length).map((word) => word.word);
    matches.push(conceptMatch(found.concept, run, keys.slice(start, start + found.length).join(' ')));
    if (!filedUnder.some((concept) => conceptId(concept) === conceptId(found.concept)))
      filedUnder.push(found.concept);
    start += found.length;
  }
  return matches;
}

/** Reads a search text; undefined when it has no word to find. */
export function parseTextQuery(text: string): TextQuery | undefined {
  const parts = text.normalize('NFC').split(QUOTES);
  const matches: TextMatch[] = [];
  const filedUnder: Concept[] = [];
  let unquoted: QueryWord[] = [];
  let budget = MAX_WORDS;
  const flush = () => {
    const words = unquoted.filter((word) => !AND_WORDS.has(word.word));
    // A query of nothing but "and" still looks for it.
    for (const match of unquotedMatches(words.length > 0 ? words : unquoted, filedUnder)) matches.push(match);
    unquoted = [];
  };
  parts.forEach((part, index) => {
    // An odd index lies between two quotes, unless the last quote is never closed.
    const quoted = index % 2 === 1 && (parts.length % 2 === 1 || index < parts.length - 1);
    const raw = (part.match(RAW_WORD) ?? []).slice(0, budget);
    budget -= raw.length;
    if (!quoted) {
      for (const word of raw) unquoted.push({ raw: word, word: normalizeText(word) });
      return;
    }
    flush();
    if (raw.length > 0) matches.push({ kind: 'phrase', words: raw.map((word) => normalizeText(word)) });
  });
  flush();
  if (matches.length === 0) return undefined;
  return { match: all(matches), filedUnder };
}

/** A text that equal queries share, for caching their matches ("Labour  FORCED" and "labour forced"). */
export function textQueryKey(text: string): string {
  const query = parseTextQuery(text);
  return query ? JSON.stringify(query.match) : '';
}
