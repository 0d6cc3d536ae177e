import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { KyselyRecordStore, migrate } from './kysely-store.ts';
import {
  postgresLanguageSearchMigration,
  postgresSearchMigration,
  postgresTextSearch,
} from './postgres-search.ts';
import type { Database } from './schema.ts';
import { facetRowQueries } from './facet-rows.ts';
import type { FacetIndexBuilder } from '../search/facet-index-builder.ts';

// COUNT(*) and bigint columns arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

/**
 * Feeds the facet index through a cursor of array rows on one connection, in one snapshot: a million records
 * must not become millions of row objects.
 */
async function loadFacetRows(pool: pg.Pool, builder: FacetIndexBuilder): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const each = async (text: string, add: (row: unknown[]) => void) => {
      const cursor = client.query(new Cursor(text, [], { rowMode: 'array' }));
      for (;;) {
        const rows = (await cursor.read(10_000)) as unknown[][];
        if (rows.length === 0) break;
        for (const row of rows) add(row);
      }
      await cursor.close();
    };
    for (const query of facetRowQueries('seq')) await each(query.sql, (row) => query.add(builder, row));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Opens a PostgreSQL database (`postgres://...`), migrated to the latest version. */
export async function openPostgresStore(url: string): Promise<KyselyRecordStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (restart, admin command) leaves the pool; the next query opens another.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  await migrate(db, {
    '0002_postgres_search': postgresSearchMigration,
    '0009_language_search': postgresLanguageSearchMigration,
  });
  return new KyselyRecordStore(db, 'postgres', postgresTextSearch(db, pool), {
    loadFacets: (builder) => loadFacetRows(pool, builder),
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
  });
}
