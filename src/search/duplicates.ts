import type { RecordInput } from '../domain/record.ts';
import type { DuplicateCandidate } from '../domain/duplicate.ts';
import type { SearchPort } from './search-port.ts';
import { textSimilarity } from './similarity.ts';

/** Days either side of the date reported within which two records may be the same incident. */
export const DUPLICATE_WINDOW_DAYS = 90;
/** Text similarity (Jaccard of content words) from which two records are shown as possible duplicates. */
export const DUPLICATE_SIMILARITY = 0.2;

const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const textOf = (record: Pick<RecordInput, 'title' | 'summary' | 'sources'>) =>
  [record.title, record.summary ?? '', ...record.sources.map((source) => source.headline)].join('\n');

/**
 * Records that name one of the same companies (by name, any case), in the same country, reported within
 * 90 days, whose text is similar; most similar first. A record that names no company is compared with the
 * records of the same place and time that name none either.
 */
export async function findDuplicates(
  port: Pick<SearchPort, 'recordsNear'>,
  record: RecordInput,
  options: { excludeId?: string; limit?: number; minSimilarity?: number } = {},
): Promise<DuplicateCandidate[]> {
  const names = [...new Set(record.companies.map((company) => company.name.trim().toLowerCase()))];
  const candidates = await port.recordsNear({
    country: record.location.country,
    from: shiftDate(record.dateReported, -DUPLICATE_WINDOW_DAYS),
    to: shiftDate(record.dateReported, DUPLICATE_WINDOW_DAYS),
    companyNames: names,
    ...(options.excludeId ? { excludeId: options.excludeId } : {}),
  });
  const text = textOf(record);
  return candidates
    .map((candidate) => ({
      id: candidate.id,
      slug: candidate.slug,
      title: candidate.title,
      dateReported: candidate.dateReported,
      status: candidate.status,
      sharedCompanies: candidate.companies
        .map((company) => company.name)
        .filter((name) => names.includes(name.trim().toLowerCase())),
      similarity: Math.round(textSimilarity(text, textOf(candidate)) * 100) / 100,
    }))
    .filter((candidate) => candidate.similarity >= (options.minSimilarity ?? DUPLICATE_SIMILARITY))
    .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id))
    .slice(0, options.limit ?? 5);
}
