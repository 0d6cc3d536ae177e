/**
 * `npm run fit:matching`: fits the matcher's scoring model (src/matching/data/model.json) on the labelled
 * pairs of ../shared/matching/dev.csv. Each pair gives its features (src/matching/score.ts) and its label;
 * the names the candidate search brings up for a query that are not the same company (by the labels) are
 * added as further negatives, because screening meets them. The model is an L2-regularised logistic
 * regression; its threshold is the one with the best F1 over five folds held out in turn (folds keep
 * every name of one company together), and those held-out figures are printed and stored with the model.
 * Only numbers leave the data: the weights, the threshold and the figures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NameIndex } from '../src/matching/name-index.ts';
import { analyseName, type NameForm } from '../src/matching/normalise.ts';
import { companiesOf, loadPairs } from './matching-pairs.ts';
import { FEATURES, pairFeatures, scorePair, type Feature } from '../src/matching/score.ts';

interface Example {
  x: number[];
  /** The log-odds the fixed rules add (different numbers): part of the score, not fitted. */
  offset: number;
  y: number;
  weight: number;
  group: number;
  /** Labelled pairs count in the held-out figures; the negatives found by search only help fitting. */
  labelled: boolean;
}

const pairs = loadPairs('fit:matching');
const companyOf = companiesOf(pairs);

const index = new NameIndex();
[...new Set(pairs.map((pair) => pair.name_b))].forEach((name, position) =>
  index.add({ id: String(position), name }),
);
const forms = new Map<string, NameForm[]>();
const formsOf = (name: string) => {
  let list = forms.get(name);
  if (!list) forms.set(name, (list = analyseName(name).filter((form) => !form.problem)));
  return list;
};
/**
 * The features of the two forms (variants, readings) that the model now in use scores highest, as
 * screening takes the best of them: run the fit twice for the choice to settle.
 */
const vector = (as: NameForm[], bs: NameForm[]) => {
  let best: { score: number; a: NameForm; b: NameForm } | undefined;
  for (const a of as)
    for (const b of bs) {
      const { score } = scorePair(a, b, index.weight);
      if (!best || score > best.score) best = { score, a, b };
    }
  const { values, rules } = pairFeatures(best!.a, best!.b, index.weight);
  return {
    x: FEATURES.map((feature) => values[feature]),
    offset: rules.reduce((sum, rule) => sum + rule.score, 0),
  };
};

const examples: Example[] = [];
// Two companies with the same name (namesakes in different countries) are told apart by their countries
// and identifiers, not by their names: such negatives would teach the model that the same name is weak
// evidence. They are left out of the fit (and still count as false matches in `eval:matching`).
let namesakes = 0;
const sameName = (a: NameForm, b: NameForm) =>
  a.squashed === b.squashed &&
  a.descriptors.map((token) => token.symbol).join() === b.descriptors.map((token) => token.symbol).join();
for (const pair of pairs) {
  const a = formsOf(pair.name_a);
  const b = formsOf(pair.name_b);
  if (a.length === 0 || b.length === 0) continue;
  if (pair.label === '0' && sameName(a[0]!, b[0]!)) {
    namesakes++;
    continue;
  }
  examples.push({
    ...vector(a, b),
    y: Number(pair.label),
    weight: 1,
    group: companyOf(pair.name_a),
    labelled: true,
  });
}
const HARD_NEGATIVES_PER_QUERY = 5;
for (const name of new Set(pairs.map((pair) => pair.name_a))) {
  const query = formsOf(name);
  const found = new Set<string>();
  for (const form of query)
    for (const candidate of index.candidates(form)) {
      if (found.size >= HARD_NEGATIVES_PER_QUERY) break;
      const other = candidate.company.name;
      if (found.has(other) || companyOf(other) === companyOf(name)) continue;
      if (pairs.some((pair) => pair.name_a === name && pair.name_b === other)) continue;
      found.add(other);
      examples.push({
        ...vector(query, formsOf(other)),
        y: 0,
        weight: 0.5,
        group: companyOf(name),
        labelled: false,
      });
    }
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/**
 * Newton's method (iteratively reweighted least squares) on the weighted log-loss with an L2 penalty on the
 * weights (not on the bias): a few steps reach the optimum.
 */
function fit(data: Example[]): { bias: number; weights: number[] } {
  // A feature whose weight comes out against its meaning (a closer spelling counting against a match) is
  // learning an accident of the data: it is left out and the rest fitted again.
  const excluded = new Set<number>();
  for (;;) {
    const model = fitWithout(data, excluded);
    const wrong = model.weights
      .map((weight, i) => ({ weight: weight * SIGNS[FEATURES[i]!], i }))
      .filter(({ weight, i }) => weight < 0 && !excluded.has(i))
      .sort((a, b) => a.weight - b.weight)[0];
    if (!wrong) return model;
    excluded.add(wrong.i);
  }
}

/** Which way each feature may push: +1 towards a match, -1 against, 0 either way. */
const SIGNS: Record<Feature, number> = {
  tokens: 1,
  spelling: 1,
  soundSameScript: 1,
  soundCrossScript: 1,
  acronym: 1,
  containedSpaceless: 1,
  descriptorLoss: -1,
  descriptorConflict: -1,
  legalFormConflict: -1,
  numberMissing: 0,
  crossScript: 0,
  shortName: 0,
  strongest: 1,
};

function fitWithout(data: Example[], excluded: Set<number>): { bias: number; weights: number[] } {
  const size = FEATURES.length + 1;
  const lambda = 1;
  let beta = new Array<number>(size).fill(0);
  for (let step = 0; step < 25; step++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (const example of data) {
      const x = [1, ...example.x];
      const p = sigmoid(example.offset + x.reduce((sum, value, i) => sum + value * beta[i]!, 0));
      const w = example.weight * p * (1 - p);
      for (let i = 0; i < size; i++) {
        gradient[i]! += example.weight * (p - example.y) * x[i]!;
        for (let j = 0; j < size; j++) hessian[i]![j]! += w * x[i]! * x[j]!;
      }
    }
    for (let i = 1; i < size; i++) {
      gradient[i]! += lambda * beta[i]!;
      hessian[i]![i]! += lambda;
      if (excluded.has(i - 1)) {
        // Held at zero: no gradient, and a row of the identity.
        gradient[i] = 0;
        hessian[i] = hessian[i]!.map((_, j) => (j === i ? 1 : 0));
        for (let j = 0; j < size; j++) if (j !== i) hessian[j]![i] = 0;
      }
    }
    const delta = solve(hessian, gradient);
    beta = beta.map((value, i) => value - delta[i]!);
    if (delta.every((step) => Math.abs(step) < 1e-6)) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++)
      if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = column + 1; row < n; row++) {
      const factor = a[row]![column]! / a[column]![column]!;
      for (let k = column; k <= n; k++) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}
const predict = (model: { bias: number; weights: number[] }, example: Example) =>
  sigmoid(
    example.offset + model.bias + example.x.reduce((sum, value, i) => sum + value * model.weights[i]!, 0),
  );

const FOLDS = 5;
const heldOut: { p: number; y: number; labelled: boolean }[] = [];
for (let fold = 0; fold < FOLDS; fold++) {
  const model = fit(examples.filter((example) => example.group % FOLDS !== fold));
  for (const example of examples)
    if (example.group % FOLDS === fold)
      heldOut.push({ p: predict(model, example), y: example.y, labelled: example.labelled });
}
/**
 * Held-out precision, recall and F1 at a threshold. A name that search brings up and the model flags is a
 * false match as much as a labelled negative is: screening shows both to the user, so both count.
 */
function figures(threshold: number, labelledOnly = false) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { p, y, labelled } of heldOut) {
    if (labelledOnly && !labelled) continue;
    if (p >= threshold && y === 1) tp++;
    else if (p >= threshold) fp++;
    else if (y === 1) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
let best = { threshold: 0.5, ...figures(0.5) };
for (let threshold = 0.05; threshold <= 0.95; threshold += 0.01) {
  const candidate = { threshold: Math.round(threshold * 100) / 100, ...figures(threshold) };
  if (candidate.f1 > best.f1) best = candidate;
}
const pairsOnly = figures(best.threshold, true);

const final = fit(examples);
const rounded = (value: number) => Math.round(value * 1000) / 1000;
const model = {
  name: 'bhr-name-match',
  version: '2',
  threshold: best.threshold,
  bias: rounded(final.bias),
  weights: Object.fromEntries(FEATURES.map((feature, i) => [feature, rounded(final.weights[i]!)])) as Record<
    Feature,
    number
  >,
  fitted: {
    on: 'shared/matching/dev.csv',
    labelledPairs: examples.filter((example) => example.labelled).length,
    searchNegatives: examples.filter((example) => !example.labelled).length,
    namesakesLeftOut: namesakes,
    heldOut: `${FOLDS} folds by company`,
    heldOutWithSearchNegatives: {
      precision: rounded(best.precision),
      recall: rounded(best.recall),
      f1: rounded(best.f1),
    },
    heldOutLabelledPairs: {
      precision: rounded(pairsOnly.precision),
      recall: rounded(pairsOnly.recall),
      f1: rounded(pairsOnly.f1),
    },
  },
};
writeFileSync(
  join(import.meta.dirname, '../src/matching/data/model.json'),
  `${JSON.stringify(model, null, 2)}\n`,
);
console.log(JSON.stringify(model, null, 2));
