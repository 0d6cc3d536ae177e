import fc from 'fast-check';
import { allCountryCodes } from '../../src/domain/countries.ts';
import { COMPANY_ROLES, GENDERS, MIGRATION_STATUSES, SOURCE_TYPES } from '../../src/domain/enumerations.ts';
import type { AffectedGroup, RecordInput } from '../../src/domain/record.ts';
import { groupTypeTerms, issueTerms, sectorTerms, subsectorTerms } from '../../src/domain/taxonomy.ts';

/** Words in several scripts, with the punctuation real titles and excerpts carry. */
const WORDS = [
  'workers',
  'factory',
  'unpaid',
  'wages',
  'migrant',
  'Nepal',
  'report',
  'alleged',
  'company',
  'denied',
  'рабочие',
  'завод',
  'зарплата',
  'мигранты',
  '노동자',
  '공장',
  '임금',
  '체불',
  'Ryazan',
  'Elektrostal',
  '“genuine,”',
  '(2025)',
  'U.N.',
  'e-commerce',
  '200',
  '1,200',
  'co-op',
  'São',
  'Łódź',
  'naïve',
  '—',
  'it’s',
];
const word = fc.constantFrom(...WORDS);
const phrase = (min: number, max: number) =>
  fc.array(word, { minLength: min, maxLength: max }).map((words) => words.join(' '));
const line = phrase(1, 12);
const lines = (min: number, max: number) =>
  fc.array(line, { minLength: min, maxLength: max }).map((list) => list.join('\n'));
/** An excerpt line may start with the ellipsis that separates extracts. */
const excerptLine = fc.tuple(fc.boolean(), line).map(([ellipsis, text]) => (ellipsis ? `…${text}` : text));

const NAME_STEMS = [
  'Zorvane',
  'Quimbar',
  'Velotex',
  'Brask',
  'Lunaro',
  'Daxwell',
  'Кайдзен',
  '삼보',
  'Fenwick-Ory',
];
const NAME_TAILS = ['', ' Ltd', ' Sdn Bhd', ' C&T, Inc.', ' Group', ' - Asia Ltd', ' LLC', ' 株式会社'];
const companyName = fc
  .tuple(fc.constantFrom(...NAME_STEMS), fc.integer({ min: 1, max: 999 }), fc.constantFrom(...NAME_TAILS))
  .map(([stem, number, tail]) => `${stem} ${number}${tail}`);

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const countryCode = fc.constantFrom(...allCountryCodes());
const count = fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null });

const sectorPair = fc.oneof(
  fc.constant({ sector: null, subsector: null }),
  fc.constantFrom(...sectorTerms.ids()).map((sector) => ({ sector, subsector: null })),
  fc.constantFrom(...subsectorTerms.terms).map((sub) => ({ sector: sub.sector, subsector: sub.id })),
);

const group: fc.Arbitrary<AffectedGroup> = fc
  .record({
    type: fc.constantFrom(...groupTypeTerms.ids()),
    count,
    origin: fc.option(countryCode, { nil: null }),
    sectorPair,
    gender: fc.option(fc.constantFrom(...GENDERS), { nil: null }),
    migrationStatus: fc.constantFrom(...MIGRATION_STATUSES),
  })
  .map(({ sectorPair: pair, ...rest }) => ({ ...rest, ...pair }) as AffectedGroup);

/** Any valid record, limited to the fields the text form carries. */
export const textFormRecord: fc.Arbitrary<RecordInput> = fc
  .record({
    title: phrase(1, 14),
    summary: fc.option(lines(1, 3), { nil: undefined }),
    dateReported: isoDate,
    country: countryCode,
    city: fc.option(fc.constantFrom('Ryazan', 'Shah Alam', 'São Paulo', 'Doha', '수원'), { nil: undefined }),
    companies: fc.uniqueArray(fc.record({ name: companyName, role: fc.constantFrom(...COMPANY_ROLES) }), {
      maxLength: 4,
      selector: (company) => company.name.toLowerCase(),
    }),
    total: count,
    groups: fc.array(group, { maxLength: 3 }),
    issues: fc.uniqueArray(fc.constantFrom(...issueTerms.ids()), { maxLength: 4 }),
    sought: fc.boolean(),
    sourceType: fc.option(fc.constantFrom(...SOURCE_TYPES), { nil: undefined }),
    sources: fc.array(
      fc.record({
        headline: phrase(1, 12),
        published: fc.option(isoDate, { nil: undefined }),
        excerpt: fc.array(excerptLine, { maxLength: 4 }).map((list) => list.join('\n')),
        companyPicks: fc.array(fc.nat(), { maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map((draft) => {
    const names = [...new Set(draft.companies.map((company) => company.name))];
    return {
      title: draft.title,
      ...(draft.summary ? { summary: draft.summary } : {}),
      dateReported: draft.dateReported,
      location: { country: draft.country, ...(draft.city ? { city: draft.city } : {}) },
      companies: draft.companies,
      affected: { total: draft.total, groups: draft.groups },
      issues: draft.issues,
      response: { sought: draft.sought },
      ...(draft.sourceType ? { sourceType: draft.sourceType } : {}),
      sources: draft.sources.map((source) => ({
        companies:
          names.length === 0
            ? []
            : [...new Set(source.companyPicks.map((pick) => names[pick % names.length]!))],
        headline: source.headline,
        ...(source.published ? { published: source.published } : {}),
        excerpt: source.excerpt,
      })),
    } as RecordInput;
  });
