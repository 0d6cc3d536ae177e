import anyAscii from 'any-ascii';

/** Words of a search text, in any script; FTS syntax characters are dropped, never interpreted. */
export function searchTerms(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 20);
}

const CJK = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function isCjk(word: string): boolean {
  return CJK.test(word);
}

/** Overlapping two-character pieces of a CJK word, which has no spaces to split on ("노동자" → 노동, 동자). */
export function bigrams(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2) return chars;
  return chars.slice(0, -1).map((char, index) => char + chars[index + 1]);
}

/** An ASCII form of a word when it differs ("łódź" → "lodz"), so that accents and special letters fold. */
export function foldedTerm(word: string): string | undefined {
  if (isCjk(word)) return undefined;
  const folded = anyAscii(word)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  return folded && folded !== word ? folded : undefined;
}

/**
 * The most CJK bigrams indexed for one record: about 30,000 characters of Chinese, Japanese or Korean text,
 * far more than a record holds. Past it the rest is still found by its whole words, not by pieces of them. The
 * bound keeps one huge word from growing the index without limit (PostgreSQL refuses a tsvector over 1 MB).
 */
export const MAX_INDEXED_BIGRAMS = 30_000;

/** Pushes the bigrams of a CJK word onto `into`, at most `left` of them; gives back how many may follow. */
export function pushBigrams(word: string, left: number, into: string[]): number {
  if (left === 0) return 0;
  const pieces = bigrams(word);
  const taken = Math.min(pieces.length, left);
  for (let index = 0; index < taken; index++) into.push(pieces[index]!);
  return left - taken;
}

/**
 * Extra text indexed beside a record's own text: ASCII forms of its words and bigrams of its CJK words, so
 * that a search finds "Lodz" in "Łódź" and "노동자" in "노동자들이".
 */
export function indexExtras(text: string): string {
  const extras: string[] = [];
  let bigramsLeft = MAX_INDEXED_BIGRAMS;
  for (const word of text
    .normalize('NFC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (isCjk(word)) {
      bigramsLeft = pushBigrams(word, bigramsLeft, extras);
    } else {
      const folded = foldedTerm(word);
      if (folded) extras.push(folded);
    }
  }
  return extras.join(' ');
}
