import diff from 'microdiff';
import { toJsonPointer } from './errors.ts';
import type { RecordInput } from './record.ts';

/** One field that a change set, altered or removed, at a JSON pointer into the record. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** Bookkeeping fields that change with every write and say nothing about the content. */
const BOOKKEEPING = new Set(['version', 'createdAt', 'updatedAt']);

function content(record: RecordInput | undefined): Record<string, unknown> {
  if (!record) return {};
  return Object.fromEntries(Object.entries(record).filter(([key]) => !BOOKKEEPING.has(key)));
}

/** The field-level differences between two versions of a record (none before the first version). */
export function diffRecords(before: RecordInput | undefined, after: RecordInput): FieldChange[] {
  return diff(content(before), content(after)).map((entry) => {
    const path = toJsonPointer(entry.path);
    if (entry.type === 'CREATE') return { path, after: entry.value };
    if (entry.type === 'REMOVE') return { path, before: entry.oldValue };
    return { path, before: entry.oldValue, after: entry.value };
  });
}
