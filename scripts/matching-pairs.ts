/**
 * The labelled company-name pairs beside the repository (../shared/matching/dev.csv to check on, train.csv to
 * fit on), for `eval:matching` and `fit:matching`, and which names belong to one company by the positive
 * labels (names linked through any chain of them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { NameIndex } from '../src/matching/name-index.ts';
import { FITTED_MODEL, type ScoringModel } from '../src/matching/score.ts';

export interface Pair {
  eval_id: string;
  source: string;
  stratum: string;
  name_a: string;
  name_b: string;
  label: string;
  script_a: string;
  script_b: string;
  source_pair_id: string;
}

/** The pair files by name: `dev` is kept apart to check on, `train` is fitted on; any other is a path. */
export function pairsFile(name: string): string {
  return name === 'dev' || name === 'train'
    ? join(import.meta.dirname, `../../shared/matching/${name}.csv`)
    : name;
}

/** The pairs, or an exit with the reason when the file is not on this machine (a failure in CI). */
export function loadPairs(script: string, file: string): Pair[] {
  if (!existsSync(file)) {
    console.log(`${script} needs ${file} (the labelled pairs beside this repository); it is not here`);
    process.exit(process.env.CI === 'true' ? 1 : 0);
  }
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Pair[];
}

/** The company each name belongs to, as a number: names of one company share it. */
export function companiesOf(pairs: Pair[]): (name: string) => number {
  const parent = new Map<string, string>();
  const root = (name: string): string => {
    let at = name;
    while (parent.has(at) && parent.get(at) !== at) at = parent.get(at)!;
    parent.set(name, at);
    return at;
  };
  for (const pair of pairs) if (pair.label === '1') parent.set(root(pair.name_a), root(pair.name_b));
  const numbers = new Map<string, number>();
  return (name) => {
    const key = root(name);
    if (!numbers.has(key)) numbers.set(key, numbers.size);
    return numbers.get(key)!;
  };
}

/** An index of the names given, one company each and in a stable order, as the judge builds it from `name_b`. */
export function indexOfNames(names: Iterable<string>, scoring: ScoringModel = FITTED_MODEL): NameIndex {
  const index = new NameIndex(scoring);
  [...new Set(names)].sort().forEach((name, position) => index.add({ id: String(position), name }));
  return index;
}

/** The index of every `name_b` of the pairs. */
export const indexOfPairs = (pairs: readonly Pair[], scoring: ScoringModel = FITTED_MODEL): NameIndex =>
  indexOfNames(
    pairs.map((pair) => pair.name_b),
    scoring,
  );
