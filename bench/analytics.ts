import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { CHART_LIMITS } from '../src/analytics/charts.ts';
import { computeFigures } from '../src/analytics/figures.ts';
import { SearchQuery, searchParams } from '../src/search/query.ts';
import { openStores } from '../src/store/open.ts';
import { startServer } from './search.ts';

/**
 * The analytics over the million synthetic records: `computeFigures` in-process (every figure of the
 * dashboard) for all published records and for a filtered tenth, the dashboard page and `GET /api/v1/stats`
 * through HTTP, and as a baseline in the same run one SQL GROUP BY of the database (records per country
 * over the same records): one figure of the dozens the analytics gives.
 */

const RUNS = 9;

export interface AnalyticsCase {
  name: string;
  query: SearchQuery;
  records: number;
  inProcess: number;
  dashboard: number;
  api: number;
  sqlGroupBy: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Records per country of the published records, by SQL alone; `close` ends the connection. */
async function sqlGroupBy(
  database: string,
  query: SearchQuery,
): Promise<{ run: () => Promise<unknown>; close: () => Promise<void> }> {
  const where =
    query.country.length > 0
      ? `AND location_country IN (${query.country.map((code) => `'${code}'`).join(',')})`
      : '';
  const text = `SELECT location_country, count(*) FROM records WHERE status = 'published' ${where} GROUP BY location_country`;
  if (database.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    return { run: () => client.query(text), close: () => client.end() };
  }
  const connection = new Sqlite(database, { readonly: true });
  const statement = connection.prepare(text);
  return { run: async () => statement.all(), close: async () => void connection.close() };
}

export async function measureAnalytics(database: string, port: number): Promise<AnalyticsCase[]> {
  const cases = [
    { name: 'all published records', query: SearchQuery.parse({}) },
    { name: 'a tenth (country = Qatar)', query: SearchQuery.parse({ country: ['QA'] }) },
  ];
  const store = await openStores(database);
  await store.search.prepareSearch();
  const results: AnalyticsCase[] = [];
  for (const { name, query } of cases) {
    const figures = await computeFigures(store, query, { statuses: ['published'], ...CHART_LIMITS });
    const inProcess = await timed(() =>
      computeFigures(store, query, { statuses: ['published'], ...CHART_LIMITS }),
    );
    const baseline = await sqlGroupBy(database, query);
    const sql = await timed(baseline.run);
    await baseline.close();
    results.push({ name, query, records: figures.records, inProcess, dashboard: 0, api: 0, sqlGroupBy: sql });
  }
  await store.close();

  // Figures reused between requests would measure a lookup: the server computes them every time.
  const server = await startServer(database, port, { BHR_ANALYTICS_CACHE: '0' });
  try {
    const base = `http://127.0.0.1:${port}`;
    const fetchText = async (url: string) => {
      const response = await fetch(url);
      await response.text();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    };
    for (const result of results) {
      const params = searchParams(result.query).toString();
      result.dashboard = await timed(() => fetchText(`${base}/analytics?${params}`));
      result.api = await timed(() => fetchText(`${base}/api/v1/stats?${params}`));
    }
  } finally {
    server.kill('SIGTERM');
  }
  return results;
}
