import { distance } from 'fastest-levenshtein';
import { foldLabel } from './slug.ts';

/**
 * The options a typed value most likely meant, for the "did you mean" of a form error: names that hold the
 * typed words ("security" in "Security & facility services"), then names a few letters away ("Nepall",
 * "Namibai"), then names with one word a letter away. Pure: the caller gives every name of every option, in
 * any language, and gets option ids back, best first.
 */
export interface NamedOption {
  id: string;
  names: readonly string[];
}

/** How many letters a typed text may differ from a name and still be offered: 1 in 4, at least 1. */
const allowedEdits = (length: number) => Math.max(1, Math.floor(length / 4));

function score(typed: string, typedWords: string[], name: string): number | undefined {
  if (!name) return undefined;
  const words = name.split(' ');
  // The typed words begin words of the name, in any order: the strongest hint.
  if (typedWords.every((word) => words.some((candidate) => candidate.startsWith(word)))) {
    return name.startsWith(typed) ? 0 : 0.5;
  }
  const edits = distance(typed, name);
  if (edits <= allowedEdits(typed.length)) return 1 + edits;
  const near = typedWords.filter(
    (word) =>
      word.length >= 4 &&
      words.some((candidate) => distance(word, candidate) <= allowedEdits(Math.max(word.length, 5))),
  );
  return near.length > 0 && near.length === typedWords.filter((word) => word.length >= 4).length
    ? 5
    : undefined;
}

export function closestOptions(typed: string, options: Iterable<NamedOption>, limit = 3): string[] {
  const folded = foldLabel(typed);
  if (!folded) return [];
  const typedWords = folded.split(' ');
  const best = new Map<string, { score: number; length: number }>();
  for (const option of options) {
    for (const name of option.names) {
      const folding = foldLabel(name);
      const found = score(folded, typedWords, folding);
      if (found === undefined) continue;
      const known = best.get(option.id);
      if (!known || found < known.score || (found === known.score && folding.length < known.length)) {
        best.set(option.id, { score: found, length: folding.length });
      }
    }
  }
  return [...best.entries()]
    .sort(([, a], [, b]) => a.score - b.score || a.length - b.length)
    .slice(0, limit)
    .map(([id]) => id);
}
