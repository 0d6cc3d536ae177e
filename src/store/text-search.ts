import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { FullTextSearch, SearchableText } from '../search/full-text.ts';
import { groupByRecord } from './record-reads.ts';
import type { Database } from './schema.ts';

export type { SearchableText } from '../search/full-text.ts';

/**
 * Full-text search as a backend provides it (sqlite/text-search.ts, postgres/text-search.ts): the searcher's
 * side (src/search/full-text.ts), and the store's: keeping the index in step with writes, and a subquery of
 * matching record ids with a rank (lower is better) for the SQL reference search.
 */
export interface TextSearch extends FullTextSearch {
  index(trx: Transaction<Database>, records: readonly SearchableText[]): Promise<void>;
  remove(trx: Transaction<Database>, ids: readonly string[]): Promise<void>;
  /** `(record_id, rank)` rows of the records matching the words of `text`, or undefined when it has none. */
  matches(text: string): RawBuilder<{ record_id: string; rank: number }> | undefined;
  /** The numeric key of a record row that the facet index uses (SQLite: its rowid). */
  readonly key: RawBuilder<number>;
  /** The column of `records` that holds that key. */
  readonly keyColumn: string;
}

/**
 * The searchable text of the records after `afterId` in id order, `limit` of them: what a migration that
 * changes the index reads to index the records a database already holds. Portable SQL; restricted sources
 * are left out, as searchableText does for writes.
 */
export async function searchableTextsAfter(
  db: Kysely<unknown>,
  afterId: string,
  limit: number,
): Promise<SearchableText[]> {
  const { rows } = await sql<{ id: string; title: string; summary: string | null; country: string | null }>`
    SELECT id, title, summary, location_country AS country FROM records WHERE id > ${afterId}
    ORDER BY id LIMIT ${limit}`.execute(db);
  if (rows.length === 0) return [];
  const ids = sql.join(rows.map((row) => row.id));
  const [companies, sources, issues] = await Promise.all([
    sql<{ record_id: string; name: string }>`SELECT record_id, name FROM record_companies
      WHERE record_id IN (${ids}) ORDER BY record_id, position`.execute(db),
    sql<{ record_id: string; headline: string; excerpt: string }>`SELECT record_id, headline, excerpt
      FROM sources WHERE record_id IN (${ids}) AND restricted = 0 ORDER BY record_id, position`.execute(db),
    sql<{ record_id: string; issue: string }>`SELECT record_id, issue FROM record_issues
      WHERE record_id IN (${ids}) ORDER BY record_id, position`.execute(db),
  ]);
  const companiesOf = groupByRecord(companies.rows);
  const sourcesOf = groupByRecord(sources.rows);
  const issuesOf = groupByRecord(issues.rows);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    summary: row.summary ?? '',
    companies: (companiesOf.get(row.id) ?? []).map((company) => company.name).join(' \n '),
    excerpts: (sourcesOf.get(row.id) ?? [])
      .map((source) => `${source.headline}\n${source.excerpt}`)
      .join('\n'),
    country: row.country,
    issues: (issuesOf.get(row.id) ?? []).map((issue) => issue.issue),
  }));
}
