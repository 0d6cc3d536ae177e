import { sql, type Kysely, type Migration } from 'kysely';
import type pg from 'pg';
import { bigrams, foldedTerm, indexExtras, isCjk, searchTerms } from '../search/terms.ts';
import type { Database } from './schema.ts';
import type { TextSearch } from './text-search.ts';

/**
 * PostgreSQL full-text search: a `tsvector` column on records with a GIN index, in the 'simple' configuration
 * (lower case, no stemming, any language), fed with the same extras as SQLite (ASCII forms, CJK bigrams).
 * Also a numeric key (`seq`) for the facet index, and a change counter bumped by every write.
 */
export const postgresSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE records ADD COLUMN seq serial`.execute(db);
    await sql`CREATE UNIQUE INDEX records_seq ON records (seq)`.execute(db);
    await sql`ALTER TABLE records ADD COLUMN search_vector tsvector`.execute(db);
    await sql`CREATE INDEX records_search ON records USING gin (search_vector)`.execute(db);
    await sql`CREATE TABLE change_counter (id integer PRIMARY KEY, version bigint NOT NULL)`.execute(db);
    await sql`INSERT INTO change_counter VALUES (1, 0)`.execute(db);
    await sql`UPDATE records SET search_vector = to_tsvector('simple', title || ' ' || coalesce(summary, ''))`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE change_counter`.execute(db);
    await sql`ALTER TABLE records DROP COLUMN search_vector, DROP COLUMN seq`.execute(db);
  },
};

/** A tsquery: every word must match as itself, its ASCII form, or (CJK) the phrase of its bigrams. */
export function tsQuery(text: string): string | undefined {
  const terms = searchTerms(text);
  if (terms.length === 0) return undefined;
  // Terms hold only letters and digits (searchTerms), so nothing in them is tsquery syntax.
  return terms
    .map((term) => {
      const forms = [term];
      const folded = foldedTerm(term);
      if (folded) forms.push(folded);
      if (isCjk(term)) forms.push(bigrams(term).join(' <-> '));
      return forms.length === 1 ? forms[0]! : `(${forms.join(' | ')})`;
    })
    .join(' & ');
}

export function postgresTextSearch(db: Kysely<Database>, pool: pg.Pool): TextSearch {
  return {
    key: sql<number>`records.seq`,
    keyColumn: 'seq',
    async index(trx, records) {
      // One UPDATE per 500 records, from a VALUES list of (id, text).
      for (let start = 0; start < records.length; start += 500) {
        const rows = records.slice(start, start + 500).map((record) => {
          const all = `${record.title} ${record.summary} ${record.companies} ${record.excerpts}`;
          return sql`(${record.id}, ${`${all} ${indexExtras(all)}`})`;
        });
        await sql`UPDATE records SET search_vector = to_tsvector('simple', v.text)
          FROM (VALUES ${sql.join(rows)}) AS v(id, text) WHERE records.id = v.id`.execute(trx);
      }
      await sql`UPDATE change_counter SET version = version + 1 WHERE id = 1`.execute(trx);
    },
    async remove(trx) {
      // The vector lives on the record row and goes with it; the change still counts.
      await sql`UPDATE change_counter SET version = version + 1 WHERE id = 1`.execute(trx);
    },
    matches(text) {
      const query = tsQuery(text);
      if (!query) return undefined;
      return sql<{ record_id: string; rank: number }>`(SELECT records.id AS record_id,
        -ts_rank(records.search_vector, to_tsquery('simple', ${query})) AS rank
        FROM records WHERE records.search_vector @@ to_tsquery('simple', ${query}))`;
    },
    async matchKeys(text, options = {}) {
      const query = tsQuery(text);
      if (!query) return undefined;
      const title = options.titleOnly ? "AND to_tsvector('simple', title) @@ to_tsquery('simple', $1)" : '';
      // Array rows: a common word matches hundreds of thousands of records.
      const { rows } = await pool.query<unknown[]>({
        text: `SELECT seq FROM records WHERE search_vector @@ to_tsquery('simple', $1) ${title}`,
        values: [query],
        rowMode: 'array',
      });
      return Uint32Array.from(rows, (row) => Number(row[0]));
    },
  };
}
