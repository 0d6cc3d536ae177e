import type Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { filedUnderTokens, wordExtras } from '../../search/index-terms.ts';
import type { VocabularyWord } from '../../search/spelling.ts';
import { parseTextQuery, type TextMatch } from '../../search/text-query.ts';
import { bigrams } from '../../search/terms.ts';
import type { SearchableText, TextSearch } from '../text-search.ts';

/**
 * SQLite full-text search: a contentless FTS5 table keyed by the records' rowid, diacritic-insensitive, with
 * columns of extras (keys and ASCII forms of words, bigrams of CJK words, filed-under tokens: see
 * src/search/index-terms.ts) so that every script, inflection and spelling can be found (migrations.ts).
 */

/** The columns of a record's row in the FTS5 table. */
export function searchRow(record: SearchableText) {
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
  const rowids = new Map<number, Sqlite.Statement<string[], { rowid: number; id: string }>>();
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
      statement = database.prepare<string[], { rowid: number; id: string }>(
        `SELECT rowid, id FROM records WHERE id IN (${new Array(count).fill('?').join(',')})`,
      );
      rowids.set(count, statement);
    }
    return statement;
  };
  const keysOf = database
    .prepare<[string], number>('SELECT rowid FROM record_search WHERE record_search MATCH ?')
    .pluck();
  return {
    async vocabulary() {
      // A view of the index's terms per column, for this connection only: no migration, nothing stored.
      database.exec(
        'CREATE VIRTUAL TABLE IF NOT EXISTS temp.record_search_words USING fts5vocab(main, record_search, col)',
      );
      return database
        .prepare<[], VocabularyWord>(
          `SELECT term AS word, sum(doc) AS records FROM temp.record_search_words
           WHERE col IN ('title', 'summary', 'companies', 'excerpts') GROUP BY term`,
        )
        .all();
    },
    key: sql<number>`records.rowid`,
    keyColumn: 'rowid',
    async matchKeys(text, options = {}) {
      const query = fts5Query(text, options);
      if (!query) return undefined;
      return Uint32Array.from(keysOf.all(query));
    },
    // The statements run on the connection Kysely uses, inside its transaction.
    async index(_trx, records) {
      for (let start = 0; start < records.length; start += 500) {
        const chunk = records.slice(start, start + 500);
        const rows = rowidsOf(chunk.length).all(...chunk.map((record) => record.id));
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
