import type { Migration, MigrationProvider } from 'kysely';
import * as records from './0001_records.ts';

/** Every migration, in order; names sort by their number. */
const migrations: Record<string, Migration> = {
  '0001_records': records,
};

/** The shared migrations and an adapter's own, which must not reuse their names. */
export function migrationProvider(adapterMigrations: Record<string, Migration> = {}): MigrationProvider {
  return { getMigrations: async () => ({ ...migrations, ...adapterMigrations }) };
}
