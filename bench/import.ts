import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import type { RecordInput } from '../src/domain/record.ts';
import { recordSlug } from '../src/domain/identity.ts';
import { parseRecords } from '../src/formats/formats.ts';
import { readTextFile } from '../src/formats/input.ts';
import { readRecordBatches } from '../src/formats/read-records.ts';
import { renderRecords } from '../src/formats/text/render.ts';
import { searchableText, toRows } from '../src/store/record-rows.ts';
import { indexExtras } from '../src/search/terms.ts';
import { openStores } from '../src/store/open.ts';

export interface ImportFigures {
  records: number;
  bytes: number;
  parseSeconds: number;
  insertSeconds: number;
  totalSeconds: number;
  plainInsertSeconds: number;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** Writes `count` synthetic records as one text-form file and returns its path. */
export function textFormFile(dir: string, count: number): { file: string; bytes: number } {
  const records = [...syntheticRecords({ count, seed: 42 })];
  const text = renderRecords(records);
  const file = join(dir, 'records.txt');
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text) };
}

/** The same rows as the store writes, inserted with plain prepared statements in one transaction. */
function plainInsert(path: string, records: RecordInput[]): number {
  const database = new Sqlite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.exec(`
    CREATE TABLE records (id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL, summary TEXT, date_reported TEXT NOT NULL, location_country TEXT NOT NULL, location_city TEXT, affected_total INTEGER, response_sought INTEGER NOT NULL, source_type TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE companies (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
    CREATE TABLE record_companies (record_id TEXT NOT NULL, position INTEGER NOT NULL, company_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (record_id, position));
    CREATE TABLE affected_groups (record_id TEXT NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL, count INTEGER, origin TEXT, sector TEXT, subsector TEXT, gender TEXT, migration_status TEXT NOT NULL, PRIMARY KEY (record_id, position));
    CREATE TABLE record_issues (record_id TEXT NOT NULL, position INTEGER NOT NULL, issue TEXT NOT NULL, PRIMARY KEY (record_id, position));
    CREATE TABLE sources (record_id TEXT NOT NULL, position INTEGER NOT NULL, companies TEXT NOT NULL, headline TEXT NOT NULL, publisher TEXT, url TEXT, published TEXT, excerpt TEXT NOT NULL, PRIMARY KEY (record_id, position));
    CREATE INDEX records_date_reported ON records(date_reported); CREATE INDEX records_location_country ON records(location_country);
    CREATE INDEX records_status ON records(status); CREATE INDEX record_companies_company ON record_companies(company_id);
    CREATE INDEX affected_groups_origin ON affected_groups(origin); CREATE INDEX record_issues_issue ON record_issues(issue);
    CREATE VIRTUAL TABLE record_search USING fts5(title, summary, companies, excerpts, extras,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
  `);
  const insert = (table: string, columns: string[]) =>
    database.prepare(
      `INSERT INTO ${table} (${columns.join(',')}) VALUES (${columns.map((c) => '@' + c).join(',')})`,
    );
  const statements = {
    records: insert('records', [
      'id',
      'slug',
      'title',
      'summary',
      'date_reported',
      'location_country',
      'location_city',
      'affected_total',
      'response_sought',
      'source_type',
      'status',
      'created_at',
      'updated_at',
    ]),
    companies: insert('companies', ['id', 'name', 'created_at']),
    links: insert('record_companies', ['record_id', 'position', 'company_id', 'name', 'role']),
    groups: insert('affected_groups', [
      'record_id',
      'position',
      'type',
      'count',
      'origin',
      'sector',
      'subsector',
      'gender',
      'migration_status',
    ]),
    issues: insert('record_issues', ['record_id', 'position', 'issue']),
    sources: insert('sources', [
      'record_id',
      'position',
      'companies',
      'headline',
      'publisher',
      'url',
      'published',
      'excerpt',
    ]),
    search: database.prepare(
      'INSERT INTO record_search (rowid, title, summary, companies, excerpts, extras) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
  const now = new Date().toISOString();
  const start = process.hrtime.bigint();
  database.transaction(() => {
    const companyIds = new Map<string, string>();
    // The store's import upserts by slug: records whose slugs collide (long synthetic titles cut at 80
    // characters) end as one, the last. The baseline writes the same final rows.
    const bySlug = new Map(records.map((record) => [recordSlug(record), record]));
    [...bySlug.values()].forEach((record, index) => {
      const id = `r${index}`;
      const rows = toRows(record, {
        id,
        slug: recordSlug(record),
        status: 'published',
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      const { lastInsertRowid } = statements.records.run(rows.record);
      for (const link of rows.companies) {
        let companyId = companyIds.get(link.name);
        if (!companyId) {
          companyId = `c${companyIds.size}`;
          companyIds.set(link.name, companyId);
          statements.companies.run({ id: companyId, name: link.name, created_at: now });
        }
        statements.links.run({ ...link, company_id: companyId });
      }
      for (const group of rows.groups) statements.groups.run(group);
      for (const issue of rows.issues) statements.issues.run(issue);
      for (const source of rows.sources) statements.sources.run(source);
      const text = searchableText(rows);
      const all = `${text.title} ${text.summary} ${text.companies} ${text.excerpts}`;
      statements.search.run(
        lastInsertRowid,
        text.title,
        text.summary,
        text.companies,
        text.excerpts,
        indexExtras(all),
      );
    });
  })();
  const elapsed = seconds(start);
  database.close();
  return elapsed;
}

/**
 * One run: the import as `bhr import` does it (read, parse and validate in a worker thread while the main
 * thread writes through the store, one transaction), then, for the split, the parse alone on this thread,
 * and the plain baseline insert of the same rows.
 */
export async function measureImport(file: string, bytes: number): Promise<ImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bhr-bench-'));
  try {
    const store = await openStores(join(dir, 'store.sqlite'));
    const start = process.hrtime.bigint();
    const summary = await store.records.upsertBatches(readRecordBatches(file));
    const totalSeconds = seconds(start);
    await store.close();

    const parseStart = process.hrtime.bigint();
    const records = parseRecords(await readTextFile(file), file);
    const parseSeconds = seconds(parseStart);

    const insertStore = await openStores(join(dir, 'insert-only.sqlite'));
    const insertStart = process.hrtime.bigint();
    await insertStore.records.upsertRecords(records);
    const insertSeconds = seconds(insertStart);
    await insertStore.close();

    const plainInsertSeconds = plainInsert(join(dir, 'plain.sqlite'), records);
    return { records: summary.added, bytes, parseSeconds, insertSeconds, totalSeconds, plainInsertSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
