import english from './cues/en.json' with { type: 'json' };
/** A sentence of the article with its place in the text. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATION = new RegExp(`\\b(${english.sentences.abbreviations})\\.\\s*$`);

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * V8's segmenter slows down more than linearly on long strings (200,000 characters on one line took 0.8 s,
 * 400,000 took 2.9 s): a long line is segmented a window at a time. Every segment but a window's last is
 * final; the next window starts where that last segment did, so no sentence is cut at a window's edge.
 */
const WINDOW = 8_192;

function* segmentsOf(line: string): Generator<{ index: number; segment: string }> {
  let offset = 0;
  while (offset < line.length) {
    const end = Math.min(line.length, offset + WINDOW);
    let last: { index: number; segment: string } | undefined;
    for (const { index, segment } of segmenter.segment(line.slice(offset, end))) {
      if (last) yield last;
      last = { index: offset + index, segment };
    }
    if (!last) return;
    // The window's last segment may go on past it, unless the window reached the end of the line; one that
    // fills the whole window (no sentence end in 8,192 characters) is cut there.
    if (end === line.length || last.index === offset) {
      yield last;
      offset = last.index + last.segment.length;
    } else offset = last.index;
  }
}

/**
 * The text's sentences, never across a line break (paragraphs, headlines and date lines stand alone), split by
 * the Unicode sentence rules and joined again after common abbreviations ("Mr.", "Co.", "U.S.").
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    let pending: Sentence | undefined;
    for (const segment of segmentsOf(line)) {
      const start = lineStart + segment.index;
      const piece = { start, end: start + segment.segment.length, text: segment.segment };
      if (pending && ABBREVIATION.test(pending.text)) {
        pending = { start: pending.start, end: piece.end, text: pending.text + piece.text };
      } else {
        if (pending) sentences.push(pending);
        pending = piece;
      }
    }
    if (pending) sentences.push(pending);
    lineStart += line.length + 1;
  }
  return sentences
    .map((sentence) => {
      const leading = sentence.text.length - sentence.text.trimStart().length;
      const text = sentence.text.trim();
      return { start: sentence.start + leading, end: sentence.start + leading + text.length, text };
    })
    .filter((sentence) => sentence.text.length > 0);
}

/** Finds the sentence holding a text position (binary search over sentences in order). */
export function sentenceAt(sentences: readonly Sentence[], position: number): Sentence | undefined {
  let low = 0;
  let high = sentences.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const sentence = sentences[middle]!;
    if (position < sentence.start) high = middle - 1;
    else if (position >= sentence.end) low = middle + 1;
    else return sentence;
  }
  return undefined;
}
