import type { Kysely } from 'kysely';
import type { FacetIndexBuilder } from '../search/facet-index-builder.ts';
import type { RowWriter } from './record-writes.ts';
import type { Database } from './schema.ts';
import type { TextSearch } from './text-search.ts';

/**
 * An open, migrated database as its backend (src/store/sqlite, src/store/postgres) hands it to the stores:
 * the Kysely connection and what the backend does its own way. `store/open.ts` builds the stores on it.
 */
export interface StoreConnection {
  readonly backend: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  readonly textSearch: TextSearch;
  /** Bulk inserts faster than Kysely's multi-row INSERTs (SQLite); by default Kysely's. */
  readonly rowWriter?: RowWriter;
  /** Feeds the facet index faster than Kysely can; by default every row is read at once (a small database). */
  readonly loadFacetRows?: (builder: FacetIndexBuilder) => Promise<void>;
  /** A number that changes when another connection commits (SQLite: PRAGMA data_version). */
  readonly dataVersion?: () => Promise<number>;
  /** Tells other processes that data changed, where committing alone does not (PostgreSQL). */
  readonly announceChange?: () => Promise<void>;
  close(): Promise<void>;
}
