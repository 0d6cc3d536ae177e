import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { openStores } from '../src/store/open.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

const XSS = '<script>alert(1)</script>';

describe.each(STORE_BACKENDS)('web pages on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let location: string;
  let xssSlug: string;

  beforeAll(async () => {
    ({ store, dispose, location } = await backend.create());
    await store.records.upsertRecords([
      aRecord({
        title: `Title ${XSS}`,
        summary: `Summary ${XSS}`,
        location: { country: 'MY', city: `City ${XSS}` },
        companies: [{ name: `Company ${XSS}`, role: 'Employer' }],
        sources: [
          {
            companies: [`Company ${XSS}`],
            headline: `Headline ${XSS}`,
            publisher: `Publisher ${XSS}`,
            url: 'https://example.org/"><script>alert(1)</script>',
            published: '2025-03-14',
            excerpt: `Excerpt ${XSS}\n…Second ${XSS}`,
          },
        ],
      }),
      aRecord({
        title: 'Россия: рабочим не платят зарплату',
        location: { country: 'RU' },
        dateReported: '2024-05-01',
        issues: ['wage-theft', 'passport-document-retention'],
        affected: {
          total: null,
          groups: [
            {
              type: 'migrant-immigrant-workers',
              count: null,
              origin: 'UZ',
              sector: null,
              subsector: null,
              gender: 'Men',
              migrationStatus: 'Unknown migration status',
            },
          ],
        },
        sources: [
          {
            companies: [],
            headline: '러시아 공장 노동자들이 임금을 받지 못했다',
            published: '2024-05-01',
            excerpt: 'Workers in Łódź and Kraków were also unpaid.',
          },
        ],
      }),
      aRecord({
        title: 'Qatar: deaths on a construction site',
        location: { country: 'QA' },
        issues: ['deaths'],
        dateReported: '2023-02-02',
      }),
      aRecord({ title: 'Unpublished draft about Qatar', location: { country: 'QA' }, status: 'draft' }),
    ]);
    xssSlug = (await store.records.listRecords({ limit: 1 })).records[0]!.slug;
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const get = (url: string) => app.inject(url);

  it('escapes every text field of a record on its page, on the home page and in search results', async () => {
    for (const url of [`/records/${xssSlug}`, '/', '/search?q=script', '/search?q=title']) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('<script>');
      expect(page.body, url).not.toMatch(/<[^>]*onerror/i);
    }
    const record = (await get(`/records/${xssSlug}`)).body;
    for (const field of [
      'Title',
      'Summary',
      'City',
      'Company',
      'Headline',
      'Publisher',
      'Excerpt',
      'Second',
    ]) {
      expect(record).toContain(`${field} &lt;script>alert(1)&lt;/script>`);
    }
  });

  it('shows the record page laid out like the corpus pages, in Russian on request', async () => {
    const english = (await get(`/records/${xssSlug}`)).body;
    for (const heading of [
      'Summary',
      'Date Reported',
      'Location',
      'Companies',
      'Affected',
      'Total individuals affected',
      'Issues',
      'Response',
      'Response sought',
      'Source type',
      'Sources',
    ]) {
      expect(english).toContain(heading);
    }
    const russian = (await get(`/records/${xssSlug}?lang=ru`)).body;
    for (const heading of [
      'Краткое изложение',
      'Местонахождение',
      'Компании',
      'Затронуто',
      'Темы',
      'Ответ',
      'Кража зарплаты',
      'Малайзия',
      'Непал',
    ]) {
      expect(russian).toContain(heading);
    }
    expect(russian).toContain('<html lang="ru">');
    // Korean, the third interface language, as the record pages of such databases exist in Korean too.
    const korean = (await get(`/records/${xssSlug}?lang=ko`)).body;
    for (const heading of ['요약', '위치', '기업', '쟁점', '말레이시아']) expect(korean).toContain(heading);
    expect(korean).toContain('<html lang="ko">');
  });

  it('finds Cyrillic, Korean and accented text, and marks the matched terms', async () => {
    const titles = async (q: string) => {
      const body = (await get(`/api/v1/records?q=${encodeURIComponent(q)}`)).json() as {
        data: { title: string }[];
      };
      return body.data.map((record) => record.title);
    };
    expect(await titles('зарплату')).toEqual(['Россия: рабочим не платят зарплату']);
    expect(await titles('노동자')).toEqual(['Россия: рабочим не платят зарплату']);
    expect(await titles('lodz')).toEqual(['Россия: рабочим не платят зарплату']);
    expect(await titles('KRAKOW')).toEqual(['Россия: рабочим не платят зарплату']);
    expect(await titles('deaths construction')).toEqual(['Qatar: deaths on a construction site']);
    expect(await titles('draft')).toEqual([]);
    const page = (await get('/search?q=lodz')).body;
    expect(page).toContain('<mark>Łódź</mark>');
  });

  it('combines facets: values of one facet are alternatives, facets must all hold, counts ignore their own facet', async () => {
    const search = async (query: string) =>
      (await get(`/api/v1/records?facets=true&${query}`)).json() as {
        total: number;
        facets: Record<string, { value: string; count: number }[]>;
      };
    const either = await search('country=QA&country=RU');
    expect(either.total).toBe(2);
    const both = await search('country=QA&country=RU&issue=deaths');
    expect(both.total).toBe(1);
    expect(both.facets.country).toEqual(expect.arrayContaining([{ value: 'QA', count: 1 }]));
    const countries = (await search('issue=wage-theft')).facets.country;
    expect(countries).toEqual(
      expect.arrayContaining([
        { value: 'MY', count: 1 },
        { value: 'RU', count: 1 },
      ]),
    );
    expect((await search('corridor=UZ-RU')).total).toBe(1);
    expect((await search('category=unfair-recruitment')).total).toBe(1);
    expect((await search('from=2024-01-01&to=2024-12-31')).total).toBe(1);
  });

  it('keeps the whole query in the URL: filters, removal links and pages', async () => {
    const page = (await get('/search?country=QA&country=MY&sort=oldest&pageSize=1')).body;
    expect(page).toContain('2 records');
    expect(page).toContain('href="/search?country=MY&amp;sort=oldest&amp;pageSize=1"');
    expect(page).toContain(
      'rel="next" href="/search?country=QA&amp;country=MY&amp;sort=oldest&amp;page=2&amp;pageSize=1"',
    );
  });

  it('answers any bad query, facet value, page number or id with a normal page or a 400, never a 500', async () => {
    const urls = [
      "/search?q=' OR 1=1--",
      '/search?q="',
      '/search?q=NEAR(a b) AND *',
      '/search?q=%22%22%22%2A%5E',
      `/search?q=${'é'.repeat(2000)}`,
      '/search?country=<script>',
      '/search?country=ZZ',
      '/search?issue=bad-weather',
      '/search?company=%27%3B%20DROP%20TABLE%20records%3B--',
      '/search?page=-1',
      '/search?page=999999',
      '/search?page=abc',
      '/search?from=2025-13-45',
      '/search?from=2025-02-01&to=2024-01-01',
      '/search?sort=random',
      '/search?q=%FF%FE',
      '/search?q=%E0%A4%A',
      '/search?lang=xx',
      '/records/%27%20OR%201%3D1',
      '/records/%3Cscript%3E',
      `/records/${'a'.repeat(5000)}`,
      '/companies/%00',
      '/records/%00',
      '/search?q=%00&country=MY',
      '/api/v1/records/%00',
      '/companies/..%2F..%2Fetc',
      '/issues/%3Cscript%3E',
      '/countries/ZZ',
      '/countries/%E0%A4%A',
    ];
    for (const url of urls) {
      const response = await get(url);
      expect([200, 400, 404], `${url} gave ${response.statusCode}`).toContain(response.statusCode);
      expect(response.body).not.toContain('<script>');
    }
    const database = await get('/api/v1/records');
    expect(database.json().total).toBe(3);
  });

  it('serves company, issue and country pages with counts', async () => {
    const companies = (await get('/api/v1/companies?q=example')).json() as { data: { id: string }[] };
    const company = await get(`/companies/${companies.data[0]!.id}`);
    expect(company.statusCode).toBe(200);
    expect(company.body).toContain('Records by issue');
    expect((await get('/issues/wage-theft')).body).toContain('Wage theft');
    const country = (await get('/countries/QA')).body;
    expect(country).toContain('Records located in Qatar (1)');
    expect(country).not.toContain('Unpublished draft');
    // No record is of workers from Qatar: the page says so instead of a link to an empty search.
    const fromQatar = /Records of workers from Qatar \(0\)<\/h2>(.*?)<\/section>/s.exec(country)![1]!;
    expect(fromQatar).toContain('No published record yet.');
    expect(fromQatar).not.toContain('href=');
  });

  it('shows a changed record at once, though record pages are cached', async () => {
    const before = await get(`/records/${xssSlug}`);
    expect((await get(`/records/${xssSlug}`)).body).toBe(before.body);
    const record = (await store.records.getRecord(xssSlug))!;
    await store.records.upsertRecords([{ ...record, summary: 'A corrected summary.' }]);
    expect((await get(`/records/${xssSlug}`)).body).toContain('A corrected summary.');
  });

  it('sees a write made through another connection to the same database', async () => {
    const other = await openStores(location);
    await other.records.upsertRecords([
      aRecord({ title: 'Written by another process', location: { country: 'QA' } }),
    ]);
    await other.close();
    expect((await get('/api/v1/records?q=another')).json().total).toBe(1);
  });

  it('sends security headers, compresses, and caches static assets', async () => {
    const home = await get('/');
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");
    expect(home.body).not.toMatch(/<script(?![^>]*src=)/);
    expect(home.body).not.toMatch(/ style="/);
    const compressed = await app.inject({ url: '/search', headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers['content-encoding']).toBe('br');
    const css = await get('/static/style.css');
    expect(css.headers['cache-control']).toContain('max-age=86400');
  });
});
