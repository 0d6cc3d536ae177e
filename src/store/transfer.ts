import { z } from 'zod';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { InputError } from '../domain/errors.ts';
import { RecordInput, type StoredRecord } from '../domain/record.ts';
import { SIDE_TABLES, type SideRow } from './side-tables.ts';
import type { Stores } from './store.ts';

/** What a copy, a dump or a restore reads or writes: the records and the rows beside them. */
type Transferred = Pick<Stores, 'records' | 'sideRows'>;

/** A dump line of a side table: `{"table": "users", "row": {...}}`. */
const SideLine = z.object({ table: z.enum(SIDE_TABLES), row: z.record(z.string(), z.unknown()) }).strict();

/** Records per batch when moving a whole database. */
const BATCH = 5000;
const DUMP_FORMAT = 'bhr-dump';

async function* batches(records: AsyncIterable<RecordInput>): AsyncGenerator<RecordInput[]> {
  let batch: RecordInput[] = [];
  for await (const record of records) {
    batch.push(record);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function requireEmpty(target: Pick<Stores, 'records'>, what: string): Promise<void> {
  const count = await target.records.countRecords();
  if (count > 0)
    throw new Error(`${what}: the target database already holds ${count} records; use an empty one`);
}

/**
 * Copies every record, whatever its status, with its ids, slugs, timestamps, versions, confidential fields
 * and company ids, into an empty store, in one transaction: a failure part-way leaves the target empty.
 */
export async function copyDatabase(
  source: Transferred,
  target: Transferred,
  onProgress?: (written: number) => void,
): Promise<number> {
  await requireEmpty(target, 'copy');
  const summary = await target.records.upsertBatches(
    batches(source.records.streamRecords({ pageSize: BATCH, confidential: true })),
    {
      keepTimestamps: true,
      ...(onProgress ? { onProgress } : {}),
    },
  );
  // Then the accounts, API tokens and history, in a transaction of their own.
  await target.sideRows.insertSideRows(await collect(source.sideRows.streamSideRows()));
  return summary.added;
}

/** Writes a portable dump: a header line, then every record as one JSON line. */
export async function dumpDatabase(source: Transferred, file: string): Promise<number> {
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const records = await source.records.countRecords();
  await write(
    JSON.stringify({ format: DUMP_FORMAT, version: 1, records, createdAt: new Date().toISOString() }) + '\n',
  );
  let written = 0;
  for await (const record of source.records.streamRecords({ pageSize: BATCH, confidential: true })) {
    await write(JSON.stringify(record satisfies StoredRecord) + '\n');
    written++;
  }
  // After the records: accounts, API tokens and history, one row per line, marked with their table.
  for await (const side of source.sideRows.streamSideRows()) await write(JSON.stringify(side) + '\n');
  out.end();
  await once(out, 'finish');
  return written;
}

/** Reads a dump into an empty store, in one transaction; a bad line rejects the whole restore. */
export async function restoreDatabase(target: Transferred, file: string): Promise<number> {
  await requireEmpty(target, 'restore');
  interface DumpHeader {
    format?: string;
    records?: number;
  }
  let header: DumpHeader | undefined;
  const sideRows: SideRow[] = [];
  let lineNumber = 0;
  let yielded = 0;
  async function* records(): AsyncGenerator<RecordInput> {
    // Opened only when the transaction asks for the first record: lines read before iteration would be lost.
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNumber++;
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new InputError('invalid_dump', [
          { code: 'invalid_dump', file, line: lineNumber, message: 'expected one JSON record per line' },
        ]);
      }
      if (!header) {
        const candidate = (value ?? {}) as DumpHeader;
        header = candidate;
        if (candidate.format !== DUMP_FORMAT) {
          throw new InputError('invalid_dump', [
            {
              code: 'invalid_dump',
              file,
              line: 1,
              message: `not a dump written by \`bhr db backup\` (expected "format": "${DUMP_FORMAT}")`,
            },
          ]);
        }
        continue;
      }
      const side = SideLine.safeParse(value);
      if (side.success) {
        sideRows.push(side.data);
        continue;
      }
      const result = RecordInput.safeParse(value);
      if (!result.success) {
        throw new InputError('invalid_dump', [
          {
            code: 'invalid_dump',
            file,
            line: lineNumber,
            message: result.error.issues.map((issue) => issue.message).join('; '),
          },
        ]);
      }
      yielded++;
      yield result.data;
    }
    // A cut dump fails before the transaction commits.
    if (!header || (header.records !== undefined && yielded !== header.records)) {
      throw new InputError('invalid_dump', [
        {
          code: 'invalid_dump',
          file,
          line: lineNumber,
          message: `the dump announces ${header?.records ?? 'a header and'} records but holds ${yielded}`,
        },
      ]);
    }
  }
  const summary = await target.records.upsertBatches(batches(records()), { keepTimestamps: true });
  await target.sideRows.insertSideRows(sideRows);
  return summary.added;
}
