import anyAscii from 'any-ascii';
import { bigrams, isCjk, searchTerms } from './terms.ts';

/** A piece of text, marked where it matched a search term. */
export interface Segment {
  text: string;
  match: boolean;
}

/**
 * Folds one character for matching: to ASCII (so "ł" meets "l"), lower case. Text and terms fold alike, so
 * Cyrillic or Hangul compare through the same transliteration.
 */
function foldChar(char: string): string {
  return anyAscii(char).toLowerCase();
}

const fold = (text: string) => [...text].map(foldChar).join('');

/** The needles a term is found by in plain text: its folded form, and for CJK words their bigrams. */
function needles(terms: string[]): string[] {
  const found = new Set<string>();
  for (const term of terms) {
    found.add(fold(term));
    if (isCjk(term)) for (const piece of bigrams(term)) found.add(fold(piece));
  }
  return [...found].filter((needle) => needle.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * A window of `text` of about `length` characters around the first match of the query's terms, cut into
 * segments with the matches marked. Rendering escapes each segment; nothing here produces HTML.
 */
export function snippet(text: string, query: string, length = 240): Segment[] {
  const chars = [...text];
  const folded = chars.map(foldChar);
  const haystack = folded.join('');
  // Offsets into the folded string map back to characters through the running lengths.
  const starts: number[] = [];
  let offset = 0;
  for (const piece of folded) {
    starts.push(offset);
    offset += piece.length;
  }
  const toChar = (position: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const marks: [number, number][] = [];
  // The characters already marked: a match is checked against them in its own length, not against every
  // earlier mark, which a long repetitive text has by the hundred thousand.
  const marked = new Uint8Array(chars.length);
  for (const needle of needles(searchTerms(query))) {
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
      const start = toChar(at);
      const end = toChar(at + needle.length - 1) + 1;
      if (marked.subarray(start, end).includes(1)) continue;
      marked.fill(1, start, end);
      marks.push([start, end]);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  const first = marks[0]?.[0] ?? 0;
  let from = Math.max(0, first - Math.floor(length / 3));
  const to = Math.min(chars.length, from + length);
  from = Math.max(0, Math.min(from, to - length));
  const segments: Segment[] = [];
  let cursor = from;
  const push = (end: number, match: boolean) => {
    if (end > cursor) segments.push({ text: chars.slice(cursor, end).join(''), match });
    cursor = end;
  };
  if (from > 0) segments.push({ text: '…', match: false });
  for (const [start, end] of marks) {
    if (start < from || end > to) continue;
    push(start, false);
    push(end, true);
  }
  push(to, false);
  if (to < chars.length) segments.push({ text: '…', match: false });
  return segments;
}

/**
 * A record's snippet for a search: from the first of its texts that holds a matched word, the summary, else
 * a source excerpt; the summary's opening when none does (or when there are no words).
 */
export function recordSnippet(
  record: { summary?: string; sources: readonly { excerpt: string }[] },
  query: string,
): Segment[] {
  const parts = [record.summary ?? '', ...record.sources.map((source) => source.excerpt)].filter(Boolean);
  const first = snippet(parts[0] ?? '', query);
  if (!query || first.some((segment) => segment.match)) return first;
  for (const part of parts.slice(1)) {
    const segments = snippet(part, query);
    if (segments.some((segment) => segment.match)) return segments;
  }
  return first;
}
