import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { InputError, type InputIssue } from '../domain/errors.ts';
import type { RecordInput } from '../domain/record.ts';
import { formatOfFile, parseRecords } from './formats.ts';
import { DEFAULT_MAX_BYTES, readTextFile } from './input.ts';

export interface WorkerRequest {
  module: string;
  file: string;
  maxBytes: number;
  batchSize: number;
}

export type WorkerMessage =
  | { kind: 'records'; records: RecordInput[]; progress: number }
  | { kind: 'done' }
  | { kind: 'invalid'; issues: InputIssue[] }
  | { kind: 'crashed'; message: string };

/** Text-form files larger than this are parsed in a worker thread while the main thread writes. */
const PARALLEL_FROM_BYTES = 4 * 1024 * 1024;
const BATCH_SIZE = 2000;

export interface ReadOptions {
  maxBytes?: number;
  /** Share of the file read so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** Force parsing in a worker (true) or on this thread (false); by default large text files use a worker. */
  parallel?: boolean;
}

/**
 * The records of one input file, in batches, validated. Throws InputError (naming file and line) when the file
 * is bad, or naming the file when the parser thread stopped; with a large text-form file that may happen after
 * earlier batches were yielded, so a caller that writes as it reads must do so in one transaction.
 */
export async function* readRecordBatches(
  file: string,
  options: ReadOptions = {},
): AsyncGenerator<RecordInput[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const format = formatOfFile(file);
  const size = await stat(file).then(
    (stats) => stats.size,
    () => 0,
  );
  const parallel = options.parallel ?? (format === 'text' && size >= PARALLEL_FROM_BYTES);
  if (!parallel || format !== 'text') {
    const records = parseRecords(await readTextFile(file, maxBytes), file, format);
    for (let start = 0; start < records.length; start += BATCH_SIZE) {
      yield records.slice(start, start + BATCH_SIZE);
    }
    options.onProgress?.(1);
    return;
  }
  yield* parseInWorker(file, maxBytes, options.onProgress);
}

async function* parseInWorker(
  file: string,
  maxBytes: number,
  onProgress?: (fraction: number) => void,
): AsyncGenerator<RecordInput[]> {
  const request: WorkerRequest = {
    module: new URL('./parse-worker.ts', import.meta.url).href,
    file,
    maxBytes,
    batchSize: BATCH_SIZE,
  };
  const worker = new Worker(new URL('./worker-bootstrap.js', import.meta.url), { workerData: request });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (message: WorkerMessage) => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ kind: 'crashed', message: error.message }));
  worker.on('exit', (code) =>
    push({ kind: 'crashed', message: `the parser thread stopped (exit code ${code})` }),
  );
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift()!;
      switch (message.kind) {
        case 'records':
          onProgress?.(message.progress);
          yield message.records;
          break;
        case 'done':
          onProgress?.(1);
          return;
        case 'invalid':
          throw new InputError('invalid_text_form', message.issues);
        case 'crashed':
          throw new InputError('read_failed', [
            { code: 'read_failed', file, message: `reading the file failed: ${message.message}` },
          ]);
      }
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
