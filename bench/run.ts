import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { measureImport, textFormFile, type ImportFigures } from './import.ts';
import pg from 'pg';
import { POSTGRES_ADMIN_URL } from '../test/support/stores.ts';
import { MILLION_DATABASE, measureSearch, type SearchFigures } from './search.ts';
import { writeSection } from './sections.ts';
import { measureScreening, PREVIOUS_SCREENING } from './screen.ts';
import { measureAnalytics, type AnalyticsCase } from './analytics.ts';
import { measureExtraction } from './extract.ts';

/**
 * `npm run bench`: measures the import of text-form records and the plain better-sqlite3 insert of the same
 * rows, in the same run, several times; writes medians and ratios to docs/benchmarks.md.
 * BENCH_RECORDS and BENCH_RUNS override the size (default 100,000 records, 3 runs).
 * Then searches a database of a million synthetic records (built once into .bench/, about three minutes)
 * in-process, against bare FTS5 and through HTTP, and loads the record page. BENCH_SEARCH=0 skips that part,
 * BENCH_IMPORT=0 the import.
 */
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const rate = (seconds: number) => Math.round(RECORDS / seconds);
const format = (value: number) => value.toLocaleString('en-GB');

if (process.env.BENCH_IMPORT !== '0') {
  const dir = mkdtempSync(join(tmpdir(), 'bhr-bench-file-'));
  try {
    const { file, bytes } = textFormFile(dir, RECORDS);
    const runs: ImportFigures[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const figures = await measureImport(file, bytes);
      if (figures.records !== RECORDS)
        throw new Error(`parsed ${figures.records} records, expected ${RECORDS}`);
      runs.push(figures);
      console.log(
        `run ${run}: import ${format(rate(figures.totalSeconds))} records/s (parse ${figures.parseSeconds.toFixed(2)} s, write ${figures.insertSeconds.toFixed(2)} s); plain insert ${format(rate(figures.plainInsertSeconds))} records/s`,
      );
    }
    const total = median(runs.map((run) => run.totalSeconds));
    const parse = median(runs.map((run) => run.parseSeconds));
    const write = median(runs.map((run) => run.insertSeconds));
    const plain = median(runs.map((run) => run.plainInsertSeconds));
    const ratios = runs.map((run) => run.plainInsertSeconds / run.totalSeconds);
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const section = `## Import of text-form records

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}
- Command: \`npm run bench\` (BENCH_RECORDS=${RECORDS}, BENCH_RUNS=${RUNS})
- Input: ${format(RECORDS)} synthetic records in one text-form file of ${(bytes / 2 ** 20).toFixed(1)} MiB (\`bhr demo\` generator, seed 42, rendered by \`render\`)
- Import = what \`bhr import\` does: read + strict UTF-8 decode + parse + validate (zod) in a worker thread, while the main thread writes each batch through the store (upsert by slug, one transaction for the file) into a fresh SQLite file.
- The parse and the store write are also timed alone, one after the other on one thread, to show where the time goes.
- Baseline = the same rows (already parsed) inserted with plain better-sqlite3 prepared statements in one transaction, same schema and indexes (the full-text index included, with the same text), same run.

| measure (median of ${RUNS} runs) | seconds | records/s |
|---|---:|---:|
| import, total | ${total.toFixed(2)} | ${format(rate(total))} |
| parse + validate alone | ${parse.toFixed(2)} | ${format(rate(parse))} |
| write through the store alone | ${write.toFixed(2)} | ${format(rate(write))} |
| plain better-sqlite3 insert (baseline) | ${plain.toFixed(2)} | ${format(rate(plain))} |

Import rate as a share of the plain-insert rate, per run: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}).
`;
    writeSection('Import of text-form records', section);
    console.log(`\nwritten to docs/benchmarks.md:\n\n${section}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_SEARCH !== '0') {
  ensureMillionDatabase();
  const runs: [string, SearchFigures][] = [['SQLite', await measureSearch(MILLION_DATABASE)]];
  const postgres = await postgresMillion();
  if (postgres) runs.push(['PostgreSQL', await measureSearch(postgres, 18766)]);
  const ms = (value: number) => value.toFixed(1);
  const column = (pick: (figures: SearchFigures) => string) =>
    runs.map(([, figures]) => pick(figures)).join(' | ');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = `## Search over a million records

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}
- Command: \`npm run bench\`: SQLite database built once by \`bhr demo --synthetic 1000000\` into ${MILLION_DATABASE} (${format(runs[0]![1].records)} records)${postgres ? `; PostgreSQL database copied from it by \`bhr db copy\`` : '; PostgreSQL not reachable in this run'}.
- Queries: ${runs[0]![1].queries} fixed queries (one or two words from a list of issues, places, trades and names, with 0 to 3 facet filters), first page with all facet counts, published records only.
- In-process: \`store.search.searchRecords(query, {facets: true})\` after the search index is built (the server builds it at start).
- Bare full-text count: SQLite \`SELECT count(*) FROM record_search WHERE record_search MATCH ?\`; PostgreSQL \`SELECT count(*) FROM records WHERE search_vector @@ to_tsquery(...)\`; same words, same run.
- Misspelt: ${runs[0]![1].spelling.queries} one-word queries, each a word of the list with two middle letters swapped; the search and \`store.search.suggestSpelling\` together. The vocabulary is read at start-up in the background and again after a change of the data; its reading is timed apart, through the adapter.
- Through HTTP: the search page (\`GET /search?...\`, HTML with facets) from \`bhr serve\` in another process, one request at a time.
- Record page: autocannon, 50 connections, 10 s, on one record page and on \`/healthz\` (a static route of the same server) in the same run.

| measure | ${runs.map(([name]) => name).join(' | ')} |
|---|${runs.map(() => '---:').join('|')}|
| search in-process p50 / p95 (ms) | ${column((f) => `${ms(f.inProcess.p50)} / ${ms(f.inProcess.p95)}`)} |
| misspelt search with "did you mean" p50 / p95 (ms) | ${column((f) => `${ms(f.spelling.p50)} / ${ms(f.spelling.p95)} (${f.spelling.corrected} of ${f.spelling.queries} corrected)`)} |
| reading the index's vocabulary for "did you mean" (s) | ${column((f) => (f.spelling.vocabularyMs / 1000).toFixed(1))} |
| bare full-text count p50 / p95 (ms) | ${column((f) => `${ms(f.bareFts.p50)} / ${ms(f.bareFts.p95)}`)} |
| in-process / bare, p50 and p95 | ${column((f) => `${(f.inProcess.p50 / Math.max(f.bareFts.p50, 0.001)).toFixed(1)}× / ${(f.inProcess.p95 / Math.max(f.bareFts.p95, 0.001)).toFixed(1)}×`)} |
| search page through HTTP p50 / p95 (ms) | ${column((f) => `${ms(f.http.p50)} / ${ms(f.http.p95)}`)} |
| record page (requests/s, errors) | ${column((f) => `${format(Math.round(f.recordPage.requestsPerSecond))}, ${f.recordPage.errors}`)} |
| static route (requests/s) | ${column((f) => format(Math.round(f.recordPage.staticRequestsPerSecond)))} |
| record page / static route | ${column((f) => (f.recordPage.requestsPerSecond / f.recordPage.staticRequestsPerSecond).toFixed(2))} |
| server RSS after the load (MiB) | ${column((f) => String(Math.round(f.serverRssMiB)))} |
`;
  writeSection('Search over a million records', section);
  console.log(`\n${section}`);
}

if (process.env.BENCH_ANALYTICS !== '0') {
  ensureMillionDatabase();
  const runs: [string, AnalyticsCase[]][] = [['SQLite', await measureAnalytics(MILLION_DATABASE, 18767)]];
  const postgres = await postgresMillion();
  if (postgres) runs.push(['PostgreSQL', await measureAnalytics(postgres, 18768)]);
  const ms = (value: number) => value.toFixed(0);
  const rows = runs.flatMap(([backend, cases]) =>
    cases.map(
      (item) =>
        `| ${backend} | ${item.name} | ${format(item.records)} | ${ms(item.inProcess)} | ${ms(item.dashboard)} | ${ms(item.api)} | ${ms(item.sqlGroupBy)} | ${(item.inProcess / Math.max(item.sqlGroupBy, 0.01)).toFixed(1)}× |`,
    ),
  );
  const section = [
    '## Analytics over a million records',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    `- Command: \`npm run bench\` (BENCH_IMPORT=0 BENCH_SEARCH=0 BENCH_SCREEN=0 for this part alone); the million synthetic records of the search benchmark${postgres ? ', and their PostgreSQL copy' : '; PostgreSQL not reachable in this run'}.`,
    '- In-process: `computeFigures` (every figure of the dashboard: counts, individuals, deaths, responses, the time series and twelve breakdowns as the dashboard asks for them: 30 values each, every country for the map; company names included) after the search index is built; median of 9 runs after one warm-up.',
    '- Through HTTP: `bhr serve` in another process with BHR_ANALYTICS_CACHE=0 (figures computed for every request, not reused), one request at a time: the dashboard page (`GET /analytics?...`: the figures, the facet counts of its filter form, and every chart as SVG) and `GET /api/v1/stats?...` (JSON); median of 9 after one warm-up.',
    '- Baseline, same run: one SQL `GROUP BY` of the database (published records per country over the same records), a single figure of the dozens above.',
    '',
    '| backend | records selected | records | in-process (ms) | dashboard page via HTTP (ms) | API via HTTP (ms) | SQL GROUP BY baseline (ms) | in-process / baseline |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Aim (issue 8): the dashboard figures for the full million in under 300 ms.',
    '',
  ].join('\n');
  writeSection('Analytics over a million records', section);
  console.log(`\nwritten to docs/benchmarks.md:\n\n${section}`);
}

/** The PostgreSQL copy of the million records (made once with bhr db copy), or undefined without a server. */
if (process.env.BENCH_SCREEN !== '0') {
  const figures = measureScreening();
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  const quality = (q: { precision: number; recall: number; f1: number }) =>
    `${pct(q.precision)} | ${pct(q.recall)} | ${pct(q.f1)}`;
  const section = [
    '## Screening company names',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    '- Command: `npm run bench` (BENCH_IMPORT=0 BENCH_SEARCH=0 BENCH_ANALYTICS=0 BENCH_EXTRACT=0 for this part alone)',
    `- Data: ${format(figures.companies)} companies invented like the demo's (made-up syllables, a trade word, a legal form of a country; no two with the same name but for the legal form), and ${format(figures.names)} names to screen: two thirds variants of known companies (upper case with another legal form, a typing error, the stem in Cyrillic letters, the trade word left out), one third companies that are not there. A result counts when it is flagged as a match; a flagged wrong company is a false positive.`,
    `- fuse.js (defaults) scans every name for each query: it is timed on the first ${figures.fuseSample} names, and our matcher's quality is shown on the same sample beside it.`,
    '',
    '| matcher | names/s | precision | recall | F1 |',
    '|---|---:|---:|---:|---:|',
    `| bhr-name-match, all ${format(figures.names)} names | ${format(Math.round(figures.oursNamesPerSecond))} | ${quality(figures.ours)} |`,
    `| bhr-name-match, first ${figures.fuseSample} names | | ${quality(figures.oursOnSample)} |`,
    `| previous release (${PREVIOUS_SCREENING.date}, ${PREVIOUS_SCREENING.commit}), all 10,000 names | ${format(PREVIOUS_SCREENING.namesPerSecond)} | ${quality(PREVIOUS_SCREENING.ours)} |`,
    `| fuse.js 7 defaults, first ${figures.fuseSample} names | ${figures.fuseNamesPerSecond.toFixed(2)} | ${quality(figures.fuse)} |`,
    '',
    `Index of ${format(figures.companies)} companies built in ${figures.buildSeconds.toFixed(1)} s, ${Math.round(figures.heapMiB)} MiB of heap; process RSS after screening ${Math.round(figures.rssMiB)} MiB (previous release: ${PREVIOUS_SCREENING.buildSeconds} s, ${PREVIOUS_SCREENING.heapMiB} MiB of heap, ${PREVIOUS_SCREENING.rssMiB} MiB RSS). Speed ratio ours/fuse.js: ${format(Math.round(figures.oursNamesPerSecond / figures.fuseNamesPerSecond))}. The machine is shared: compare speeds measured in one run, or alternately, rather than across dates.`,
    '',
    'Aims (issue 6): at least 2,000 names/s, and ahead of fuse.js in both F1 and speed. The invented names differ by one syllable, and the companies that are not there are one syllable away from some that are: a hard test of precision for any matcher (fuse.js flags nearly everything similar: high recall, low precision). The quality on real name pairs is `npm run eval:matching` (docs/matching.md).',
    '',
  ].join('\n');
  writeSection('Screening company names', section);
  console.log(`\nwritten to docs/benchmarks.md:\n\n${section}`);
}

if (process.env.BENCH_EXTRACT !== '0') {
  const figures = measureExtraction();
  const section = [
    '## Assisted extraction',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    '- Command: `npm run bench` (BENCH_IMPORT=0 BENCH_SEARCH=0 BENCH_SCREEN=0 BENCH_ANALYTICS=0 for this part alone)',
    `- Data: ${format(figures.articles)} articles (${format(figures.characters)} characters): the ${'labelled articles of eval/extraction'} repeated, ${format(figures.htmlArticles)} of them as HTML pages with navigation, a sidebar and a footer around the article; no database (no company linking).`,
    '- In-process: `extractDraft` over the batch, median of 5 runs after a warm-up. Baseline in the same run: reading only (HTML stripped, language guessed, words, sentences and country names found), which every proposal builds on.',
    '- Command line: `bhr extract --json FILE...` with the whole batch in one process, and with one file (the start-up cost), median of 3 each, wall time.',
    '',
    '| measure | articles/s | ratio |',
    '|---|---:|---:|',
    `| in-process \`extractDraft\` | ${format(Math.round(figures.inProcessPerSecond))} | ${(figures.readingOnlyPerSecond / figures.inProcessPerSecond).toFixed(1)}× the time of reading only |`,
    `| in-process reading only (baseline) | ${format(Math.round(figures.readingOnlyPerSecond))} | 1× |`,
    `| \`bhr extract --json\` over ${format(figures.articles)} files | ${format(Math.round(figures.cliBatchPerSecond))} | ${figures.cliBatchSeconds.toFixed(2)} s in all, of which ${figures.cliSingleSeconds.toFixed(2)} s start-up (one file) |`,
    '',
    'Aim (issue 9): at least 20 articles per second for `bhr extract` over a batch.',
    '',
  ].join('\n');
  writeSection('Assisted extraction', section);
  console.log(`\nwritten to docs/benchmarks.md:\n\n${section}`);
}

/** The SQLite database of a million synthetic records, built once into .bench/ (about three minutes). */
function ensureMillionDatabase(): void {
  if (existsSync(MILLION_DATABASE)) return;
  console.log(`building ${MILLION_DATABASE} with bhr demo --synthetic 1000000 (once)`);
  execFileSync(process.execPath, ['bin/bhr.js', 'demo', '--synthetic', '1000000', '--db', MILLION_DATABASE], {
    stdio: 'inherit',
  });
}

async function postgresMillion(): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    console.log(
      `PostgreSQL not reachable at ${POSTGRES_ADMIN_URL}: its part of the search benchmark is skipped`,
    );
    return undefined;
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = '/bhr_bench_million';
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'bhr_bench_million'");
    if (exists.rowCount === 0) {
      await admin.query('CREATE DATABASE bhr_bench_million');
      console.log('copying the million records to PostgreSQL with bhr db copy (once)');
      execFileSync(
        process.execPath,
        ['bin/bhr.js', 'db', 'copy', '--from', MILLION_DATABASE, '--to', url.toString()],
        {
          stdio: 'inherit',
        },
      );
    }
  } finally {
    await admin.end();
  }
  return url.toString();
}
