/**
 * `npm run eval:extraction [-- --verbose]`: precision and recall per field of assisted extraction on the
 * labelled articles of eval/extraction/*.yaml, plus the source excerpt of ../shared/corpus/001-wildberries-en
 * when ../shared is there. Each article is given as `bhr extract FILE` reads one: headline, date, text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { evaluateExtraction, FIELDS, LabelledArticle } from '../src/extract/evaluate.ts';
import { parseTextForm } from '../src/formats/text/parse.ts';

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

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const development = loadLabelledArticles();
  const corpus = corpusArticle();
  if (corpus) development.push(corpus);
  else console.log('note: ../shared/corpus is not here; the corpus article is left out');
  report(
    'Development set (eval/extraction/*.yaml and the corpus excerpt; the cue phrases were tuned on it)',
    development,
  );
  report(
    'Held-out set (eval/extraction/holdout/; written after the first tuning; its mistakes were read once since, so it is nearly, not wholly, unseen)',
    loadLabelledArticles('holdout'),
  );
}

function report(title: string, articles: LabelledArticle[]): void {
  const started = performance.now();
  const score = evaluateExtraction(articles);
  const seconds = (performance.now() - started) / 1000;
  const positives = articles.filter((article) => article.expect.relevant).length;
  console.log(`\n${title}`);
  console.log(
    `${articles.length} articles (${positives} allegations, ${articles.length - positives} not), ${seconds.toFixed(2)} s`,
  );
  console.log('field           precision  recall   F1     (found / expected / right)');
  const scores = score.scores();
  for (const field of FIELDS) {
    const s = scores.get(field)!;
    const pct = (value: number) => value.toFixed(3).padStart(7);
    console.log(
      `${field.padEnd(15)} ${pct(s.precision)}   ${pct(s.recall)}  ${pct(s.f1)}   (${s.predicted} / ${s.expected} / ${s.truePositives})`,
    );
  }
  if (process.argv.includes('--verbose')) {
    for (const mistake of score.mistakes)
      console.log(
        `${mistake.id} ${mistake.field}: expected ${JSON.stringify(mistake.expected)}, found ${JSON.stringify(mistake.found)}`,
      );
  }
}
