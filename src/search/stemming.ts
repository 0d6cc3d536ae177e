import { newStemmer } from 'snowball-stemmers';
import { z } from 'zod';
import { foldedTerm } from './terms.ts';
import spellingFile from './spelling-variants.json' with { type: 'json' };

/**
 * The key a word is matched by beside its own form: its Snowball stem, in the language its script gives
 * (Cyrillic: Russian; Latin: English), British spellings taken to the American ones. Records and queries get
 * keys from this one function, so that "labourers", "laborer" and "labor" meet on "labor" on every backend.
 */

const english = newStemmer('english');
const russian = newStemmer('russian');

const SpellingFile = z.object({
  families: z.array(
    z
      .object({ british: z.string().min(1), american: z.string(), words: z.array(z.string().min(1)) })
      .refine((family) => family.words.every((word) => word.includes(family.british)), {
        error: 'every word of a spelling family holds its British part',
      }),
  ),
  pairs: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
});

/** British stem → American stem, from the spelling data: stems, so that every inflection follows. */
function spellingStems(): Map<string, string> {
  const data = SpellingFile.parse(spellingFile);
  const pairs: [string, string][] = [...data.pairs];
  for (const family of data.families) {
    for (const word of family.words) {
      const at = word.lastIndexOf(family.british);
      pairs.push([word, word.slice(0, at) + family.american + word.slice(at + family.british.length)]);
    }
  }
  const stems = new Map<string, string>();
  for (const [british, american] of pairs) {
    const from = english.stem(british);
    const to = english.stem(american);
    if (from !== to) stems.set(from, to);
  }
  return stems;
}
const AMERICAN_STEM = spellingStems();

/** Words that mean "and", dropped from unquoted queries and from names ("&" is no word at all). */
export const AND_WORDS: ReadonlySet<string> = new Set(['and', 'и']);

const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;

/**
 * A word as both backends compare it: lower case, NFC, accents of Latin letters removed ("côte" → "cote"),
 * as SQLite's unicode61 tokenizer does with remove_diacritics; PostgreSQL is fed the same forms.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC').toLowerCase();
}

const CYRILLIC_WORD = /^[\p{Script=Cyrillic}\p{N}]+$/u;
const ASCII_WORD = /^[a-z0-9]*[a-z][a-z0-9]*$/;

const CACHE_LIMIT = 200_000;
const keys = new Map<string, string | undefined>();

function computeKey(word: string): string | undefined {
  if (CYRILLIC_WORD.test(word)) return russian.stem(word.replace(/ё/g, 'е'));
  const ascii = ASCII_WORD.test(word) ? word : foldedTerm(word);
  if (!ascii || !ASCII_WORD.test(ascii)) return undefined;
  const stem = english.stem(ascii);
  return AMERICAN_STEM.get(stem) ?? stem;
}

/**
 * The matching key of a normalized word, or undefined for a script without a stemmer here (CJK, Arabic...),
 * whose words match as written. Cached: an index build asks for the same words millions of times.
 */
export function wordKey(word: string): string | undefined {
  if (keys.has(word)) return keys.get(word);
  const key = computeKey(word);
  if (keys.size >= CACHE_LIMIT) keys.clear();
  keys.set(word, key);
  return key;
}
