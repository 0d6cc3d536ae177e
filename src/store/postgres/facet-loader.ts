import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { FacetIndexBuilder } from '../../search/facet-index-builder.ts';
import { facetRowQueries } from '../facet-rows.ts';

/** Rows read from the cursor at a time. */
const ROWS_PER_READ = 10_000;

/**
 * Feeds the facet index through a cursor of array rows on one connection, in one snapshot: a million records
 * must not become millions of row objects.
 */
export async function loadFacetRows(pool: pg.Pool, builder: FacetIndexBuilder): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const each = async (text: string, add: (row: unknown[]) => void) => {
      const cursor = client.query(new Cursor<unknown[]>(text, [], { rowMode: 'array' }));
      for (;;) {
        const rows = await cursor.read(ROWS_PER_READ);
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
