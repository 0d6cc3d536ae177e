import Sqlite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import type { RecordInput } from '../src/domain/record.ts';
import { SearchQuery } from '../src/search/query.ts';
import { openStores } from '../src/store/open.ts';
import type { StoreConnection } from '../src/store/connection.ts';
import { searchRecordsWithSql } from '../src/store/search-records.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/** A record whose searchable text is only what is given, filed under the given country and issues. */
function recordOf(title: string, filed: { country?: string; issues?: string[]; excerpt?: string } = {}) {
  const input: RecordInput = aRecord({
    title,
    location: { country: filed.country ?? 'SG' },
    issues: filed.issues ?? ['discrimination'],
    companies: [{ name: 'Ondrel Holdings', role: 'Employer' }],
    sources: [
      {
        companies: ['Ondrel Holdings'],
        headline: 'Report',
        published: '2025-03-14',
        excerpt: filed.excerpt ?? 'No further text.',
      },
    ],
  });
  return input;
}

const RECORDS: RecordInput[] = [
  recordOf('Laborers at the Quortex plant say overtime was never paid', { country: 'TH' }),
  recordOf('Union organisers detained after a strike', { country: 'PH' }),
  recordOf('Two cleaners dismissed for asking about contracts'),
  recordOf('Pay & conditions dispute at the Vendral depot'),
  recordOf('Food and lodging deducted from salaries at a farm'),
  recordOf('Brick kiln workers in Cambodia sold into debt', { country: 'TH' }),
  recordOf('Kiln owners sued over confiscated identity cards', { country: 'KH' }),
  recordOf('Sugar estate in Eswatini cuts pay', { country: 'ZA' }),
  recordOf("Cocoa growers of Côte d'Ivoire", { country: 'GH' }),
  recordOf('Garment exports from Myanmar halted', { country: 'TH' }),
  recordOf('Glassworks in Czechia hire through agencies', { country: 'DE' }),
  recordOf('Drivers moved between depots at night', { issues: ['human-trafficking'] }),
  recordOf('Рабочим склада не выплатили зарплату за три месяца', { country: 'RU' }),
  recordOf('The drivers were paid late again'),
  recordOf('Late shift: paid drivers leave'),
  recordOf('Students told us about unpaid placements', { country: 'GB' }),
  recordOf('Warehouse in Texas fined', { country: 'US' }),
];

describe.each(STORE_BACKENDS)('language-aware search on $name', (backend) => {
  let store: Stores;
  let connection: StoreConnection;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store, connection, dispose } = await backend.create());
    await store.records.upsertRecords(RECORDS);
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  /** Titles found by the store's search (the facet index) and by the SQL reference, which must agree. */
  async function titles(q: string): Promise<string[]> {
    const query = SearchQuery.parse({ q, pageSize: 100 });
    const found = await store.search.searchRecords(query, { statuses: ['published'] });
    const reference = await searchRecordsWithSql(connection, query, {
      statuses: ['published'],
    });
    const names = found.records.map((record) => record.title).sort();
    expect(reference.records.map((record) => record.title).sort(), `SQL reference for ${q}`).toEqual(names);
    return names;
  }

  it('finds inflections: singular for plural, noun for verb, in English and in Russian', async () => {
    expect(await titles('labourer')).toEqual([RECORDS[0]!.title]);
    expect(await titles('dismissal')).toEqual([RECORDS[2]!.title]);
    expect(await titles('зарплаты')).toEqual([RECORDS[12]!.title]);
    expect(await titles('выплаты складу')).toEqual([RECORDS[12]!.title]);
  });

  it('finds British and American spellings of each other', async () => {
    expect(await titles('labor')).toEqual([RECORDS[0]!.title]);
    expect(await titles('organizer')).toEqual([RECORDS[1]!.title]);
    expect(await titles('organizing union')).toEqual([RECORDS[1]!.title]);
  });

  it('reads "&" and "and" alike', async () => {
    expect(await titles('pay and conditions')).toEqual([RECORDS[3]!.title]);
    expect(await titles('food & lodging')).toEqual([RECORDS[4]!.title]);
  });

  it('finds a country from its demonym, in the text and among the records filed under it', async () => {
    expect(await titles('Cambodian kiln')).toEqual([RECORDS[5]!.title, RECORDS[6]!.title].sort());
  });

  it('finds a country by its former, short or official name', async () => {
    expect(await titles('Swaziland')).toEqual([RECORDS[7]!.title]);
    expect(await titles('Ivory Coast')).toEqual([RECORDS[8]!.title]);
    expect(await titles('Burma garment')).toEqual([RECORDS[9]!.title]);
    expect(await titles('Czech Republic')).toEqual([RECORDS[10]!.title]);
  });

  it('finds the records of an issue typed by its Russian name, though their text never names it', async () => {
    expect(await titles('Торговля людьми')).toEqual([RECORDS[11]!.title]);
  });

  it('keeps quoted phrases exact: no stemming, no expansion, adjacent words only', async () => {
    expect(await titles('"drivers were paid"')).toEqual([RECORDS[13]!.title]);
    expect(await titles('"driver was paid"')).toEqual([]);
    expect(await titles('"Swaziland"')).toEqual([]);
    expect(await titles('driver paid late')).toEqual([RECORDS[13]!.title, RECORDS[14]!.title].sort());
  });

  it('reads a short country name only in capitals, never from the word "us"', async () => {
    expect(await titles('told us')).toEqual([RECORDS[15]!.title]);
    // In capitals it names the country; the word as typed is still found too.
    expect(await titles('US')).toEqual([RECORDS[15]!.title, RECORDS[16]!.title].sort());
    expect(await titles('Texas us')).toEqual([]);
  });

  it('says on the search page which country or issue the words name, and lists its records', async () => {
    const page = await app.inject(`/search?q=${encodeURIComponent('Cambodian kiln')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Also records filed under Cambodia');
    expect(page.body).toContain('Kiln owners sued over confiscated identity cards');
    const russian = await app.inject(`/search?lang=ru&q=${encodeURIComponent('Торговля людьми')}`);
    expect(russian.body).toContain('Также записи, отнесённые к: Торговля людьми');
    const plain = await app.inject(`/search?q=${encodeURIComponent('"drivers were paid"')}`);
    expect(plain.body).not.toContain('Also records filed under');
  });

  it('answers the API with the same variants', async () => {
    const api = async (q: string) =>
      (
        (await app.inject(`/api/v1/records?q=${encodeURIComponent(q)}`)).json() as {
          data: { title: string }[];
        }
      ).data
        .map((record) => record.title)
        .sort();
    expect(await api('labourers organised')).toEqual([]);
    expect(await api('laboring')).toEqual([RECORDS[0]!.title]);
    expect(await api('Swaziland')).toEqual([RECORDS[7]!.title]);
    expect(await api('"paid drivers"')).toEqual([RECORDS[14]!.title]);
  });
});

describe.each(STORE_BACKENDS)('"did you mean" and the empty result on $name', (backend) => {
  let store: Stores;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await store.records.upsertRecords([
      ...RECORDS,
      // A draft's words are never offered to the public, however close they are.
      { ...recordOf('Zebrinite quarry owners fined'), status: 'draft' },
    ]);
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('offers the search with a misspelt word corrected from the words of the records, as a link', async () => {
    const page = await app.inject(`/search?q=${encodeURIComponent('Quortx overtime')}&country=TH`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Did you mean');
    expect(page.body).toContain('href="/search?q=Quortex+overtime&amp;country=TH"');
    expect(page.body).toContain('<strong>Quortex</strong>');
    expect(page.body).toContain('(1 record)');
    const russian = await app.inject(`/search?lang=ru&q=${encodeURIComponent('склда')}`);
    expect(russian.body).toContain('Возможно, вы имели в виду');
    expect(russian.body).toContain('<strong>склада</strong>');
  });

  it('answers the API with the corrected search on its first page', async () => {
    const body = (await app.inject(`/api/v1/records?q=${encodeURIComponent('kilm owners')}`)).json() as {
      total: number;
      suggestion?: { q: string; total: number; corrected: { from: string; to: string }[] };
    };
    expect(body.total).toBe(0);
    expect(body.suggestion).toEqual({
      q: 'kiln owners',
      total: 1,
      corrected: [{ from: 'kilm', to: 'kiln' }],
    });
    const known = (await app.inject('/api/v1/records?q=kiln')).json() as { suggestion?: unknown };
    expect(known.suggestion).toBeUndefined();
  });

  it('never offers a word that only records the public may not see hold', async () => {
    const api = (await app.inject(`/api/v1/records?q=Zebrinit`)).json() as { suggestion?: unknown };
    expect(api.suggestion).toBeUndefined();
    const page = await app.inject(`/search?q=Zebrinit`);
    expect(page.body).not.toContain('Did you mean');
    expect(page.body).not.toContain('Zebrinite');
  });

  it('offers no correction that finds nothing more', async () => {
    // "Quortex" is a word of the records, but not with Cambodia's records.
    const page = await app.inject(`/search?q=Quortx&country=KH`);
    expect(page.body).not.toContain('Did you mean');
  });

  it('says what to try when nothing matches, and offers no download or chart of nothing', async () => {
    const page = await app.inject(
      `/search?q=nothingsuch&country=TH&issue=wage-theft&issue=discrimination&issueMode=all&from=2020-01-01`,
    );
    expect(page.body).toContain('No record matches this search.');
    expect(page.body).toContain('You could try:');
    for (const href of [
      '/search?q=nothingsuch&amp;country=TH&amp;issue=wage-theft&amp;issue=discrimination&amp;from=2020-01-01',
      '/search?q=nothingsuch&amp;country=TH&amp;issue=wage-theft&amp;issue=discrimination&amp;issueMode=all"',
      '/search?country=TH&amp;issue=wage-theft&amp;issue=discrimination&amp;issueMode=all&amp;from=2020-01-01',
      '/search?q=nothingsuch&amp;issueMode=all"',
    ])
      expect(page.body).toContain(`href="${href}`);
    for (const absent of ['/search.csv', '/search.ndjson', '/search.xlsx', '/analytics?']) {
      expect(page.body).not.toContain(`href="${absent}`);
    }
    // A feed of the search is kept: it tells of the first record the search finds.
    expect(page.body).toContain('href="/feed.atom?');
  });
});

describe.each(STORE_BACKENDS)('migration 0009 on $name', (backend) => {
  it('indexes anew the records of a database whose index predates language-aware search', async () => {
    const { store, location, dispose } = await backend.create();
    try {
      await store.records.upsertRecords([RECORDS[0]!, RECORDS[6]!]);
      // Back to the index of before: words only, and the migration not run.
      if (location.startsWith('postgres')) {
        const client = new pg.Client({ connectionString: location });
        await client.connect();
        await client.query(`UPDATE records SET search_vector = to_tsvector('simple', title)`);
        await client.query(`DELETE FROM kysely_migration WHERE name = '0009_language_search'`);
        await client.end();
      } else {
        const raw = new Sqlite(location);
        raw.exec(
          `DELETE FROM record_search; DELETE FROM kysely_migration WHERE name = '0009_language_search'`,
        );
        raw.close();
      }
      const reopened = await openStores(location);
      const total = async (q: string) =>
        (await reopened.search.searchRecords(SearchQuery.parse({ q }), { statuses: ['published'] })).total;
      expect(await total('labourer')).toBe(1);
      expect(await total('Cambodian')).toBe(1);
      expect(await total('nothingsuch')).toBe(0);
      await reopened.close();
    } finally {
      await dispose();
    }
  });
});

describe('SQLite and PostgreSQL', () => {
  it.runIf(STORE_BACKENDS.length === 2)('match the same records for every kind of query', async () => {
    const stores = await Promise.all(STORE_BACKENDS.map((backend) => backend.create()));
    try {
      const records = [...syntheticRecords({ count: 300, seed: 5, companies: 30 }), ...RECORDS];
      for (const { store } of stores) await store.records.upsertRecords(records);
      const queries = [
        'wages',
        'labor laborers',
        'Nepali',
        'Malaysian workers',
        'Burma',
        'forced labour',
        'passport retention',
        'Кража зарплаты',
        '"wage theft"',
        '"unpaid wages" Qatar',
        'health and safety',
        'construction & deaths',
      ];
      for (const q of queries) {
        const query = SearchQuery.parse({ q, pageSize: 100, sort: 'newest' });
        const [sqlite, postgres] = await Promise.all(
          stores.map(({ store }) => store.search.searchRecords(query, { statuses: ['published'] })),
        );
        expect(postgres!.total, q).toBe(sqlite!.total);
        expect(
          postgres!.records.map((record) => record.slug),
          q,
        ).toEqual(sqlite!.records.map((record) => record.slug));
      }
    } finally {
      await Promise.all(stores.map(({ dispose }) => dispose()));
    }
  });
});
