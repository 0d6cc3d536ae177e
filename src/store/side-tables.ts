import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The tables beside the records that a copy or a backup carries over: accounts, API tokens (as digests) and
 * the history of records. Sessions and sign-in attempts are not carried: they belong to the old server.
 * Tables are listed in the order their rows must be written (tokens refer to users).
 */
export const SIDE_TABLES = ['users', 'api_tokens', 'record_revisions'] as const;
export type SideTable = (typeof SIDE_TABLES)[number];

export interface SideRow {
  table: SideTable;
  row: Record<string, unknown>;
}

export async function* streamSideRows(db: Kysely<Database>): AsyncIterable<SideRow> {
  for (const table of SIDE_TABLES) {
    for await (const row of db.selectFrom(table).selectAll().stream(1000)) {
      yield { table, row: row as Record<string, unknown> };
    }
  }
}

/** Writes side rows in one transaction, table by table in the order above. */
export async function insertSideRows(db: Kysely<Database>, rows: readonly SideRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of SIDE_TABLES) {
      const ofTable = rows.filter((entry) => entry.table === table).map((entry) => entry.row);
      for (let start = 0; start < ofTable.length; start += 500) {
        await trx
          .insertInto(table)
          .values(ofTable.slice(start, start + 500) as never)
          .execute();
      }
    }
  });
}
