import Sqlite from 'better-sqlite3';
import type { FacetIndexBuilder } from '../../search/facet-index-builder.ts';
import { facetRowQueries } from '../facet-rows.ts';

/** Rows read between yields to the event loop. */
const ROWS_PER_YIELD = 50_000;

/**
 * Feeds the facet index from a read-only connection of its own, so that the main connection stays free, and
 * yields to the event loop every 50,000 rows so that requests are served while an index is rebuilt.
 */
export async function loadFacetRows(path: string, builder: FacetIndexBuilder): Promise<void> {
  const reader = new Sqlite(path, { readonly: true });
  try {
    const each = async (query: string, add: (row: unknown[]) => void) => {
      let count = 0;
      for (const row of reader.prepare<[], unknown[]>(query).raw().iterate()) {
        add(row);
        if (++count % ROWS_PER_YIELD === 0) await new Promise((resolve) => setImmediate(resolve));
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
