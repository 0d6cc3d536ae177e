import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS, CHART_LIMITS, chartRows } from '../src/analytics/charts.ts';
import { computeFigures } from '../src/analytics/figures.ts';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import { SearchQuery } from '../src/search/query.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * The analytics through HTTP and the CLI: the dashboard, each chart's table and CSV, the API and `bhr stats`
 * give the figures of `computeFigures`; drafts never count; bad parameters are named.
 */

const SECRET = 'Undisclosed Draft Holdings';
const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe.each(STORE_BACKENDS)('analytics pages, API and CLI on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let location: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, location, dispose } = await backend.create());
    await store.records.upsertRecords([
      ...[...syntheticRecords({ count: 150, seed: 11 })].map((record) => ({
        ...record,
        status: 'published' as const,
      })),
      aRecord({
        title: 'A draft that must not count',
        status: 'draft',
        location: { country: 'IS' },
        companies: [{ name: SECRET, role: 'Employer' }],
        issues: ['deaths'],
      }),
    ]);
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('shows the figures of computeFigures on the dashboard, and each chart draws what its table and CSV list', async () => {
    const query = SearchQuery.parse({ country: ['MY', 'QA', 'SA'] });
    const figures = await computeFigures(store, query, { statuses: ['published'], ...CHART_LIMITS });
    expect(figures.records).toBeGreaterThan(10);
    const page = await get('/analytics?country=MY&country=QA&country=SA');
    expect(page.statusCode).toBe(200);
    const html = page.body;
    const figure = (id: string) =>
      html.match(new RegExp(`data-figure="${id}"><dt>[^<]*</dt><dd class="value">([^<]*)</dd>`))?.[1];
    expect(figure('records')).toBe(figures.records.toLocaleString('en-GB'));
    expect(figure('companies')).toBe(figures.companiesNamed.toLocaleString('en-GB'));
    expect(figure('individuals')).toBe(`at least ${figures.individuals.total.toLocaleString('en-GB')}`);
    for (const spec of CHARTS) {
      const expected = chartRows(figures, spec);
      const section = html.slice(html.indexOf(`id="chart-${spec.id}"`));
      const body = section.slice(0, section.indexOf('</section>'));
      const drawn = [...body.matchAll(/class="mark" data-key="([^"]+)" data-value="(\d+)"/g)].map((match) => [
        unescape(match[1]!),
        Number(match[2]),
      ]);
      const tabled = [
        ...body.matchAll(/<tr data-key="([^"]+)"><th scope="row">[^<]*<\/th><td class="number">([\d,]+)</g),
      ].map((match) => [unescape(match[1]!), Number(match[2]!.replace(/,/g, ''))]);
      expect(tabled, spec.id).toEqual(expected.map((row) => [row.key, row.count]));
      // Every row is one mark (the map: a country's outline, or a point for one too small to outline).
      expect(
        [...drawn].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        spec.id,
      ).toEqual(
        expected.map((row) => [row.key, row.count]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      const csv = await get(`/analytics/data.csv?chart=${spec.id}&country=MY&country=QA&country=SA`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rows = parse(csv.body) as string[][];
      const count = spec.kind === 'time' ? 3 : 2;
      expect(
        rows.slice(1).map((row) => [row[0], Number(row[count])]),
        spec.id,
      ).toEqual(expected.map((row) => [row.key, row.count]));
    }
  });

  it('lists the same filter values and counts as the search page, with and without facet filters', async () => {
    const options = (html: string) =>
      [
        ...html.matchAll(
          /<input type="checkbox" id="[^"]+" name="([^"]+)" value="([^"]+)"[^>]*\/><label[^>]*>[\s\S]*?\((\d[\d,]*)\)/g,
        ),
      ].map((match) => `${match[1]}=${match[2]}:${match[3]}`);
    for (const params of ['from=2022-01-01', 'from=2022-01-01&country=MY&issue=wage-theft']) {
      const [dashboard, search] = await Promise.all([get(`/analytics?${params}`), get(`/search?${params}`)]);
      const listed = options(dashboard.body);
      expect(listed.length, params).toBeGreaterThan(20);
      expect(listed, params).toEqual(options(search.body));
    }
  });

  it('gives the same figures through the API and bhr stats, and never counts a draft', async () => {
    const figures = await computeFigures(store, SearchQuery.parse({}), {
      statuses: ['published'],
      limit: 50,
    });
    const api = await get('/api/v1/stats');
    expect(api.statusCode).toBe(200);
    expect(api.json().figures).toEqual(figures);
    expect(api.body).not.toContain(SECRET);
    expect(figures.breakdowns.country.values.map((item) => item.value)).not.toContain('IS');
    const cli = await bhr(['stats', '--json', '--limit', '50', '--db', location]);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).figures).toEqual(figures);
    const corridors = await bhr(['stats', '--by', 'corridor', '--json', '--limit', '5', '--db', location]);
    expect(JSON.parse(corridors.stdout).rows.map((row: { value: string }) => row.value)).toEqual(
      figures.breakdowns.corridor.values.slice(0, 5).map((item) => item.value),
    );
    // Records with every issue given, the same through the API and the CLI's --issue-mode.
    const both = 'issue=wage-theft&issue=forced-labour-modern-slavery&issueMode=all';
    const apiBoth = (await get(`/api/v1/stats?${both}`)).json().figures;
    const cliBoth = await bhr([
      'stats',
      '--json',
      '--issue',
      'wage-theft',
      '--issue',
      'forced-labour-modern-slavery',
      '--issue-mode',
      'all',
      '--db',
      location,
    ]);
    expect(JSON.parse(cliBoth.stdout).figures).toEqual(apiBoth);
    expect(apiBoth.records).toBeLessThan(
      (await get('/api/v1/stats?issue=wage-theft&issue=forced-labour-modern-slavery')).json().figures.records,
    );
    for (const url of ['/analytics', '/analytics/data.csv?chart=companies', '/analytics/report']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(SECRET);
    }
  });

  it('reuses the figures of a query only until the data changes', async () => {
    const count = async () =>
      Number(
        /data-figure="records"><dt>[^<]*<\/dt><dd class="value">([\d,]+)/
          .exec((await get('/analytics?country=KE')).body)![1]!
          .replace(/,/g, ''),
      );
    const before = await count();
    expect(await count()).toBe(before);
    await store.records.upsertRecords([
      aRecord({ title: 'Kenya: a record added after a view', location: { country: 'KE' } }),
    ]);
    expect(await count()).toBe(before + 1);
  });

  it('answers bad parameters with 400 naming the field, and the CLI with the option', async () => {
    const cases: [string, string][] = [
      ['/analytics/data.csv?chart=pie', '/chart'],
      ['/analytics?period=week', '/period'],
      ['/api/v1/stats?limit=0', '/limit'],
      ['/api/v1/stats?country=XX', '/country/0'],
      ['/analytics/report?from=2025-01-01', '/to'],
      ['/api/v1/stats?from=2025-02-01&to=2025-01-01', '/from'],
    ];
    for (const [url, path] of cases) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      expect(response.statusCode, url).toBe(400);
      expect(response.body, url).toContain(path);
    }
    const cli = await bhr(['stats', '--country', 'XX', '--db', location]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('--country');
    const report = await bhr(['report', '--from', '2025-01-01', '--out', '/tmp/never.pdf', '--db', location]);
    expect(report.code).toBe(1);
    expect(report.stderr).toContain('--to');
  });

  it('compares the report period with the period before it', async () => {
    const response = await get('/analytics/report?from=2025-01-01&to=2025-12-31');
    expect(response.statusCode).toBe(200);
    const [current, previous] = await Promise.all(
      [
        ['2025-01-01', '2025-12-31'],
        ['2024-01-01', '2024-12-31'],
      ].map(([from, to]) =>
        computeFigures(store, SearchQuery.parse({ from, to }), { statuses: ['published'], limit: 50 }),
      ),
    );
    expect(response.body).toContain(`recorded ${current!.records} allegations`);
    expect(response.body).toContain(`against the previous period (${previous!.records})`);
    // No request went through the tracker: the report says so without denying what the records say.
    const sought =
      current!.breakdowns.responseSought.values.find((item) => item.value === 'yes')?.records ?? 0;
    expect(current!.responses.requested).toBe(0);
    expect(sought).toBeGreaterThan(0);
    expect(response.body).toContain(
      `No company was asked to respond through the tracker; ${sought} record${sought === 1 ? ' says' : 's say'} a response was sought`,
    );
    expect(response.body).not.toContain('No company was asked to respond about these records.');
  });
});
