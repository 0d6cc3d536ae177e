import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FacetIndex } from '../search/facet-index.ts';
import { FacetIndexBuilder } from '../search/facet-index-builder.ts';
import { facetRowQueries } from './facet-rows.ts';
import { RebuiltOnChange } from './rebuilt-on-change.ts';
import type { Database } from './schema.ts';

/** Keys of text matches kept for repeated searches, at most this many in all. */
const MATCH_CACHE_KEYS = 8_000_000;

/**
 * Keeps a FacetIndex of the database current (see RebuiltOnChange), and the text matches of repeated
 * searches until the data changes.
 */
export class FacetIndexCache {
  private readonly index: RebuiltOnChange<FacetIndex>;
  private readonly matches = new Map<string, Uint32Array | undefined>();
  private matchKeys = 0;
  private matchesVersion?: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyColumn: string,
    private readonly version: () => Promise<string>,
    /** An adapter's faster way to feed the builder; by default Kysely streams. */
    private readonly load?: (builder: FacetIndexBuilder) => Promise<void>,
  ) {
    this.index = new RebuiltOnChange(() => this.build(), version);
  }

  current(): Promise<FacetIndex> {
    return this.index.current();
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

  private async build(): Promise<FacetIndex> {
    const builder = new FacetIndexBuilder();
    if (this.load) await this.load(builder);
    else await this.readRows(builder);
    return builder.build();
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
