import { subsectorTerms } from '../domain/taxonomy.ts';
import { cues } from './cues.ts';
import { probability, type BinaryModel, type Features } from './fitted-model.ts';
import type { Evidence } from './model.ts';
import { evidenceAt, inHeadline, leftContext, rightContext, type Reading } from './reading.ts';

/** A cue phrase found in the text. */
interface Hit {
  start: number;
  end: number;
  weight: number;
}

function hits(reading: Reading, pattern: RegExp, weight: number): Hit[] {
  const found: Hit[] = [];
  pattern.lastIndex = 0;
  for (const match of reading.text.matchAll(pattern)) {
    const boost = inHeadline(reading, match.index) ? 1.5 : 1;
    found.push({ start: match.index, end: match.index + match[0].length, weight: weight * boost });
  }
  return found;
}

export interface IssueProposal {
  issue: string;
  /** The fitted model's probability that the article alleges the issue. */
  probability: number;
  evidence: Hit;
}

/** An issue whose cue phrases the article uses, before the fitted model judges it. */
export interface IssueCandidate {
  issue: string;
  features: Features;
  evidence: Hit;
  /** Where each of its cue phrases that counted starts. */
  hits: number[];
}

/** Most times a cue counts towards an issue: an article that repeats "forced labour" says it once. */
const REPEATS_COUNTED = 3;
/** The sum of cue weights counts up to this much: past it, more of the same says little more. */
const WEIGHT_COUNTED = 3;
/** Where the lead ends, as a share of the text: what an article opens with is what it is about. */
const LEAD_SHARE = 0.3;

/** Whether the words around a cue say the issue is not alleged there ("anti-trafficking unit", "could face"). */
function outOfContext(reading: Reading, hit: Hit): boolean {
  return (
    cues.issueContext.before.test(leftContext(reading, hit.start, 60)) ||
    cues.issueContext.after.test(rightContext(reading, hit.end, 40))
  );
}

/**
 * The issues of the taxonomy whose cue phrases the article uses, each with what the fitted model weighs: how
 * much and how strongly the cues say it, how often, where (headline, lead), whether the words around say it is
 * not alleged, and the issue itself (some are alleged more often than their words suggest).
 */
export function issueCandidates(reading: Reading): IssueCandidate[] {
  const candidates: IssueCandidate[] = [];
  const lead = reading.text.length * LEAD_SHARE;
  for (const { issue, cues: list } of cues.issues) {
    const perCue = list.map((cue) => hits(reading, cue.pattern, cue.weight).slice(0, REPEATS_COUNTED));
    const found = perCue.flat();
    if (found.length === 0) continue;
    // A keyword used for something else ("anti-trafficking unit", "could face forced labour") is no sign.
    const counted = found.filter((hit) => !outOfContext(reading, hit));
    if (counted.length === 0) continue;
    const weight = counted.reduce((sum, hit) => sum + hit.weight, 0);
    const best = counted.reduce((a, b) => (b.weight > a.weight ? b : a));
    candidates.push({
      issue,
      evidence: best,
      hits: counted.map((hit) => hit.start),
      features: {
        cueWeight: Math.min(weight, WEIGHT_COUNTED),
        strongCue: counted.some((hit) => hit.weight >= 1) ? 1 : 0,
        distinctCues: Math.min(perCue.filter((hitsOfCue) => hitsOfCue.length > 0).length, 3),
        headline: counted.some((hit) => inHeadline(reading, hit.start)) ? 1 : 0,
        lead: counted.some((hit) => hit.start < lead) ? 1 : 0,
        someOutOfContext: counted.length < found.length ? 1 : 0,
        [`issue:${issue}`]: 1,
      },
    });
  }
  return candidates;
}

/** The first release's rule as a probability: cues adding up to 1 make one half, each further cue more. */
const ruleProbability = (weight: number) => 1 - 0.5 ** weight;

/** A candidate issue with how likely the article alleges it. */
export interface ScoredIssue {
  candidate: IssueCandidate;
  probability: number;
}

/** Each candidate's probability: the fitted model's, or the first release's rule for a model with no weights. */
export function scoreIssues(model: BinaryModel, candidates: readonly IssueCandidate[]): ScoredIssue[] {
  const fitted = Object.keys(model.weights).length > 0;
  return candidates.map((candidate) => ({
    candidate,
    probability: fitted
      ? probability(model, candidate.features)
      : ruleProbability(candidate.features.cueWeight ?? 0),
  }));
}

/**
 * The issues the article alleges: the candidates the fitted model judges likely (`model.threshold`), or, for
 * a model with no weights, those whose cues add up to one strong cue. Each comes with its strongest phrase.
 */
export function proposeIssues(model: BinaryModel, scored: readonly ScoredIssue[]): IssueProposal[] {
  const threshold = Object.keys(model.weights).length > 0 ? model.threshold : 0.5;
  return scored
    .filter(({ probability: p }) => p >= threshold)
    .map(({ candidate, probability: p }) => ({
      issue: candidate.issue,
      probability: p,
      evidence: candidate.evidence,
    }))
    .sort((a, b) => b.probability - a.probability);
}

export function issueEvidence(reading: Reading, proposals: IssueProposal[]): Evidence[] {
  return proposals.map((proposal, index) =>
    evidenceAt(
      reading,
      `/issues/${index}`,
      proposal.issue,
      Math.min(0.95, proposal.probability),
      proposal.evidence.start,
      proposal.evidence.end,
    ),
  );
}

export interface SectorProposal {
  sector: string | null;
  subsector: string | null;
  evidence?: Evidence[];
}

/**
 * The sector the article's workplace words point to (a subsector's words count for its sector too), when
 * they are said twice or in the headline; the subsector when its own words lead.
 */
export function proposeSector(reading: Reading, groupPath = '/affected/groups/0'): SectorProposal {
  const sectors = new Map<string, { score: number; hit: Hit }>();
  const subsectors = new Map<string, { score: number; hit: Hit }>();
  for (const { label, pattern } of cues.sectors) {
    const found = hits(reading, pattern, 1).slice(0, 4);
    if (found.length === 0) continue;
    const score = found.reduce((sum, hit) => sum + hit.weight, 0);
    const [sector = label, subsector] = label.split('/');
    const add = (map: typeof sectors, key: string) => {
      const entry = map.get(key);
      if (!entry) map.set(key, { score, hit: found[0]! });
      else entry.score += score;
    };
    add(sectors, sector);
    if (subsector) add(subsectors, subsector);
  }
  const best = [...sectors.entries()].sort((a, b) => b[1].score - a[1].score)[0];
  if (!best || best[1].score < 2) return { sector: null, subsector: null };
  const [sector, { score, hit }] = best;
  const sub = [...subsectors.entries()]
    .filter(([id]) => subsectorTerms.get(id)?.sector === sector)
    .sort((a, b) => b[1].score - a[1].score)[0];
  const subsector = sub && sub[1].score >= 1 ? sub[0] : null;
  const evidence = [
    evidenceAt(
      reading,
      `${groupPath}/sector`,
      sector,
      Math.min(0.85, 0.35 + 0.1 * score),
      hit.start,
      hit.end,
    ),
  ];
  if (subsector && sub)
    evidence.push(
      evidenceAt(
        reading,
        `${groupPath}/subsector`,
        subsector,
        Math.min(0.8, 0.3 + 0.1 * sub[1].score),
        sub[1].hit.start,
        sub[1].hit.end,
      ),
    );
  return { sector, subsector, evidence };
}

/** How many phrases of allegation the article uses ("alleged", "accused", "abuses", "did not respond"). */
export function allegationCount(reading: Reading): number {
  cues.allegation.lastIndex = 0;
  return [...reading.text.matchAll(cues.allegation)].length;
}

/** How many words of news that is not an allegation the article uses ("agreement", "pledged", "award"). */
export function announcementCount(reading: Reading): number {
  cues.announcement.lastIndex = 0;
  return [...reading.text.matchAll(cues.announcement)].length;
}
