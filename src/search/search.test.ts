import { describe, expect, it } from 'vitest';
import { fts5Query } from '../store/sqlite-search.ts';
import { SearchQuery, searchParams, searchQueryInput } from './query.ts';
import { snippet } from './snippet.ts';
import { bigrams, indexExtras, searchTerms } from './terms.ts';

describe('search terms', () => {
  it('takes words in any script and drops every FTS syntax character', () => {
    expect(searchTerms('Wage theft: "NEAR(a b)" OR * 노동자 зарплата')).toEqual([
      'wage',
      'theft',
      'near',
      'a',
      'b',
      'or',
      '노동자',
      'зарплата',
    ]);
    expect(fts5Query('NEAR(x) "y"')).toBe('"near" AND "x" AND "y"');
    expect(fts5Query('***')).toBeUndefined();
  });

  it('folds accents and special letters, and splits CJK words into bigrams', () => {
    expect(fts5Query('Łódź')).toBe('("łódź" OR "lodz")');
    expect(bigrams('노동자')).toEqual(['노동', '동자']);
    expect(fts5Query('노동자')).toBe('("노동자" OR "노동 동자")');
    expect(indexExtras('Łódź 노동자들이')).toBe('lodz 노동 동자 자들 들이');
  });
});

describe('snippet', () => {
  it('marks every term, ignoring case and accents, in a window around the first match', () => {
    const text = `${'word '.repeat(100)}Workers in Łódź were unpaid. More workers came.`;
    const segments = snippet(text, 'lodz WORKERS', 80);
    expect(segments.filter((segment) => segment.match).map((segment) => segment.text)).toEqual([
      'Workers',
      'Łódź',
      'workers',
    ]);
    expect(segments[0]).toEqual({ text: '…', match: false });
  });

  it('gives the start of the text when nothing matches', () => {
    expect(snippet('Short text.', 'absent')).toEqual([{ text: 'Short text.', match: false }]);
  });
});

describe('search query', () => {
  it('reads repeated parameters as lists and writes the same URL back', () => {
    const params = new URLSearchParams('q=wage&country=QA&country=MY&issue=deaths&page=2&lang=ru');
    const query = SearchQuery.parse(searchQueryInput(params));
    expect(query).toMatchObject({ q: 'wage', country: ['QA', 'MY'], issue: ['deaths'], page: 2 });
    expect(searchParams(query).toString()).toBe('q=wage&country=QA&country=MY&issue=deaths&page=2');
  });

  it('rejects unknown values with the path of the parameter', () => {
    const result = SearchQuery.safeParse(searchQueryInput(new URLSearchParams('issue=bad&corridor=NPQA')));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('/'))).toEqual(['corridor/0', 'issue/0']);
  });
});
