import { sql, type Kysely, type Migration } from 'kysely';
import { indexExtras } from '../../search/terms.ts';
import { searchableTextsAfter } from '../text-search.ts';
import { searchRow } from './text-search.ts';

/**
 * SQLite full-text search: a contentless FTS5 table keyed by the records' rowid, diacritic-insensitive, with
 * columns of extras (keys and ASCII forms of words, bigrams of CJK words, filed-under tokens: see
 * src/search/index-terms.ts) so that every script, inflection and spelling can be found.
 * This first form of the table (migration 0002) is replaced by migration 0009 below.
 */
export const sqliteSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE VIRTUAL TABLE record_search USING fts5(
      title, summary, companies, excerpts, extras,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    await indexExistingRecords(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE record_search`.execute(db);
  },
};

/** Fills the new index with the records a database already holds, a thousand at a time. */
async function indexExistingRecords(db: Kysely<unknown>): Promise<void> {
  let after = -1;
  for (;;) {
    const { rows } = await sql<{ rowid: number; id: string; title: string; summary: string | null }>`
      SELECT rowid, id, title, summary FROM records WHERE rowid > ${after} ORDER BY rowid LIMIT 1000`.execute(
      db,
    );
    if (rows.length === 0) return;
    const ids = sql.join(rows.map((row) => row.id));
    const companies = await sql<{ record_id: string; text: string }>`
      SELECT record_id, group_concat(name, ' 
 ') AS text FROM record_companies WHERE record_id IN (${ids}) GROUP BY record_id`.execute(db);
    const sources = await sql<{ record_id: string; text: string }>`
      SELECT record_id, group_concat(headline || char(10) || excerpt, char(10)) AS text FROM sources
      WHERE record_id IN (${ids}) GROUP BY record_id`.execute(db);
    const companiesOf = new Map(companies.rows.map((row) => [row.record_id, row.text]));
    const sourcesOf = new Map(sources.rows.map((row) => [row.record_id, row.text]));
    for (const row of rows) {
      const text = [row.title, row.summary ?? '', companiesOf.get(row.id) ?? '', sourcesOf.get(row.id) ?? ''];
      await sql`INSERT INTO record_search (rowid, title, summary, companies, excerpts, extras)
        VALUES (${row.rowid}, ${text[0]}, ${text[1]}, ${text[2]}, ${text[3]}, ${indexExtras(text.join(' '))})`.execute(
        db,
      );
    }
    after = rows[rows.length - 1]!.rowid;
  }
}

/**
 * The index of language-aware search (migration 0009): the FTS5 table again, with the extras of the title in
 * a column of their own (so that "the title holds the words" sees stems too) and, in `extras`, the keys and
 * ASCII forms of the other text and the tokens of the country and issues the record is filed under. Every
 * record a database holds is indexed anew.
 */
export const sqliteLanguageSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`DROP TABLE IF EXISTS record_search`.execute(db);
    await sql`CREATE VIRTUAL TABLE record_search USING fts5(
      title, summary, companies, excerpts, extras, title_extras,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    for (let after = ''; ;) {
      const records = await searchableTextsAfter(db, after, 500);
      if (records.length === 0) return;
      const rows = records.map((record) => {
        const row = searchRow(record);
        return sql`((SELECT rowid FROM records WHERE id = ${record.id}), ${row.title}, ${row.summary},
          ${row.companies}, ${row.excerpts}, ${row.extras}, ${row.titleExtras})`;
      });
      await sql`INSERT INTO record_search (rowid, title, summary, companies, excerpts, extras, title_extras)
        VALUES ${sql.join(rows)}`.execute(db);
      after = records[records.length - 1]!.id;
    }
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE record_search`.execute(db);
    await sqliteSearchMigration.up(db);
  },
};

/** SQLite's own migrations, beside the shared ones. */
export const sqliteMigrations = {
  '0002_sqlite_search': sqliteSearchMigration,
  '0009_language_search': sqliteLanguageSearchMigration,
};
