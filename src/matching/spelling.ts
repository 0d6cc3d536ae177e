import anyAscii from 'any-ascii';

/**
 * Keys that let names be compared across spellings and scripts: the ASCII transliteration of a word, a second
 * reading of scripts that hide or add vowels, a consonant skeleton and a sound key.
 */

/**
 * Case, compatibility forms (full-width letters) and punctuation folded; single spaces. Combining marks stay:
 * they are the vowels of Indic and Thai words.
 */
export function foldKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/** A word in ASCII: transliterated (Thai vowels first put in spoken order), lower case, letters and digits only. */
export function ascii(token: string): string {
  // Thai writes some vowels before the consonant they follow in speech (แมคโคร is "makro"), and a silent
  // อ carries a vowel at the start of a syllable: both put in spoken order before transliterating.
  const spoken = /\p{Script=Thai}/u.test(token)
    ? token.replace(/([เแโใไ])([ก-ฮ][รลว]?)/gu, '$2$1').replace(/อ(?=[\u0e30-\u0e39\u0e40-\u0e44])/gu, '')
    : token;
  return anyAscii(spoken)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * A second reading of scripts whose transliteration hides vowels or adds them: Hebrew and Arabic write few
 * vowels, and w/v/y between consonants mostly are vowels (סונול "svnvl" is Sonol); Korean adds "eu" after
 * consonants a loanword runs together (스타벅스 "seutabeogseu" is Starbucks) and writes o as "eo".
 */
export function vocalised(token: string, transliterated: string): string {
  if (/[\p{Script=Hebrew}\p{Script=Arabic}]/u.test(token)) {
    return transliterated
      .replace(/(?<=[^aeiou]|^)[wv](?=[^aeiou]|$)/g, 'o')
      .replace(/(?<=[^aeiou])y(?=[^aeiou]|$)/g, 'i');
  }
  if (/\p{Script=Hangul}/u.test(token)) {
    return transliterated.replace(/(?<=[^aeiou])eu/g, '').replace(/eo/g, 'o');
  }
  return transliterated;
}

/** Scripts with a second, vocalised reading (see `vocalised`). */
export const VOCALISED_SCRIPTS = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Hangul}]/u;

/** Consonant classes of the skeleton: each letter that stays, and the class it falls in. */
const CONSONANT_CLASS: Record<string, string> = {
  b: 'p',
  p: 'p',
  f: 'p',
  v: 'p',
  w: 'p',
  c: 'k',
  k: 'k',
  q: 'k',
  g: 'k',
  s: 's',
  z: 's',
  j: 's',
  t: 't',
  d: 't',
  l: 'r',
  r: 'r',
  m: 'n',
  n: 'n',
};

/**
 * A consonant skeleton that survives transliteration, for candidate search: vowels, h and y dropped, and
 * w/v too where no vowel follows (the "eu" of Euroset is the "ев" of Евросеть); the consonants in classes
 * that romanisations of Cyrillic, Hangul, kana, Arabic or Georgian mix up (b/p/f/v/w, c/k/q/g, s/z/j and
 * sh/ch/zh/ts, t/d, l/r, m/n); repeats collapsed. "Фреско" (fresko) and "ფრესკო" (presko) both come to "prsk";
 * "Starbucks" and "スターバックス" (sutaabakkusu) to "strpks" and "stpks", which meet with one consonant left
 * out (see name-keys.ts).
 */
export function skeleton(text: string): string {
  const spelled = text
    .replace(/ph/g, 'f')
    .replace(/ck|qu/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/x/g, 'ks')
    .replace(/d?zh|sch|t?sh|t?ch|ts|tz|dj|dz/g, 's')
    .replace(/[wv](?![aeiouy])/g, '');
  let out = '';
  for (const char of spelled) {
    const mapped = CONSONANT_CLASS[char] ?? (char >= '0' && char <= '9' ? char : '');
    if (mapped && !out.endsWith(mapped)) out += mapped;
  }
  return out;
}

/**
 * A spelling key that forgets what transliterations disagree on: c/k/q, v/w/b, z/s, y/i, l/r, doubled letters,
 * an h after a consonant. "Wildberries" and "Вайлдберриз" (vayldberriz) come to "birdberis" and "bairdberis".
 */
export function soundKey(text: string): string {
  return text
    .replace(/ph/g, 'f')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/ck|c|q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/([bcdfgjklmnpqrstvwxz])h/g, '$1')
    .replace(/[vw]/g, 'b')
    .replace(/[zj]/g, 's')
    .replace(/y/g, 'i')
    .replace(/l/g, 'r')
    .replace(/ou|oo/g, 'o')
    .replace(/ee/g, 'i')
    .replace(/(.)\1+/g, '$1');
}
