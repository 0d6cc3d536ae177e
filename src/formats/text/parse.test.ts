import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.ts';
import { parseTextForm, parseTextFormRecords } from './parse.ts';

const layoutA = `Testland: workers unpaid at a glove factory
Summary
Date Reported: 3 Mar 2024
Location: Shah Alam, Malaysia
Companies
Samsung C&T, Inc. - Buyer, Glove-Maker - Asia Sdn Bhd - EmployerAffected
Total individuals affected: 1,200
Migrant & immigrant workers: ( 1,200 - Nepal - Manufacturing: Plastics & rubber , Mixed , Documented migrants ), Migrant & immigrant workers: ( Number unknown - Guinea-Bissau - Hotels, restaurants & leisure , Gender unknown , Undocumented migrants )Issues
Wage theft
Passport retention
Recruitment fees & debt bondageResponse
Response sought: No
Source type: NGO

Glove-Maker - Asia Sdn Bhd
“Workers say “we were not paid”, again”, 3 March 2024
First extract.
…Second extract.

Samsung C&T, Inc., Glove-Maker - Asia Sdn Bhd
“A second source”, 5 March 2024
Another extract.
`;

function problems(text: string): string[] {
  try {
    parseTextForm(text, { file: 'input.txt' });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((issue) => `${issue.line}: ${issue.message}`);
  }
  throw new Error('expected the parse to fail');
}

describe('parseTextForm', () => {
  it('reads layout A with glued headings, commas and dashes in names, grouped counts and subsectors', () => {
    const [record] = parseTextForm(layoutA);
    expect(record).toMatchObject({
      dateReported: '2024-03-03',
      location: { country: 'MY', city: 'Shah Alam' },
      companies: [
        { name: 'Samsung C&T, Inc.', role: 'Buyer' },
        { name: 'Glove-Maker - Asia Sdn Bhd', role: 'Employer' },
      ],
      affected: {
        total: 1200,
        groups: [
          {
            count: 1200,
            origin: 'NP',
            sector: 'manufacturing',
            subsector: 'plastics-rubber',
            gender: 'Mixed',
          },
          { count: null, origin: 'GW', sector: 'hotels-restaurants-leisure', subsector: null, gender: null },
        ],
      },
      issues: ['wage-theft', 'passport-document-retention', 'recruitment-fees-debt-bondage'],
      response: { sought: false },
      sourceType: 'NGO',
    });
    expect(record!.sources).toEqual([
      {
        companies: ['Glove-Maker - Asia Sdn Bhd'],
        headline: 'Workers say “we were not paid”, again',
        published: '2024-03-03',
        excerpt: 'First extract.\n…Second extract.',
      },
      {
        companies: ['Samsung C&T, Inc.', 'Glove-Maker - Asia Sdn Bhd'],
        headline: 'A second source',
        published: '2024-03-05',
        excerpt: 'Another extract.',
      },
    ]);
  });

  it('reads several groups on one line, a tuple without a type taking the type written before it', () => {
    const line = [
      'Migrant & immigrant workers: ( 1,000 - India - Construction & engineering , Men , Documented migrants )',
      '( 200 - Nepal - Sector unknown , Women , Unknown migration status )',
      'Refugees & asylum seekers: ( 35 - Myanmar - Agriculture & fishing: Crops , Mixed , Refugees & asylum seekers )',
      '( Number unknown - Syria - Sector unknown , Gender unknown , Refugees & asylum seekers )',
    ].join(', ');
    const text = layoutA.replace(/^Migrant & immigrant workers: .*\)Issues$/m, `${line}Issues`);
    const [record] = parseTextForm(text);
    expect(record!.affected.groups).toEqual([
      expect.objectContaining({
        type: 'migrant-immigrant-workers',
        count: 1000,
        origin: 'IN',
        gender: 'Men',
      }),
      expect.objectContaining({ type: 'migrant-immigrant-workers', count: 200, origin: 'NP', sector: null }),
      expect.objectContaining({
        type: 'refugees-asylum-seekers',
        count: 35,
        origin: 'MM',
        subsector: 'crops',
      }),
      expect.objectContaining({ type: 'refugees-asylum-seekers', count: null, origin: 'SY', gender: null }),
    ]);
  });

  it('reads layout B: one item per line, values on the line after their label', () => {
    const text = `Заголовок записи
Краткое изложение
Date Reported: 5 Сент 2023
Местонахождение:
Катар
Первая строка резюме.
Компании
Alpha Builders
- Employer
,
Beta Recruiters
- Recruitment agency
Затронуто
Total individuals affected:
Number unknown
Мигранты и рабочие-иммигранты: (
35
- Непал
, Строительство и инжиниринг
, Men
, Documented migrants
)
Темы
Кража зарплаты
Гибель людей
Ответ
Response sought:
Да
Тип источника: Trade union

Alpha Builders
“Заголовок источника”, 5 сентября 2023 г.
Текст.
`;
    const [record] = parseTextForm(text);
    expect(record).toMatchObject({
      summary: 'Первая строка резюме.',
      dateReported: '2023-09-05',
      location: { country: 'QA' },
      companies: [
        { name: 'Alpha Builders', role: 'Employer' },
        { name: 'Beta Recruiters', role: 'Recruitment agency' },
      ],
      affected: { total: null, groups: [{ count: 35, origin: 'NP', sector: 'construction-engineering' }] },
      issues: ['wage-theft', 'deaths'],
      response: { sought: true },
      sourceType: 'Trade union',
      sources: [{ companies: ['Alpha Builders'], published: '2023-09-05', excerpt: 'Текст.' }],
    });
  });

  it('reads several records in one file, each starting at its title line', () => {
    const records = parseTextForm(`${layoutA}\n${layoutA.replace('glove factory', 'second factory')}`);
    expect(records.map((record) => record.title)).toEqual([
      'Testland: workers unpaid at a glove factory',
      'Testland: workers unpaid at a second factory',
    ]);
    expect(records[0]!.sources[1]!.excerpt).toBe('Another extract.');
  });

  it('accepts a company with a second role written bare, and a record with no company', () => {
    const text = layoutA.replace(
      /Companies\n.*Affected\n/,
      'Companies\nAcme Logistics - Employer, ContractorAffected\n',
    );
    expect(parseTextForm(text)[0]!.companies).toEqual([
      { name: 'Acme Logistics', role: 'Employer' },
      { name: 'Acme Logistics', role: 'Contractor' },
    ]);
    const none = parseTextForm(layoutA.replace(/Companies\n.*Affected\n/, 'Companies\nAffected\n'));
    expect(none[0]!.companies).toEqual([]);
  });
});

describe('parseTextForm errors name the line and what was expected', () => {
  it('an unknown country', () => {
    expect(problems(layoutA.replace('Shah Alam, Malaysia', 'Atlantis'))).toEqual([
      expect.stringMatching(/^4: unknown country "Atlantis"/),
    ]);
  });

  it('an unknown issue', () => {
    expect(problems(layoutA.replace('Passport retention', 'Bad weather'))).toEqual([
      expect.stringMatching(/^10: unknown issue "Bad weather"/),
    ]);
  });

  it('a malformed group tuple', () => {
    expect(problems(layoutA.replace('( 1,200 - Nepal -', '( 1,200 Nepal -'))).toEqual([
      expect.stringMatching(/^8: malformed affected group/),
    ]);
    expect(problems(layoutA.replace('Documented migrants )', 'Settled )'))[0]).toMatch(
      /^8: .*unknown migration status "Settled"/,
    );
  });

  it('a group tuple with no type before it, and tuples after an unknown type', () => {
    const tuple = '( 5 - Nepal - Sector unknown , Men , Documented migrants )';
    const noType = layoutA.replace(/^Migrant & immigrant workers: .*\)Issues$/m, `${tuple}Issues`);
    expect(problems(noType)).toEqual([
      expect.stringMatching(/^8: expected an affected group as "TYPE: \( COUNT/),
    ]);
    const unknownType = layoutA.replace(
      /^Migrant & immigrant workers: .*\)Issues$/m,
      `Space workers: ${tuple}, ${tuple}Issues`,
    );
    expect(problems(unknownType)).toEqual(['8: unknown affected-group type "Space workers"']);
  });

  it('an unknown role', () => {
    const text = layoutA.replace(/Companies\n.*Affected\n/, 'Companies\nAcme - ShopperAffected\n');
    expect(problems(text)[0]).toMatch(/^6: expected a company as "NAME - ROLE"/);
  });

  it('a missing heading', () => {
    expect(
      problems(layoutA.replace('Recruitment fees & debt bondageResponse', 'Recruitment fees & debt bondage')),
    ).toEqual(
      expect.arrayContaining([expect.stringMatching(/unknown issue "Response sought: No"|Response/)]),
    );
    expect(problems(layoutA.replace('Summary\n', ''))).toEqual([
      expect.stringMatching(/^1: no record found/),
    ]);
  });

  it('a truncated record', () => {
    const truncated = layoutA.slice(0, layoutA.indexOf('Issues'));
    const found = problems(truncated);
    expect(found.join('\n')).toMatch(/ends without the `Issues`, `Response` heading/);
    expect(found.join('\n')).toMatch(/no `Response sought:` field/);
  });

  it('a bad date and a bad count', () => {
    expect(problems(layoutA.replace('3 Mar 2024', '31 Feb 2024'))).toEqual([
      expect.stringMatching(/^3: expected a date such as "17 Apr 2025"/),
    ]);
    expect(problems(layoutA.replace('affected: 1,200', 'affected: many'))).toEqual([
      expect.stringMatching(/^7: expected a number or "Number unknown"/),
    ]);
  });

  it('empty input', () => {
    expect(problems('')).toEqual([expect.stringMatching(/^1: empty input/)]);
    expect(problems('\n  \n')).toEqual([expect.stringMatching(/^1: empty input/)]);
  });

  it('reports problems of several records at once', () => {
    const text = `${layoutA.replace('Malaysia', 'Atlantis')}\n${layoutA.replace('Wage theft', 'Bad weather')}`;
    expect(problems(text)).toHaveLength(2);
  });

  it('names the same lines when a large text is read in small windows', () => {
    const text = [1, 2, 3, 4, 5]
      .map((n) =>
        layoutA.replace('glove factory', `factory ${n}`).replace(n === 4 ? 'Malaysia' : '#', 'Atlantis'),
      )
      .join('\n');
    const whole = problems(text);
    expect(whole).toEqual([expect.stringMatching(/^73: unknown country "Shah Alam, Atlantis"/)]);
    for (const windowSize of [10, 100, 700]) {
      expect(() => [...parseTextFormRecords(text, { windowSize })]).toThrow(
        /^73: unknown country "Shah Alam, Atlantis"/,
      );
    }
  });
});

describe('sources', () => {
  const header = layoutA.slice(0, layoutA.indexOf('\n\n') + 2);

  it('files a headline that follows an excerpt directly under the same companies', () => {
    const text = `${header}Glove-Maker - Asia Sdn Bhd\n“First”, 3 March 2024\nOne.\n“Second”, 4 March 2024\nTwo.\n`;
    const [record] = parseTextForm(text);
    expect(record!.sources.map((source) => [source.companies, source.headline, source.excerpt])).toEqual([
      [['Glove-Maker - Asia Sdn Bhd'], 'First', 'One.'],
      [['Glove-Maker - Asia Sdn Bhd'], 'Second', 'Two.'],
    ]);
  });

  it('takes the line before a headline as its heading when it names companies of the record', () => {
    const text = `${header}Glove-Maker - Asia Sdn Bhd\n“First”, 3 March 2024\nOne.\nSamsung C&T, Inc.\n“Second”, 4 March 2024\nTwo.\n`;
    const [record] = parseTextForm(text);
    expect(record!.sources.map((source) => source.companies)).toEqual([
      ['Glove-Maker - Asia Sdn Bhd'],
      ['Samsung C&T, Inc.'],
    ]);
    expect(record!.sources[0]!.excerpt).toBe('One.');
  });
});
