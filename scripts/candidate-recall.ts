/**
 * Candidate recall: the share of true pairs whose company is among the names candidate search offers for
 * scoring, of all true pairs and of those whose score against every name reaches the review threshold.
 */
import type { NameIndex } from '../src/matching/name-index.ts';
import { analyseName } from '../src/matching/normalise.ts';
import { scoreNames } from '../src/matching/score.ts';
import type { Pair } from './matching-pairs.ts';
import type { CandidateFigures } from './matching-report.ts';

export function candidateRecall(pairs: readonly Pair[], index: NameIndex, floor: number): CandidateFigures {
  const figures: CandidateFigures = { all: { found: 0, total: 0 }, scoring: { found: 0, total: 0 } };
  for (const pair of pairs) {
    if (pair.label !== '1') continue;
    const found = analyseName(pair.name_a).some((query) =>
      index.candidates(query).some((candidate) => candidate.company.name === pair.name_b),
    );
    figures.all.total++;
    if (found) figures.all.found++;
    if (scoreNames(pair.name_a, pair.name_b, index.weight).score >= floor) {
      figures.scoring.total++;
      if (found) figures.scoring.found++;
    }
  }
  return figures;
}
