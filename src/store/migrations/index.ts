import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from '../schema.ts';
import * as records from './0001_records.ts';
import * as editorial from './0003_editorial.ts';
import * as companies from './0004_companies.ts';
import * as companyDecisions from './0005_company_decisions.ts';
import * as responses from './0006_responses.ts';
import * as triage from './0007_triage.ts';
import * as neutralMergeReasons from './0008_neutral_merge_reasons.ts';
import * as sourceProposals from './0010_source_proposals.ts';

/** Every migration, in order; names sort by their number. */
const migrations: Record<string, Migration> = {
  '0001_records': records,
  // 0002 is the adapters' own search index.
  '0003_editorial': editorial,
  '0004_companies': companies,
  '0005_company_decisions': companyDecisions,
  '0006_responses': responses,
  '0007_triage': triage,
  '0008_neutral_merge_reasons': neutralMergeReasons,
  // 0009 is the adapters' language-aware search index.
  '0010_source_proposals': sourceProposals,
};

/** The shared migrations and an adapter's own, which must not reuse their names. */
export function migrationProvider(adapterMigrations: Record<string, Migration> = {}): MigrationProvider {
  return { getMigrations: async () => ({ ...migrations, ...adapterMigrations }) };
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
