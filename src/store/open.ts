import { sql } from 'kysely';
import { SearchService } from '../search/search-service.ts';
import { settings } from '../settings.ts';
import { KyselyAccountStore } from './accounts.ts';
import { KyselyChangeFeedStore } from './change-feed.ts';
import { DataChanges } from './changes.ts';
import { KyselyCompanyStore } from './companies.ts';
import type { StoreConnection } from './connection.ts';
import { KyselyRecordsStore } from './records.ts';
import { KyselyResponseStore } from './responses.ts';
import { KyselyRevisionStore } from './revisions.ts';
import { kyselySearchPort } from './search-port.ts';
import { KyselySideRowStore } from './side-tables.ts';
import { openSqlite } from './sqlite/open.ts';
import type { Stores } from './store.ts';
import { KyselyTriageStore } from './triage.ts';

export const DEFAULT_DATABASE = 'data/bhr.sqlite';

/** The database named by `--db`, else BHR_DATABASE, else the default SQLite file. */
export function databaseLocation(option?: string): string {
  return option ?? settings().database ?? DEFAULT_DATABASE;
}

/** A `postgres://` URL opens PostgreSQL; anything else is a SQLite file path. Migrated to the latest version. */
export async function openConnection(location: string): Promise<StoreConnection> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    const { openPostgres } = await import('./postgres/open.ts');
    return openPostgres(location);
  }
  return openSqlite(location);
}

/**
 * The stores of one database, each part built once here and given what it shares with the others: the
 * connection, the change token, the row writer.
 */
export function assembleStores(connection: StoreConnection): Stores {
  const { db, backend } = connection;
  const changes = new DataChanges(connection);
  const companies = new KyselyCompanyStore(db, changes);
  return {
    backend,
    records: new KyselyRecordsStore(connection, changes),
    revisions: new KyselyRevisionStore(db),
    companies,
    search: new SearchService(kyselySearchPort(connection, changes, companies)),
    accounts: new KyselyAccountStore(db, backend),
    // Published responses show on record pages: a change to a request is a change to the data.
    responses: new KyselyResponseStore(db, backend, () => changes.announce()),
    triage: new KyselyTriageStore(db),
    sideRows: new KyselySideRowStore(db, changes),
    changeFeed: new KyselyChangeFeedStore(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => connection.close(),
  };
}

/** Opens the database at `location` (see openConnection) and builds its stores. */
export async function openStores(location: string): Promise<Stores> {
  return assembleStores(await openConnection(location));
}
