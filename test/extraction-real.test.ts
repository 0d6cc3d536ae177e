import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRealArticles } from '../scripts/extraction-real.ts';
import { evaluateExtraction } from '../src/extract/evaluate.ts';

/** `eval:extraction --real DIR`: labels of dev.json's form joined with texts in a folder, scored as found. */
describe('the evaluation on real articles', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bhr-real-'));
  const texts = join(folder, 'texts');
  mkdirSync(texts);
  const label = {
    url: 'https://example.org/a',
    location: 'MY',
    origins: ['NP'],
    gender: null,
    count: 40,
    issues: ['wage-theft'],
    sector: 'manufacturing',
  };
  const labels = [
    {
      ...label,
      id: 'r1',
      relevant: true,
      dateReported: null,
      companies: [{ name: 'Kilang Contoh Sdn Bhd', role: 'Employer' }],
    },
    { ...label, id: 'r2', relevant: true, dateReported: '2024-05-02', companies: [] },
  ];
  const labelsFile = join(folder, 'labels.json');
  writeFileSync(labelsFile, JSON.stringify(labels));
  // Written for this test: an undated page that still writes a full date inside its story.
  writeFileSync(
    join(texts, 'r1.txt'),
    'Forty Nepali workers at Kilang Contoh Sdn Bhd, a glove factory in Klang, Malaysia, say the company has not ' +
      'paid their wages since 3 March 2024. The company did not answer questions.',
  );

  it('reads the labelled texts it finds and names those it does not', () => {
    const { articles, missing } = loadRealArticles(texts, labelsFile);
    expect(articles.map((article) => article.id)).toEqual(['r1']);
    expect(missing).toEqual(['r2']);
    expect(articles[0]!.headline).toBeUndefined();
    expect(articles[0]).toMatchObject({ date: null, expect: { count: 40, country: 'MY' } });
  });

  it('counts a date proposed for a page that shows none as wrong, and judges roles and counts', () => {
    const score = evaluateExtraction(loadRealArticles(texts, labelsFile).articles);
    const date = score.scores().get('date')!;
    expect(date.expected).toBe(0);
    expect(score.accuracies.get('no date when none shown')!.of).toBe(1);
    expect(date.predicted).toBe(1 - score.accuracies.get('no date when none shown')!.right);
    expect(score.accuracies.get('relevance')).toEqual({ right: 1, of: 1 });
    expect(score.accuracies.get('company role')!.of).toBe(1);
    expect(score.accuracies.get('count')!.of).toBe(1);
  });

  it('refuses a labels file that is not of the form, naming it', () => {
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'x', relevant: 'yes' }]));
    expect(() => loadRealArticles(texts, bad)).toThrow(/bad\.json/u);
  });
});
