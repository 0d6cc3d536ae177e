import type { Kysely } from 'kysely';

/**
 * The triage queue: articles uploaded for triage, with what the extractor said of them (relevance, incident,
 * the record it may already be) and what a researcher did with each. Portable DDL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('triage_articles')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('batch_id', 'text', (column) => column.notNull())
    .addColumn('file_name', 'text', (column) => column.notNull())
    .addColumn('line', 'integer', (column) => column.notNull())
    .addColumn('url', 'text')
    .addColumn('headline', 'text')
    .addColumn('published', 'text')
    .addColumn('publisher', 'text')
    .addColumn('body', 'text', (column) => column.notNull())
    // Thousandths: 0 (surely not an allegation) to 1000.
    .addColumn('relevance', 'integer', (column) => column.notNull())
    // Articles of one incident of a batch share a number; 0 for those set aside as not allegations.
    .addColumn('incident', 'integer', (column) => column.notNull())
    // JSON: the country, companies and issues the extractor found, for the queue's list.
    .addColumn('summary', 'text', (column) => column.notNull())
    .addColumn('existing_record_id', 'text')
    .addColumn('existing_title', 'text')
    // 'open', 'dismissed', 'drafted' (a draft record was made of it) or 'added' (a source of a record).
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text')
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('triage_articles_status')
    .on('triage_articles')
    .columns(['status', 'batch_id'])
    .execute();
}
