import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { FieldChange } from '../domain/record-diff.ts';
import type { StoredRecord } from '../domain/record.ts';
import type { Database, RecordRevisionsTable } from './schema.ts';

/** The stored history of records: one revision per change, with its field-level diff and a snapshot. */

export const REVISION_ACTIONS = ['create', 'edit', 'transition', 'restore', 'merge'] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/** Who made a change: a user, or the operator at the command line (no user id). */
export interface Author {
  userId: string | null;
  name: string;
}

export interface Revision {
  recordId: string;
  version: number;
  at: string;
  author: Author;
  action: RevisionAction;
  reason?: string;
  changes: FieldChange[];
}

export interface RevisionWithSnapshot extends Revision {
  snapshot: StoredRecord;
}

export interface ActivityEntry extends Revision {
  title: string;
  status: string;
}

export function toRevision(row: Selectable<RecordRevisionsTable>): Revision {
  return {
    recordId: row.record_id,
    version: row.version,
    at: row.at,
    author: { userId: row.user_id, name: row.author },
    action: z.enum(REVISION_ACTIONS).parse(row.action),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    changes: JSON.parse(row.changes) as FieldChange[],
  };
}

export async function insertRevision(
  db: Kysely<Database>,
  revision: Revision & { snapshot: StoredRecord },
): Promise<void> {
  await db
    .insertInto('record_revisions')
    .values({
      record_id: revision.recordId,
      version: revision.version,
      at: revision.at,
      user_id: revision.author.userId,
      author: revision.author.name,
      action: revision.action,
      reason: revision.reason ?? null,
      changes: JSON.stringify(revision.changes),
      snapshot: JSON.stringify(revision.snapshot),
    })
    .execute();
}

/** A record's revisions, newest first. */
export async function listRevisions(db: Kysely<Database>, recordId: string): Promise<Revision[]> {
  const rows = await db
    .selectFrom('record_revisions')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toRevision);
}

export async function getRevision(
  db: Kysely<Database>,
  recordId: string,
  version: number,
): Promise<RevisionWithSnapshot | undefined> {
  const row = await db
    .selectFrom('record_revisions')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? { ...toRevision(row), snapshot: JSON.parse(row.snapshot) as StoredRecord } : undefined;
}

/** The latest changes across all records, newest first, with each record's current title and status. */
export async function recentRevisions(
  db: Kysely<Database>,
  options: { limit: number; before?: string },
): Promise<ActivityEntry[]> {
  let query = db
    .selectFrom('record_revisions')
    .innerJoin('records', 'records.id', 'record_revisions.record_id')
    .selectAll('record_revisions')
    .select(['records.title', 'records.status'])
    .orderBy('record_revisions.at', 'desc')
    .orderBy('record_revisions.record_id', 'desc')
    .limit(options.limit);
  if (options.before) query = query.where('record_revisions.at', '<', options.before);
  const rows = await query.execute();
  return rows.map((row) => ({ ...toRevision(row), title: row.title, status: row.status }));
}
