import anyAscii from 'any-ascii';

/**
 * The slug rule of DESIGN.md: lower case, `&` and punctuation dropped, runs of spaces to `-`.
 * Text in other scripts is transliterated to ASCII first so that every title gets a readable slug.
 */
export function slugify(text: string, maxLength = Infinity): string {
  const words = anyAscii(text)
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9\s-]+/g, '')
    .split(/[\s]+/)
    .map((word) => word.replace(/^-+|-+$/g, ''))
    .filter((word) => word.length > 0);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) return slug || next.slice(0, maxLength);
    slug = next;
  }
  return slug.replace(/-{2,}/g, '-');
}

const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

/** Folds a label for lookup: case, accents, `&`/`and`, punctuation and spacing do not matter. */
export function foldLabel(text: string): string {
  const cached = foldCache.get(text);
  if (cached !== undefined) return cached;
  // Plain ASCII needs no Unicode normalisation, which is the costly part.
  const folded = (
    /^[\x20-\x7e]*$/.test(text)
      ? text
      : text
          .normalize('NFKD')
          .replace(/\p{M}+/gu, '')
          .normalize('NFC')
  )
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Labels repeat endlessly in an import; free text does not, so only short strings are kept.
  if (text.length <= 80) {
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(text, folded);
  }
  return folded;
}
