import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Sqlite from 'better-sqlite3';
import { seededRandom } from '../src/demo/synthetic.ts';
import { SearchQuery, searchParams, type Facet } from '../src/search/query.ts';
import { fts5Query, sqliteTextSearch } from '../src/store/sqlite/text-search.ts';
import pg from 'pg';
import { openStores } from '../src/store/open.ts';
import { postgresTextSearch, tsQuery } from '../src/store/postgres/text-search.ts';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../src/store/schema.ts';

/** Words people search such a database for: issues, places, trades, and some that match nothing. */
const WORDS = [
  'wage',
  'theft',
  'passport',
  'recruitment',
  'fees',
  'deaths',
  'forced',
  'labour',
  'trafficking',
  'deportation',
  'Nepal',
  'Qatar',
  'Malaysia',
  'Bangladesh',
  'Thailand',
  'Myanmar',
  'Russia',
  'Uzbekistan',
  'Philippines',
  'Kenya',
  'garments',
  'construction',
  'logistics',
  'farms',
  'security',
  'hotels',
  'seafood',
  'electronics',
  'plantations',
  'unpaid',
  'housing',
  'heat',
  'harassment',
  'Wildberries',
  'Kawaguchi',
  'glove',
  'strike',
  'union',
];
const FACET_VALUES: [Facet, string[]][] = [
  ['country', ['QA', 'MY', 'SA', 'AE', 'TH', 'RU', 'US', 'KR', 'JP']],
  ['origin', ['NP', 'BD', 'IN', 'PH', 'MM', 'ID', 'UZ', 'KE']],
  [
    'issue',
    ['wage-theft', 'health-safety', 'deaths', 'passport-document-retention', 'forced-labour-modern-slavery'],
  ],
  ['sector', ['construction-engineering', 'manufacturing', 'agriculture-fishing', 'domestic-work']],
  ['gender', ['Women', 'Men', 'Mixed']],
  ['sourceType', ['News outlet', 'NGO']],
];

/** One misspelt word per query, two letters of the middle swapped ("passport" → "paspsort"), no filters. */
export function misspeltQueries(): SearchQuery[] {
  return WORDS.filter((word) => word.length >= 6).map((word) => {
    const at = Math.floor(word.length / 2) - 1;
    const swapped = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    return SearchQuery.parse({ q: swapped });
  });
}

/** 200 queries: one or two words, with 0 to 3 facets, the same every run. */
export function benchmarkQueries(count = 200): SearchQuery[] {
  const random = seededRandom(2024);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const words = random() < 0.6 ? [pick(WORDS)] : [pick(WORDS), pick(WORDS)];
    const input: Record<string, unknown> = { q: words.join(' ') };
    const facets = Math.floor(random() * 4);
    for (let index = 0; index < facets; index++) {
      const [facet, values] = pick(FACET_VALUES);
      input[facet] = [pick(values)];
    }
    return SearchQuery.parse(input);
  });
}

export const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
};

export interface SearchFigures {
  records: number;
  queries: number;
  inProcess: { p50: number; p95: number };
  /** Misspelt searches: the search and its "did you mean", after the first one read the vocabulary. */
  spelling: { vocabularyMs: number; queries: number; corrected: number; p50: number; p95: number };
  bareFts: { p50: number; p95: number };
  http: { p50: number; p95: number };
  recordPage: { requestsPerSecond: number; staticRequestsPerSecond: number; errors: number };
  serverRssMiB: number;
}

/** How long the adapter takes to read the index's vocabulary, which a change of the data makes it read again. */
async function vocabularyReadMs(database: string): Promise<number> {
  if (database.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: database, max: 1 });
    const search = postgresTextSearch(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool);
    const start = performance.now();
    await search.vocabulary();
    const elapsed = performance.now() - start;
    await pool.end();
    return elapsed;
  }
  const raw = new Sqlite(database);
  const start = performance.now();
  await sqliteTextSearch(raw).vocabulary();
  const elapsed = performance.now() - start;
  raw.close();
  return elapsed;
}

/** Latencies of the database's own full-text count of the same words, without our code around it. */
async function bareTextCounts(database: string, queries: SearchQuery[]): Promise<number[]> {
  const latencies: number[] = [];
  if (database.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    for (const query of queries) {
      const start = performance.now();
      await client.query("SELECT count(*) FROM records WHERE search_vector @@ to_tsquery('simple', $1)", [
        tsQuery(query.q),
      ]);
      latencies.push(performance.now() - start);
    }
    await client.end();
    return latencies;
  }
  const raw = new Sqlite(database, { readonly: true });
  const count = raw.prepare('SELECT count(*) AS n FROM record_search WHERE record_search MATCH ?');
  for (const query of queries) {
    const start = performance.now();
    count.get(fts5Query(query.q));
    latencies.push(performance.now() - start);
  }
  raw.close();
  return latencies;
}

export function startServer(
  database: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/bhr.js', 'serve', '--db', database, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('BHR Tracker on')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function load(url: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration: 10 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** Searches a database of synthetic records in-process, against bare FTS5, and through HTTP; loads the record page. */
export async function measureSearch(database: string, port = 18765): Promise<SearchFigures> {
  const queries = benchmarkQueries();
  const store = await openStores(database);
  await store.search.prepareSearch();
  const records = await store.records.countRecords();
  for (const query of queries.slice(0, 20))
    await store.search.searchRecords(query, { statuses: ['published'], facets: true });
  const inProcess: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    await store.search.searchRecords(query, { statuses: ['published'], facets: true });
    inProcess.push(performance.now() - start);
  }
  // "Did you mean": the vocabulary was read at prepareSearch, in the background; later ones only compare words.
  const misspelt = misspeltQueries();
  const vocabularyMs = await vocabularyReadMs(database);
  const spelling: number[] = [];
  let corrected = 0;
  for (const query of misspelt) {
    const start = performance.now();
    const found = await store.search.searchRecords(query, { statuses: ['published'], facets: true });
    const suggestion = await store.search.suggestSpelling(query, {
      statuses: ['published'],
      found: found.total,
    });
    spelling.push(performance.now() - start);
    if (suggestion) corrected++;
  }
  const sample = (
    await store.search.searchRecords(SearchQuery.parse({ q: 'wage' }), { statuses: ['published'] })
  ).records[0]!;
  await store.close();

  const bare = await bareTextCounts(database, queries);

  const server = await startServer(database, port);
  try {
    const base = `http://127.0.0.1:${port}`;
    const http: number[] = [];
    for (const query of queries) {
      const start = performance.now();
      const response = await fetch(`${base}/search?${searchParams(query)}`);
      await response.text();
      if (response.status !== 200) throw new Error(`search answered ${response.status}`);
      http.push(performance.now() - start);
    }
    const recordPage = await load(`${base}/records/${encodeURIComponent(sample.slug)}`);
    const staticRoute = await load(`${base}/healthz`);
    return {
      records,
      queries: queries.length,
      inProcess: { p50: percentile(inProcess, 0.5), p95: percentile(inProcess, 0.95) },
      spelling: {
        vocabularyMs,
        queries: misspelt.length,
        corrected,
        p50: percentile(spelling, 0.5),
        p95: percentile(spelling, 0.95),
      },
      bareFts: { p50: percentile(bare, 0.5), p95: percentile(bare, 0.95) },
      http: { p50: percentile(http, 0.5), p95: percentile(http, 0.95) },
      recordPage: {
        requestsPerSecond: recordPage.requests.average,
        staticRequestsPerSecond: staticRoute.requests.average,
        errors: recordPage.errors + recordPage.non2xx,
      },
      serverRssMiB: rssMiB(server.pid!),
    };
  } finally {
    server.kill('SIGTERM');
  }
}

export const MILLION_DATABASE = join('.bench', 'million.sqlite');
