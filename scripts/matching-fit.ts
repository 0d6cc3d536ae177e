/**
 * Fitting the matcher's scoring model, for `fit:matching` and for the folds of `eval:matching`: labelled pairs
 * turned into feature vectors (with the negatives candidate search brings up, because screening meets them),
 * an L2-regularised logistic regression fitted by Newton's method, and the held-out predictions of folds that
 * keep every name of one company together.
 */
import { NameIndex } from '../src/matching/name-index.ts';
import { analyseName, type NameForm } from '../src/matching/normalise.ts';
import {
  FEATURES,
  FITTED_MODEL,
  pairFeatures,
  scorePair,
  type Feature,
  type ScoringModel,
  type TokenWeight,
} from '../src/matching/score.ts';
import { solve } from './linear-solve.ts';
import type { Pair } from './matching-pairs.ts';

export interface Example {
  x: number[];
  /** The log-odds the fixed rules add (different numbers): part of the score, not fitted. */
  offset: number;
  y: number;
  weight: number;
  /** The company of the query: folds keep a company's names together. */
  group: number;
  /** Labelled pairs count in the held-out figures; the negatives found by search only help fitting. */
  labelled: boolean;
}

export interface Weights {
  bias: number;
  weights: number[];
}

/** Which way each feature may push: +1 towards a match, -1 against, 0 either way. */
const SIGNS: Record<Feature, number> = {
  tokens: 1,
  spelling: 1,
  soundSameScript: 1,
  soundCrossScript: 1,
  acronym: 1,
  longAcronym: 1,
  containedSpaceless: 1,
  descriptorLoss: -1,
  descriptorConflict: -1,
  legalFormConflict: -1,
  numberMissing: 0,
  crossScript: 0,
  shortName: 0,
  strongest: 1,
  coverShort: 1,
  coverLong: 1,
  extraPlace: 0,
};

const HARD_NEGATIVES_PER_QUERY = 5;

/** Whether two names are the same but for their legal form: namesakes are told apart by country, not name. */
export const sameName = (a: NameForm, b: NameForm) =>
  a.squashed === b.squashed &&
  a.descriptors.map((token) => token.symbol).join() === b.descriptors.map((token) => token.symbol).join();

/**
 * The examples of a set of pairs: each labelled pair (namesakes left out: they would teach the model that the
 * same name is weak evidence), and up to five names the candidate search of `index` brings up for each query
 * that belong to another company by the labels. A pair's features are those of the two forms (variants,
 * readings) that `scoring` scores highest, as screening takes the best of them.
 */
export function examplesOf(
  pairs: readonly Pair[],
  companyOf: (name: string) => number,
  index: NameIndex,
  scoring: ScoringModel = FITTED_MODEL,
): { examples: Example[]; namesakes: number } {
  const forms = new Map<string, NameForm[]>();
  const formsOf = (name: string) => {
    let list = forms.get(name);
    if (!list) forms.set(name, (list = analyseName(name).filter((form) => !form.problem)));
    return list;
  };
  const vector = (as: NameForm[], bs: NameForm[]) => featureVector(as, bs, index.weight, scoring);
  const examples: Example[] = [];
  let namesakes = 0;
  const labelledPairs = new Set<string>();
  for (const pair of pairs) {
    labelledPairs.add(`${pair.name_a}\u0000${pair.name_b}`);
    const a = formsOf(pair.name_a);
    const b = formsOf(pair.name_b);
    if (a.length === 0 || b.length === 0) continue;
    if (pair.label === '0' && sameName(a[0]!, b[0]!)) {
      namesakes++;
      continue;
    }
    const group = companyOf(pair.name_a);
    examples.push({ ...vector(a, b), y: Number(pair.label), weight: 1, group, labelled: true });
  }
  for (const name of new Set(pairs.map((pair) => pair.name_a))) {
    const query = formsOf(name);
    const found = new Set<string>();
    for (const form of query)
      for (const candidate of index.candidates(form)) {
        if (found.size >= HARD_NEGATIVES_PER_QUERY) break;
        const other = candidate.company.name;
        if (found.has(other) || companyOf(other) === companyOf(name)) continue;
        if (labelledPairs.has(`${name}\u0000${other}`)) continue;
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
  return { examples, namesakes };
}

function featureVector(as: NameForm[], bs: NameForm[], weight: TokenWeight, scoring: ScoringModel) {
  let best: { score: number; a: NameForm; b: NameForm } | undefined;
  for (const a of as)
    for (const b of bs) {
      const { score } = scorePair(a, b, weight, {}, scoring);
      if (!best || score > best.score) best = { score, a, b };
    }
  const { values, rules } = pairFeatures(best!.a, best!.b, weight);
  return {
    x: FEATURES.map((feature) => values[feature]),
    offset: rules.reduce((sum, rule) => sum + rule.score, 0),
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export const predict = (model: Weights, example: Example) =>
  sigmoid(
    example.offset + model.bias + example.x.reduce((sum, value, i) => sum + value * model.weights[i]!, 0),
  );

/**
 * The logistic regression. A feature whose weight comes out against its meaning (a closer spelling counting
 * against a match) is learning an accident of the data: it is left out and the rest fitted again.
 */
export function fitLogistic(data: readonly Example[]): Weights {
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

/**
 * Newton's method (iteratively reweighted least squares) on the weighted log-loss with an L2 penalty on the
 * weights (not on the bias): a few steps reach the optimum.
 */
function fitWithout(data: readonly Example[], excluded: Set<number>): Weights {
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
    if (delta.every((change) => Math.abs(change) < 1e-6)) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}

export const FOLDS = 5;
/** The fold a company's names fall in. */
export const foldOf = (group: number) => group % FOLDS;

/** Each example's probability from a model fitted on the other folds. */
export function heldOutPredictions(
  examples: readonly Example[],
): { p: number; y: number; labelled: boolean }[] {
  const heldOut: { p: number; y: number; labelled: boolean }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = fitLogistic(examples.filter((example) => foldOf(example.group) !== fold));
    for (const example of examples)
      if (foldOf(example.group) === fold)
        heldOut.push({ p: predict(model, example), y: example.y, labelled: example.labelled });
  }
  return heldOut;
}

/** Precision, recall and F1 of predictions at a threshold (search negatives count as false matches too). */
export function figuresAt(
  predictions: readonly { p: number; y: number; labelled: boolean }[],
  threshold: number,
  labelledOnly = false,
) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { p, y, labelled } of predictions) {
    if (labelledOnly && !labelled) continue;
    if (p >= threshold && y === 1) tp++;
    else if (p >= threshold) fp++;
    else if (y === 1) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** A fitted model in the shape score.ts uses, with the thresholds given. */
export function scoringModel(fitted: Weights, threshold: number, reviewThreshold: number): ScoringModel {
  return {
    bias: fitted.bias,
    weights: Object.fromEntries(FEATURES.map((feature, i) => [feature, fitted.weights[i]!])) as Record<
      Feature,
      number
    >,
    threshold,
    reviewThreshold,
  };
}
