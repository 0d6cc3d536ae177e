import type { Migration, MigrationProvider } from 'kysely';
import * as records from './0001_records.ts';

/** Every migration, in order; names sort by their number. */
const migrations: Record<string, Migration> = {
  '0001_records': records,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
