import type Sqlite from 'better-sqlite3';
import { sql, type Kysely, type Migration } from 'kysely';
import { filedUnderTokens, wordExtras } from '../search/index-terms.ts';
import type { VocabularyWord } from '../search/spelling.ts';
import { parseTextQuery, type TextMatch } from '../search/text-query.ts';
import { bigrams, indexExtras } from '../search/terms.ts';
import { searchableTextsAfter, type SearchableText, type TextSearch } from './text-search.ts';

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

/** The columns of a record's row in the FTS5 table. */
function searchRow(record: SearchableText) {
  const rest = `${record.summary} ${record.companies} ${record.excerpts}`;
  return {
    title: record.title,
    summary: record.summary,
    companies: record.companies,
    excerpts: record.excerpts,
    titleExtras: wordExtras(record.title),
    extras: `${wordExtras(rest)} ${filedUnderTokens(record)}`,
  };
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
const TEXT_COLUMNS = '{title summary companies excerpts}';
const ANY_TITLE = '{title title_extras}';

/** A match in FTS5 syntax, anywhere or (titleOnly) in the title and its extras only. */
function render(match: TextMatch, titleOnly: boolean): string {
  switch (match.kind) {
    case 'term':
      return titleOnly ? `${ANY_TITLE} : ${quote(match.token)}` : quote(match.token);
    case 'phrase':
      return `${titleOnly ? 'title' : TEXT_COLUMNS} : ${quote(match.words.join(' '))}`;
    case 'cjk': {
      const forms = `(${quote(match.word)} OR ${quote(bigrams(match.word).join(' '))})`;
      return titleOnly ? `${ANY_TITLE} : ${forms}` : forms;
    }
    case 'any':
      return `(${match.of.map((item) => render(item, titleOnly)).join(' OR ')})`;
    case 'all':
      return `(${match.of.map((item) => render(item, titleOnly)).join(' AND ')})`;
  }
}

/** An FTS5 query for a search text (see parseTextQuery), or undefined when it has no word. */
export function fts5Query(text: string, options: { titleOnly?: boolean } = {}): string | undefined {
  const query = parseTextQuery(text);
  return query ? render(query.match, options.titleOnly ?? false) : undefined;
}

export function sqliteTextSearch(database: Sqlite.Database): TextSearch {
  const rowids = new Map<number, Sqlite.Statement>();
  const insert = database.prepare(
    `INSERT INTO record_search (rowid, title, summary, companies, excerpts, extras, title_extras)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
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
    async vocabulary() {
      // A view of the index's terms per column, for this connection only: no migration, nothing stored.
      database.exec(
        'CREATE VIRTUAL TABLE IF NOT EXISTS temp.record_search_words USING fts5vocab(main, record_search, col)',
      );
      return database
        .prepare(
          `SELECT term AS word, sum(doc) AS records FROM temp.record_search_words
           WHERE col IN ('title', 'summary', 'companies', 'excerpts') GROUP BY term`,
        )
        .all() as VocabularyWord[];
    },
    key: sql<number>`records.rowid`,
    keyColumn: 'rowid',
    async matchKeys(text, options = {}) {
      const query = fts5Query(text, options);
      if (!query) return undefined;
      return Uint32Array.from(keysOf.all(query) as number[]);
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
          const row = searchRow(record);
          insert.run(
            rowidById.get(record.id),
            row.title,
            row.summary,
            row.companies,
            row.excerpts,
            row.extras,
            row.titleExtras,
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
