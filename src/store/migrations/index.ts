import { readdir } from 'node:fs/promises';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../schema.ts';
/** A migration file of this folder: `NNNN_what.ts`. */
const MIGRATION_FILE = /^(\d{4}_[a-z0-9_]+)\.ts$/;

/**
 * The shared migrations: the files of this folder named `NNNN_what.ts`, each exporting `up` (a new migration
 * is a new file, with nothing to register). Numbers 0002 and 0009 are the backends' own search indexes
 * (store/sqlite/migrations.ts, store/postgres/migrations.ts).
 */
async function sharedMigrations(): Promise<Record<string, Migration>> {
  const migrations: Record<string, Migration> = {};
  for (const file of (await readdir(new URL('.', import.meta.url))).sort()) {
    const name = MIGRATION_FILE.exec(file)?.[1];
    if (!name) continue;
    const migration: unknown = await import(new URL(file, import.meta.url).href);
    if (!isMigration(migration)) throw new Error(`migration ${file} exports no up()`);
    migrations[name] = migration;
  }
  return migrations;
}

function isMigration(value: unknown): value is Migration {
  return typeof value === 'object' && value !== null && 'up' in value && typeof value.up === 'function';
}

/** The shared migrations and an adapter's own, which must not reuse their names. */
export function migrationProvider(adapterMigrations: Record<string, Migration> = {}): MigrationProvider {
  return {
    getMigrations: async () => ({ ...(await sharedMigrations()), ...adapterMigrations }),
  };
}

/** Migrates a database to the latest version: the shared migrations and the backend's own (its search index). */
export async function migrate(
  db: Kysely<Database>,
  adapterMigrations: Record<string, Migration> = {},
): Promise<void> {
  // Adapters bring migrations of their own (0002_...), which an older database may run after the shared ones.
  const migrator = new Migrator({
    db,
    provider: migrationProvider(adapterMigrations),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
