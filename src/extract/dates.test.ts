import { describe, expect, it } from 'vitest';
import { readArticle } from './article.ts';
import { findDateLine, metadataDate } from './dates.ts';
import { extractDraft } from './extract.ts';

// Every article below is made up for these tests: the companies, people and events are fictional.

const dateOf = (text: string, date?: string) =>
  extractDraft({ text, ...(date ? { date } : {}) }).record.dateReported;

const story = [
  'Cleaners at the Lakeside Tower offices have not been paid for two months, their union said today.',
  'On Tuesday the cleaners, employed by Brightmop Services Ltd, stopped work for an hour; last week the company',
  'promised to pay them by 30 April 2024, a date it has since missed.',
].join(' ');

describe('the date of an article: relative dates', () => {
  it('proposes no date when "today", "on Tuesday" and "last week" are all the article shows', () => {
    expect(dateOf(`Cleaners walk out over missing pay\n\n${story}`)).toBeUndefined();
  });

  it('reads "today" beside a date line as the date line, not the machine clock', () => {
    expect(dateOf(`Cleaners walk out over missing pay\n7 May 2024\n\n${story}`)).toBe('2024-05-07');
  });

  it('keeps the date given with the article whatever the story says', () => {
    expect(dateOf(`Cleaners walk out over missing pay\n\n${story}`, '2024-05-09')).toBe('2024-05-09');
  });
});

describe('the date of an article: dates that are not its own', () => {
  it('does not take a date inside the story (when something happened) for the date reported', () => {
    const text = [
      'Drivers say depot withheld wages',
      '',
      'Delivery drivers at a Northgate Parcels depot say they have not been paid since 3 February 2023,',
      'when the firm changed its payroll provider. The company said on 14 March 2023 that it would look into it.',
    ].join('\n');
    expect(dateOf(text)).toBeUndefined();
  });

  it('prefers a "Published" line to a site header that prints the day the page was read', () => {
    const text = [
      'Wednesday 9th October 2024',
      '',
      'Farm agency accused of charging pickers for beds',
      '',
      'Published on : 2 May, 2023 10:15 am',
      '',
      'Fruit pickers placed by Greenrow Staffing say they paid for beds they never slept in.',
    ].join('\n');
    expect(dateOf(text)).toBe('2023-05-02');
  });

  it('gives a lone site header date only as a low-confidence proposal', () => {
    const text = `Monday 6 January 2025\n\nPickers say they were charged for beds\n\n${story}`;
    const result = extractDraft({ text });
    expect(result.record.dateReported).toBe('2025-01-06');
    const evidence = result.evidence.find((item) => item.path === '/dateReported')!;
    expect(evidence.confidence).toBeLessThan(0.5);
  });

  it('reads no date from a photo caption or an image file name near the top', () => {
    const text = [
      'Photo: 12 January 2022',
      'packers-warehouse-2022-01-12.jpg',
      '',
      'Packers at the Orchard Hill warehouse say they were locked in during night shifts.',
    ].join('\n');
    expect(dateOf(text)).toBeUndefined();
  });

  it('reads no date from a wire dateline without a year, nor from a numeric date that could be read two ways', () => {
    expect(findDateLine('NAIROBI, May 4 (Reuters) - Flower pickers at a farm said...')).toBeUndefined();
    expect(findDateLine('Guards unpaid\n03/04/2024\nGuards at a mall said...')).toBeUndefined();
    expect(findDateLine('Guards unpaid\nMon, 05-06-2023 - 12:21\nGuards at a mall said...')).toBeUndefined();
  });
});

describe('the date of an article: its own date line', () => {
  it.each([
    [
      'a date alone under the headline',
      'Guards unpaid for months\n12 March 2024\n\nGuards said...',
      '2024-03-12',
    ],
    ['a labelled line', 'Guards unpaid\n\nPosted: June 18, 2019 in News\n\nGuards said...', '2019-06-18'],
    [
      'a byline with the date',
      'Guards unpaid\n\nBy Ana Ruiz | March 3, 2021\n\nGuards said...',
      '2021-03-03',
    ],
    [
      'a date and time before a byline',
      'Guards unpaid\n\n4 June 2022 - 18:00 By Ana Ruiz\nGuards said...',
      '2022-06-04',
    ],
    [
      'a dateline with its year',
      'Guards unpaid\n\nNAIROBI, 4 May 2022 (Reuters) - Guards said...',
      '2022-05-04',
    ],
    [
      'a date and time opening a short line',
      'Guards unpaid\n\nJune 2, 2021 / 7:05 AM / Updated 2 years ago\n\nGuards said...',
      '2021-06-02',
    ],
    [
      'a date opening the first paragraph',
      'Guards unpaid\n\n8th July 2021 – (Lyon) Guards at a mall said...',
      '2021-07-08',
    ],
  ])('reads %s', (_, text, date) => {
    expect(dateOf(text)).toBe(date);
  });

  it('reads the " date YYYY-MM-DD " prefix some stored pages open with, and keeps it out of the headline', () => {
    const read = readArticle({ text: ' date 2023-06-01 Guards unpaid for months\nGuards at a mall said...' });
    expect(read).toMatchObject({ article: { date: '2023-06-01', headline: 'Guards unpaid for months' } });
  });

  it('prefers the publication date to an "Updated" one, and takes an "Updated" one when it is all there is', () => {
    const both = 'Guards unpaid\n\nLast updated 9 May 2023\nFirst published 2 May 2023\n\nGuards said...';
    expect(dateOf(both)).toBe('2023-05-02');
    expect(dateOf('Guards unpaid\n\nLast modified on Tue 9 May 2023 08.10 BST\n\nGuards said...')).toBe(
      '2023-05-09',
    );
  });

  it('points its evidence at the words of the date line', () => {
    const result = extractDraft({
      text: 'Guards unpaid for months\n12 March 2024\n\nGuards at a mall said...',
    });
    const evidence = result.evidence.find((item) => item.path === '/dateReported')!;
    expect(result.text.slice(evidence.start, evidence.end)).toBe('12 March 2024');
  });
});

describe("the date of an HTML page's metadata", () => {
  const page = (head: string, body = '') =>
    `<!doctype html><html><head>${head}</head><body><article><h1>Guards unpaid</h1>${body}<p>Guards at the Riverside Mall say their employer, Sentinel Guarding Ltd, has not paid them for three months. The company did not reply.</p></article></body></html>`;

  it('reads schema.org JSON-LD', () => {
    const head = `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2022-11-21T06:00:00+08:00"}]}</script>`;
    expect(dateOf(page(head))).toBe('2022-11-21');
  });

  it('reads a meta date written out, and a <time pubdate>', () => {
    expect(dateOf(page('<meta name="DC.date.issued" content="Tue, 14 Mar 2023 09:00:00 GMT">'))).toBe(
      '2023-03-14',
    );
    expect(dateOf(page('', '<time pubdate datetime="2021-08-30">30 August</time>'))).toBe('2021-08-30');
  });

  it('reads a page fragment without <html> or <body> as a page', () => {
    const fragment =
      '<div class="ad">Advertisement</div><p>Guards at the Riverside Mall say Sentinel Guarding Ltd has not paid them.</p><p>The company did not reply.</p><p>The guards have asked a court to intervene.</p>';
    expect(extractDraft({ text: fragment }).text).toContain('Sentinel Guarding Ltd');
  });

  it('turns metadata dates into days', () => {
    expect(metadataDate('2024-02-29T23:30:00-05:00')).toBe('2024-02-29');
    expect(metadataDate('March 5, 2020')).toBe('2020-03-05');
    expect(metadataDate('yesterday')).toBeUndefined();
  });
});
