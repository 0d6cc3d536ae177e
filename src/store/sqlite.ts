import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyRecordStore, migrate } from './kysely-store.ts';
import type { Database } from './schema.ts';

/** Opens (creating if needed) a SQLite database file with WAL and foreign keys, migrated to the latest version. */
export async function openSqliteStore(path: string): Promise<KyselyRecordStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Sqlite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrate(db);
  return new KyselyRecordStore(db, 'sqlite');
}
