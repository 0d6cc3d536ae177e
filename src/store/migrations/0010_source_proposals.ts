import type { Kysely } from 'kysely';

/**
 * Sources proposed for a record from the triage queue: an article whose status is 'proposed' waits for an
 * editor to add it to its record (the `existing_record_id`), and says who proposed it and when. Portable DDL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('triage_articles').addColumn('proposed_by', 'text').execute();
  await db.schema.alterTable('triage_articles').addColumn('proposed_at', 'text').execute();
  await db.schema
    .createIndex('triage_articles_proposed')
    .on('triage_articles')
    .columns(['existing_record_id', 'status'])
    .execute();
}
