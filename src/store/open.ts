import { openSqliteStore } from './sqlite.ts';
import type { RecordStore } from './store.ts';

export const DEFAULT_DATABASE = 'data/bhr.sqlite';

/** The database named by `--db`, else BHR_DATABASE, else the default SQLite file. */
export function databaseLocation(option?: string): string {
  return option ?? process.env.BHR_DATABASE ?? DEFAULT_DATABASE;
}

export async function openStore(location: string): Promise<RecordStore> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    throw new Error('PostgreSQL is not supported yet: set BHR_DATABASE to a SQLite file path');
  }
  return openSqliteStore(location);
}
