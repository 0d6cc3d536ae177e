import type { Evidence } from './model.ts';
import { splitSentences } from './sentences.ts';

/**
 * A source's excerpt: the paragraphs of the article that carry the evidence of a draft, not the whole article.
 * Written as the text form writes excerpts (docs/text-form.md, DESIGN.md): one paragraph a line, and a line
 * that does not follow the one before it in the article starts with the ellipsis "…".
 */

/** At most this many characters: an excerpt quotes the article, it does not republish it. */
export const EXCERPT_CHARACTERS = 1500;

/** A paragraph longer than this is quoted by its sentences that carry evidence, not whole. */
export const LONG_PARAGRAPH = 600;

/** The mark of a line that does not follow the one before it in the article. */
export const GAP = '…';

const FRAME = /^\/(title|dateReported|sourceType|sources)(\/|$)/;

/**
 * Evidence of the article's frame: its headline and date lines, its publisher. A paragraph that one such span
 * covers whole is the headline or the date line, never a quote.
 */
export function isFrameEvidence(item: Pick<Evidence, 'path' | 'start' | 'end'>): boolean {
  return item.end > item.start && FRAME.test(item.path);
}

/**
 * Evidence that says where a fact is told in the article's words. The frame does not (see above), and the
 * summary repeats sentences that carry evidence of their own: neither chooses a paragraph.
 */
export function isFactEvidence(item: Pick<Evidence, 'path' | 'start' | 'end'>): boolean {
  return item.end > item.start && !FRAME.test(item.path) && item.path !== '/summary';
}

/** Whether a frame span covers the whole of start..end: a headline or date line. */
export function isFrameLine(
  evidence: readonly Pick<Evidence, 'path' | 'start' | 'end'>[],
  start: number,
  end: number,
): boolean {
  return evidence.some((item) => isFrameEvidence(item) && item.start <= start && item.end >= end);
}

/** A piece of the article that an excerpt quotes whole: a paragraph, or a sentence of a long paragraph. */
interface Unit {
  start: number;
  end: number;
  paragraph: number;
  /** The unit's place among all units of the text: consecutive units follow each other in the article. */
  order: number;
}

/** Paragraphs are the text's non-blank lines, trimmed; a long one is cut into its sentences. */
function unitsOf(text: string): Unit[] {
  const units: Unit[] = [];
  let lineStart = 0;
  let paragraph = 0;
  for (const line of text.split('\n')) {
    const leading = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (trimmed) {
      const start = lineStart + leading;
      if (trimmed.length <= LONG_PARAGRAPH)
        units.push({ start, end: start + trimmed.length, paragraph, order: units.length });
      else
        for (const sentence of splitSentences(trimmed))
          units.push({
            start: start + sentence.start,
            end: start + sentence.end,
            paragraph,
            order: units.length,
          });
      paragraph += 1;
    }
    lineStart += line.length + 1;
  }
  return units;
}

/** Text cut at a word boundary before `limit` characters, the cut marked by an ellipsis. */
export function shortened(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}${GAP}`;
}

/**
 * The excerpt of an article for a draft: the paragraphs (or, in a long paragraph, the sentences) where the
 * given evidence stands, in the article's order. When they are longer than `maxCharacters`, those carrying
 * the most evidence are kept. With no evidence in the article's words, the opening paragraph. Pure.
 */
export function sourceExcerpt(
  text: string,
  evidence: readonly Pick<Evidence, 'path' | 'start' | 'end'>[],
  maxCharacters = EXCERPT_CHARACTERS,
): string {
  const units = unitsOf(text);
  const facts = evidence.filter(isFactEvidence);
  const carried = units
    .filter((unit) => !isFrameLine(evidence, unit.start, unit.end))
    .map((unit) => ({
      unit,
      count: facts.filter((item) => item.start >= unit.start && item.start < unit.end).length,
    }));
  const withEvidence = carried.filter(({ count }) => count > 0);
  if (withEvidence.length === 0) {
    const opening = carried[0]?.unit;
    return opening ? shortened(text.slice(opening.start, opening.end), maxCharacters) : '';
  }
  // The most telling units first, each taken while the excerpt stays within its length.
  const ranked = [...withEvidence].sort((a, b) => b.count - a.count || a.unit.start - b.unit.start);
  const chosen: Unit[] = [];
  let length = 0;
  for (const { unit } of ranked) {
    const size = unit.end - unit.start + 2;
    if (chosen.length > 0 && length + size > maxCharacters) continue;
    chosen.push(unit);
    length += size;
  }
  chosen.sort((a, b) => a.start - b.start);
  let excerpt = '';
  let previous: Unit | undefined;
  for (const unit of chosen) {
    const words = text.slice(unit.start, unit.end);
    if (!previous) excerpt = words;
    else if (unit.order !== previous.order + 1) excerpt += `\n${GAP}${words}`;
    else excerpt += unit.paragraph === previous.paragraph ? ` ${words}` : `\n${words}`;
    previous = unit;
  }
  return shortened(excerpt, maxCharacters);
}
