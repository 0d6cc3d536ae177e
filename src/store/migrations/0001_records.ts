import type { Kysely } from 'kysely';

/** Records with their companies, affected groups, issues and sources. Portable DDL (SQLite and PostgreSQL). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('records')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('slug', 'text', (column) => column.notNull().unique())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('summary', 'text')
    .addColumn('date_reported', 'text', (column) => column.notNull())
    .addColumn('location_country', 'text', (column) => column.notNull())
    .addColumn('location_city', 'text')
    .addColumn('affected_total', 'integer')
    .addColumn('response_sought', 'integer', (column) => column.notNull())
    .addColumn('source_type', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('records_date_reported').on('records').column('date_reported').execute();
  await db.schema.createIndex('records_location_country').on('records').column('location_country').execute();
  await db.schema.createIndex('records_status').on('records').column('status').execute();

  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  const child = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('record_id', 'text', (column) =>
        column.notNull().references('records.id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (column) => column.notNull());

  await child('record_companies')
    .addColumn('company_id', 'text', (column) => column.notNull().references('companies.id'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('role', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('record_companies_pk', ['record_id', 'position'])
    .execute();
  await db.schema
    .createIndex('record_companies_company')
    .on('record_companies')
    .column('company_id')
    .execute();

  await child('affected_groups')
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('count', 'integer')
    .addColumn('origin', 'text')
    .addColumn('sector', 'text')
    .addColumn('subsector', 'text')
    .addColumn('gender', 'text')
    .addColumn('migration_status', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('affected_groups_pk', ['record_id', 'position'])
    .execute();
  await db.schema.createIndex('affected_groups_origin').on('affected_groups').column('origin').execute();

  await child('record_issues')
    .addColumn('issue', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('record_issues_pk', ['record_id', 'position'])
    .execute();
  await db.schema.createIndex('record_issues_issue').on('record_issues').column('issue').execute();

  await child('sources')
    .addColumn('companies', 'text', (column) => column.notNull())
    .addColumn('headline', 'text', (column) => column.notNull())
    .addColumn('publisher', 'text')
    .addColumn('url', 'text')
    .addColumn('published', 'text')
    .addColumn('excerpt', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sources_pk', ['record_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sources',
    'record_issues',
    'affected_groups',
    'record_companies',
    'companies',
    'records',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
