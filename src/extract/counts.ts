import { cues } from './cues.ts';

/** A number of people as an article writes it: exact ("1,200", "twelve", "more than 200") or vague ("hundreds"). */
export interface CountPhrase {
  /** The number, or null when the article gives only an order of magnitude ("hundreds", "dozens"). */
  value: number | null;
  start: number;
  end: number;
}

const { numbers, multipliers, exact } = cues.countWords;
// Longest first, so that "fourteen" is not read as "four".
const longestFirst = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|');
const NUMBER_WORD = longestFirst(Object.keys(numbers));
const MULTIPLIER_WORD = longestFirst(Object.keys(multipliers));
const EXACT_PHRASE = longestFirst(Object.keys(exact));
const COUNT = new RegExp(
  [
    `(?<digits>\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s*(?<digitScale>${MULTIPLIER_WORD}))?`,
    `(?<exact>${EXACT_PHRASE})`,
    `(?<tens>${NUMBER_WORD})(?:[-\\s](?<units>${NUMBER_WORD}))?(?:\\s+(?<scale>${MULTIPLIER_WORD}))?`,
    `(?<vague>${cues.countWords.vague})`,
  ]
    .map((part) => `(?<![\\p{L}\\p{N}])(?:${part})(?![\\p{L}])`)
    .join('|'),
  'giu',
);

/** The number a word of the table stands for; the pattern matched only words of the table, in any case. */
const valueOfWord = (table: Record<string, number>, word: string) => table[word.toLowerCase()]!;

function valueOf(groups: Record<string, string | undefined>): number | null {
  if (groups['digits']) {
    const base = Number(groups['digits'].replace(/,/g, ''));
    const scale = groups['digitScale'] ? valueOfWord(multipliers, groups['digitScale']) : 1;
    return Math.round(base * scale);
  }
  if (groups['exact']) return valueOfWord(exact, groups['exact']);
  if (groups['tens']) {
    const tens = valueOfWord(numbers, groups['tens']);
    const units = groups['units'] ? valueOfWord(numbers, groups['units']) : 0;
    const scale = groups['scale'] ? valueOfWord(multipliers, groups['scale']) : 1;
    return (tens + units) * scale;
  }
  return null;
}

/**
 * The count that a phrase of people starts with: the last number in `before` (the words ahead of a noun such
 * as "workers") that only adjectives, nationalities and "of" separate from the noun.
 */
export function countBefore(before: string, offset: number): CountPhrase | undefined {
  let found: CountPhrase | undefined;
  for (const match of before.matchAll(COUNT)) {
    const rest = before.slice(match.index + match[0].length);
    // Between the count and the noun: quotes, "of (the)", and up to five words that are not numbers or verbs.
    if (!cues.countPhrase.toNoun.test(rest)) continue;
    if (cues.countPhrase.notToNoun.test(rest)) continue;
    // An age is not a count ("a 31-year-old woman").
    if (cues.countPhrase.age.test(rest)) continue;
    // A year is not a count ("2024 workers" is rare; "in 2024, workers" is common).
    if (match.groups?.['digits'] && /^(?:19|20)\d\d$/.test(match.groups['digits'])) continue;
    // "some" and "many" say nothing unless nothing better is there.
    if (match.groups?.['vague'] && cues.countPhrase.weakVague.test(match[0])) continue;
    found = {
      value: valueOf(match.groups ?? {}),
      start: offset + match.index,
      end: offset + match.index + match[0].length,
    };
  }
  return found;
}

/** "a worker", "one woman": a single person, when the noun is singular and nothing else counts it. */
export function singleBefore(before: string, offset: number): CountPhrase | undefined {
  const match = cues.countPhrase.single.exec(before);
  if (!match || cues.countPhrase.notSingle.test(match[0])) return undefined;
  return { value: 1, start: offset + match.index, end: offset + match.index + match[0].trimEnd().length };
}
