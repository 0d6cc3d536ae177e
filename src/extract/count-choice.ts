import { cues } from './cues.ts';
import { probability, type BinaryModel, type Features } from './fitted-model.ts';
import type { PeopleMention } from './people.ts';
import { inHeadline, leftContext, rightContext, type Reading } from './reading.ts';
import { sentenceAt } from './sentences.ts';

/**
 * Which counted phrase of people gives the number the abuse befell. Articles count many people: witnesses
 * ("one worker told"), the accused ("seven nationals convicted"), a country's migrants ("there are 200,000"),
 * other people ("shared with 10 other workers"), families ("father of two"), a subgroup, captions. The fitted
 * count model (extraction-model.json) weighs the signs of each; without one, the first count is taken.
 */

export interface CountCandidate {
  mention: PeopleMention & { count: NonNullable<PeopleMention['count']> };
  features: Features;
}

/**
 * Whether a phrase of people names the accused rather than those wronged ("seven nationals convicted of
 * trafficking"): people, not workers, in a sentence of arrest, charge or conviction.
 */
export function namesAccused(reading: Reading, mention: PeopleMention): boolean {
  if (mention.worker) return false;
  const sentence = sentenceAt(reading.sentences, mention.start);
  return cues.countContext.accusation.test(sentence?.text ?? '');
}

/** Where the lead ends, as a share of the text. */
const LEAD_SHARE = 0.3;
/** Counts above this (a million) are read as this large. */
const LARGEST_MAGNITUDE = 6;
/** A line this short that does not end as a sentence does is a caption, a heading or a link. */
const CAPTION_CHARACTERS = 120;

/** Whether the line around a position reads as a caption or heading rather than a sentence of the story. */
function onCaptionLine(reading: Reading, position: number): boolean {
  const { text } = reading;
  const start = text.lastIndexOf('\n', position) + 1;
  const newline = text.indexOf('\n', position);
  const line = text.slice(start, newline === -1 ? text.length : newline).trim();
  return line.length < CAPTION_CHARACTERS && !/[.!?"”’:]$/u.test(line) && !inHeadline(reading, position);
}

/**
 * The features of every counted phrase of people. `issueHits`: where the article's issue cue phrases stand,
 * to tell a count said with the abuse from one said elsewhere.
 */
export function countCandidates(
  reading: Reading,
  mentions: readonly PeopleMention[],
  issueHits: readonly number[],
): CountCandidate[] {
  const counted = mentions.filter(
    (mention): mention is CountCandidate['mention'] => mention.count !== undefined,
  );
  const values = counted
    .map((mention) => mention.count.value)
    .filter((value): value is number => value !== null);
  const largest = values.reduce((best, value) => Math.max(best, value), 0);
  const lead = reading.text.length * LEAD_SHARE;
  const { witnessBefore, witnessAfter, other, estimate, family, accusation } = cues.countContext;
  return counted.map((mention, index) => {
    const { value, start } = mention.count;
    const sentence = sentenceAt(reading.sentences, start);
    const sentenceText = sentence?.text ?? '';
    const before = leftContext(reading, start, 60);
    const after = rightContext(reading, mention.end, 60);
    const withIssue = sentence ? issueHits.some((hit) => hit >= sentence.start && hit < sentence.end) : false;
    return {
      mention,
      features: {
        first: index === 0 ? 1 : 0,
        lead: start < lead ? 1 : 0,
        headline: inHeadline(reading, start) ? 1 : 0,
        one: value === 1 ? 1 : 0,
        vague: value === null ? 1 : 0,
        magnitude:
          value === null ? 0 : Math.min(Math.log10(value + 1), LARGEST_MAGNITUDE) / LARGEST_MAGNITUDE,
        largest: value !== null && value > 1 && value === largest ? 1 : 0,
        workerNoun: mention.worker ? 1 : 0,
        migrant: mention.migrant ? 1 : 0,
        origin: mention.origins.length > 0 ? 1 : 0,
        withIssue: withIssue ? 1 : 0,
        witness: witnessBefore.test(before) || witnessAfter.test(after) ? 1 : 0,
        other: other.test(before) ? 1 : 0,
        estimate: estimate.test(sentenceText) ? 1 : 0,
        family: family.test(before) ? 1 : 0,
        accusation: !mention.worker && accusation.test(sentenceText) ? 1 : 0,
        plural: value === null || value > 1 ? 1 : 0,
        caption: onCaptionLine(reading, start) ? 1 : 0,
      },
    };
  });
}

/**
 * The candidate the model judges likeliest to count the affected people, when it reaches the threshold; a model
 * with no weights takes the first, as the first release did.
 */
export function chooseCount(
  model: BinaryModel,
  candidates: readonly CountCandidate[],
): CountCandidate | undefined {
  if (Object.keys(model.weights).length === 0) return candidates[0];
  let best: { candidate: CountCandidate; p: number } | undefined;
  for (const candidate of candidates) {
    const p = probability(model, candidate.features);
    if (!best || p > best.p) best = { candidate, p };
  }
  return best && best.p >= model.threshold ? best.candidate : undefined;
}
