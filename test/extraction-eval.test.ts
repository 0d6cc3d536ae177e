import { describe, expect, it } from 'vitest';
import { corpusArticle, loadLabelledArticles } from '../scripts/eval-extraction.ts';
import { evaluateExtraction } from '../src/extract/evaluate.ts';
import { corpusAvailable } from './support/shared.ts';

/**
 * The labelled articles of eval/extraction as a regression guard: the scores `npm run eval:extraction` prints
 * must not fall below these floors (set a little under the measured figures, see docs/extraction.md).
 */
const FLOORS = {
  relevance: { precision: 0.95, recall: 0.9 },
  country: { precision: 0.92, recall: 0.92 },
  origin: { precision: 0.95, recall: 0.88 },
  companies: { precision: 0.92, recall: 0.85 },
  issues: { precision: 0.88, recall: 0.72 },
} as const;

describe('extraction on the labelled articles', () => {
  const articles = loadLabelledArticles();
  if (corpusAvailable()) articles.push(corpusArticle()!);

  it('has at least 60 articles, allegations and not', () => {
    expect(articles.length).toBeGreaterThanOrEqual(60);
    expect(articles.filter((article) => !article.expect.relevant).length).toBeGreaterThanOrEqual(10);
  });

  it('keeps precision and recall per field above their floors', () => {
    const scores = evaluateExtraction(articles).scores();
    for (const [field, floor] of Object.entries(FLOORS)) {
      const score = scores.get(field as keyof typeof FLOORS)!;
      expect(score.precision, `${field} precision`).toBeGreaterThanOrEqual(floor.precision);
      expect(score.recall, `${field} recall`).toBeGreaterThanOrEqual(floor.recall);
    }
  });

  it('scores the held-out articles too (reported, with a lower floor)', () => {
    const scores = evaluateExtraction(loadLabelledArticles('holdout')).scores();
    expect(scores.get('country')!.recall).toBeGreaterThanOrEqual(0.8);
    expect(scores.get('relevance')!.recall).toBeGreaterThanOrEqual(0.8);
  });
});
