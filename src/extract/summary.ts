import { isFactEvidence, isFrameLine, shortened } from './excerpt.ts';
import type { Evidence } from './model.ts';
import type { Sentence } from './sentences.ts';

/**
 * The summary proposed for a draft: the article's lead sentences that carry its evidence (who, where, which
 * workers, what abuse). Newsrooms put the allegation first; the researcher rewrites it in the record's words.
 */

/**
 * Modest on purpose: the lead is the article's wording, not the record's, and a lead can tell the story's
 * latest turn rather than the allegation. Below the review's acceptance threshold, it starts unaccepted.
 */
export const SUMMARY_CONFIDENCE = 0.45;

/** The lead: this many sentences of the article's body, after its headline and date lines. */
export const LEAD_SENTENCES = 6;

/** At most this many sentences and characters. */
export const SUMMARY_SENTENCES = 2;
export const SUMMARY_CHARACTERS = 400;

export interface SummaryProposal {
  text: string;
  /** The span from the first chosen sentence to the last. */
  start: number;
  end: number;
}

/** A sentence that ends as sentences do: a headline, a caption or a menu line seldom does. */
const ENDS_AS_SENTENCE = /[.!?]["'”’)]*$/;

/**
 * The first lead sentence that carries evidence of the draft's facts, with the sentences that follow it in
 * its paragraph while they carry evidence too; none when the lead carries none. The headline and date lines
 * are not part of the body.
 */
export function proposeSummary(
  text: string,
  sentences: readonly Sentence[],
  evidence: readonly Pick<Evidence, 'path' | 'start' | 'end'>[],
): SummaryProposal | undefined {
  const facts = evidence.filter(isFactEvidence);
  const telling = (sentence: Sentence) =>
    ENDS_AS_SENTENCE.test(sentence.text) &&
    facts.some((item) => item.start >= sentence.start && item.start < sentence.end);
  const lead = sentences
    .filter((sentence) => !isFrameLine(evidence, sentence.start, sentence.end))
    .slice(0, LEAD_SENTENCES);
  const first = lead.findIndex(telling);
  if (first < 0) return undefined;
  const chosen = [lead[first]!];
  let length = chosen[0]!.text.length;
  for (const sentence of lead.slice(first + 1)) {
    const previous = chosen.at(-1)!;
    const sameParagraph = !text.slice(previous.end, sentence.start).includes('\n');
    if (chosen.length === SUMMARY_SENTENCES || !sameParagraph || !telling(sentence)) break;
    if (length + sentence.text.length + 1 > SUMMARY_CHARACTERS) break;
    chosen.push(sentence);
    length += sentence.text.length + 1;
  }
  return {
    text: shortened(chosen.map((sentence) => sentence.text).join(' '), SUMMARY_CHARACTERS),
    start: chosen[0]!.start,
    end: chosen.at(-1)!.end,
  };
}
