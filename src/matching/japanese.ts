import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { toRomaji } from 'wanakana';
import { settings } from '../settings.ts';

/**
 * Japanese readings of names written in kanji and kana: "大林組" is read オオバヤシグミ and romanised
 * "obayashigumi", where a character-by-character transliteration would give the Chinese "dalinzu". The
 * morphological analyser (kuromoji with the IPA dictionary, in the package: nothing is downloaded) also cuts
 * the name into words ("石井表記" → ishii, hyoki), which is how their English names are written.
 *
 * The dictionary takes about 1.4 s and 300 MB to load, so it is loaded on the first Japanese name only.
 * `BHR_JAPANESE_READINGS=0` turns readings off (names are then transliterated character by character).
 */

export interface JapaneseWord {
  /** The word as written. */
  text: string;
  /** Its reading in Hepburn romaji, long vowels written short as company names do ("Toyo", "Kobe"). */
  romaji: string;
}

interface KuromojiToken {
  surface_form: string;
  reading?: string;
}
interface Tokenizer {
  tokenize(text: string): KuromojiToken[];
}

let tokenizer: Tokenizer | null | undefined;

/**
 * Loads the analyser synchronously: the package's loader reads its files through callbacks, which run at
 * once when the files are read synchronously, as here.
 */
function analyser(): Tokenizer | null {
  if (tokenizer !== undefined) return tokenizer;
  tokenizer = null;
  if (!settings().japaneseReadings) return tokenizer;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@sglkc/kuromoji/package.json'));
  const DictionaryLoader = require(join(root, 'src/loader/DictionaryLoader.js'));
  const TokenizerClass = require(join(root, 'src/Tokenizer.js'));
  const loader = new DictionaryLoader(join(root, 'dict'));
  loader.loadArrayBuffer = (file: string, done: (error: Error | null, buffer?: ArrayBuffer) => void) => {
    const bytes = gunzipSync(readFileSync(file));
    done(null, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  loader.load((error: Error | null, dictionaries: unknown) => {
    if (error) throw error;
    tokenizer = new TokenizerClass(dictionaries) as Tokenizer;
  });
  return tokenizer;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /\p{Script=Han}/u;
const JAPANESE_LEGAL_FORM = /株式会社|有限会社|合同会社|合資会社|合名会社/u;

/** Kana, or a Japanese legal form, make a name Japanese; kanji alone may be Japanese or Chinese. */
export function japaneseLikelihood(text: string): 'japanese' | 'maybe' | 'no' {
  if (/\p{Script=Hangul}/u.test(text)) return 'no';
  if (KANA.test(text) || JAPANESE_LEGAL_FORM.test(text)) return 'japanese';
  return HAN.test(text) ? 'maybe' : 'no';
}

/** Hepburn romaji as company names write it: long vowels short ("ou", "oo", "uu" → o, u). */
function romanise(kana: string): string {
  return toRomaji(kana)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .replace(/ou|oo/g, 'o')
    .replace(/uu/g, 'u')
    .replace(/aa/g, 'a')
    .replace(/ii/g, 'i')
    .replace(/ee/g, 'e');
}

/**
 * The words of a run of Japanese text with their readings; `undefined` when the analyser is off. A word the
 * dictionary does not know keeps no reading unless it is written in kana.
 */
export function japaneseWords(text: string): (JapaneseWord & { known: boolean })[] | undefined {
  const analyse = analyser();
  if (!analyse) return undefined;
  return analyse
    .tokenize(text)
    .filter((token) => token.surface_form.trim())
    .map((token) => {
      const reading = token.reading && token.reading !== '*' ? token.reading : undefined;
      const kanaOnly = !HAN.test(token.surface_form);
      const source = reading ?? (kanaOnly ? token.surface_form : '');
      return { text: token.surface_form, romaji: source ? romanise(source) : '', known: Boolean(source) };
    });
}
