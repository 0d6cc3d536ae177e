import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { StoredRecord } from '../domain/record.ts';
import type { FacetIndexBuilder } from '../search/facet-index-builder.ts';
import type { NearPlace, SearchPort } from '../search/search-port.ts';
import type { DataChanges } from './changes.ts';
import type { StoreConnection } from './connection.ts';
import { facetRowQueries } from './facet-rows.ts';
import { hydrate, recordsByIds } from './record-reads.ts';
import type { Database } from './schema.ts';
import type { CompanyStore } from './store.ts';

/** Records read as duplicate candidates, at most. */
const NEAR_RECORDS = 500;

/** The SQL that searching needs (src/search/search-port.ts), over the connection's tables and text index. */
export function kyselySearchPort(
  connection: Pick<StoreConnection, 'db' | 'textSearch' | 'loadFacetRows'>,
  changes: DataChanges,
  companies: Pick<CompanyStore, 'companyNames'>,
): SearchPort {
  const { db, textSearch } = connection;
  return {
    changeToken: () => changes.token(),
    loadFacetRows:
      connection.loadFacetRows ?? ((builder) => readFacetRows(db, textSearch.keyColumn, builder)),
    matchKeys: (text, options) => textSearch.matchKeys(text, options),
    vocabulary: () => textSearch.vocabulary(),
    recordsByKeys: async (keys) => recordsByIds(db, await idsForKeys(db, textSearch.key, keys)),
    companyNames: (ids) => companies.companyNames(ids),
    recordsNear: (place) => recordsNear(db, place),
  };
}

/** Reads every row at once: without a backend's loader the database is a small one (in memory). */
async function readFacetRows(
  db: Kysely<Database>,
  keyColumn: string,
  builder: FacetIndexBuilder,
): Promise<void> {
  for (const query of facetRowQueries(keyColumn)) {
    const { rows } = await sql.raw<Record<string, unknown>>(query.sql).execute(db);
    for (const row of rows) query.add(builder, Object.values(row));
  }
}

/** The ids of records by key, in the order of the keys. */
async function idsForKeys(
  db: Kysely<Database>,
  key: RawBuilder<number>,
  keys: readonly number[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('records')
    .select([key.as('key'), 'id'])
    .where(sql`${key}`, 'in', [...keys])
    .execute();
  const byKey = new Map(rows.map((row) => [Number(row.key), row.id]));
  return keys.map((value) => byKey.get(value)).filter((id): id is string => id !== undefined);
}

/** Duplicate candidates: see SearchPort.recordsNear. */
async function recordsNear(db: Kysely<Database>, place: NearPlace): Promise<StoredRecord[]> {
  const names = [...place.companyNames];
  let query = db
    .selectFrom('records')
    .selectAll('records')
    .where('records.location_country', '=', place.country)
    .where('records.date_reported', '>=', place.from)
    .where('records.date_reported', '<=', place.to)
    .where('records.merged_into', 'is', null)
    .limit(NEAR_RECORDS);
  if (place.excludeId) query = query.where('records.id', '!=', place.excludeId);
  query =
    names.length > 0
      ? query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('record_companies')
              .select('record_companies.record_id')
              .whereRef('record_companies.record_id', '=', 'records.id')
              .where(sql<string>`lower(record_companies.name)`, 'in', names),
          ),
        )
      : query.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('record_companies')
                .select('record_companies.record_id')
                .whereRef('record_companies.record_id', '=', 'records.id'),
            ),
          ),
        );
  return hydrate(db, await query.execute());
}
