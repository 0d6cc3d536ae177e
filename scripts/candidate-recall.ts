/**
 * Candidate recall: the share of true pairs whose company the candidate search offers for scoring at all.
 * A pair the candidate search loses can never be matched, however good the score; so this is measured apart
 * from the score, (a) over every positive pair and (b) over the positive pairs whose score, were the query
 * scored against every name (exhaustively), reaches the review band: those the index must never lose.
 * As the judge does, the index holds every `name_b` of the pairs and every `name_a` is a query.
 * Some of (b) no search of a few candidates can keep: a weak pair (0.2 to 0.35) may rank below dozens of names
 * scored against the query; so (c), on request, over the pairs of (b) whose company an exhaustive search
 * would also show among its first ten results (every name scored: slow, hence a sample of every n-th pair).
 *
 * `candidateRecall` is what eval:matching reports; run alone, `npx tsx scripts/candidate-recall.ts [FILE]
 * [--misses] [--exhaustive N]` prints it for one pair file (dev.csv by default) by stratum, with the time the
 * search took, and (c) over every N-th positive pair.
 */
import { pathToFileURL } from 'node:url';
import type { NameIndex } from '../src/matching/name-index.ts';
import { indexOfPairs, loadPairs, pairsFile, type Pair } from './matching-pairs.ts';
import { analyseName, type NameForm } from '../src/matching/normalise.ts';
import { REVIEW_THRESHOLD, scoreOnly } from '../src/matching/score.ts';

export interface RecallCounts {
  positives: number;
  found: number;
  /** Positives that an exhaustive search would score at the review threshold or above. */
  reviewable: number;
  reviewableFound: number;
}

export interface CandidateRecall extends RecallCounts {
  /** (a) found / positives. */
  recall: number;
  /** (b) reviewableFound / reviewable: must stay at 99% or more. */
  reviewRecall: number;
  byStratum: Map<string, RecallCounts>;
  /** Reviewable positives the candidate search lost, with their exhaustive score. */
  misses: { pair: Pair; score: number }[];
  /** Average candidate search time per query, in milliseconds. */
  millisecondsPerQuery: number;
  /** (c), when asked for: pairs of (b) an exhaustive search shows among its first `SHOWN`, and those found. */
  shown?: { pairs: number; found: number; recall: number };
}

/** How many results an exhaustive search shows, for (c): as many as eval:matching asks for. */
const SHOWN = 10;

function exhaustiveScore(queries: NameForm[], target: NameForm[], index: NameIndex): number {
  let best = 0;
  for (const a of queries) for (const b of target) best = Math.max(best, scoreOnly(a, b, index.weight));
  return best;
}

/** Whether fewer than `SHOWN` names of `all` score above `score` against the query. */
function shownByExhaustiveSearch(queries: NameForm[], score: number, all: NameForm[][], index: NameIndex) {
  let above = 0;
  for (const forms of all) {
    if (exhaustiveScore(queries, forms, index) > score && ++above >= SHOWN) return false;
  }
  return true;
}

/** Candidate recall of `index` (built with `indexOfPairs`) over the positive pairs. */
export function candidateRecall(
  pairs: Pair[],
  index: NameIndex,
  options: { reviewThreshold?: number; exhaustiveEvery?: number } = {},
): CandidateRecall {
  const reviewThreshold = options.reviewThreshold ?? REVIEW_THRESHOLD;
  const every = options.exhaustiveEvery ?? 0;
  const all = every ? [...new Set(pairs.map((pair) => pair.name_b))].map((name) => analyseName(name)) : [];
  const shown = { pairs: 0, found: 0, recall: 1 };
  const total: RecallCounts = { positives: 0, found: 0, reviewable: 0, reviewableFound: 0 };
  const byStratum = new Map<string, RecallCounts>();
  const misses: CandidateRecall['misses'] = [];
  const targets = new Map<string, NameForm[]>();
  let searchMilliseconds = 0;
  for (const pair of pairs) {
    if (pair.label !== '1') continue;
    const queries = analyseName(pair.name_a);
    const started = performance.now();
    const found = queries.some((query) =>
      index.candidates(query).some((candidate) => candidate.company.name === pair.name_b),
    );
    searchMilliseconds += performance.now() - started;
    let target = targets.get(pair.name_b);
    if (!target) targets.set(pair.name_b, (target = analyseName(pair.name_b)));
    const score = exhaustiveScore(queries, target, index);
    const reviewable = score >= reviewThreshold;
    const stratum = byStratum.get(pair.stratum ?? '') ?? {
      positives: 0,
      found: 0,
      reviewable: 0,
      reviewableFound: 0,
    };
    byStratum.set(pair.stratum ?? '', stratum);
    for (const counts of [total, stratum]) {
      counts.positives++;
      if (found) counts.found++;
      if (reviewable) counts.reviewable++;
      if (reviewable && found) counts.reviewableFound++;
    }
    if (reviewable && !found) misses.push({ pair, score });
    if (reviewable && every && total.positives % every === 0) {
      if (shownByExhaustiveSearch(queries, score, all, index)) {
        shown.pairs++;
        if (found) shown.found++;
      }
    }
  }
  if (shown.pairs) shown.recall = shown.found / shown.pairs;
  return {
    ...total,
    recall: total.positives ? total.found / total.positives : 1,
    reviewRecall: total.reviewable ? total.reviewableFound / total.reviewable : 1,
    byStratum,
    misses,
    millisecondsPerQuery: total.positives ? searchMilliseconds / total.positives : 0,
    ...(every ? { shown } : {}),
  };
}

function main(): void {
  const named = process.argv.slice(2).find((argument) => /\.csv$/.test(argument)) ?? 'dev.csv';
  const file = pairsFile(named.includes('/') ? named : named.replace(/\.csv$/, ''));
  const pairs = loadPairs('candidate-recall', file);
  const index = indexOfPairs(pairs);
  const every = process.argv.indexOf('--exhaustive');
  const result = candidateRecall(pairs, index, {
    exhaustiveEvery: every >= 0 ? Number(process.argv[every + 1] ?? 1) : 0,
  });
  const pct = (part: number, whole: number) => (whole ? ((100 * part) / whole).toFixed(1) : '-').padStart(6);
  console.log(
    `candidate recall on ${file} (${index.size} names): (a) ${pct(result.found, result.positives)}% of ${result.positives} positives; (b) ${pct(result.reviewableFound, result.reviewable)}% of ${result.reviewable} scoring >= ${REVIEW_THRESHOLD}; ${result.millisecondsPerQuery.toFixed(3)} ms a query`,
  );
  if (result.shown) {
    console.log(
      `  (c) ${pct(result.shown.found, result.shown.pairs)}% of ${result.shown.pairs} pairs of (b) (every ${every >= 0 ? (process.argv[every + 1] ?? 1) : 1}-th positive) that an exhaustive search shows among its first ${SHOWN}`,
    );
  }
  for (const [stratum, counts] of [...result.byStratum].sort()) {
    console.log(
      `  ${stratum.padEnd(28)} (a) ${pct(counts.found, counts.positives)}% of ${String(counts.positives).padStart(5)}   (b) ${pct(counts.reviewableFound, counts.reviewable)}% of ${String(counts.reviewable).padStart(5)}`,
    );
  }
  if (process.argv.includes('--misses')) {
    for (const { pair, score } of result.misses)
      console.log(`${pair.stratum}\t${score.toFixed(2)}\t${pair.name_a}\t${pair.name_b}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
