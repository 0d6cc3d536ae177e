import type { FastifyInstance } from 'fastify';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import type { StoredRecord } from '../src/domain/record.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * The figures of the issue and country pages are cross-tabs: parts of the page's own records, each checked
 * here against a count made directly from the stored published records. The "all of these" switch for issues
 * is checked the same way through the search page, the API and the analytics.
 */

interface Cell {
  label: string;
  count: number;
  params: URLSearchParams;
}
interface Breakdown {
  heading: string;
  tables: Map<string, Cell[]>;
}

const numberIn = (text: string) => Number(text.replace(/[^0-9]/g, ''));

/** The breakdowns of a term page: each section's heading and its tables by caption. */
function breakdownsOf(html: string): Breakdown[] {
  const { document } = parseHTML(html);
  return Array.from(document.querySelectorAll('section.breakdown')).map((section) => ({
    heading: section.querySelector('h2')!.textContent!.trim(),
    tables: new Map(
      Array.from(section.querySelectorAll('table.cross-tab')).map((table) => [
        table.querySelector('caption')!.textContent!.trim(),
        Array.from(table.querySelectorAll('tbody tr')).map((row) => {
          const link = row.querySelector('th a')!;
          return {
            label: link.textContent!.trim(),
            count: numberIn(row.querySelector('td')!.textContent!),
            params: new URL(link.getAttribute('href')!, 'http://localhost').searchParams,
          };
        }),
      ]),
    ),
  }));
}

/** The number of records a search page says it found. */
function searchTotal(html: string): number {
  const { document } = parseHTML(html);
  return numberIn(document.querySelector('#results')!.textContent!);
}

const byCount = <T>(counts: Map<T, number>) => [...counts.values()].sort((a, b) => b - a);

describe.each(STORE_BACKENDS)('figures that add up on $name', (backend) => {
  let store: Stores;
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  /** Every published record, read straight from the store: the direct counts are made over these. */
  let published: StoredRecord[];

  const count = (holds: (record: StoredRecord) => boolean) => published.filter(holds).length;
  const hasIssue = (id: string) => (record: StoredRecord) => record.issues.includes(id);
  const hasSector = (id: string) => (record: StoredRecord) =>
    record.affected.groups.some((group) => group.sector === id);
  const hasOrigin = (code: string) => (record: StoredRecord) =>
    record.affected.groups.some((group) => group.origin === code);
  const locatedIn = (code: string) => (record: StoredRecord) => record.location.country === code;
  /** Counts by value over the records that pass `within`, a record counting once per value. */
  const tally = (within: (record: StoredRecord) => boolean, values: (record: StoredRecord) => string[]) => {
    const counts = new Map<string, number>();
    for (const record of published.filter(within))
      for (const value of new Set(values(record))) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  };
  /** The issue with the most published records, the issue most often found with it, and the one most often with both. */
  let issue: string;
  let second: string;
  let third: string;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await store.records.upsertRecords([...syntheticRecords({ count: 500, seed: 23, companies: 50 })]);
    published = [];
    for await (const record of store.records.streamRecords({ statuses: ['published'] }))
      published.push(record);
    const issues = tally(
      () => true,
      (record) => record.issues,
    );
    issue = [...issues].sort((a, b) => b[1] - a[1])[0]![0];
    const withIt = [...tally(hasIssue(issue), (record) => record.issues)]
      .filter(([id]) => id !== issue)
      .sort((a, b) => b[1] - a[1]);
    second = withIt[0]![0];
    const withBoth = [
      ...tally(
        (record) => hasIssue(issue)(record) && hasIssue(second)(record),
        (record) => record.issues,
      ),
    ]
      .filter(([id]) => id !== issue && id !== second)
      .sort((a, b) => b[1] - a[1]);
    third = withBoth[0]![0];
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app?.close();
    await dispose();
  });

  it("breaks an issue page's records down by issue, sector, country and year, each a part of them", async () => {
    const response = await app.inject({ url: `/issues/${issue}` });
    expect(response.statusCode).toBe(200);
    const [breakdown, ...others] = breakdownsOf(response.body);
    expect(others).toHaveLength(0);
    const total = count(hasIssue(issue));
    expect(breakdown!.heading).toBe(`Of the ${total} records about this issue:`);
    expect(response.body).toContain(`Records about this issue (${total})`);

    const alsoAbout = breakdown!.tables.get('also about')!;
    const issuesWithIt = tally(hasIssue(issue), (record) => record.issues);
    issuesWithIt.delete(issue);
    // The ten largest, none of them the page's own issue, each the records with both issues.
    expect(alsoAbout.map((cell) => cell.count)).toEqual(byCount(issuesWithIt).slice(0, 10));
    for (const cell of alsoAbout) {
      const [, other] = cell.params.getAll('issue');
      expect(cell.params.getAll('issue')[0]).toBe(issue);
      expect(cell.params.get('issueMode')).toBe('all');
      expect(cell.count).toBe(count((record) => hasIssue(issue)(record) && hasIssue(other!)(record)));
      expect(cell.count).toBeLessThanOrEqual(total);
    }

    const sectors = breakdown!.tables.get('in the sector')!;
    expect(sectors.map((cell) => cell.count)).toEqual(
      byCount(
        tally(hasIssue(issue), (record) => record.affected.groups.flatMap((g) => g.sector ?? [])),
      ).slice(0, 10),
    );
    for (const cell of sectors) {
      const sector = cell.params.get('sector')!;
      expect(cell.count).toBe(count((record) => hasIssue(issue)(record) && hasSector(sector)(record)));
    }

    const countries = breakdown!.tables.get('located in')!;
    for (const cell of countries) {
      const country = cell.params.get('country')!;
      expect(cell.count).toBe(count((record) => hasIssue(issue)(record) && locatedIn(country)(record)));
    }
    // A record has one location and one date: these tables never add up to more than the page's records.
    expect(countries.reduce((sum, cell) => sum + cell.count, 0)).toBeLessThanOrEqual(total);

    const years = breakdown!.tables.get('reported in')!;
    expect(years.reduce((sum, cell) => sum + cell.count, 0)).toBe(total);
    for (const cell of years) {
      expect(cell.count).toBe(
        count((record) => hasIssue(issue)(record) && record.dateReported.startsWith(cell.label)),
      );
    }
  });

  it('links every figure of the breakdown to a search that finds exactly that many records', async () => {
    const [breakdown] = breakdownsOf((await app.inject({ url: `/issues/${issue}` })).body);
    const cells = [...breakdown!.tables.values()].flatMap((cells) => cells.slice(0, 3));
    expect(cells.length).toBeGreaterThan(6);
    for (const cell of cells) {
      const found = await app.inject({ url: `/search?${cell.params}` });
      expect(searchTotal(found.body), String(cell.params)).toBe(cell.count);
    }
  });

  it('breaks a country page down by its own records, and lists other countries only as their origins or destinations', async () => {
    const locations = tally(
      () => true,
      (record) => [record.location.country],
    );
    const country = [...locations].sort((a, b) => b[1] - a[1])[0]![0];
    const response = await app.inject({ url: `/countries/${country}` });
    expect(response.statusCode).toBe(200);
    const breakdowns = breakdownsOf(response.body);
    const located = breakdowns.find((breakdown) => breakdown.heading.includes('located in'))!;
    const total = count(locatedIn(country));
    expect(located.heading).toMatch(new RegExp(`^Of the ${total} records located in `));

    for (const cell of located.tables.get('about')!)
      expect(cell.count).toBe(
        count((record) => locatedIn(country)(record) && hasIssue(cell.params.get('issue')!)(record)),
      );
    for (const cell of located.tables.get('in the sector')!)
      expect(cell.count).toBe(
        count((record) => locatedIn(country)(record) && hasSector(cell.params.get('sector')!)(record)),
      );
    const origins = located.tables.get('with workers from')!;
    expect(origins.length).toBeGreaterThan(0);
    for (const cell of origins) {
      expect(cell.params.getAll('country')).toEqual([country]);
      expect(cell.count).toBe(
        count((record) => locatedIn(country)(record) && hasOrigin(cell.params.get('origin')!)(record)),
      );
    }
    expect(located.tables.get('reported in')!.reduce((sum, cell) => sum + cell.count, 0)).toBe(total);

    // Every figure of the page is a part of the records it is headed by.
    for (const breakdown of breakdowns) {
      const whole = numberIn(breakdown.heading);
      for (const cells of breakdown.tables.values())
        for (const cell of cells) expect(cell.count).toBeLessThanOrEqual(whole);
    }
  });

  it('finds the records with all of the chosen issues on the search page, and says what its counts mean', async () => {
    const both = (record: StoredRecord) => hasIssue(issue)(record) && hasIssue(second)(record);
    const any = await app.inject({ url: `/search?issue=${issue}&issue=${second}` });
    expect(searchTotal(any.body)).toBe(
      count((record) => hasIssue(issue)(record) || hasIssue(second)(record)),
    );
    const all = await app.inject({ url: `/search?issue=${issue}&issue=${second}&issueMode=all` });
    expect(all.statusCode).toBe(200);
    expect(searchTotal(all.body)).toBe(count(both));
    expect(count(both)).toBeLessThan(count(hasIssue(issue)));

    const { document } = parseHTML(all.body);
    const checked = document.querySelector('input[name="issueMode"][checked]');
    expect(checked?.getAttribute('value')).toBe('all');
    expect(document.querySelector('#counts-hint')!.textContent).toContain('match your other filters');
    // Under "all", an issue's count is what the search gives once it is added: the records with all three.
    const thirdBox = Array.from(document.querySelectorAll('input[name="issue"]')).find(
      (input) => input.getAttribute('value') === third,
    )!;
    const label = document.querySelector(`label[for="${thirdBox.getAttribute('id')}"]`)!;
    expect(numberIn(label.querySelector('.count')!.textContent!)).toBe(
      count((record) => both(record) && hasIssue(third)(record)),
    );
    expect(all.body).toContain('Issue (all of these)');
  });

  it('takes issueMode=all in the records API, with honest issue counts, and refuses a bad mode', async () => {
    const both = (record: StoredRecord) => hasIssue(issue)(record) && hasIssue(second)(record);
    const response = await app.inject({
      url: `/api/v1/records?issue=${issue}&issue=${second}&issueMode=all&facets=true&pageSize=100`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      total: number;
      data: StoredRecord[];
      facets: { issue: { value: string; count: number }[] };
    };
    expect(body.total).toBe(count(both));
    for (const record of body.data) expect(record.issues).toEqual(expect.arrayContaining([issue, second]));
    const direct = tally(both, (record) => record.issues);
    for (const item of body.facets.issue) expect(item.count, item.value).toBe(direct.get(item.value));
    expect(body.facets.issue.find((item) => item.value === issue)?.count).toBe(body.total);

    const bad = await app.inject({ url: `/api/v1/records?issue=${issue}&issueMode=every` });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('issueMode is any or all');

    const openapi = (await app.inject({ url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }>;
    };
    const parameter = openapi.paths['/api/v1/records']!.get.parameters.find((p) => p.name === 'issueMode');
    expect(parameter?.schema.enum).toEqual(['any', 'all']);
  });

  it('gives the analytics of the records with all of the chosen issues', async () => {
    const all = (record: StoredRecord) =>
      hasIssue(issue)(record) && hasIssue(second)(record) && hasIssue(third)(record);
    const expected = count(all);
    expect(expected).toBeGreaterThan(0);
    const query = `issue=${issue}&issue=${second}&issue=${third}&issueMode=all`;
    const stats = await app.inject({ url: `/api/v1/stats?${query}` });
    expect(stats.statusCode).toBe(200);
    const body = stats.json() as {
      query: { issueMode: string };
      figures: { records: number; breakdowns: { country: { values: { value: string; records: number }[] } } };
    };
    expect(body.query.issueMode).toBe('all');
    expect(body.figures.records).toBe(expected);
    const countries = tally(all, (record) => [record.location.country]);
    for (const item of body.figures.breakdowns.country.values)
      expect(item.records).toBe(countries.get(item.value));

    const page = await app.inject({ url: `/analytics?${query}` });
    expect(page.statusCode).toBe(200);
    const { document } = parseHTML(page.body);
    expect(numberIn(document.querySelector('#figures')!.textContent!)).toBe(expected);
    expect(document.querySelector('input[name="issueMode"][checked]')?.getAttribute('value')).toBe('all');
  });
});
