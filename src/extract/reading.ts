import type { Article } from './article.ts';
import { findCountries, findPlaces, type CountryMention, type PlaceMention } from './gazetteer.ts';
import type { Evidence } from './model.ts';
import { sentenceAt, splitSentences, type Sentence } from './sentences.ts';
import { tokenize, type Token } from './tokens.ts';

/** An article read once into what every part of the extraction looks at. */
export interface Reading {
  article: Article;
  text: string;
  tokens: Token[];
  sentences: Sentence[];
  countries: CountryMention[];
  places: PlaceMention[];
  /** Lower-case words that the text writes in lower case somewhere: a capitalised one is then not a name. */
  lowerWords: Set<string>;
}

export function readText(article: Article): Reading {
  const tokens = tokenize(article.text);
  const lowerWords = new Set<string>();
  for (const token of tokens) if (/^\p{Ll}/u.test(token.text)) lowerWords.add(token.text);
  return {
    article,
    text: article.text,
    tokens,
    sentences: splitSentences(article.text),
    countries: findCountries(tokens),
    places: findPlaces(tokens, article.text),
    lowerWords,
  };
}

/** Evidence for a value at a span of the text, with the sentence around it. */
export function evidenceAt(
  reading: Reading,
  path: string,
  value: unknown,
  confidence: number,
  start: number,
  end: number,
): Evidence {
  const sentence = sentenceAt(reading.sentences, start);
  return {
    path,
    value,
    confidence: Math.round(Math.min(0.99, Math.max(0.01, confidence)) * 100) / 100,
    start,
    end,
    sentence: sentence?.text ?? reading.text.slice(start, end),
  };
}

/** Whether a position falls in the headline line. */
export function inHeadline(reading: Reading, position: number): boolean {
  const span = reading.article.headlineSpan;
  return span !== undefined && position >= span.start && position < span.end;
}

/** The text of the sentence before a position, from the sentence's start (or the last clause break). */
export function leftContext(reading: Reading, position: number, maxLength = 80): string {
  const sentence = sentenceAt(reading.sentences, Math.max(0, position - 1));
  const from = Math.max(sentence?.start ?? 0, position - maxLength);
  return reading.text.slice(from, position);
}

/** The text of the sentence after a position. */
export function rightContext(reading: Reading, position: number, maxLength = 80): string {
  const sentence = sentenceAt(reading.sentences, position);
  const to = Math.min(sentence?.end ?? reading.text.length, position + maxLength);
  return reading.text.slice(position, Math.max(position, to));
}

/** The index of the first span that starts at or after a position, in spans sorted by start. */
export function firstSpanFrom<T extends { start: number }>(spans: readonly T[], position: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (spans[middle]!.start < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether one of the spans (sorted by start, not overlapping) covers the whole of start..end. */
export function coveredBy(
  spans: readonly { start: number; end: number }[],
  start: number,
  end: number,
): boolean {
  const before = firstSpanFrom(spans, start + 1) - 1;
  return before >= 0 && spans[before]!.start <= start && spans[before]!.end >= end;
}
