import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { StoreConnection } from '../connection.ts';
import { migrate } from '../migrations/index.ts';
import type { Database } from '../schema.ts';
import { loadFacetRows } from './facet-loader.ts';
import { sqliteMigrations } from './migrations.ts';
import { preparedRowWriter } from './row-writer.ts';
import { sqliteTextSearch } from './text-search.ts';

/** Opens (creating if needed) a SQLite database file with WAL and foreign keys, migrated to the latest version. */
export async function openSqlite(path: string): Promise<StoreConnection> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Sqlite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrate(db, sqliteMigrations);
  const dataVersion = database.prepare<[], number>('PRAGMA data_version').pluck();
  return {
    backend: 'sqlite',
    db,
    textSearch: sqliteTextSearch(database),
    rowWriter: preparedRowWriter(database),
    dataVersion: async () => dataVersion.get() ?? 0,
    ...(path !== ':memory:' ? { loadFacetRows: (builder) => loadFacetRows(path, builder) } : {}),
    // Keeps the query planner's statistics current, so that filters use the right indexes.
    close: async () => {
      database.pragma('optimize');
      await db.destroy();
    },
  };
}
