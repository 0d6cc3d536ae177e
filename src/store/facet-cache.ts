import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FacetIndex } from '../search/facet-index.ts';
import { FacetIndexBuilder } from '../search/facet-index-builder.ts';
import { facetRowQueries } from './facet-rows.ts';
import type { Database } from './schema.ts';

/** Rebuilds that took longer than this are done in the background while the previous index keeps serving. */
const BLOCKING_REBUILD_MS = 250;
/** Keys of text matches kept for repeated searches, at most this many in all. */
const MATCH_CACHE_KEYS = 8_000_000;

/**
 * Keeps a FacetIndex of the database current. The store's version token changes on every committed write
 * (by this process or another); a stale index is rebuilt, blocking when that is quick, else in the background.
 */
export class FacetIndexCache {
  private index?: FacetIndex;
  private indexVersion?: string;
  private rebuilding?: Promise<FacetIndex>;
  private lastBuildMs = 0;
  private readonly matches = new Map<string, Uint32Array | undefined>();
  private matchKeys = 0;
  private matchesVersion?: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyColumn: string,
    private readonly version: () => Promise<string>,
    /** An adapter's faster way to feed the builder; by default Kysely streams. */
    private readonly load?: (builder: FacetIndexBuilder) => Promise<void>,
  ) {}

  async current(): Promise<FacetIndex> {
    const version = await this.version();
    if (this.index && this.indexVersion === version) return this.index;
    const rebuild = (this.rebuilding ??= this.build(version).finally(() => (this.rebuilding = undefined)));
    if (this.index && this.lastBuildMs > BLOCKING_REBUILD_MS) return this.index;
    return rebuild;
  }

  /** Text-match keys for `text`, remembered until the data changes. */
  async textMatches(
    text: string,
    find: (text: string) => Promise<Uint32Array | undefined>,
  ): Promise<Uint32Array | undefined> {
    const version = await this.version();
    if (version !== this.matchesVersion) {
      this.matches.clear();
      this.matchKeys = 0;
      this.matchesVersion = version;
    }
    if (this.matches.has(text)) return this.matches.get(text);
    const keys = await find(text);
    if (this.matchKeys + (keys?.length ?? 0) > MATCH_CACHE_KEYS) {
      this.matches.clear();
      this.matchKeys = 0;
    }
    this.matches.set(text, keys);
    this.matchKeys += keys?.length ?? 0;
    return keys;
  }

  private async build(version: string): Promise<FacetIndex> {
    const started = performance.now();
    const builder = new FacetIndexBuilder();
    if (this.load) await this.load(builder);
    else await this.readRows(builder);
    const index = builder.build();
    this.lastBuildMs = performance.now() - started;
    this.index = index;
    this.indexVersion = version;
    return index;
  }

  /** Reads every row at once: without an adapter's loader the database is a small one (in memory). */
  private async readRows(builder: FacetIndexBuilder): Promise<void> {
    for (const query of facetRowQueries(this.keyColumn)) {
      const { rows } = await sql.raw<Record<string, unknown>>(query.sql).execute(this.db);
      for (const row of rows) query.add(builder, Object.values(row));
    }
  }
}

/** The ids of records by key, in the order of the keys. */
export async function idsForKeys(
  db: Kysely<Database>,
  key: RawBuilder<number>,
  keys: number[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('records')
    .select([key.as('key'), 'id'])
    .where(sql`${key}`, 'in', keys)
    .execute();
  const byKey = new Map(rows.map((row) => [Number(row.key), row.id]));
  return keys.map((value) => byKey.get(value)).filter((id): id is string => id !== undefined);
}
