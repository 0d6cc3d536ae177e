import anyAscii from 'any-ascii';

/** Short function words that say nothing about what an allegation is about. */
const STOP_WORDS = new Set(
  'the and for with from that this are was were has have had its their over into after amid about against alleged allegedly'.split(
    ' ',
  ),
);

/** The content words of a text, folded to ASCII, for comparing two texts about the same incident. */
export function contentWords(text: string): Set<string> {
  const words = anyAscii(text.normalize('NFC'))
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  return new Set((words ?? []).filter((word) => word.length >= 3 && !STOP_WORDS.has(word)));
}

/** Jaccard similarity of the content words of two texts: 0 (nothing shared) to 1 (the same words). */
export function textSimilarity(a: string, b: string): number {
  return wordSetSimilarity(contentWords(a), contentWords(b));
}

/** Jaccard similarity of two sets of content words (read once with `contentWords`, compared many times). */
export function wordSetSimilarity(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return shared / (left.size + right.size - shared);
}
