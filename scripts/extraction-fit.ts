/**
 * Fitting the learnt parts of extraction (src/extract/fitted-model.ts) on labelled articles, for
 * `fit:extraction` and for the held-out folds of `eval:extraction --folds`: the issue filter first (its
 * choices change what relevance sees), then relevance, then the company roles. Each is an L2-regularised
 * logistic regression over named features, fitted by Newton's method; each threshold is the one that does
 * best on the articles it was fitted on.
 */
import { asFileText, ExtractionScore, type LabelledArticle } from '../src/extract/evaluate.ts';
import { extractDraft } from '../src/extract/extract.ts';
import {
  emptyFeatureLog,
  probability,
  sigmoid,
  type ExtractionModel,
  type FeatureLog,
  type Features,
  type LinearModel,
} from '../src/extract/fitted-model.ts';
import { fitRoles, roleExamples } from './extraction-fit-roles.ts';
import { solve } from './linear-solve.ts';

export interface BinaryExample {
  features: Features;
  y: 0 | 1;
}

/** The L2 penalty on the weights (not the bias): small sets need it to keep rare features from running off. */
const L2 = 1;
const NEWTON_STEPS = 30;

export function fitBinary(examples: readonly BinaryExample[], l2 = L2): LinearModel {
  const names = [...new Set(examples.flatMap((example) => Object.keys(example.features)))].sort();
  const size = names.length + 1;
  const rows = examples.map((example) => [1, ...names.map((name) => example.features[name] ?? 0)]);
  let beta = new Array<number>(size).fill(0);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    rows.forEach((x, n) => {
      const p = sigmoid(x.reduce((sum, value, i) => sum + value * beta[i]!, 0));
      const w = p * (1 - p);
      for (let i = 0; i < size; i++) {
        gradient[i]! += (p - examples[n]!.y) * x[i]!;
        if (x[i] === 0) continue;
        for (let j = 0; j < size; j++) hessian[i]![j]! += w * x[i]! * x[j]!;
      }
    });
    for (let i = 1; i < size; i++) {
      gradient[i]! += l2 * beta[i]!;
      hessian[i]![i]! += l2;
    }
    hessian[0]![0]! += 1e-6;
    const delta = solve(hessian, gradient);
    beta = beta.map((value, i) => value - delta[i]!);
    if (delta.every((value) => Math.abs(value) < 1e-7)) break;
  }
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    bias: round(beta[0]!),
    weights: Object.fromEntries(names.map((name, i) => [name, round(beta[i + 1]!)])),
  };
}

/**
 * The threshold of highest F1 over the candidates' probabilities, counting as misses the expected values that
 * had no candidate at all; ties go to the higher threshold.
 */
export function bestF1Threshold(scored: readonly { p: number; y: 0 | 1 }[], neverCandidates: number): number {
  const positives = scored.filter((item) => item.y === 1).length + neverCandidates;
  let best = { f1: -1, threshold: 0.5 };
  for (const threshold of candidateThresholds(scored)) {
    const chosen = scored.filter((item) => item.p >= threshold);
    const right = chosen.filter((item) => item.y === 1).length;
    const f1 = chosen.length + positives === 0 ? 0 : (2 * right) / (chosen.length + positives);
    if (f1 >= best.f1) best = { f1, threshold };
  }
  return best.threshold;
}

/** The threshold of highest accuracy; ties go to the one nearest one half. */
export function bestAccuracyThreshold(scored: readonly { p: number; y: 0 | 1 }[]): number {
  let best = { right: -1, threshold: 0.5 };
  for (const threshold of candidateThresholds(scored)) {
    const right = scored.filter((item) => (item.p >= threshold ? 1 : 0) === item.y).length;
    if (
      right > best.right ||
      (right === best.right && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5))
    )
      best = { right, threshold };
  }
  return best.threshold;
}

/** Midpoints between neighbouring probabilities, each a threshold that changes some choice. */
function candidateThresholds(scored: readonly { p: number }[]): number[] {
  const values = [...new Set(scored.map((item) => item.p))].sort((a, b) => a - b);
  const thresholds = values.slice(1).map((value, i) => (value + values[i]!) / 2);
  return [...new Set([...thresholds, 0.5].map((value) => Math.round(value * 10_000) / 10_000))].sort(
    (a, b) => a - b,
  );
}

/** The article read as `bhr extract FILE` reads it, with a model. */
function draftOf(article: LabelledArticle, model: ExtractionModel, features?: FeatureLog) {
  return extractDraft(
    { text: asFileText(article), ...(article.publisher ? { publisher: article.publisher } : {}) },
    { model, ...(features ? { features } : {}) },
  );
}

/** Every article read once by the extractor with a model, with what the learnt choices saw. */
export function featureLogs(
  articles: readonly LabelledArticle[],
  model: ExtractionModel,
): { article: LabelledArticle; log: FeatureLog; companies: { name: string; role: string }[] }[] {
  return articles.map((article) => {
    const log = emptyFeatureLog();
    const result = draftOf(article, model, log);
    return { article, log, companies: result.record.companies ?? [] };
  });
}

/** Fits the issue filter, relevance and company roles on the articles, in that order. */
export function fitExtractionModel(
  articles: readonly LabelledArticle[],
  start: ExtractionModel,
): ExtractionModel {
  // Issues: each candidate of an allegation, right when the label lists the issue.
  const issueExamples: BinaryExample[] = [];
  let neverCandidates = 0;
  for (const { article, log } of featureLogs(articles, start)) {
    if (!article.expect.relevant || !article.expect.issues) continue;
    const expected = new Set(article.expect.issues);
    for (const candidate of log.issues)
      issueExamples.push({ features: candidate.features, y: expected.has(candidate.issue) ? 1 : 0 });
    const seen = new Set(log.issues.map((candidate) => candidate.issue));
    neverCandidates += [...expected].filter((issue) => !seen.has(issue)).length;
  }
  const issueModel = fitBinary(issueExamples);
  const issues = {
    ...issueModel,
    threshold: bestF1Threshold(
      issueExamples.map((example) => ({ p: probability(issueModel, example.features), y: example.y })),
      neverCandidates,
    ),
  };

  // Relevance, on what the extractor finds with the fitted issue filter.
  const withIssues: ExtractionModel = { ...start, issues };
  const logs = featureLogs(articles, withIssues);
  const relevanceExamples: BinaryExample[] = logs.map(({ article, log }) => ({
    features: log.relevance ?? {},
    y: article.expect.relevant ? 1 : 0,
  }));
  const relevanceModel = fitBinary(relevanceExamples);
  const relevance = {
    ...relevanceModel,
    threshold: bestAccuracyThreshold(
      relevanceExamples.map((example) => ({
        p: probability(relevanceModel, example.features),
        y: example.y,
      })),
    ),
  };

  const counts = fitCounts(logs);
  // Roles last, on what the extractor finds with the other parts fitted.
  const roles = fitRoles(roleExamples(articles, { ...withIssues, relevance, counts }));
  return { ...start, relevance, issues, counts, roles };
}

/**
 * The count model: each counted phrase of an allegation is right when it gives the labelled number; the
 * threshold is the one under which taking no count (rather than the likeliest) makes the most articles right.
 */
function fitCounts(logs: ReturnType<typeof featureLogs>) {
  const examples: BinaryExample[] = [];
  const articles: {
    candidates: { value: number | null; features: Features }[];
    expected: number | undefined;
  }[] = [];
  for (const { article, log } of logs) {
    if (!article.expect.relevant) continue;
    const expected = article.expect.count;
    for (const candidate of log.counts)
      examples.push({
        features: candidate.features,
        y: candidate.value !== null && candidate.value === expected ? 1 : 0,
      });
    articles.push({ candidates: log.counts, expected });
  }
  const model = fitBinary(examples);
  const best = articles.map(({ candidates, expected }) => {
    const top = candidates
      .map((candidate) => ({ value: candidate.value, p: probability(model, candidate.features) }))
      .sort((a, b) => b.p - a.p)[0];
    return { top, expected };
  });
  let chosen = { right: -1, threshold: 0 };
  for (const threshold of [0, ...best.map(({ top }) => top?.p ?? 0)].sort((a, b) => a - b)) {
    const right = best.filter(({ top, expected }) => {
      const value = top && top.p >= threshold ? (top.value ?? undefined) : undefined;
      return value === expected;
    }).length;
    if (right > chosen.right) chosen = { right, threshold };
  }
  return { ...model, threshold: Math.round(chosen.threshold * 10_000) / 10_000 };
}

export const FOLDS = 5;

/** An article's fold: fixed by its id, so that every run holds out the same articles. */
export function foldOf(id: string): number {
  let hash = 2166136261;
  for (const character of id) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
  return hash % FOLDS;
}

/**
 * Held-out scores: each fold's articles scored by a model fitted on the other folds' articles (of every set
 * given to fit on), so that no article is judged by weights it helped to set.
 */
export function heldOutScores(
  sets: readonly { name: string; articles: readonly LabelledArticle[] }[],
  start: ExtractionModel,
): Map<string, ExtractionScore> {
  const scores = new Map(sets.map(({ name }) => [name, new ExtractionScore()]));
  for (let fold = 0; fold < FOLDS; fold++) {
    const training = sets.flatMap(({ articles }) =>
      articles.filter((article) => foldOf(article.id) !== fold),
    );
    const model = fitExtractionModel(training, start);
    for (const { name, articles } of sets) {
      const score = scores.get(name)!;
      for (const article of articles.filter((item) => foldOf(item.id) === fold))
        score.record(article, draftOf(article, model));
    }
  }
  return scores;
}
