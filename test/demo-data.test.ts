import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/cli/commands/demo.ts';
import realCases from '../src/demo/real-cases.json' with { type: 'json' };
import { isSynthetic } from '../src/demo/provenance.ts';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { STORE_BACKENDS } from './support/stores.ts';

/** What a newcomer sees first after `npm start`: the demo data. */
describe.each(STORE_BACKENDS)('the demo data on $name', (backend) => {
  let store: Stores;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await loadDemo(store, { synthetic: 60, seed: 1 });
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('shows the real cases first on the home page, each with a public source, the synthetic ones badged', async () => {
    const home = (await app.inject('/')).body;
    const checkable = /<h2>Cases from public reports<\/h2>(.*?)<h2>/s.exec(home)![1]!;
    for (const record of realCases.records) expect(checkable).toContain(record.title.replace(/&/g, '&amp;'));
    expect(checkable).not.toContain('badge synthetic');
    expect(home).not.toContain('[Synthetic');
    const latest = /<h2>Latest records<\/h2>(.*?)<\/ul>/s.exec(home)![1]!;
    expect(latest.match(/class="badge synthetic">Synthetic</g)?.length).toBeGreaterThan(0);
  });

  it('gives every real case a source link and an excerpt, and marks every synthetic record as such', async () => {
    const { records } = await store.records.listRecords({ limit: 200 });
    for (const record of records.filter((candidate) => !isSynthetic(candidate))) {
      expect(
        record.sources.some((source) => source.url),
        record.title,
      ).toBe(true);
      expect(
        record.sources.every((source) => source.excerpt.length > 0),
        record.title,
      ).toBe(true);
      const page = (await app.inject(`/records/${record.slug}`)).body;
      expect(page).not.toContain('Synthetic demonstration record');
    }
    for (const record of syntheticRecords({ count: 20, seed: 5 })) {
      expect(isSynthetic(record)).toBe(true);
      expect(record.title).not.toMatch(/synthetic/i);
    }
  });

  it("knows the real cases' companies under the names they go by in other scripts, and screens them", async () => {
    const names = [
      'Вайлдберриз',
      '와일드베리즈',
      'ソニー',
      'パナソニック',
      '松下電器産業株式会社',
      '顶级手套',
      'DAIKIN INDUSTRIES LTD',
    ];
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/match',
      payload: { names: names.map((name) => ({ name })) },
    });
    const expected = [
      'Wildberries',
      'Wildberries',
      'Sony',
      'Panasonic',
      'Panasonic',
      'Top Glove Corporation Bhd',
      'Daikin',
    ];
    const found = answer
      .json()
      .results.map((result: { matches: { name: string; band?: string }[] }) => result.matches[0]);
    expect(found).toEqual(
      expected.map((name) => expect.objectContaining({ name, match: true, band: 'match' })),
    );
    const wildberries = (await store.companies.matchableCompanies({ statuses: ['published'] })).find(
      (company) => company.name === 'Wildberries',
    )!;
    expect(wildberries).toMatchObject({ country: 'RU', allegations: 1 });
    const page = (await app.inject(`/companies/${wildberries.id}`)).body;
    expect(page).toContain('Also known as');
    expect(page).toContain('와일드베리즈');
  });

  it('says a group number is part of the total rather than unknown when only the total is given', async () => {
    const kawaguchi = (await store.records.listRecords({ limit: 200 })).records.find((record) =>
      record.title.includes('Kawaguchi'),
    )!;
    expect(kawaguchi.affected.total).toBe(200);
    const page = (await app.inject(`/records/${kawaguchi.slug}`)).body;
    expect(page).toContain('not given separately (of 200 in all)');
    expect(/<table class="groups">.*?Number unknown/s.test(page)).toBe(false);
  });
});
