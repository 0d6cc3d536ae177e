import { describe, expect, it } from 'vitest';
import { loadLabelledArticles } from '../scripts/eval-extraction.ts';
import {
  bestAccuracyThreshold,
  bestF1Threshold,
  fitBinary,
  fitExtractionModel,
  foldOf,
  FOLDS,
} from '../scripts/extraction-fit.ts';
import { evaluateExtraction } from '../src/extract/evaluate.ts';
import { ExtractionModel, FITTED_EXTRACTION_MODEL, probability } from '../src/extract/fitted-model.ts';

describe('fitting the learnt parts of extraction', () => {
  it('learns which feature tells the classes apart, and how much', () => {
    const examples = Array.from({ length: 200 }, (_, i) => {
      const sign = i % 2;
      // "noise" is unrelated to the class; "sign" decides it nine times in ten.
      const y = (i % 10 < 2 ? 1 - sign : sign) as 0 | 1;
      return { features: { sign, noise: (i * 7) % 3 }, y };
    });
    const model = fitBinary(examples);
    expect(model.weights.sign).toBeGreaterThan(2);
    expect(Math.abs(model.weights.noise!)).toBeLessThan(0.3);
    expect(probability(model, { sign: 1, noise: 1 })).toBeGreaterThan(0.7);
    expect(probability(model, { sign: 0, noise: 1 })).toBeLessThan(0.3);
  });

  it('sets thresholds at the best F1 (counting values no candidate found) and the best accuracy', () => {
    const scored = [
      { p: 0.9, y: 1 as const },
      { p: 0.7, y: 1 as const },
      { p: 0.6, y: 0 as const },
      { p: 0.2, y: 0 as const },
    ];
    expect(bestF1Threshold(scored, 0)).toBeCloseTo(0.65, 5);
    expect(bestAccuracyThreshold(scored)).toBeCloseTo(0.65, 5);
    // Many expected values that no candidate found make a wrong candidate cost less than a right one gains.
    const mixed = [
      { p: 0.9, y: 1 as const },
      { p: 0.6, y: 0 as const },
      { p: 0.5, y: 0 as const },
      { p: 0.4, y: 1 as const },
      { p: 0.1, y: 0 as const },
    ];
    expect(bestF1Threshold(mixed, 0)).toBeCloseTo(0.75, 5);
    expect(bestF1Threshold(mixed, 10)).toBeCloseTo(0.25, 5);
  });

  it('keeps each article in one fold whatever the order', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `a${i}`);
    const folds = ids.map(foldOf);
    expect(new Set(folds).size).toBe(FOLDS);
    expect([...ids].reverse().map(foldOf)).toEqual([...folds].reverse());
  });

  it('fits a model of the stored form that scores its own articles no worse than the rule it replaces', () => {
    const articles = loadLabelledArticles();
    const model = ExtractionModel.parse(fitExtractionModel(articles, FITTED_EXTRACTION_MODEL));
    expect(Object.keys(model.issues.weights).length).toBeGreaterThan(5);
    const rule = { ...FITTED_EXTRACTION_MODEL, issues: { bias: 0, weights: {}, threshold: 0 } };
    const fittedIssues = evaluateExtraction(articles, model).scores().get('issues')!.f1;
    const ruleIssues = evaluateExtraction(articles, rule).scores().get('issues')!.f1;
    expect(fittedIssues).toBeGreaterThanOrEqual(ruleIssues - 0.01);
  });
});
