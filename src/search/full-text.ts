import type { VocabularyWord } from './spelling.ts';

/**
 * The text a record is found by: title, summary, company names and public source excerpts; and the country
 * and issues it is filed under, which a query naming them also finds.
 */
export interface SearchableText {
  id: string;
  title: string;
  summary: string;
  companies: string;
  excerpts: string;
  country: string | null;
  issues: readonly string[];
}

/**
 * Full-text search as a database provides it (SQLite FTS5, PostgreSQL tsvector: src/store/sqlite and
 * src/store/postgres), from the side of the searcher. Both read a query with parseTextQuery
 * (text-query.ts), so that they agree on what matches.
 */
export interface FullTextSearch {
  /** Keys of the records matching the words of `text` anywhere, or only in their title; undefined without words. */
  matchKeys(text: string, options?: { titleOnly?: boolean }): Promise<Uint32Array | undefined>;
  /** The words of the records' own text (not the extras), with how many records hold each: for "did you mean". */
  vocabulary(): Promise<VocabularyWord[]>;
}
