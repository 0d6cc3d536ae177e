import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyRecordStore, migrate } from './kysely-store.ts';
import type { RowWriter } from './record-writes.ts';
import type { Database } from './schema.ts';
import { sqliteLanguageSearchMigration, sqliteSearchMigration, sqliteTextSearch } from './sqlite-search.ts';
import { facetRowQueries } from './facet-rows.ts';
import type { FacetIndexBuilder } from '../search/facet-index-builder.ts';

/** Opens (creating if needed) a SQLite database file with WAL and foreign keys, migrated to the latest version. */
export async function openSqliteStore(path: string): Promise<KyselyRecordStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Sqlite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrate(db, {
    '0002_sqlite_search': sqliteSearchMigration,
    '0009_language_search': sqliteLanguageSearchMigration,
  });
  return new KyselyRecordStore(db, 'sqlite', sqliteTextSearch(database), {
    insertRows: preparedRowWriter(database),
    dataVersion: async () => database.pragma('data_version', { simple: true }) as number,
    ...(path !== ':memory:'
      ? { loadFacets: (builder: FacetIndexBuilder) => loadFacetRows(path, builder) }
      : {}),
    // Keeps the query planner's statistics current, so that filters use the right indexes.
    onClose: async () => {
      database.pragma('optimize');
      await db.destroy();
    },
  });
}

/**
 * Feeds the facet index from a read-only connection of its own, so that the main connection stays free, and
 * yields to the event loop every 50,000 rows so that requests are served while an index is rebuilt.
 */
async function loadFacetRows(path: string, builder: FacetIndexBuilder): Promise<void> {
  const reader = new Sqlite(path, { readonly: true });
  try {
    const each = async (query: string, add: (row: unknown[]) => void) => {
      let count = 0;
      for (const row of reader.prepare(query).raw().iterate() as IterableIterator<unknown[]>) {
        add(row);
        if (++count % 50_000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // One snapshot for all the reads.
    reader.exec('BEGIN');
    for (const query of facetRowQueries('rowid')) await each(query.sql, (row) => query.add(builder, row));
    reader.exec('COMMIT');
  } finally {
    reader.close();
  }
}

/**
 * Bulk writes through cached prepared statements, one row at a time: on SQLite this is faster than building
 * multi-row INSERTs. It runs on the connection Kysely uses, so inside the same transaction.
 */
function preparedRowWriter(database: Sqlite.Database): RowWriter {
  const statements = new Map<string, { statement: Sqlite.Statement; columns: string[] }>();
  return async (_db, table, rows) => {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    const key = `${table}(${columns.join(',')})`;
    let prepared = statements.get(key);
    if (!prepared) {
      const quoted = columns.map((column) => `"${column}"`).join(', ');
      const statement = database.prepare(
        `INSERT INTO "${table}" (${quoted}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      prepared = { statement, columns };
      statements.set(key, prepared);
    }
    const values: unknown[] = new Array(columns.length);
    for (const row of rows as readonly Record<string, unknown>[]) {
      for (let index = 0; index < columns.length; index++) values[index] = row[columns[index]!] ?? null;
      prepared.statement.run(values);
    }
  };
}
