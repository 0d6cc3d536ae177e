import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { StoreConnection } from '../connection.ts';
import { migrate } from '../migrations/index.ts';
import type { Database } from '../schema.ts';
import { loadFacetRows } from './facet-loader.ts';
import { postgresMigrations } from './migrations.ts';
import { postgresTextSearch } from './text-search.ts';

// COUNT(*) and bigint columns arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

/** Opens a PostgreSQL database (`postgres://...`), migrated to the latest version. */
export async function openPostgres(url: string): Promise<StoreConnection> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (restart, admin command) leaves the pool; the next query opens another.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  await migrate(db, postgresMigrations);
  return {
    backend: 'postgres',
    db,
    textSearch: postgresTextSearch(db, pool),
    loadFacetRows: (builder) => loadFacetRows(pool, builder),
    // Writes that touch no record text (companies, their merges) still move the counter other processes follow.
    announceChange: async () => {
      await sql`UPDATE change_counter SET version = version + 1 WHERE id = 1`.execute(db);
    },
    dataVersion: async () => {
      const { rows } = await sql<{
        version: number;
      }>`SELECT version FROM change_counter WHERE id = 1`.execute(db);
      return Number(rows[0]?.version ?? 0);
    },
    close: () => db.destroy(),
  };
}
