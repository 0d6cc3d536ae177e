/**
 * The tables of `eval:matching`: precision, recall and F1 by group of pairs, for our matcher beside fuse.js,
 * with the pairs names can decide apart from the namesakes, the review band's recall and the candidate recall.
 */
import { analyseName } from '../src/matching/normalise.ts';
import { sameName } from './matching-fit.ts';
import type { CandidateRecall } from './candidate-recall.ts';
import type { Pair } from './matching-pairs.ts';

export interface Verdict {
  pair: Pair;
  /** A match carries the pair's `name_b`. */
  found: boolean;
  /** A match or a possible match among the results shown carries it. */
  reviewed: boolean;
  /** Names flagged as matches that belong to another company than the query, by the labels. */
  stray: number;
}

type Counts = { tp: number; fp: number; fn: number; tn: number; reviewed: number };
export type Tally = Map<string, Counts>;

/**
 * Two different companies of one name (the same analysed name, told apart by the lists only by country or
 * identifier): no matcher of names can tell them apart, so they are reported on their own.
 */
function namesake(pair: Pair): boolean {
  if (pair.label !== '0') return false;
  const [a] = analyseName(pair.name_a);
  const [b] = analyseName(pair.name_b);
  return a !== undefined && b !== undefined && sameName(a, b);
}

const keysOf = (pair: Pair) => [
  'all',
  namesake(pair) ? 'namesakes (same name, another company)' : 'decidable by name',
  `source ${pair.source}`,
  `stratum ${pair.stratum}`,
  `scripts ${pair.script_a === pair.script_b ? 'same' : 'cross'}`,
  `script pair ${[pair.script_a, pair.script_b].sort().join('-')}`,
];

export function tallyOf(verdicts: readonly Verdict[]): Tally {
  const tally: Tally = new Map();
  for (const { pair, found, reviewed } of verdicts) {
    for (const key of keysOf(pair)) {
      const counts = tally.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0, reviewed: 0 };
      if (pair.label === '1') {
        counts[found ? 'tp' : 'fn']++;
        if (reviewed) counts.reviewed++;
      } else counts[found ? 'fp' : 'tn']++;
      tally.set(key, counts);
    }
  }
  return tally;
}

const figures = ({ tp, fp, fn, reviewed }: Counts) => {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, reviewRecall: tp + fn ? reviewed / (tp + fn) : 0 };
};

const ORDER = ['all', 'decidable by name', 'namesakes (same name, another company)'];

export function printTable(report: {
  title: string;
  speed: string;
  ours: Tally;
  fuse: Tally;
  stray: { ours: number; fuse: number };
  candidates: CandidateRecall;
  json: boolean;
}): void {
  const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
  const rows = [...report.ours.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const table = rows.map((key) => {
    const mine = report.ours.get(key)!;
    // fuse.js may be measured on a sample that lacks a small group.
    const theirs = report.fuse.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0, reviewed: 0 };
    return {
      key,
      pairs: mine.tp + mine.fp + mine.fn + mine.tn,
      ours: { ...mine, ...figures(mine) },
      fuse: { ...theirs, ...figures(theirs) },
    };
  });
  if (report.json) {
    console.log(
      JSON.stringify({
        title: report.title,
        stray: report.stray,
        candidates: { ...report.candidates, byStratum: Object.fromEntries(report.candidates.byStratum) },
        table,
      }),
    );
    return;
  }
  const pct = (value: number) => (value * 100).toFixed(1).padStart(5);
  const share = (found: number, total: number) =>
    `${found} of ${total} (${total ? pct(found / total).trim() : '-'}%)`;
  console.log(report.title);
  console.log(report.speed);
  console.log(
    `candidate recall: ${share(report.candidates.reviewableFound, report.candidates.reviewable)} of the true pairs that score at least the review threshold against every name; ${share(report.candidates.found, report.candidates.positives)} of all true pairs`,
  );
  console.log(
    `stray matches (flagged names of another company than the query, not counted below): ours ${report.stray.ours}, fuse.js ${report.stray.fuse}\n`,
  );
  console.log(
    `${'group'.padEnd(64)} ${'pairs'.padStart(5)} |  P     R     F1   review R | fuse.js P   R     F1`,
  );
  for (const row of table) {
    // A group of negative pairs only has no recall: what counts is how many were wrongly matched.
    const line =
      row.ours.tp + row.ours.fn === 0
        ? `false matches ${row.ours.fp} of ${row.ours.fp + row.ours.tn}`.padEnd(27) +
          ` | false matches ${row.fuse.fp} of ${row.fuse.fp + row.fuse.tn}`
        : `${pct(row.ours.precision)} ${pct(row.ours.recall)} ${pct(row.ours.f1)}    ${pct(row.ours.reviewRecall)} | ${pct(row.fuse.precision)} ${pct(row.fuse.recall)} ${pct(row.fuse.f1)}`;
    console.log(`${row.key.padEnd(64)} ${String(row.pairs).padStart(5)} | ${line}`);
  }
}
