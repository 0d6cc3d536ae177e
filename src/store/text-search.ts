import type { RawBuilder, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The text a record is found by: title, summary, company names and source excerpts. */
export interface SearchableText {
  id: string;
  title: string;
  summary: string;
  companies: string;
  excerpts: string;
}

/**
 * Full-text search as an adapter provides it (SQLite FTS5; PostgreSQL tsvector later): keeping the index in
 * step with writes, and a subquery of matching record ids with a rank (lower is better).
 */
export interface TextSearch {
  index(trx: Transaction<Database>, records: readonly SearchableText[]): Promise<void>;
  remove(trx: Transaction<Database>, ids: readonly string[]): Promise<void>;
  /** `(record_id, rank)` rows of the records matching the words of `text`, or undefined when it has none. */
  matches(text: string): RawBuilder<{ record_id: string; rank: number }> | undefined;
  /** The numeric key of a record row that the facet index uses (SQLite: its rowid). */
  readonly key: RawBuilder<number>;
  /** The column of `records` that holds that key. */
  readonly keyColumn: string;
  /** Keys of the records matching the words of `text` anywhere, or only in their title; undefined without words. */
  matchKeys(text: string, options?: { titleOnly?: boolean }): Promise<Uint32Array | undefined>;
}
