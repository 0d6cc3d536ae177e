import { z } from 'zod';
import fitted from './extraction-model.json' with { type: 'json' };

/**
 * The parts of extraction that are learnt rather than written: weights over named features, fitted by
 * `npm run fit:extraction` on the labelled articles (held-out folds in `eval:extraction --folds`) and kept in
 * `extraction-model.json`. Every feature is a number computed by the extractor's pure code; a feature the
 * model has no weight for counts for nothing.
 */

export type Features = Record<string, number>;

export const LinearModel = z.object({
  bias: z.number(),
  weights: z.record(z.string(), z.number()),
});
export type LinearModel = z.infer<typeof LinearModel>;

/** A yes-or-no choice: the logistic of the weighted features, taken when it reaches the threshold. */
export const BinaryModel = LinearModel.extend({ threshold: z.number().min(0).max(1) });
export type BinaryModel = z.infer<typeof BinaryModel>;

/** A choice among classes (a company's role): the class whose weighted features score highest (softmax). */
export const ChoiceModel = z.object({ classes: z.record(z.string(), LinearModel) });
export type ChoiceModel = z.infer<typeof ChoiceModel>;

export const ExtractionModel = z.object({
  version: z.number().int(),
  /** Whether the article alleges abuse linked to a business. */
  relevance: BinaryModel,
  /** Whether an issue whose cue phrases the article uses is alleged. */
  issues: BinaryModel,
  /** Which role a company plays; empty classes: the rule of the role phrases alone. */
  roles: ChoiceModel,
  /** Whether a counted phrase of people counts those the abuse befell; the likeliest above the threshold is taken. */
  counts: BinaryModel,
});
export type ExtractionModel = z.infer<typeof ExtractionModel>;

export const FITTED_EXTRACTION_MODEL: ExtractionModel = ExtractionModel.parse(fitted);

export const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

export function linearScore(model: LinearModel, features: Features): number {
  let score = model.bias;
  for (const [name, value] of Object.entries(features)) score += (model.weights[name] ?? 0) * value;
  return score;
}

export const probability = (model: LinearModel, features: Features) => sigmoid(linearScore(model, features));

/** The class of highest score and its softmax probability; undefined when the model has no classes. */
export function choose(
  model: ChoiceModel,
  features: Features,
): { choice: string; probability: number } | undefined {
  const scores = Object.entries(model.classes).map(
    ([name, linear]) => [name, linearScore(linear, features)] as const,
  );
  if (scores.length === 0) return undefined;
  const top = scores.reduce((best, [, score]) => Math.max(best, score), -Infinity);
  const total = scores.reduce((sum, [, score]) => sum + Math.exp(score - top), 0);
  const [choice] = scores.find(([, score]) => score === top)!;
  return { choice, probability: 1 / total };
}

/**
 * What the extractor computed for the learnt choices of one article, filled when asked for (the fitting
 * script reads it; a served extraction does not ask).
 */
export interface FeatureLog {
  relevance?: Features;
  issues: { issue: string; features: Features }[];
  companies: { name: string; features: Features }[];
  counts: { value: number | null; features: Features }[];
}

export const emptyFeatureLog = (): FeatureLog => ({ issues: [], companies: [], counts: [] });
