import { countryName } from '../domain/countries.ts';
import type { AffectedGroup, RecordInput } from '../domain/record.ts';
import { issueTerms, sectorTerms, subsectorTerms } from '../domain/taxonomy.ts';
import { SYNTHETIC_PUBLISHER } from './provenance.ts';
import spread from './spread.json' with { type: 'json' };

/**
 * Clearly labelled synthetic records for demos and benchmarks. Company names are made of invented syllables,
 * never a real company's name: a made-up allegation against a real company would be defamation.
 */

/** A small, fast, seeded PRNG (mulberry32), so that the same seed gives the same demo data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Picks from [value, weight] pairs. */
function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of items) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return items[items.length - 1]![0];
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** An invented company name: two or three made-up syllables, a trade word and a legal form of the country. */
export function inventCompany(random: Random, country: string, sector: string | null): string {
  const syllables = 2 + Math.floor(random() * 2);
  let stem = '';
  for (let index = 0; index < syllables; index++) stem += pick(random, spread.syllables);
  const trade = pick(
    random,
    (spread.tradeWords as Record<string, string[]>)[sector ?? 'other'] ?? spread.tradeWords.other,
  );
  const forms = (spread.legalForms as Record<string, string[]>)[country] ?? spread.legalForms.default;
  return `${capitalise(stem)} ${trade} ${pick(random, forms)}`;
}

function isoDate(random: Random): string {
  const start = Date.UTC(2019, 0, 1);
  const end = Date.UTC(2026, 9, 31);
  // More records in later years, as reporting grows.
  const day = start + Math.sqrt(random()) * (end - start);
  return new Date(day).toISOString().slice(0, 10);
}

function count(random: Random): number | null {
  if (random() < 0.45) return null;
  return Math.max(2, Math.round(Math.exp(1 + random() * 6.5)));
}

export interface SyntheticOptions {
  count: number;
  seed?: number;
  /** Number of invented companies to draw from (default: a third of the records, at least 20). */
  companies?: number;
}

/** Generates `count` synthetic records, lazily, so that a million can be streamed into the store. */
export function* syntheticRecords(options: SyntheticOptions): Generator<RecordInput> {
  const random = seededRandom(options.seed ?? 1);
  const poolSize = Math.max(20, options.companies ?? Math.ceil(options.count / 3));
  const pool = new Map<number, { name: string; country: string; sector: string | null }>();
  const sectorWeights = spread.sectors as [string, number][];
  const issueWeights = spread.issues as [string, number][];
  const corridors = (spread.corridors as [string, string, number][]).map(
    ([origin, destination, weight]) => [[origin, destination], weight] as const,
  );

  for (let serial = 1; serial <= options.count; serial++) {
    const [origin, destination] = weighted(random, corridors);
    const sector = weighted(random, sectorWeights);
    const subsectors = subsectorTerms.terms.filter((term) => term.sector === sector);
    const subsector = subsectors.length > 0 && random() < 0.7 ? pick(random, subsectors).id : null;
    const slot = Math.floor(random() * poolSize);
    let employer = pool.get(slot);
    if (!employer || employer.country !== destination) {
      employer = { name: inventCompany(random, destination, sector), country: destination, sector };
      pool.set(slot, employer);
    }
    const companies: RecordInput['companies'] = [{ name: employer.name, role: 'Employer' }];
    if (random() < 0.35)
      companies.push({
        name: inventCompany(random, 'default', sector),
        role: weighted(random, [
          ['Buyer', 5],
          ['Recruitment agency', 2],
          ['Labour supplier', 1],
          ['Contractor', 1],
        ] as const),
      });

    const groupCount = random() < 0.85 ? 1 : 2;
    const groups: AffectedGroup[] = [];
    for (let index = 0; index < groupCount; index++) {
      groups.push({
        type: random() < 0.9 ? 'migrant-immigrant-workers' : 'workers',
        count: count(random),
        origin:
          index === 0
            ? origin
            : weighted(
                random,
                corridors
                  .filter(([[, to]]) => to === destination)
                  .map(([[from], weight]) => [from, weight] as const),
              ),
        sector,
        subsector,
        gender: weighted(random, [
          ['Men', 5],
          ['Women', 3],
          ['Mixed', 3],
          [null, 2],
        ] as const),
        migrationStatus: weighted(random, [
          ['Documented migrants', 4],
          ['Unknown migration status', 5],
          ['Undocumented migrants', 2],
          ['Refugees & asylum seekers', 0.5],
        ] as const),
      });
    }
    const issues = new Set<string>();
    const issueCount = 1 + Math.floor(random() * random() * 4);
    while (issues.size < issueCount) issues.add(weighted(random, issueWeights));
    const firstIssue = [...issues][0]!;
    const dateReported = isoDate(random);
    const place = countryName(destination);
    const from = countryName(origin);
    // The case number keeps titles, and so slugs, apart: it comes right after the place, because a slug keeps
    // only a title's first 80 characters (at the end it was cut from long titles, and an import, which knows
    // records by slug, made one of two records of the same place, issue and date). The badge, not the title,
    // says the record is synthetic.
    const title = `${place} (demo case ${serial}): ${issueTerms.label(firstIssue).toLowerCase()} alleged at ${employer.name}`;
    const total = groups.every((group) => group.count !== null)
      ? groups.reduce((sum, group) => sum + group.count!, 0)
      : null;
    yield {
      title,
      summary: `Synthetic demonstration record: workers from ${from} in ${sectorTerms.label(sector).toLowerCase()} in ${place} allege ${[...issues].map((id) => issueTerms.label(id).toLowerCase()).join(', ')}. The company is invented.`,
      dateReported,
      location: { country: destination },
      companies,
      affected: { total, groups },
      issues: [...issues],
      response: { sought: random() < 0.7 },
      sourceType: weighted(random, [
        ['News outlet', 6],
        ['NGO', 3],
        ['Trade union', 1],
        ['Government', 1],
      ] as const),
      sources: [
        {
          companies: [employer.name],
          headline: `Synthetic report ${serial}: workers from ${from} speak of ${issueTerms.label(firstIssue).toLowerCase()}`,
          publisher: SYNTHETIC_PUBLISHER,
          published: dateReported,
          excerpt: `This excerpt is synthetic. Workers from ${from} told the demo reporter about ${issueTerms.label(firstIssue).toLowerCase()} at ${employer.name}.\n…The invented company did not reply.`,
        },
      ],
      status: weighted(random, [
        ['published', 92],
        ['draft', 4],
        ['in_review', 2],
        ['retracted', 2],
      ] as const),
    };
  }
}
