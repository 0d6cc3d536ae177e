import { describe, expect, it } from 'vitest';
import type { MatchableCompany } from '../matching/matchable.ts';
import { ScreenCache, type ScreenSource } from './screen-cache.ts';

const company = (id: string, name: string): MatchableCompany => ({
  id,
  name,
  otherNames: [],
  country: null,
  parentId: null,
  allegations: 1,
});

/** A store whose data version and company list the test sets, and whose reads can be held back. */
function fakeStore() {
  const state = { token: '1', companies: [company('a', 'Acme Gloves Berhad')], delay: 0 };
  const store: ScreenSource = {
    records: { changeToken: async () => state.token },
    companies: {
      matchableCompanies: async () => {
        await new Promise((resolve) => setTimeout(resolve, state.delay));
        return state.companies;
      },
    },
  };
  return { state, store };
}

const names = async (cache: ScreenCache) =>
  (await cache.get()).screen({ name: 'Example Works' }).matches.map((match) => match.name);

describe('the screening index cache', () => {
  it('waits for the first build, and for a quick rebuild after a change', async () => {
    const { state, store } = fakeStore();
    const cache = new ScreenCache(store, ['published']);
    expect(await names(cache)).toEqual([]);
    state.companies = [...state.companies, company('b', 'Example Works Sdn Bhd')];
    state.token = '2';
    expect(await names(cache)).toEqual(['Example Works Sdn Bhd']);
  });

  it('answers from the previous index while a slow rebuild runs, then from the new one', async () => {
    const { state, store } = fakeStore();
    const cache = new ScreenCache(store, ['published']);
    await cache.get();
    state.companies = [...state.companies, company('b', 'Example Works Sdn Bhd')];
    state.token = '2';
    state.delay = 1000;
    const started = Date.now();
    expect(await names(cache)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(900);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await names(cache)).toEqual(['Example Works Sdn Bhd']);
  });
});
