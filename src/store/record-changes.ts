import type { Transaction } from 'kysely';
import { InputError, VersionConflict } from '../domain/errors.ts';
import { recordSlug } from '../domain/identity.ts';
import type { StoredRecord } from '../domain/record.ts';
import type { PendingChanges } from './change-feed.ts';
import { diffRecords } from '../domain/record-diff.ts';
import { insertRevision } from './record-history.ts';
import { hydrate } from './record-reads.ts';
import { writeBatch, type WriteContext } from './record-writes.ts';
import type { Database } from './schema.ts';
import type { RecordChange, UpsertSummary } from './store.ts';

/**
 * The write path of people's changes: each change is checked against the stored record (version, slug),
 * written, and kept in the record's history. The caller runs all of one call's changes in one transaction.
 */

/**
 * Writes the changes in order inside `trx`; a change sees the ones before it. With `indexed`, the issues of
 * an error raised for the i-th change point into the list (`/2/title`), as the input of a batch is read.
 * What they do to the published set is noted in `feed`, for the caller to append before it commits.
 */
export async function writeChanges(
  context: WriteContext,
  trx: Transaction<Database>,
  changes: readonly RecordChange[],
  options: { indexed: boolean },
  feed: PendingChanges,
): Promise<StoredRecord[]> {
  const saved: StoredRecord[] = [];
  // Records created by earlier changes of this call, by id: a later one taking their slug says so.
  const createdHere = new Map<string, number>();
  for (const [index, change] of changes.entries()) {
    try {
      const { record, created } = await writeChange(context, trx, change, createdHere, feed);
      if (created) createdHere.set(record.id, index);
      saved.push(record);
    } catch (error) {
      if (options.indexed && error instanceof InputError) {
        throw new InputError(
          error.code,
          error.issues.map((issue) => ({ ...issue, path: `/${index}${issue.path ?? ''}` })),
        );
      }
      throw error;
    }
  }
  return saved;
}

async function writeChange(
  context: WriteContext,
  trx: Transaction<Database>,
  change: RecordChange,
  createdHere: ReadonlyMap<string, number>,
  feed: PendingChanges,
): Promise<{ record: StoredRecord; created: boolean }> {
  const { record } = change;
  const before = record.id === undefined ? undefined : await lockedRecord(trx, record.id);
  if (change.expectedVersion !== undefined) {
    if (!before) {
      throw new InputError('unknown_record', [
        { code: 'unknown_record', path: '/id', message: `no record has the id ${record.id ?? ''}` },
      ]);
    }
    if (before.version !== change.expectedVersion) {
      throw new VersionConflict(before.id, change.expectedVersion, before.version);
    }
  }
  const slug = before?.slug ?? recordSlug(record);
  if (!before) {
    const holder = await trx.selectFrom('records').select('id').where('slug', '=', slug).executeTakeFirst();
    if (holder) {
      const earlier = createdHere.get(holder.id);
      throw new InputError('slug_conflict', [
        {
          code: 'slug_conflict',
          path: '/title',
          message:
            earlier !== undefined
              ? `record ${earlier} of this batch has the same title and date reported: change the title of one`
              : `record ${holder.id} already has this title and date reported: edit that record, or change the title`,
        },
      ]);
    }
  }
  const { version: _version, createdAt: _created, updatedAt: _updated, ...content } = record;
  const summary: UpsertSummary = { added: 0, updated: 0, ids: [] };
  await writeBatch(
    context,
    trx,
    [{ ...content, slug, status: record.status ?? before?.status ?? 'draft' }],
    0,
    {},
    new Map(),
    summary,
    feed,
  );
  const row = await trx
    .selectFrom('records')
    .selectAll()
    .where('id', '=', summary.ids[0]!)
    .executeTakeFirstOrThrow();
  const after = (await hydrate(trx, [row], { confidential: true }))[0]!;
  await insertRevision(trx, {
    recordId: after.id,
    version: after.version,
    at: after.updatedAt,
    author: change.author,
    action: change.action,
    ...(change.reason ? { reason: change.reason } : {}),
    changes: diffRecords(before, after),
    snapshot: after,
  });
  return { record: after, created: before === undefined };
}

/** The stored record with this id, read after taking its lock; undefined when there is none. */
async function lockedRecord(trx: Transaction<Database>, id: string): Promise<StoredRecord | undefined> {
  // Takes the write lock (SQLite) or the row's lock (PostgreSQL) before reading, so that two saves of one
  // record run one after the other and the second sees the first's version.
  const lock = () =>
    trx
      .updateTable('records')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('id', '=', id)
      .executeTakeFirst();
  let locked = await lock();
  // On PostgreSQL a save that waited for the lock finds the row it waited on replaced by the other save (a
  // write replaces the record's rows): lock the current row instead.
  if (Number(locked.numUpdatedRows) === 0) locked = await lock();
  if (Number(locked.numUpdatedRows) === 0) return undefined;
  const row = await trx.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await hydrate(trx, [row], { confidential: true }))[0];
}
