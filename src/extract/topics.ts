import { subsectorTerms } from '../domain/taxonomy.ts';
import { cues } from './cues.ts';
import type { Evidence } from './model.ts';
import { evidenceAt, inHeadline, type Reading } from './reading.ts';

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
  score: number;
  evidence: Hit;
}

/** Most times a cue counts towards an issue: an article that repeats "forced labour" says it once. */
const REPEATS_COUNTED = 3;

/**
 * The issues of the taxonomy whose cue phrases the article uses: a strong cue once, or weaker ones together.
 * Each comes with its strongest phrase as evidence.
 */
export function proposeIssues(reading: Reading): IssueProposal[] {
  const proposals: IssueProposal[] = [];
  for (const { issue, cues: list } of cues.issues) {
    const found = list.flatMap((cue) => hits(reading, cue.pattern, cue.weight).slice(0, REPEATS_COUNTED));
    const score = found.reduce((sum, hit) => sum + hit.weight, 0);
    if (score < 1) continue;
    const best = found.reduce((a, b) => (b.weight > a.weight ? b : a));
    proposals.push({ issue, score, evidence: best });
  }
  return proposals.sort((a, b) => b.score - a.score);
}

export function issueEvidence(reading: Reading, proposals: IssueProposal[]): Evidence[] {
  return proposals.map((proposal, index) =>
    evidenceAt(
      reading,
      `/issues/${index}`,
      proposal.issue,
      Math.min(0.95, 1 - 0.45 ** proposal.score),
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
