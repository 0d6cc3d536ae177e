import type { NameForm } from './normalise.ts';

/** Whether one company name is an acronym of another, read off its words' opening letters. */

/** Letters a word may give an acronym: its first up to four ("CO" of company, "KH" of khimicheskii). */
const ACRONYM_PREFIX = 4;

/**
 * When one name is an acronym of the other: the initials of its words ("BIPC" for "Bandar Imam Petrochemical
 * Company"), 1; or letters taken from the start of each word in order, a whole word kept, or one word left out
 * ("ZISCO" for "Zarand Iranian Steel Company", "WIVSA" for "WIV, Sociedad Anonima"), 0.8. The words are read
 * with their legal forms, without them, and without descriptors too ("NITC" for "National Iranian Tanker
 * Company PJSC", "ICIIC" for "Iran Chemical Industries Investment Company Public Joint Stock").
 */
export function acronymOf(short: NameForm, long: NameForm): { score: number; detail: string } | undefined {
  const single = short.core.length === 1 || short.core.every((token) => token.ascii.length <= 2);
  const letters = single ? short.squashed : '';
  if (letters.length < 2 || letters.length > 10 || long.acronymWords.length === 0) return undefined;
  if (letters === long.initials || long.acronymWords.some((words) => initialsOf(words) === letters)) {
    return { score: 1, detail: `"${letters.toUpperCase()}" is the initials of "${long.original}"` };
  }
  if (long.words.join('') === letters) return undefined;
  if (long.acronymWords.some((words) => alignsAsAcronym(letters, words))) {
    return {
      score: 0.8,
      detail: `"${letters.toUpperCase()}" is made of the opening letters of the words of "${long.original}"`,
    };
  }
  return undefined;
}

const initialsOf = (words: string[]) => words.map((word) => word[0]).join('');

/**
 * Whether the letters can be read off the words in order, each word giving the opening letters of itself
 * (one to four, or all of it) and at most one word giving none; at least two words must give letters.
 */
function alignsAsAcronym(letters: string, words: string[]): boolean {
  // The first letter opens the first word, or the second when the first is left out.
  if (letters[0] !== words[0]![0] && letters[0] !== words[1]?.[0]) return false;
  // best[skipped][i]: the most words that gave letters when the first i letters are read, with `skipped` words
  // left out so far; -1 when the first i letters cannot be read.
  const size = letters.length + 1;
  let best = [new Array<number>(size).fill(-1), new Array<number>(size).fill(-1)];
  best[0]![0] = 0;
  for (const word of words) {
    const next = [new Array<number>(size).fill(-1), new Array<number>(size).fill(-1)];
    for (let skipped = 0; skipped <= 1; skipped++) {
      for (let position = 0; position < size; position++) {
        const used = best[skipped]![position]!;
        if (used < 0) continue;
        if (skipped === 0) next[1]![position] = Math.max(next[1]![position]!, used);
        const longest = Math.min(word.length, letters.length - position);
        for (let take = 1; take <= longest; take++) {
          if (take > ACRONYM_PREFIX && take !== word.length) break;
          if (letters[position + take - 1] !== word[take - 1]) break;
          const at = position + take;
          next[skipped]![at] = Math.max(next[skipped]![at]!, used + 1);
        }
      }
    }
    best = next;
  }
  return best[0]![letters.length]! >= 2 || best[1]![letters.length]! >= 2;
}
