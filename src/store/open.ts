import { openSqliteStore } from './sqlite.ts';
import type { RecordStore } from './store.ts';
import { settings } from '../settings.ts';

export const DEFAULT_DATABASE = 'data/bhr.sqlite';

/** The database named by `--db`, else BHR_DATABASE, else the default SQLite file. */
export function databaseLocation(option?: string): string {
  return option ?? settings().database ?? DEFAULT_DATABASE;
}

/** A `postgres://` URL opens PostgreSQL; anything else is a SQLite file path. */
export async function openStore(location: string): Promise<RecordStore> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    const { openPostgresStore } = await import('./postgres.ts');
    return openPostgresStore(location);
  }
  return openSqliteStore(location);
}
