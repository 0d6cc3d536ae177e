import { z } from 'zod';
import { StoredRecord } from './record.ts';

/**
 * The change feed for mirrors: what entered, changed in or left the published set, in order, read from a
 * cursor. `GET /api/v1/changes` and `bhr export --since` give these shapes; docs/changes.md tells a mirror
 * how to apply them.
 */

export const CHANGE_KINDS = ['added', 'changed', 'withdrawn'] as const;
export const ChangeKind = z.enum(CHANGE_KINDS);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const ChangeItem = z.object({
  cursor: z.string().meta({ description: 'the position just after this change: resume from here' }),
  kind: ChangeKind.meta({
    description:
      '`added`: the record entered the published set; `changed`: a published record changed; `withdrawn`: it left (retracted, unpublished or merged)',
  }),
  id: z.string(),
  at: z.iso.datetime().meta({ description: 'when the change was written' }),
  mergedInto: z.string().optional().meta({
    description: 'for a record withdrawn by a merge: the published record it was merged into',
  }),
  // For `added` and `changed`: the record as it is published now.
  record: StoredRecord.optional(),
});
export type ChangeItem = z.infer<typeof ChangeItem>;

export const ChangePage = z.object({
  changes: z.array(ChangeItem),
  next: z.string().meta({ description: 'the cursor to pass as `since` for the changes after these' }),
  more: z.boolean().meta({ description: '`true` when changes after these were already there' }),
});
export type ChangePage = z.infer<typeof ChangePage>;

/** A position in one database's feed: the log's id and the number of the last change read (0: none). */
export interface FeedPosition {
  log: string;
  seq: number;
}

/** A cursor is the position, opaque to clients (who store it and pass it back). */
export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(JSON.stringify({ log: position.log, seq: position.seq })).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one of ours. */
export function decodeFeedCursor(cursor: string): FeedPosition | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { log, seq } = decoded as Record<string, unknown>;
    if (typeof log !== 'string' || log === '') return undefined;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
    return { log, seq };
  } catch {
    return undefined;
  }
}
