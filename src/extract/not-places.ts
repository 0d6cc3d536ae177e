import { cues } from './cues.ts';
import { countryNamed, placeNamed } from './gazetteer.ts';
import { leftContext, type Reading } from './reading.ts';

/**
 * Names of places that are not where the story places things: those of picture captions and of lines a page
 * repeats, and people's names that are also places ("Maria Jordan").
 */

/** Lines whose places are not the story's: picture captions, and lines the page repeats (a lede shown twice). */
export function linesLeftOut(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const seen = new Set<string>();
  let offset = 0;
  // Only the opening of a long text: captions and repeats are where a page starts.
  for (const line of text.slice(0, 30_000).split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length > 0) {
      const caption = trimmed.length <= 400 && cues.location.captionLine.test(trimmed);
      if (caption || (trimmed.length >= 30 && seen.has(trimmed)))
        spans.push({ start: offset, end: offset + line.length });
      seen.add(trimmed);
    }
    offset += line.length + 1;
  }
  return spans;
}

/**
 * The names of places that the article uses as people's names: after a title ("Ms Jordan"), or as a surname
 * after a given name ("Maria Jordan said", "Sam Chester, a driver,"), a given name being a capitalised word the
 * text never writes in lower case. Such a name is a person's wherever the text writes it, unless it is placed
 * ("in Jordan").
 */
export function surnamesOf(reading: Reading, spans: readonly { start: number; end: number }[]): Set<string> {
  const names = new Set<string>();
  for (const span of spans) {
    const name = reading.text.slice(span.start, span.end);
    const before = reading.text.slice(Math.max(0, span.start - 30), span.start);
    if (cues.location.titleBefore.test(before)) {
      names.add(name);
      continue;
    }
    const given = /(?:^|[^\p{L}.])(\p{Lu}\p{Ll}+) $/u.exec(before)?.[1];
    if (
      given &&
      !reading.lowerWords.has(given.toLowerCase()) &&
      !cues.leadingWord.test(given) &&
      !countryNamed(given) &&
      !placeNamed(given) &&
      cues.location.speechAfter.test(reading.text.slice(span.end, span.end + 30))
    )
      names.add(name);
  }
  return names;
}

/** Whether a country or place mention is a person's name, as `surnamesOf` found them. */
export function isPerson(
  reading: Reading,
  surnames: ReadonlySet<string>,
  start: number,
  end: number,
): boolean {
  if (!surnames.has(reading.text.slice(start, end))) return false;
  const before = leftContext(reading, start, 40);
  return !(cues.location.inBefore.test(before) || cues.location.toBefore.test(before));
}
