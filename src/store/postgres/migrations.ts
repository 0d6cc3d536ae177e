import { sql, type Kysely, type Migration } from 'kysely';
import { searchableTextsAfter } from '../text-search.ts';
import { writeVectors } from './text-search.ts';

/**
 * PostgreSQL full-text search: a `tsvector` column on records with a GIN index, in the 'simple' configuration
 * (lower case, no stemming of its own), fed with the same extras as SQLite (keys, ASCII forms, CJK bigrams,
 * filed-under tokens) since migration 0009, so that both backends match the same records.
 * Also a numeric key (`seq`) for the facet index, and a change counter bumped by every write.
 */
export const postgresSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE records ADD COLUMN seq serial`.execute(db);
    await sql`CREATE UNIQUE INDEX records_seq ON records (seq)`.execute(db);
    await sql`ALTER TABLE records ADD COLUMN search_vector tsvector`.execute(db);
    await sql`CREATE INDEX records_search ON records USING gin (search_vector)`.execute(db);
    await sql`CREATE TABLE change_counter (id integer PRIMARY KEY, version bigint NOT NULL)`.execute(db);
    await sql`INSERT INTO change_counter VALUES (1, 0)`.execute(db);
    await sql`UPDATE records SET search_vector = to_tsvector('simple', title || ' ' || coalesce(summary, ''))`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE change_counter`.execute(db);
    await sql`ALTER TABLE records DROP COLUMN search_vector, DROP COLUMN seq`.execute(db);
  },
};

/** Every record a database holds gets the vector of language-aware search. */
export const postgresLanguageSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (let after = ''; ;) {
      const records = await searchableTextsAfter(db, after, 1000);
      if (records.length === 0) break;
      await writeVectors(db, records);
      after = records[records.length - 1]!.id;
    }
    await sql`UPDATE change_counter SET version = version + 1 WHERE id = 1`.execute(db);
  },
  async down() {
    // The vectors of 0002 hold less; a search over these still works.
  },
};

/** PostgreSQL's own migrations, beside the shared ones. */
export const postgresMigrations = {
  '0002_postgres_search': postgresSearchMigration,
  '0009_language_search': postgresLanguageSearchMigration,
};
