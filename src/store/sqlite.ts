import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyRecordStore, migrate, type RowWriter } from './kysely-store.ts';
import type { Database } from './schema.ts';
import { sqliteSearchMigration, sqliteTextSearch } from './sqlite-search.ts';

/** Opens (creating if needed) a SQLite database file with WAL and foreign keys, migrated to the latest version. */
export async function openSqliteStore(path: string): Promise<KyselyRecordStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Sqlite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrate(db, { '0002_sqlite_search': sqliteSearchMigration });
  return new KyselyRecordStore(db, 'sqlite', sqliteTextSearch(database), {
    insertRows: preparedRowWriter(database),
    // Keeps the query planner's statistics current, so that filters use the right indexes.
    onClose: async () => {
      database.pragma('optimize');
      await db.destroy();
    },
  });
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
