/**
 * `npm run eval:extraction [-- --verbose] [--real DIR [--labels FILE]] [--json]`: precision and recall per
 * field of assisted extraction on the labelled articles of eval/extraction/*.yaml, plus the source excerpt of
 * ../shared/corpus/001-wildberries-en when ../shared is there. Each article is given as `bhr extract FILE`
 * reads one: headline, date, text. With `--real DIR`, the real third-party articles labelled in
 * ../shared/extraction/dev.json are scored too, from their texts recovered into DIR (see docs/extraction.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  ACCURACIES,
  evaluateExtraction,
  FIELDS,
  LabelledArticle,
  type ExtractionScore,
} from '../src/extract/evaluate.ts';
import { parseTextForm } from '../src/formats/text/parse.ts';
import { FITTED_EXTRACTION_MODEL } from '../src/extract/fitted-model.ts';
import { heldOutScores } from './extraction-fit.ts';
import { loadRealArticles } from './extraction-real.ts';
import { optionValue } from './script-options.ts';

const root = new URL('..', import.meta.url).pathname;

export function loadLabelledArticles(subfolder = ''): LabelledArticle[] {
  const folder = join(root, 'eval/extraction', subfolder);
  const articles: LabelledArticle[] = [];
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    const parsed = z.array(LabelledArticle).safeParse(parseYaml(readFileSync(join(folder, file), 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    for (const article of parsed.data) articles.push(article);
  }
  return articles;
}

/** The corpus record's source as an article, labelled by the record's own fields. */
export function corpusArticle(): LabelledArticle | undefined {
  const file = join(root, '../shared/corpus/001-wildberries-en.txt');
  if (!existsSync(file)) return undefined;
  const [record] = parseTextForm(readFileSync(file, 'utf8'));
  const source = record?.sources[0];
  if (!record || !source) return undefined;
  const groups = record.affected.groups;
  return {
    id: 'corpus-001-wildberries-en',
    headline: source.headline,
    date: source.published ?? record.dateReported,
    text: source.excerpt.replace(/^…/gmu, ''),
    expect: {
      relevant: true,
      country: record.location.country,
      origins: [
        ...new Set(groups.map((group) => group.origin).filter((origin): origin is string => Boolean(origin))),
      ],
      companies: record.companies.map(({ name, role }) => ({ name, role })),
      issues: record.issues,
      ...(groups[0]?.count != null ? { count: groups[0].count } : {}),
      ...(groups[0]?.gender ? { gender: groups[0].gender } : {}),
      ...(groups[0]?.sector ? { sector: groups[0].sector } : {}),
    },
  };
}

const USAGE = `usage: npm run eval:extraction [-- --verbose] [--json] [--real DIR [--labels FILE]] [--folds]
  --real DIR     also score the real articles labelled in ../shared/extraction/dev.json, reading <id>.txt from DIR
  --folds        score the articles the model is fitted on in five folds, each by a model fitted on the others
  --labels FILE  labels of the same form as dev.json, in place of it
  --json         print the figures as JSON
  --verbose      list every article's mistakes`;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  /** `fitted`: whether `fit:extraction` fits on the set (the held-out set is never fitted on). */
  const sets: { title: string; articles: LabelledArticle[]; fitted?: boolean }[] = [];
  const realFolder = optionValue('--real', USAGE);
  if (realFolder) {
    const labels = optionValue('--labels', USAGE);
    const real = loadRealArticles(realFolder, labels);
    if (real.missing.length > 0)
      console.error(`note: no text in ${realFolder} for ${real.missing.join(', ')}; left out of the score`);
    sets.push({
      title: `Real articles (${labels ?? '../shared/extraction/dev.json'}, texts from ${realFolder})`,
      articles: real.articles,
    });
  }
  const development = loadLabelledArticles();
  const corpus = corpusArticle();
  if (corpus) development.push(corpus);
  else console.error('note: ../shared/corpus is not here; the corpus article is left out');
  sets.push({
    title:
      "The project's own development set (eval/extraction/*.yaml and the corpus excerpt; the cue phrases were tuned on it)",
    articles: development,
  });
  sets.push({
    title:
      "The project's own held-out set (eval/extraction/holdout/; written after the first tuning; its mistakes were read once since, so it is nearly, not wholly, unseen)",
    articles: loadLabelledArticles('holdout'),
    fitted: false,
  });
  const reports = process.argv.includes('--folds')
    ? heldOutReports(sets)
    : sets.map(({ title, articles }) => ({ title, articles, score: evaluateExtraction(articles) }));
  if (process.argv.includes('--json')) console.log(JSON.stringify(reports.map(asJson), null, 2));
  else for (const { title, articles, score } of reports) report(title, articles, score);
}

/**
 * The sets the model is fitted on (the real articles and the own development set) scored in five folds, each
 * fold by a model fitted on the other folds of both; the held-out set is scored by the model fitted on all.
 */
function heldOutReports(sets: { title: string; articles: LabelledArticle[]; fitted?: boolean }[]) {
  const fitted = sets.filter((set) => set.fitted !== false);
  const scores = heldOutScores(
    fitted.map(({ title, articles }) => ({ name: title, articles })),
    FITTED_EXTRACTION_MODEL,
  );
  return sets.map(({ title, articles }) => {
    const score = scores.get(title);
    return score
      ? { title: `${title}, five folds: each fold scored by a model fitted on the others`, articles, score }
      : { title, articles, score: evaluateExtraction(articles) };
  });
}

function asJson({
  title,
  articles,
  score,
}: {
  title: string;
  articles: LabelledArticle[];
  score: ExtractionScore;
}) {
  return {
    title,
    articles: articles.length,
    fields: Object.fromEntries(score.scores()),
    accuracy: Object.fromEntries(ACCURACIES.map((name) => [name, score.accuracies.get(name)])),
    mistakes: score.mistakes,
  };
}

function report(title: string, articles: LabelledArticle[], score: ExtractionScore): void {
  const positives = articles.filter((article) => article.expect.relevant).length;
  console.log(`\n${title}`);
  console.log(`${articles.length} articles (${positives} allegations, ${articles.length - positives} not)`);
  console.log('field           precision  recall   F1     (found / expected / right)');
  const scores = score.scores();
  for (const field of FIELDS) {
    const s = scores.get(field)!;
    const pct = (value: number) => value.toFixed(3).padStart(7);
    console.log(
      `${field.padEnd(15)} ${pct(s.precision)}   ${pct(s.recall)}  ${pct(s.f1)}   (${s.predicted} / ${s.expected} / ${s.truePositives})`,
    );
  }
  console.log('accuracy');
  for (const name of ACCURACIES) {
    const { right, of } = score.accuracies.get(name)!;
    console.log(`${name.padEnd(24)} ${score.accuracy(name).toFixed(3)}   (${right} of ${of})`);
  }
  if (process.argv.includes('--verbose')) {
    for (const mistake of score.mistakes)
      console.log(
        `${mistake.id} ${mistake.field}: expected ${JSON.stringify(mistake.expected)}, found ${JSON.stringify(mistake.found)}`,
      );
  }
}
