/**
 * `npm run eval:matching`: the company-name matcher on ../shared/matching/dev.csv, beside the baseline a user
 * would otherwise reach for (fuse.js with its defaults), measured in the same run. As the project's judge does,
 * every `name_b` becomes a company and every `name_a` is screened: a positive pair is found when a match at
 * the threshold carries its `name_b`; a negative pair is a false positive when one does. Prints precision,
 * recall and F1 by source, by stratum and by script pair. `--threshold T` (default 0.7), `--json`.
 */
import Fuse from 'fuse.js';
import { NameIndex } from '../src/matching/name-index.ts';
import { DEFAULT_THRESHOLD, MATCHER } from '../src/matching/score.ts';
import { companiesOf, loadPairs, PAIRS_FILE, type Pair } from './matching-pairs.ts';

const pairs = loadPairs('eval:matching');
const companyOf = companiesOf(pairs);
const argument = (flag: string) => {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const threshold = Number(argument('--threshold') ?? DEFAULT_THRESHOLD);
const names = [...new Set(pairs.map((pair) => pair.name_b))].sort();

type Counts = { tp: number; fp: number; fn: number; tn: number };
type Tally = Map<string, Counts>;
const tally = (): Tally => new Map();
function count(into: Tally, keys: string[], label: boolean, found: boolean) {
  for (const key of keys) {
    const counts = into.get(key) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
    if (label) counts[found ? 'tp' : 'fn']++;
    else counts[found ? 'fp' : 'tn']++;
    into.set(key, counts);
  }
}
const figures = ({ tp, fp, fn }: Counts) => {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
};
const keysOf = (pair: Pair) => [
  'all',
  `source ${pair.source}`,
  `stratum ${pair.stratum}`,
  `scripts ${pair.script_a === pair.script_b ? 'same' : 'cross'}`,
  `script pair ${[pair.script_a, pair.script_b].sort().join('-')}`,
  ...(pair.script_a === 'LATIN' && pair.script_b === 'LATIN' ? ['latin-latin'] : []),
];

/**
 * Screens every `name_a`. Besides the pair's own verdict, counts the stray matches: names flagged that belong
 * to another company than the query by the labels. The judge's figures do not see them; a user does.
 */
function run(matches: (name: string) => string[]): { tally: Tally; seconds: number; stray: number } {
  const result = tally();
  let stray = 0;
  const started = performance.now();
  for (const pair of pairs) {
    const found = matches(pair.name_a);
    count(result, keysOf(pair), pair.label === '1', found.includes(pair.name_b));
    stray += found.filter(
      (name) => name !== pair.name_b && companyOf(name) !== companyOf(pair.name_a),
    ).length;
  }
  return { tally: result, seconds: (performance.now() - started) / 1000, stray };
}

const index = new NameIndex();
const indexStarted = performance.now();
names.forEach((name, position) => index.add({ id: String(position), name }));
const indexSeconds = (performance.now() - indexStarted) / 1000;
const ours = run((name) =>
  index
    .search(name, { threshold, limit: 10 })
    .filter((match) => match.match)
    .map((match) => match.name),
);
const fuse = new Fuse(names);
const baseline = run((name) => fuse.search(name).map((result) => result.item));

const rows = [...ours.tally.keys()].sort((a, b) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)));
const table = rows.map((key) => {
  const mine = figures(ours.tally.get(key)!);
  const theirs = figures(baseline.tally.get(key)!);
  const counts = ours.tally.get(key)!;
  return { key, pairs: counts.tp + counts.fp + counts.fn + counts.tn, ours: mine, fuse: theirs };
});
if (process.argv.includes('--json')) {
  console.log(
    JSON.stringify(
      {
        matcher: MATCHER,
        threshold,
        pairs: pairs.length,
        stray: { ours: ours.stray, fuse: baseline.stray },
        table,
      },
      null,
      2,
    ),
  );
} else {
  const pct = (value: number) => (value * 100).toFixed(1).padStart(5);
  console.log(
    `${MATCHER.name} v${MATCHER.version} at threshold ${threshold} on ${pairs.length} pairs (${PAIRS_FILE})`,
  );
  console.log(
    `index of ${names.length} names in ${indexSeconds.toFixed(2)} s; screening: ours ${(pairs.length / ours.seconds).toFixed(0)} names/s, fuse.js ${(pairs.length / baseline.seconds).toFixed(0)} names/s`,
  );
  console.log(
    `stray matches (flagged names of another company than the query, not counted below): ours ${ours.stray}, fuse.js ${baseline.stray}, over ${pairs.length} queries\n`,
  );
  console.log(`${'group'.padEnd(64)} ${'pairs'.padStart(5)} |  P     R     F1  | fuse.js P   R     F1`);
  for (const row of table) {
    const mine = ours.tally.get(row.key)!;
    const theirs = baseline.tally.get(row.key)!;
    // A group of negative pairs only has no recall: what counts is how many were wrongly matched.
    const line =
      mine.tp + mine.fn === 0
        ? `false matches ${mine.fp} of ${mine.fp + mine.tn}`.padEnd(17) +
          ` | false matches ${theirs.fp} of ${theirs.fp + theirs.tn}`
        : `${pct(row.ours.precision)} ${pct(row.ours.recall)} ${pct(row.ours.f1)} | ${pct(row.fuse.precision)} ${pct(row.fuse.recall)} ${pct(row.fuse.f1)}`;
    console.log(`${row.key.padEnd(64)} ${String(row.pairs).padStart(5)} | ${line}`);
  }
}
