/**
 * `npm run fit:extraction -- --real DIR`: fits the learnt parts of extraction (issue filter, relevance, company
 * roles) on the project's own development articles and the real articles of ../shared/extraction/dev.json whose
 * texts are in DIR, and writes src/extract/extraction-model.json. Without --real it fits on the project's own
 * articles alone, and says so. The held-out sets are never fitted on.
 */
import { writeFileSync } from 'node:fs';
import { ExtractionModel, FITTED_EXTRACTION_MODEL } from '../src/extract/fitted-model.ts';
import { corpusArticle, loadLabelledArticles } from './eval-extraction.ts';
import { fitExtractionModel } from './extraction-fit.ts';
import { loadRealArticles } from './extraction-real.ts';
import { optionValue } from './script-options.ts';

const USAGE = 'usage: npm run fit:extraction [-- --real DIR [--labels FILE]] [--dry-run]';

if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
const own = loadLabelledArticles();
const corpus = corpusArticle();
if (corpus) own.push(corpus);
const folder = optionValue('--real', USAGE);
const real = folder
  ? loadRealArticles(folder, optionValue('--labels', USAGE))
  : { articles: [], missing: [] };
if (!folder) console.error("note: no --real DIR: fitting on the project's own articles alone");
if (real.missing.length > 0) console.error(`note: no text for ${real.missing.join(', ')}; left out`);
const articles = [...own, ...real.articles];
const fitted = fitExtractionModel(articles, FITTED_EXTRACTION_MODEL);
const model = ExtractionModel.parse({ ...fitted, version: FITTED_EXTRACTION_MODEL.version + 1 });
const written = {
  $comment: `Written by npm run fit:extraction on ${new Date().toISOString().slice(0, 10)}: ${own.length} of the project's own articles and ${real.articles.length} real ones. Edit by refitting, not by hand.`,
  ...model,
};
console.log(
  `issues: ${Object.keys(model.issues.weights).length} weights, threshold ${model.issues.threshold}; relevance: threshold ${model.relevance.threshold}; roles: ${Object.keys(model.roles.classes).length} classes`,
);
if (process.argv.includes('--dry-run')) console.log(JSON.stringify(written, null, 2));
else {
  const file = new URL('../src/extract/extraction-model.json', import.meta.url);
  writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
  console.log(`written to ${file.pathname}`);
}
