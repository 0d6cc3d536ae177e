import type { Evidence, ExtractionResult } from '../../extract/model.ts';

/** The evidence of a draft marked in the article's text, and the links from the review's rows to the marks. */

/** Whether evidence is marked in the article: the summary's span, sentences long, would hide the rest. */
const marked = (item: Evidence, text: string) =>
  item.end > item.start && item.end <= text.length && item.path !== '/summary';

/** Article text cut into plain and highlighted pieces: each evidence span once, overlaps left to the first. */
export function highlightedArticle(result: ExtractionResult): { text: string; evidence?: number }[] {
  const spans = result.evidence
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => marked(item, result.text))
    .sort((a, b) => a.item.start - b.item.start || b.item.end - a.item.end);
  const pieces: { text: string; evidence?: number }[] = [];
  let cursor = 0;
  const seen = new Set<string>();
  for (const { item, index } of spans) {
    if (item.start < cursor || seen.has(`${item.start}:${item.end}`)) continue;
    seen.add(`${item.start}:${item.end}`);
    if (item.start > cursor) pieces.push({ text: result.text.slice(cursor, item.start) });
    pieces.push({ text: result.text.slice(item.start, item.end), evidence: index });
    cursor = item.end;
  }
  if (cursor < result.text.length) pieces.push({ text: result.text.slice(cursor) });
  return pieces;
}

/**
 * Which evidence span a row can link to: its own, or the one shown for the same words; none when its words
 * are not marked in the article (a value given with the article, the summary).
 */
export function shownEvidence(result: ExtractionResult, index: number): number | undefined {
  const item = result.evidence[index]!;
  if (!marked(item, result.text)) return undefined;
  const first = result.evidence.findIndex((other) => other.start === item.start && other.end === item.end);
  return first >= 0 ? first : index;
}
