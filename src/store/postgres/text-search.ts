import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import type pg from 'pg';
import { filedUnderTokens, textWords, wordExtras } from '../../search/index-terms.ts';
import { parseTextQuery, type TextMatch } from '../../search/text-query.ts';
import { bigrams } from '../../search/terms.ts';
import type { Database } from '../schema.ts';
import type { SearchableText, TextSearch } from '../text-search.ts';

/**
 * The vector of language-aware search (migration 0009): the record's own words (lower case, accents of Latin
 * letters removed as SQLite's tokenizer does), weighted A (title) and B (summary, companies, excerpts); the extras of
 * the title C; the other extras and the filed-under tokens D (see src/search/index-terms.ts). A separator
 * word between the parts keeps a phrase from running from one into the next, as FTS5 columns do.
 */
const SEPARATOR = 'bhrsep';

function vectorParts(record: SearchableText): [string, string, string, string] {
  // The words as text-query reads them, so that PostgreSQL's parser finds nothing else to split.
  const words = (text: string) => textWords(text).join(' ');
  const rest = [record.summary, record.companies, record.excerpts].map(words).join(` ${SEPARATOR} `);
  return [
    words(record.title),
    `${SEPARATOR} ${rest}`,
    `${SEPARATOR} ${wordExtras(record.title)}`,
    `${SEPARATOR} ${wordExtras(`${record.summary} ${record.companies} ${record.excerpts}`)} ${filedUnderTokens(record)}`,
  ];
}

/** One UPDATE per 500 records, from a VALUES list of (id, the four parts). */
export async function writeVectors(
  db: QueryExecutorProvider,
  records: readonly SearchableText[],
): Promise<void> {
  for (let start = 0; start < records.length; start += 500) {
    const rows = records
      .slice(start, start + 500)
      .map((record) => sql`(${record.id}, ${sql.join(vectorParts(record))})`);
    await sql`UPDATE records SET search_vector =
        setweight(to_tsvector('simple', v.title), 'A') || setweight(to_tsvector('simple', v.rest), 'B')
        || setweight(to_tsvector('simple', v.title_extras), 'C') || to_tsvector('simple', v.extras)
      FROM (VALUES ${sql.join(rows)}) AS v(id, title, rest, title_extras, extras)
      WHERE records.id = v.id`.execute(db);
  }
}

/** A match in tsquery syntax, anywhere or (titleOnly) in the title and its extras only. */
function render(match: TextMatch, titleOnly: boolean): string {
  // Tokens hold only letters and digits (text-query), so nothing in them is tsquery syntax.
  switch (match.kind) {
    case 'term':
      return titleOnly ? `${match.token}:AC` : match.token;
    case 'phrase':
      return `(${match.words.map((word) => `${word}:${titleOnly ? 'A' : 'AB'}`).join(' <-> ')})`;
    case 'cjk': {
      const weight = titleOnly ? ':AC' : '';
      return `(${match.word}${weight} | ${bigrams(match.word)
        .map((bigram) => bigram + weight)
        .join(' <-> ')})`;
    }
    case 'any':
      return `(${match.of.map((item) => render(item, titleOnly)).join(' | ')})`;
    case 'all':
      return `(${match.of.map((item) => render(item, titleOnly)).join(' & ')})`;
  }
}

/** A tsquery for a search text (see parseTextQuery), or undefined when it has no word. */
export function tsQuery(text: string, options: { titleOnly?: boolean } = {}): string | undefined {
  const query = parseTextQuery(text);
  return query ? render(query.match, options.titleOnly ?? false) : undefined;
}

export function postgresTextSearch(db: Kysely<Database>, pool: pg.Pool): TextSearch {
  return {
    key: sql<number>`records.seq`,
    keyColumn: 'seq',
    async index(trx, records) {
      await writeVectors(trx, records);
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
    async vocabulary() {
      // Weights A and B hold the records' own words; the separator between their parts is no word.
      const { rows } = await pool.query<{ word: string; records: number }>({
        text: `SELECT word, ndoc AS records FROM ts_stat('SELECT search_vector FROM records', 'AB')
          WHERE word <> $1`,
        values: [SEPARATOR],
      });
      return rows;
    },
    async matchKeys(text, options = {}) {
      const query = tsQuery(text, options);
      if (!query) return undefined;
      // Array rows: a common word matches hundreds of thousands of records.
      const { rows } = await pool.query<unknown[]>({
        text: `SELECT seq FROM records WHERE search_vector @@ to_tsquery('simple', $1)`,
        values: [query],
        rowMode: 'array',
      });
      return Uint32Array.from(rows, (row) => Number(row[0]));
    },
  };
}
