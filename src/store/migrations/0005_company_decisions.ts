import type { Kysely } from 'kysely';

/** Editors' decisions on pairs of companies: merged as the same, or marked as not the same. Portable DDL. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('company_decisions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    // The pair, in id order for "not the same"; for a merge, the company merged away and the one kept.
    .addColumn('company_a', 'text', (column) => column.notNull())
    .addColumn('company_b', 'text', (column) => column.notNull())
    .addColumn('name_a', 'text', (column) => column.notNull())
    .addColumn('name_b', 'text', (column) => column.notNull())
    // 'merged', 'not_same' or 'split'
    .addColumn('decision', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text')
    .addColumn('author', 'text', (column) => column.notNull())
    .addColumn('at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('company_decisions_a').on('company_decisions').column('company_a').execute();
  await db.schema.createIndex('company_decisions_b').on('company_decisions').column('company_b').execute();
}
