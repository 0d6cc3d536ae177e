import type { Kysely, Transaction } from 'kysely';
import {
  decodeFeedCursor,
  encodeFeedCursor,
  type ChangeItem,
  type ChangeKind,
  type ChangePage,
} from '../domain/change-feed.ts';
import { InputError } from '../domain/errors.ts';
import { PUBLIC_STATUSES, type RecordStatus } from '../domain/record.ts';
import { hydrate } from './record-reads.ts';
import type { Database } from './schema.ts';
import type { ChangeFeedStore } from './store.ts';

/**
 * The change feed of published content: every write that makes a record enter, change in or leave the
 * published set appends an entry in the same transaction, so a write that fails leaves none.
 *
 * Order. An entry's number (`seq`) must follow the order in which transactions commit, or a reader could
 * return entry 12, hand out a cursor past it, and never see entry 11 committed a moment later by another
 * process. A sequence alone would not do: its numbers are drawn in one order and committed in another. So
 * the numbers come from the one head row, which an append updates (`last_seq + n`) at the very end of its
 * transaction, just before inserting its entries and committing. On PostgreSQL the update holds the row's
 * lock until the transaction ends, so the next appender, in this process or another, gets its numbers only
 * after this transaction has committed (its entries visible) or rolled back (its numbers given again, no
 * gap). Entries therefore become visible in number order, and a reader that has seen entry n has seen every
 * entry below it. SQLite has one writer at a time, which gives the same order.
 *
 * Appending last means a transaction holding the head row waits for no other row's lock (the entries' table
 * has no foreign key), so the head row adds no deadlock. Only writes that touch published content take it.
 */

const isPublished = (status: string | undefined) =>
  status !== undefined && PUBLIC_STATUSES.includes(status as RecordStatus);

/**
 * The records a transaction moved in or out of the published set or changed in it, collected while it
 * writes and appended by `append` at its end: one entry per record, for what the transaction did to it as a
 * whole (published then retracted within one transaction: nothing a reader could have seen, no entry).
 */
export class PendingChanges {
  private readonly records = new Map<
    string,
    { wasPublic: boolean; isPublic: boolean; mergedInto: string | null }
  >();

  /** A record written with `before` status (undefined: new) and `after` status. */
  written(id: string, before: string | undefined, after: string, mergedInto: string | null): void {
    const known = this.records.get(id);
    this.records.set(id, {
      wasPublic: known?.wasPublic ?? isPublished(before),
      isPublic: isPublished(after),
      mergedInto,
    });
  }

  /** Published records whose public form changed without a write of the record (a company merged). */
  changed(ids: readonly string[]): void {
    for (const id of ids)
      if (!this.records.has(id)) this.records.set(id, { wasPublic: true, isPublic: true, mergedInto: null });
  }

  /** Appends the entries inside `trx`, as the last work of the transaction (see the order above). */
  async append(trx: Transaction<Database>): Promise<void> {
    const entries: { record_id: string; kind: ChangeKind; merged_into: string | null }[] = [];
    for (const [id, record] of this.records) {
      const kind = kindOf(record.wasPublic, record.isPublic);
      if (kind)
        entries.push({ record_id: id, kind, merged_into: kind === 'withdrawn' ? record.mergedInto : null });
    }
    this.records.clear();
    if (entries.length === 0) return;
    const head = await trx
      .updateTable('change_feed_head')
      .set((eb) => ({ last_seq: eb('last_seq', '+', entries.length) }))
      .where('id', '=', 1)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const first = Number(head.last_seq) - entries.length + 1;
    const at = new Date().toISOString();
    for (let start = 0; start < entries.length; start += 5000) {
      await trx
        .insertInto('change_feed')
        .values(
          entries
            .slice(start, start + 5000)
            .map((entry, index) => ({ seq: first + start + index, at, ...entry })),
        )
        .execute();
    }
  }
}

function kindOf(wasPublic: boolean, nowPublic: boolean): ChangeKind | undefined {
  if (wasPublic) return nowPublic ? 'changed' : 'withdrawn';
  return nowPublic ? 'added' : undefined;
}

/** Reads the feed: pages of changes after a cursor, each added or changed record as the public API gives it. */
export class KyselyChangeFeedStore implements ChangeFeedStore {
  constructor(private readonly db: Kysely<Database>) {}

  async readChanges(query: { since?: string; limit: number }): Promise<ChangePage> {
    const head = await this.db
      .selectFrom('change_feed_head')
      .select(['log_id', 'last_seq'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const after =
      query.since === undefined ? 0 : this.positionOf(query.since, head.log_id, Number(head.last_seq));
    const rows = await this.db
      .selectFrom('change_feed')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const cursor = (seq: number) => encodeFeedCursor({ log: head.log_id, seq });
    // Records as they are published now. A record added or changed and since withdrawn is left out here: its
    // withdrawal is a later entry (it committed after the entries read above, or is among them).
    const shown = await this.publishedRecords(
      page.filter((row) => row.kind !== 'withdrawn').map((row) => row.record_id),
    );
    // A merge target is named only while it is itself published: the feed names no unpublished record.
    const targets = await this.publishedIds(
      page.flatMap((row) => (row.kind === 'withdrawn' && row.merged_into ? [row.merged_into] : [])),
    );
    const changes: ChangeItem[] = [];
    for (const row of page) {
      const base = {
        cursor: cursor(Number(row.seq)),
        kind: row.kind as ChangeKind,
        id: row.record_id,
        at: row.at,
      };
      if (row.kind === 'withdrawn') {
        changes.push({
          ...base,
          ...(row.merged_into && targets.has(row.merged_into) ? { mergedInto: row.merged_into } : {}),
        });
        continue;
      }
      const record = shown.get(row.record_id);
      if (record) changes.push({ ...base, record });
    }
    const last = page.at(-1);
    return { changes, next: cursor(last ? Number(last.seq) : after), more: rows.length > query.limit };
  }

  /**
   * The number a cursor of this feed stands for. Refused when it is none of ours, or when it belongs to
   * another feed: another database (a copy, a restore), or this one restored from a backup older than the
   * cursor (its number is past the last entry), where the numbers after the backup are given anew.
   */
  private positionOf(since: string, logId: string, lastSeq: number): number {
    const position = decodeFeedCursor(since);
    if (!position) {
      throw new InputError('invalid_cursor', [
        {
          code: 'invalid_cursor',
          path: '/since',
          message:
            'unknown cursor: pass the `next` or a `cursor` value of an earlier answer, or leave `since` out to start from the beginning',
        },
      ]);
    }
    if (position.log !== logId || position.seq > lastSeq) {
      throw new InputError('stale_cursor', [
        {
          code: 'stale_cursor',
          path: '/since',
          message:
            'this cursor is of another copy of the database (restored or copied since it was given): rebuild the mirror from the start, without `since`',
        },
      ]);
    }
    return position.seq;
  }

  private async publishedRecords(ids: readonly string[]) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('records')
      .selectAll()
      .where('id', 'in', unique)
      .where('status', 'in', [...PUBLIC_STATUSES])
      .execute();
    return new Map((await hydrate(this.db, rows)).map((record) => [record.id, record]));
  }

  private async publishedIds(ids: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('records')
      .select('id')
      .where('id', 'in', unique)
      .where('status', 'in', [...PUBLIC_STATUSES])
      .execute();
    return new Set(rows.map((row) => row.id));
  }
}
