import type { RecordInput, StoredRecord } from '../../src/domain/record.ts';

/** Named fixture: a small valid record; override any field. */
export function aRecord(overrides: Partial<RecordInput> = {}): RecordInput {
  return {
    title: 'Testland: workers at Example Works report unpaid wages',
    dateReported: '2025-03-14',
    location: { country: 'MY' },
    companies: [{ name: 'Example Works Sdn Bhd', role: 'Employer' }],
    affected: {
      total: 120,
      groups: [
        {
          type: 'migrant-immigrant-workers',
          count: 120,
          origin: 'NP',
          sector: 'manufacturing',
          subsector: 'electronics',
          gender: 'Men',
          migrationStatus: 'Documented migrants',
        },
      ],
    },
    issues: ['wage-theft'],
    response: { sought: true },
    sourceType: 'NGO',
    sources: [
      {
        companies: ['Example Works Sdn Bhd'],
        headline: 'Workers say wages went unpaid',
        published: '2025-03-14',
        excerpt: 'A test excerpt.\n…A second extract.',
      },
    ],
    ...overrides,
  };
}

/** The fields the text form carries: what parse(render(r)) must give back. */
export function textFormFields(record: RecordInput | StoredRecord): RecordInput {
  return {
    title: record.title,
    ...(record.summary ? { summary: record.summary } : {}),
    dateReported: record.dateReported,
    location: {
      country: record.location.country,
      ...(record.location.city ? { city: record.location.city } : {}),
    },
    companies: record.companies.map(({ name, role }) => ({ name, role })),
    affected: record.affected,
    issues: record.issues,
    response: record.response,
    ...(record.sourceType ? { sourceType: record.sourceType } : {}),
    sources: record.sources.map(({ companies, headline, published, excerpt }) => ({
      companies,
      headline,
      ...(published ? { published } : {}),
      excerpt,
    })),
  };
}

/** A record as stored, without the fields a write assigns (updatedAt, the ids of linked companies). */
export function withoutWriteStamps(record: StoredRecord): Omit<StoredRecord, 'updatedAt'> {
  const { updatedAt: _updatedAt, ...rest } = record;
  return { ...rest, companies: rest.companies.map(({ name, role }) => ({ name, role })) };
}
