import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { KyselyRecordStore, migrate } from './kysely-store.ts';
import { postgresSearchMigration, postgresTextSearch } from './postgres-search.ts';
import type { Database } from './schema.ts';

// COUNT(*) and bigint columns arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

/** Opens a PostgreSQL database (`postgres://...`), migrated to the latest version. */
export async function openPostgresStore(url: string): Promise<KyselyRecordStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (restart, admin command) leaves the pool; the next query opens another.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  await migrate(db, { '0002_postgres_search': postgresSearchMigration });
  return new KyselyRecordStore(db, 'postgres', postgresTextSearch(db), {
    dataVersion: async () => {
      const { rows } = await sql<{
        version: number;
      }>`SELECT version FROM change_counter WHERE id = 1`.execute(db);
      return Number(rows[0]?.version ?? 0);
    },
  });
}
