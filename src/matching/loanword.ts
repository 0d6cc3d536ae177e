import { soundKey } from './spelling.ts';

/**
 * Names compared by how they sound across scripts that write a Latin name by sound. Katakana and Hangul spell
 * an English brand with a vowel after every consonant ("Trust Park" is トラストパーク, torasutopaku) and, as
 * English is heard there, without an r after a vowel ("park" → paku, "store" → sutoa): once the added vowels
 * are dropped on one side and the r not heard on the other, "trastpak" and "trustpak" compare. Arabic and
 * Hebrew write few vowels ("Arab" is عرب, "rb"): those are compared on consonants (the `skeleton`, in score.ts).
 */

/** Scripts that spell a foreign name syllable by syllable, adding vowels. */
export const SYLLABIC = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Scripts that write few vowels. */
export const ABJAD = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;

/** How a name's script writes a Latin name: by syllables, by consonants, in Latin letters, or otherwise. */
export type SoundScript = 'syllabic' | 'abjad' | 'latin' | 'other';

export function soundScriptOf(text: string): SoundScript {
  if (SYLLABIC.test(text)) return 'syllabic';
  if (ABJAD.test(text)) return 'abjad';
  return /[^\p{Script=Latin}\P{L}]/u.test(text) ? 'other' : 'latin';
}

/**
 * An English word as Japanese and Korean hear it: a final silent e, and an r after a vowel, are not heard; a
 * final "dge" is a j ("ridge", rijji).
 */
function asHeard(word: string): string {
  const stem = word.length > 3 ? word.replace(/(?<=[aeiouy][^aeiouy]+)e$/, '') : word;
  return stem
    .replace(/(?<=[aeiouy])r+(?![aeiouy])/g, '')
    .replace(/dge?$/, 'j')
    .replace(/ue$/, 'u');
}

const CONSONANT = '[bcdfghjklmnpqrstvwxz]';
/** Vowels katakana and Hangul add to a consonant that has none in the word they spell. */
const EPENTHETIC = [
  // Japanese: u after most consonants, o after t and d, i after sh, ch and j ("sutoa", "doraibu", "burijji").
  new RegExp(`(?<=${CONSONANT})u(?=${CONSONANT}|$)`, 'g'),
  new RegExp(`(?<=[td])o(?=${CONSONANT}|$)`, 'g'),
  new RegExp(`(?<=sh|ch|j)i(?=${CONSONANT}|$)`, 'g'),
  // Korean: eu after a consonant ("seuteo" for "st").
  new RegExp(`(?<=${CONSONANT})eu`, 'g'),
];

/** A word of a syllabic script without the vowels it adds to a foreign word's consonants. */
function withoutAddedVowels(word: string): string {
  let out = word;
  for (const pattern of EPENTHETIC) out = out.replace(pattern, '');
  return out.replace(/eo/g, 'o');
}

/**
 * A name's words in order, descriptors included, as keys: `spoken`, its sound key (for names whose descriptors
 * one side's tables know and the other's do not: "Trust Park" / "ტრასტ პარკი"); and `heard`, its sound key as
 * a syllabic script spells it: a Latin name without the r and e that script does not hear, a katakana or
 * Hangul name without the vowels it adds.
 */
export function soundForms(words: string[], script: SoundScript): SoundForms {
  const spoken = soundKey(words.join(''));
  if (script === 'latin') return { spoken, heard: soundKey(words.map(asHeard).join('')) };
  if (script === 'syllabic') return { spoken, heard: soundKey(words.map(withoutAddedVowels).join('')) };
  return { spoken, heard: '' };
}

export interface SoundForms {
  spoken: string;
  heard: string;
}
