/** A word of the article with its place in the text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:\.(?=[\p{L}]\.)[\p{L}])*\.?/gu;

/**
 * The words of a text, split at spaces, hyphens and apostrophes ("Russia's" → Russia, s); dotted
 * abbreviations stay one word ("U.S." → U.S.).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    let word = match[0];
    // A full stop belongs to the word only in an abbreviation of single letters ("U.S.", "D.P.R.K.").
    if (word.endsWith('.') && !/^(?:\p{L}\.)+$/u.test(word)) word = word.slice(0, -1);
    tokens.push({ text: word, start: match.index, end: match.index + word.length });
  }
  return tokens;
}

/** The words of a name, the way `tokenize` cuts them, joined by single spaces: the key of a gazetteer. */
export function nameKey(name: string): string {
  return tokenize(name)
    .map((token) => token.text)
    .join(' ');
}

export const isCapitalised = (word: string) => /^[\p{Lu}\p{N}]/u.test(word) && /\p{L}/u.test(word);
