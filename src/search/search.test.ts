import { describe, expect, it } from 'vitest';
import { fts5Query } from '../store/sqlite/text-search.ts';
import { SearchQuery, searchParams, searchQueryInput } from './query.ts';
import { recordSnippet, snippet } from './snippet.ts';
import { hangulWord } from '../../test/support/text.ts';
import { MAX_INDEXED_BIGRAMS, bigrams, indexExtras, searchTerms } from './terms.ts';

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
    // Quotes mean an exact phrase of the record's own text; other syntax characters are no syntax.
    expect(fts5Query('NEAR(x) "y"')).toBe('("near" AND "x" AND {title summary companies excerpts} : "y")');
    expect(fts5Query('x "NEAR( OR')).toBe('("x" AND "near" AND "or")');
    expect(fts5Query('***')).toBeUndefined();
  });

  it('folds accents and special letters, and splits CJK words into bigrams', () => {
    // Matched by the key of its ASCII form, which the index holds beside every word that folds to it.
    expect(fts5Query('Łódź')).toBe('"lodz"');
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

  it('carries issueMode=all in the URL and leaves out the default, any', () => {
    const all = SearchQuery.parse(
      searchQueryInput(new URLSearchParams('issue=deaths&issue=injuries&issueMode=all')),
    );
    expect(all.issueMode).toBe('all');
    expect(searchParams(all).toString()).toBe('issue=deaths&issue=injuries&issueMode=all');
    const any = SearchQuery.parse(searchQueryInput(new URLSearchParams('issue=deaths&issueMode=any')));
    expect(any.issueMode).toBe('any');
    expect(searchParams(any).toString()).toBe('issue=deaths');
    const bad = SearchQuery.safeParse(searchQueryInput(new URLSearchParams('issueMode=both')));
    expect(bad.error!.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
      ['issueMode', 'issueMode is any or all'],
    ]);
  });

  it('rejects unknown values with the path of the parameter', () => {
    const result = SearchQuery.safeParse(searchQueryInput(new URLSearchParams('issue=bad&corridor=NPQA')));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('/'))).toEqual(['corridor/0', 'issue/0']);
  });
});

describe('one huge CJK word (a probe sent 200,000 Hangul syllables)', () => {
  const word = hangulWord(200_000);

  it('splits into bigrams and indexes a bounded number of them, without overflowing the stack', () => {
    expect(bigrams(word)).toHaveLength(199_999);
    const extras = indexExtras(`${word} Łódź`).split(' ');
    expect(extras).toHaveLength(MAX_INDEXED_BIGRAMS + 1);
    expect(extras[0]).toBe(word.slice(0, 2));
    expect(extras[MAX_INDEXED_BIGRAMS - 1]).toBe(
      word.slice(MAX_INDEXED_BIGRAMS - 1, MAX_INDEXED_BIGRAMS + 1),
    );
    // Past the bound CJK words add no more pieces; other words still get their ASCII forms.
    expect(extras.at(-1)).toBe('lodz');
    expect(indexExtras(`${word} 노동자`).split(' ')).toHaveLength(MAX_INDEXED_BIGRAMS);
  });

  it('gives a snippet with its matches marked, in time linear in the matches', () => {
    const segments = snippet(word, word.slice(1000, 1002), 40);
    expect(segments.find((segment) => segment.match)?.text).toBe(word.slice(1000, 1002));
    // A text that matches everywhere: 100,000 marks, each checked only against the characters it covers.
    const repeated = snippet('가'.repeat(200_000), '가가', 10);
    expect(repeated.filter((segment) => segment.match).map((segment) => segment.text)).toEqual([
      '가가',
      '가가',
      '가가',
      '가가',
      '가가',
    ]);
  });
});

describe('recordSnippet', () => {
  const record = {
    summary: 'Guards at a mall say they were not paid.',
    sources: [
      { excerpt: 'The company kept their passports.' },
      { excerpt: 'Passports were returned later.' },
    ],
  };

  it('takes the first text that holds a matched word: the summary, else the first excerpt that does', () => {
    const matched = (q: string) =>
      recordSnippet(record, q)
        .map((segment) => segment.text)
        .join('');
    expect(matched('paid')).toContain('Guards at a mall');
    expect(matched('passports')).toBe('The company kept their passports.');
  });

  it('opens with the summary when nothing matches or nothing is asked', () => {
    expect(recordSnippet(record, 'qwzx')[0]!.text).toMatch(/^Guards/);
    expect(recordSnippet(record, '')[0]!.text).toMatch(/^Guards/);
    expect(recordSnippet({ sources: [] }, 'x')).toEqual(snippet('', 'x'));
  });
});
