import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLabelledArticles } from '../scripts/eval-extraction.ts';
import { readArticle } from '../src/extract/article.ts';
import { asFileText, type LabelledArticle } from '../src/extract/evaluate.ts';
import { extractDraft } from '../src/extract/extract.ts';
import { readText } from '../src/extract/reading.ts';

/**
 * Assisted extraction speed: the labelled articles (written for eval/extraction), repeated into a batch with
 * one in five as an HTML page with navigation and footer around it, read in-process and by `bhr extract`.
 */

export interface ExtractFigures {
  articles: number;
  htmlArticles: number;
  characters: number;
  inProcessPerSecond: number;
  readingOnlyPerSecond: number;
  cliBatchPerSecond: number;
  cliBatchSeconds: number;
  cliSingleSeconds: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function asHtml(article: LabelledArticle): string {
  const headline = article.headline ?? '';
  const paragraphs = article.text
    .trim()
    .split('\n')
    .map((line) => `<p>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('');
  return `<!doctype html><html><head><meta property="og:title" content="${headline.replace(/"/g, '&quot;')}"><meta property="article:published_time" content="${article.date}T09:00:00Z"><meta property="og:site_name" content="Example News"></head><body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header><main><article><h1>${headline}</h1>${paragraphs}</article><aside><h2>Most read</h2><ul><li><a href="/a">Markets close higher</a></li><li><a href="/b">Storm warning for the weekend</a></li></ul></aside></main><footer><p>© Example News. Terms. Privacy. Cookie settings.</p></footer></body></html>`;
}

export function measureExtraction(batchSize = 400): ExtractFigures {
  const labelled = [...loadLabelledArticles(), ...loadLabelledArticles('holdout')];
  const texts = Array.from({ length: batchSize }, (_, index) => {
    const article = labelled[index % labelled.length]!;
    return index % 5 === 4
      ? { html: true, text: asHtml(article) }
      : { html: false, text: asFileText(article) };
  });
  const characters = texts.reduce((sum, item) => sum + item.text.length, 0);
  // Warm-up: the gazetteers and cue phrases are built on first use.
  for (const item of texts.slice(0, 20)) extractDraft({ text: item.text });
  const rate = (work: () => void) => {
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      work();
      runs.push(texts.length / ((performance.now() - started) / 1000));
    }
    return median(runs);
  };
  const inProcessPerSecond = rate(() => {
    for (const item of texts) extractDraft({ text: item.text });
  });
  const readingOnlyPerSecond = rate(() => {
    for (const item of texts) {
      const read = readArticle({ text: item.text });
      if ('article' in read) readText(read.article);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'bhr-bench-extract-'));
  try {
    const files = texts.map((item, index) => {
      const file = join(dir, `article-${index}.${item.html ? 'html' : 'txt'}`);
      writeFileSync(file, item.text);
      return file;
    });
    const run = (args: string[]) => {
      const started = performance.now();
      execFileSync(process.execPath, ['bin/bhr.js', 'extract', '--json', ...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
        maxBuffer: 1 << 30,
      });
      return (performance.now() - started) / 1000;
    };
    const cliBatchSeconds = median([0, 1, 2].map(() => run(files)));
    const cliSingleSeconds = median([0, 1, 2].map(() => run(files.slice(0, 1))));
    return {
      articles: texts.length,
      htmlArticles: texts.filter((item) => item.html).length,
      characters,
      inProcessPerSecond,
      readingOnlyPerSecond,
      cliBatchPerSecond: texts.length / cliBatchSeconds,
      cliBatchSeconds,
      cliSingleSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
