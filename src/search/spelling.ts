import { distance } from 'fastest-levenshtein';
import { conceptNames } from './concept-names.ts';
import { textWords } from './index-terms.ts';
import { AND_WORDS, normalizeText, wordKey } from './stemming.ts';
import { foldedTerm, isCjk } from './terms.ts';

/**
 * "Did you mean": a word of a query that the index does not hold is replaced by the closest word it does
 * hold (Levenshtein distance, then how many records use the word). The vocabulary is the index's own words,
 * as an adapter reads them (SQLite fts5vocab, PostgreSQL ts_stat); nothing here touches the database.
 */

/** A word of the index and the number of records (or record columns) that hold it. */
export interface VocabularyWord {
  word: string;
  records: number;
}

export interface SpellingCorrection {
  /** The query with every correctable word replaced, everything else as typed. */
  text: string;
  /** Each replaced word, as typed and as corrected. */
  corrected: { from: string; to: string }[];
}

/** Words shorter than this are never corrected: too many words lie one letter away. */
const MIN_LETTERS = 3;
/** Words up to this length are corrected by one edit at most; longer ones by two. */
const ONE_EDIT_UP_TO = 4;
const WORD = /[\p{L}\p{N}]+/gu;
const HAS_DIGIT = /\p{N}/u;

const maxEdits = (length: number) => (length <= ONE_EDIT_UP_TO ? 1 : 2);

let conceptWords: Set<string> | undefined;
/** Words of the names of countries and issues: a query naming one finds its records without the index's words. */
function namedConceptWords(): Set<string> {
  if (conceptWords) return conceptWords;
  conceptWords = new Set();
  for (const { names } of conceptNames()) {
    for (const name of names) {
      for (const word of textWords(name)) {
        conceptWords.add(word);
        const key = wordKey(word);
        if (key) conceptWords.add(key);
      }
    }
  }
  return conceptWords;
}

/** The correction keeps the typed word's capitals: "Forsed" → "Forced", "ILO" stays in capitals. */
function inCaseOf(typed: string, word: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase() && typed !== typed.toLowerCase())
    return word.toUpperCase();
  const first = typed[0]!;
  if (first !== first.toLowerCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/** A number as the index writes it, which a JavaScript number holds exactly ("0", "2024", not "007"). */
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * A set of words that holds numbers ("2024", "118342") as numbers in one sorted typed array: an index of a
 * million records holds about a million of them (case numbers, counts), and a string and a set entry each
 * would take some 50 bytes apiece. Numbers are found once `seal` has sorted them.
 */
class WordSet {
  private readonly strings = new Set<string>();
  private added: number[] = [];
  private numbers = new Float64Array(0);

  add(word: string): void {
    if (DECIMAL.test(word)) this.added.push(Number(word));
    else this.strings.add(word);
  }

  seal(): void {
    const sorted = Float64Array.from(this.added).sort();
    let unique = 0;
    for (let index = 0; index < sorted.length; index++)
      if (index === 0 || sorted[index] !== sorted[index - 1]) sorted[unique++] = sorted[index]!;
    this.numbers = sorted.subarray(0, unique);
    this.added = [];
  }

  has(word: string): boolean {
    if (!DECIMAL.test(word)) return this.strings.has(word);
    const value = Number(word);
    let low = 0;
    let high = this.numbers.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.numbers[middle]!;
      if (found === value) return true;
      if (found < value) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  get size(): number {
    return this.strings.size + this.numbers.length;
  }
}

export class SpellingVocabulary {
  private readonly words = new WordSet();
  private readonly keys = new WordSet();
  /** Words by length in letters, most used first. */
  private readonly byLength = new Map<number, VocabularyWord[]>();

  constructor(entries: Iterable<VocabularyWord>) {
    for (const entry of entries) {
      const word = normalizeText(entry.word);
      // Numbers are not found before `seal`: a number seen again is added again, to the same effect.
      if (this.words.has(word)) continue;
      this.words.add(word);
      const key = wordKey(word);
      if (key) this.keys.add(key);
      const folded = foldedTerm(word);
      if (folded) this.words.add(folded);
      // Only plain words are offered: no digits, no CJK, nothing too short to be sure of.
      const length = [...word].length;
      if (length < MIN_LETTERS || HAS_DIGIT.test(word) || isCjk(word)) continue;
      const list = this.byLength.get(length) ?? [];
      list.push({ word, records: entry.records });
      this.byLength.set(length, list);
    }
    for (const list of this.byLength.values()) list.sort((a, b) => b.records - a.records);
    this.words.seal();
    this.keys.seal();
  }

  get size(): number {
    return this.words.size;
  }

  /** Whether a query word is found as it stands: the index holds it, its ASCII form or its key. */
  knows(word: string): boolean {
    const normalized = normalizeText(word);
    if (this.words.has(normalized)) return true;
    const folded = foldedTerm(normalized);
    if (folded && this.words.has(folded)) return true;
    const key = wordKey(normalized);
    return key !== undefined && this.keys.has(key);
  }

  /** The closest word of the index to an unknown word, or undefined when none is near enough. */
  closest(word: string): string | undefined {
    const normalized = normalizeText(word);
    const length = [...normalized].length;
    const limit = maxEdits(length);
    let best: { word: string; edits: number; sameStart: boolean; records: number } | undefined;
    for (let other = length - limit; other <= length + limit; other++) {
      for (const candidate of this.byLength.get(other) ?? []) {
        const edits = distance(normalized, candidate.word);
        if (edits > limit) continue;
        const sameStart = candidate.word[0] === normalized[0];
        const better =
          !best ||
          edits < best.edits ||
          (edits === best.edits && sameStart && !best.sameStart) ||
          (edits === best.edits && sameStart === best.sameStart && candidate.records > best.records);
        if (better) best = { word: candidate.word, edits, sameStart, records: candidate.records };
      }
    }
    return best?.word;
  }

  /** Whether a word of a query is one to correct: a plain word, not "and", not a country's or issue's name. */
  private correctable(word: string): boolean {
    const normalized = normalizeText(word);
    if ([...normalized].length < MIN_LETTERS || HAS_DIGIT.test(normalized) || isCjk(normalized)) return false;
    if (AND_WORDS.has(normalized)) return false;
    const names = namedConceptWords();
    if (names.has(normalized)) return false;
    const key = wordKey(normalized);
    if (key && names.has(key)) return false;
    return !this.knows(normalized);
  }

  /** The query with its unknown words corrected, or undefined when there is nothing to correct. */
  correct(text: string): SpellingCorrection | undefined {
    const corrected: SpellingCorrection['corrected'] = [];
    const replaced = text.replace(WORD, (typed) => {
      if (!this.correctable(typed)) return typed;
      const found = this.closest(typed);
      if (!found) return typed;
      const to = inCaseOf(typed, found);
      corrected.push({ from: typed, to });
      return to;
    });
    return corrected.length > 0 ? { text: replaced, corrected } : undefined;
  }
}
