import type { Kysely } from 'kysely';

/** Company identities: country, identifiers, website, parent, and their other names. Portable DDL. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('companies').addColumn('country', 'text').execute();
  await db.schema.alterTable('companies').addColumn('website', 'text').execute();
  // JSON: {"lei": ..., "wikidata": ..., "registration": ...}
  await db.schema.alterTable('companies').addColumn('identifiers', 'text').execute();
  await db.schema.alterTable('companies').addColumn('parent_id', 'text').execute();
  // 1 for a company imported as an identity (public facts); 0 for one created because a record names it,
  // which stays out of public screening until a published record names it.
  await db.schema
    .alterTable('companies')
    .addColumn('imported', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('companies_parent').on('companies').column('parent_id').execute();
  await db.schema
    .createTable('company_names')
    .addColumn('company_id', 'text', (column) =>
      column.notNull().references('companies.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (column) => column.notNull())
    // 'alias' or 'previous'
    .addColumn('kind', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('company_names_pk', ['company_id', 'name'])
    .execute();
}
