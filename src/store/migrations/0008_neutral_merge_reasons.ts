import type { Kysely } from 'kysely';

/**
 * Merges used to retract the duplicate with the reason `duplicate of "<title of the other record>"`, a public
 * text that could name a record never published. They now give a neutral reason; this gives it to the
 * duplicates merged before. Portable SQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const records = db as Kysely<{
    records: { merged_into: string | null; retraction_reason: string | null };
  }>;
  await records
    .updateTable('records')
    .set({ retraction_reason: 'merged into another record as a duplicate' })
    .where('merged_into', 'is not', null)
    .where('retraction_reason', 'like', 'duplicate of "%')
    .execute();
}
