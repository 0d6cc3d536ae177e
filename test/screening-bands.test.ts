import { describe, expect, it } from 'vitest';
import type { MatchableCompany } from '../src/matching/matchable.ts';
import { NameIndex } from '../src/matching/name-index.ts';
import { DEFAULT_THRESHOLD, REVIEW_THRESHOLD } from '../src/matching/score.ts';
import { CompanyScreen } from '../src/matching/screen.ts';
import { realisticCompanies } from './support/companies.ts';

/**
 * Screening as a compliance team meets it: names in the scripts companies are known by, among 10,000 known
 * companies named as companies of their countries are, in two bands (match, possible match to review), with
 * the country of the listed name as evidence.
 */

const known = (id: string, name: string, country: string | null): MatchableCompany => ({
  id,
  name,
  otherNames: [],
  country,
  parentId: null,
  allegations: 1,
});

/** Real companies, each known here by its English name only, as an import from an English list gives it. */
const TARGETS = [
  known('lukoil', 'Lukoil', 'RU'),
  known('aeroflot', 'Aeroflot', 'RU'),
  known('wildberries', 'Wildberries', 'RU'),
  known('coupang', 'Coupang', 'KR'),
  known('kakao', 'Kakao', 'KR'),
  known('samsung-ct', 'Samsung C&T Corporation', 'KR'),
  known('daikin', 'Daikin Industries, Ltd.', 'JP'),
  known('uniqlo', 'Uniqlo', 'JP'),
  known('suzuki', 'Suzuki Motor Corporation', 'JP'),
  // The hotel company the issue saw offered as a match for "Вайлдберриз" (a name of the demo's kind).
  known('hotel', 'Ibrryl Hotels FZE', 'AE'),
  // The same name twice: one company known without its country, one in Korea.
  known('hanil', 'Hanil Logistics', null),
  known('hanil-kr', 'Hanil Logistics Co., Ltd.', 'KR'),
];

const companies = [
  ...realisticCompanies({ count: 10_000, seed: 20, avoid: TARGETS.map((company) => company.name) }),
  ...TARGETS,
];
const screen = new CompanyScreen(companies);
const countryOf = new Map(companies.map((company) => [company.id, company.country]));

describe('screening 10,000 companies named as in their countries', () => {
  it.each([
    ['Лукойл', 'RU', 'lukoil'],
    ['Аэрофлот', 'RU', 'aeroflot'],
    ['Вайлдберриз', 'RU', 'wildberries'],
    // A Korean spelling of a Russian company: the country given is the company's.
    ['와일드베리즈', 'RU', 'wildberries'],
    ['쿠팡', 'KR', 'coupang'],
    ['카카오', 'KR', 'kakao'],
    ['ダイキン工業株式会社', 'JP', 'daikin'],
    ['ユニクロ', 'JP', 'uniqlo'],
    ['スズキ', 'JP', 'suzuki'],
  ])('finds the company first from its spelling "%s" (%s), as a match', (name, country, id) => {
    for (const given of [{ name }, { name, country }]) {
      const [best] = screen.screen(given).matches;
      expect(best, `${name} ${given.country ?? ''}`).toMatchObject({
        companyId: id,
        match: true,
        band: 'match',
      });
    }
  });

  it('shows a company found by one word of a translated name first, at least as a possible match', () => {
    // 삼성물산: 삼성 is Samsung by sound, 물산 is "C&T" (trading) by meaning.
    for (const given of [{ name: '삼성물산' }, { name: '삼성물산', country: 'KR' }]) {
      const [best] = screen.screen(given).matches;
      expect(best, JSON.stringify(given)).toMatchObject({ companyId: 'samsung-ct' });
      expect(best!.score).toBeGreaterThanOrEqual(REVIEW_THRESHOLD);
      expect(['match', 'review']).toContain(best!.band);
    }
  });

  it('never offers a hotel company as a match for Вайлдберриз, with or without its country', () => {
    for (const given of [{ name: 'Вайлдберриз' }, { name: 'Вайлдберриз', country: 'RU' }]) {
      const { matches } = screen.screen(given);
      expect(matches.map((match) => match.companyId)).not.toContain('hotel');
      for (const match of matches.filter((candidate) => candidate.match))
        expect(match.name, JSON.stringify(given)).not.toMatch(/hotel|hospitality/i);
    }
  });

  it('does not make a same-sounding company of another country a match when the query gives a country', () => {
    const without = screen.screen({ name: 'Wildberies' }).matches[0];
    expect(without).toMatchObject({ companyId: 'wildberries', band: 'match' });
    const elsewhere = screen.screen({ name: 'Wildberies', country: 'AE' }).matches;
    expect(elsewhere.filter((match) => match.match)).toEqual([]);
    const found = elsewhere.find((match) => match.companyId === 'wildberries');
    expect(found?.score ?? 0).toBeLessThan(DEFAULT_THRESHOLD);
    expect(found?.explanations).toContainEqual(expect.objectContaining({ feature: 'country' }));
    // Nothing else of the country asked for is offered as a match on a likeness of sound either.
    for (const country of ['RU', 'KR', 'JP', 'MY']) {
      for (const match of screen.screen({ name: 'Wildberies', country }).matches.filter((m) => m.match))
        expect(countryOf.get(match.companyId) ?? country, country).toBe(country);
    }
  });

  it('ranks the companies of the query country first among close scores, and does not penalise a company without one', () => {
    const inKorea = screen.screen({ name: 'Hanil Logistics Inc', country: 'KR' }).matches;
    expect(inKorea.slice(0, 2)).toMatchObject([
      { companyId: 'hanil-kr', band: 'match' },
      { companyId: 'hanil', band: 'match' },
    ]);
    const anywhere = screen.screen({ name: 'Hanil Logistics Inc' }).matches;
    expect(anywhere[0]!.score).toBe(inKorea[1]!.score);
  });
});

describe('the bands of a search', () => {
  const index = new NameIndex();
  index.add({ id: 'a', name: 'Penang Circuits Sdn Bhd', country: 'MY' });
  index.add({ id: 'b', name: 'Penang Circuit Boards Sdn Bhd', country: 'MY' });
  index.add({ id: 'c', name: 'Penang Plastics Sdn Bhd', country: 'MY' });
  index.add({ id: 'd', name: 'Kedah Circuits Sdn Bhd', country: 'MY' });

  it('puts every result in one band: a match at the threshold and close to the best, else a possible match from the review threshold', () => {
    for (const threshold of [DEFAULT_THRESHOLD, 0.01, 0.99])
      for (const query of ['Penang Circuits Sdn Bhd', 'Penang', 'Kedah Circuit']) {
        const results = index.search(query, { threshold });
        const top = results.reduce((best, result) => Math.max(best, result.score), 0);
        const review = Math.min(REVIEW_THRESHOLD, threshold);
        for (const result of results) {
          const match = result.score >= threshold && result.score >= top - 0.1;
          expect(result.band, `${query} at ${threshold}`).toBe(
            match ? 'match' : result.score >= review ? 'review' : undefined,
          );
          expect(result.match).toBe(match);
        }
      }
    const results = index.search('Penang Circuits Sdn Bhd');
    expect(results[0]).toMatchObject({ companyId: 'a', band: 'match' });
    expect(results.filter((result) => result.band === 'review').length).toBeGreaterThan(0);
  });

  it('keeps the review threshold at or below the threshold: what is at the threshold is at least possible', () => {
    const results = index.search('Penang Circuits Sdn Bhd', { threshold: 0.3, reviewThreshold: 0.9 });
    const atThreshold = results.filter((result) => result.score >= 0.3);
    expect(atThreshold.length).toBeGreaterThan(1);
    expect(atThreshold.every((result) => result.band !== undefined)).toBe(true);
  });
});
