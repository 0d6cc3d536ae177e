import type { Kysely } from 'kysely';
import type { DataChanges } from './changes.ts';
import type { Database } from './schema.ts';
import type { SideRowStore } from './store.ts';

/**
 * The tables beside the records that a copy or a backup carries over: accounts, API tokens (as digests) and
 * the history of records, company identities (those no record names, and the country, identifiers, parent
 * and other names of all), company responses with their events, the outbox and scheduled jobs, and settings
 * (the secret that signs response links, so that links already sent keep working), and the triage queue. Sessions and sign-in attempts are not carried: they belong to the old server.
 * Tables are listed in the order their rows must be written (tokens refer to users).
 */
export const SIDE_TABLES = [
  'users',
  'api_tokens',
  'record_revisions',
  'companies',
  'company_names',
  'company_decisions',
  'response_requests',
  'response_events',
  'outbox',
  'jobs',
  'settings',
  'triage_articles',
] as const;
export type SideTable = (typeof SIDE_TABLES)[number];

export interface SideRow {
  table: SideTable;
  row: Record<string, unknown>;
}

export async function* streamSideRows(db: Kysely<Database>): AsyncIterable<SideRow> {
  for (const table of SIDE_TABLES) {
    for await (const row of db.selectFrom(table).selectAll().stream(1000)) {
      yield { table, row };
    }
  }
}

/** Writes side rows in one transaction, table by table in the order above. */
export async function insertSideRows(db: Kysely<Database>, rows: readonly SideRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of SIDE_TABLES) {
      const ofTable = rows.filter((entry) => entry.table === table).map((entry) => entry.row);
      for (let start = 0; start < ofTable.length; start += 500) {
        const chunk = ofTable.slice(start, start + 500) as never;
        // Companies named in records were created with the records: their other columns are filled in here.
        if (table === 'companies') {
          await trx
            .insertInto('companies')
            .values(chunk)
            .onConflict((conflict) =>
              conflict.column('id').doUpdateSet((eb) => ({
                created_at: eb.ref('excluded.created_at'),
                country: eb.ref('excluded.country'),
                website: eb.ref('excluded.website'),
                identifiers: eb.ref('excluded.identifiers'),
                parent_id: eb.ref('excluded.parent_id'),
              })),
            )
            .execute();
        } else await trx.insertInto(table).values(chunk).execute();
      }
    }
  });
}

/** Side rows for copies and backups; a write moves the change token (responses show on record pages). */
export class KyselySideRowStore implements SideRowStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: DataChanges,
  ) {}

  streamSideRows(): AsyncIterable<SideRow> {
    return streamSideRows(this.db);
  }

  async insertSideRows(rows: readonly SideRow[]): Promise<void> {
    await insertSideRows(this.db, rows);
    await this.changes.announce();
  }
}
