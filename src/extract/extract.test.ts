import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusAvailable } from '../../test/support/shared.ts';
import { RecordInput } from '../domain/record.ts';
import { parseTextForm } from '../formats/text/parse.ts';
import { extractDraft } from './extract.ts';
import { ExtractionResult } from './model.ts';
import { triageArticles } from './triage.ts';

const article = [
  'Nepali workers say glove maker kept their passports',
  '12 March 2024',
  '',
  'More than 200 Nepali workers at a rubber glove factory in Klang, Malaysia, say the company, Harbour Gloves Sdn Bhd, confiscated their passports and made them work 12-hour shifts.',
  'The workers told investigators they had paid recruitment fees of up to US$4,000 to agents in Kathmandu. Harbour Gloves denied the allegations.',
].join('\n');

describe('extractDraft on an article', () => {
  const result = extractDraft({ text: article });

  it('proposes the facts the article states, each backed by its words', () => {
    expect(result.reason).toBeUndefined();
    expect(result.record.dateReported).toBe('2024-03-12');
    expect(result.record.location?.country).toBe('MY');
    expect(result.record.companies).toEqual([{ name: 'Harbour Gloves Sdn Bhd', role: 'Employer' }]);
    expect(result.record.affected?.groups[0]).toMatchObject({ origin: 'NP', count: 200 });
    expect(result.record.issues).toEqual(
      expect.arrayContaining([
        'passport-document-retention',
        'recruitment-fees-debt-bondage',
        'excessive-working-hours',
      ]),
    );
    expect(result.relevance).toBeGreaterThan(0.8);
    expect(result.record.sources?.[0]?.headline).toBe('Nepali workers say glove maker kept their passports');
  });

  it('gives every proposed value evidence inside the text and its sentence', () => {
    expect(ExtractionResult.parse(result)).toBeTruthy();
    const pointers = result.evidence.map((item) => item.path);
    for (const path of ['/location/country', '/companies/0/name', '/affected/groups/0/origin', '/issues/0'])
      expect(pointers).toContain(path);
    for (const item of result.evidence) {
      expect(item.end).toBeGreaterThanOrEqual(item.start);
      expect(item.end).toBeLessThanOrEqual(result.text.length);
      if (item.end > item.start) expect(item.sentence).toContain(result.text.slice(item.start, item.end));
    }
    const country = result.evidence.find((item) => item.path === '/location/country')!;
    expect(result.text.slice(country.start, country.end)).toBe('Malaysia');
    // Each issue's evidence is the issue the record lists at that place.
    result.record.issues!.forEach((issue, index) =>
      expect(result.evidence.find((item) => item.path === `/issues/${index}`)?.value).toBe(issue),
    );
  });

  it('makes a draft that is a valid record once the researcher accepts it', () => {
    const { record } = result;
    const parsed = RecordInput.safeParse({ ...record, response: { sought: false } });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('reads an HTML page: boilerplate stripped, headline, date and publisher from its metadata', () => {
    const html = `<!doctype html><html><head><title>x</title><meta property="og:title" content="Guards in Doha unpaid for months"><meta property="article:published_time" content="2023-10-10T08:00:00Z"><meta property="og:site_name" content="Gulf Desk"></head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav><article><h1>Guards in Doha unpaid for months</h1><p>Security guards from Kenya employed by Pearl Shield Services in Doha, Qatar, say they have not been paid for four months.</p><p>The company did not respond to requests for comment. The guards said their passports were held by managers.</p></article><footer>© Gulf Desk. Cookie settings.</footer></body></html>`;
    const page = extractDraft({ text: html });
    expect(page.text).not.toContain('Cookie settings');
    expect(page.text).not.toContain('<p>');
    expect(page.record.dateReported).toBe('2023-10-10');
    expect(page.record.sources?.[0]).toMatchObject({
      headline: 'Guards in Doha unpaid for months',
      publisher: 'Gulf Desk',
    });
    expect(page.record.location?.country).toBe('QA');
    expect(page.record.affected?.groups[0]?.origin).toBe('KE');
  });

  it('leaves out rights groups, unions, agencies of the UN and newspapers, whatever the article says of them', () => {
    const text = [
      'Rights group says garment workers unpaid',
      '2 May 2024',
      '',
      'Equidem, a labour rights group, said on Tuesday that 300 Bangladeshi workers at a garment factory in Amman, Jordan, run by Silver Thread Apparel had not been paid for three months. The factory supplies the US brand Northpeak, according to the report. The workers told the rights group FairLabour Watchers that managers kept their passports. Silver Thread Apparel did not respond. The International Labour Organization said it was concerned. The Jordan Times first reported the story, and Human Rights Watch called for an inquiry.',
    ].join('\n');
    const companies = extractDraft({ text }).record.companies!.map((company) => [company.name, company.role]);
    expect(companies.sort()).toEqual([
      ['Northpeak', 'Buyer'],
      ['Silver Thread Apparel', 'Employer'],
    ]);
  });

  it('gives each company of a supply chain its role, the employer first', () => {
    const text = [
      'Workers making clothes for big brands paid fees',
      '',
      'Migrant workers from Nepal employed at a garment factory owned by Rainbow Knit Ltd say they paid recruitment fees and worked 16-hour shifts to fill orders for brands including H&M, Zara and Primark.',
      'A spokesperson for Inditex, which owns Zara, said the company had no current orders with the factory. The factory is partly financed by Global Textile Fund, an investor based in London.',
    ].join('\n');
    const companies = extractDraft({ text }).record.companies!.map((company) => [company.name, company.role]);
    expect(companies).toEqual([
      ['Rainbow Knit Ltd', 'Employer'],
      ['H&M', 'Buyer'],
      ['Zara', 'Buyer'],
      ['Primark', 'Buyer'],
      ['Inditex', 'Parent company'],
      ['Global Textile Fund', 'Investor'],
    ]);
  });

  it('reads the place of a wire dateline', () => {
    const wire = extractDraft({
      text: 'Glove maker accused\n\nKUALA LUMPUR, March 5 (Reuters) - Workers at a factory run by Harbour Gloves said their passports were confiscated.',
    });
    expect(wire.record.location).toEqual({ country: 'MY', city: 'Kuala Lumpur' });
    const evidence = wire.evidence.find((item) => item.path === '/location/country')!;
    expect(wire.text.slice(evidence.start, evidence.end)).toBe('KUALA LUMPUR');
  });

  it('is deterministic', () => {
    expect(extractDraft({ text: article })).toEqual(result);
  });
});

describe('extractDraft on input it cannot read', () => {
  it.each([
    ['an empty article', '', /empty/],
    ['white space only', ' \n\t \n', /empty/],
    ['binary data', '\u0000\u0001\u0002PK\u0003\u0004\u0000\u0000binary', /binary/],
    ['5 MB of text', 'Workers were not paid. '.repeat(230_000), /too long/],
    [
      'an article in Russian',
      'Сотни северокорейских женщин работают на складе крупнейшего интернет-магазина России, сообщают журналисты. Компания отрицает обвинения и называет видео подделкой.',
      /Russian/,
    ],
  ])('%s gives an empty draft and a reason', (_, text, reason) => {
    const result = extractDraft({ text });
    expect(result.reason).toMatch(reason);
    expect(result.record).toEqual({});
    expect(result.evidence).toEqual([]);
    expect(result.relevance).toBe(0);
  });
});

describe('extractDraft on text made to be slow', () => {
  // Regular expressions that backtrack, or lookups that scan every mention for every word, hang on such text;
  // each of these reads in well under a second on this machine (the generous timeout only catches a hang).
  it.each([
    [
      'a list of 20,000 countries',
      `${Array.from({ length: 20_000 }, () => 'Nepal, India').join(', ')} workers`,
    ],
    [
      '20,000 capitalised words',
      Array.from({ length: 20_000 }, (_, index) => (index % 7 ? `Word${index % 50}` : 'and')).join(' '),
    ],
    ['one word of 200,000 letters', `${'a'.repeat(200_000)} workers`],
    [
      '30,000 hyphenated words',
      `${Array.from({ length: 30_000 }, () => 'well-paid-hard-working').join(' ')} workers`,
    ],
    ['20,000 numbers', `${Array.from({ length: 20_000 }, (_, index) => `${index},000`).join(' ')} workers`],
  ])(
    '%s',
    (_, text) => {
      const result = extractDraft({ text });
      expect(result.text.length).toBe(text.length);
    },
    60_000,
  );
});

describe('triage', () => {
  it('groups articles about one incident and sets aside those that are not allegations', () => {
    const items = triageArticles([
      { headline: 'Harbour Gloves accused over passports', date: '2024-03-12', text: article },
      {
        headline: 'Glove maker denies confiscating workers’ passports',
        date: '2024-03-14',
        text: 'Harbour Gloves Sdn Bhd, the Malaysian glove maker, denied that it confiscated the passports of Nepali workers at its factory in Klang, after a report that workers paid recruitment fees and worked 12-hour shifts.',
      },
      {
        headline: 'Football club wins title',
        date: '2024-03-13',
        text: 'A late goal gave the home side the league title on Saturday, and fans celebrated in the streets until dawn.',
      },
    ]);
    expect(items[0]!.incident).toBeGreaterThan(0);
    expect(items[1]!.incident).toBe(items[0]!.incident);
    expect(items[2]!.incident).toBe(0);
  });
});

describe.runIf(corpusAvailable())('the corpus source excerpt (001-wildberries-en)', () => {
  it('gives the record’s country, origin, company, gender and issue', () => {
    const [record] = parseTextForm(readFileSync(join(CORPUS_DIR, '001-wildberries-en.txt'), 'utf8'));
    const source = record!.sources[0]!;
    const result = extractDraft({
      text: source.excerpt,
      headline: source.headline,
      ...(source.published ? { date: source.published } : {}),
    });
    expect(result.record.location?.country).toBe(record!.location.country);
    expect(result.record.affected?.groups.map((group) => group.origin)).toEqual(
      record!.affected.groups.map((group) => group.origin),
    );
    expect(result.record.affected?.groups[0]?.gender).toBe(record!.affected.groups[0]!.gender);
    expect(result.record.companies?.map((company) => [company.name, company.role])).toEqual(
      record!.companies.map((company) => [company.name, company.role]),
    );
    expect(result.record.issues).toEqual(expect.arrayContaining(record!.issues));
    expect(result.relevance).toBeGreaterThanOrEqual(0.5);
  });
});
