import { sql, type Kysely } from 'kysely';
import { ulid } from 'ulid';

/**
 * The change feed of published content (store/change-feed.ts): one row per change, numbered, and a head row
 * holding the log's id and the last number given. Every record published when this runs is entered as
 * `added`, in id order, so that a mirror reading the feed from the start gets the whole published set.
 * Portable DDL and SQL (window functions: SQLite 3.25+, PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_feed')
    .addColumn('seq', 'bigint', (column) => column.primaryKey())
    .addColumn('record_id', 'text', (column) => column.notNull())
    // 'added', 'changed' or 'withdrawn'.
    .addColumn('kind', 'text', (column) => column.notNull())
    // For a record withdrawn by a merge: the record it was merged into.
    .addColumn('merged_into', 'text')
    .addColumn('at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('change_feed_head')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    // A new id for every database the feed starts in: a cursor of another database (a restore, a copy) is
    // refused instead of being read as a position here.
    .addColumn('log_id', 'text', (column) => column.notNull())
    .addColumn('last_seq', 'bigint', (column) => column.notNull())
    .execute();
  await sql`INSERT INTO change_feed (seq, record_id, kind, merged_into, at)
    SELECT row_number() OVER (ORDER BY id), id, 'added', NULL, updated_at
    FROM records WHERE status = 'published'`.execute(db);
  await sql`INSERT INTO change_feed_head (id, log_id, last_seq)
    SELECT 1, ${ulid()}, coalesce(max(seq), 0) FROM change_feed`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('change_feed_head').execute();
  await db.schema.dropTable('change_feed').execute();
}
