import type Sqlite from 'better-sqlite3';
import { sql, type Kysely, type Migration } from 'kysely';
import { bigrams, foldedTerm, indexExtras, isCjk, searchTerms } from '../search/terms.ts';
import type { TextSearch } from './text-search.ts';

/**
 * SQLite full-text search: a contentless FTS5 table keyed by the records' rowid, diacritic-insensitive, with a
 * column of extras (ASCII forms of words, bigrams of CJK words) so that every script can be found.
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

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** An FTS5 query: every word must match, as itself, its ASCII form, or (CJK) the phrase of its bigrams. */
export function fts5Query(text: string): string | undefined {
  const terms = searchTerms(text);
  if (terms.length === 0) return undefined;
  return terms
    .map((term) => {
      const forms = [quote(term)];
      const folded = foldedTerm(term);
      if (folded) forms.push(quote(folded));
      if (isCjk(term)) forms.push(quote(bigrams(term).join(' ')));
      return forms.length === 1 ? forms[0]! : `(${forms.join(' OR ')})`;
    })
    .join(' AND ');
}

export function sqliteTextSearch(database: Sqlite.Database): TextSearch {
  const rowids = new Map<number, Sqlite.Statement>();
  const insert = database.prepare(
    'INSERT INTO record_search (rowid, title, summary, companies, excerpts, extras) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const remove = database.prepare(
    'DELETE FROM record_search WHERE rowid IN (SELECT rowid FROM records WHERE id = ?)',
  );
  const rowidsOf = (count: number) => {
    let statement = rowids.get(count);
    if (!statement) {
      statement = database.prepare(
        `SELECT rowid, id FROM records WHERE id IN (${new Array(count).fill('?').join(',')})`,
      );
      rowids.set(count, statement);
    }
    return statement;
  };
  const keysOf = database.prepare('SELECT rowid FROM record_search WHERE record_search MATCH ?').pluck();
  return {
    key: sql<number>`records.rowid`,
    keyColumn: 'rowid',
    async matchKeys(text, options = {}) {
      const query = fts5Query(text);
      if (!query) return undefined;
      return Uint32Array.from(keysOf.all(options.titleOnly ? `title : (${query})` : query) as number[]);
    },
    // The statements run on the connection Kysely uses, inside its transaction.
    async index(_trx, records) {
      for (let start = 0; start < records.length; start += 500) {
        const chunk = records.slice(start, start + 500);
        const rows = rowidsOf(chunk.length).all(...chunk.map((record) => record.id)) as {
          rowid: number;
          id: string;
        }[];
        const rowidById = new Map(rows.map((row) => [row.id, row.rowid]));
        for (const record of chunk) {
          const all = `${record.title} ${record.summary} ${record.companies} ${record.excerpts}`;
          insert.run(
            rowidById.get(record.id),
            record.title,
            record.summary,
            record.companies,
            record.excerpts,
            indexExtras(all),
          );
        }
      }
    },
    async remove(_trx, ids) {
      for (const id of ids) remove.run(id);
    },
    matches(text) {
      const query = fts5Query(text);
      if (!query) return undefined;
      return sql<{
        record_id: string;
        rank: number;
      }>`(SELECT records.id AS record_id, record_search.rank AS rank
        FROM record_search JOIN records ON records.rowid = record_search.rowid
        WHERE record_search MATCH ${query})`;
    },
  };
}
