import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../domain/errors.ts';
import type { RecordInput } from '../domain/record.ts';
import { readTextFile } from './input.ts';
import { parseTextFormRecords } from './text/parse.ts';
import type { WorkerMessage, WorkerRequest } from './read-records.ts';

/** Reads and parses one text-form file off the main thread, posting records in batches as they are parsed. */
const request = workerData as WorkerRequest;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

try {
  const text = await readTextFile(request.file, request.maxBytes);
  let batch: RecordInput[] = [];
  let progress = 0;
  for (const record of parseTextFormRecords(text, {
    file: request.file,
    onProgress: (fraction) => (progress = fraction),
  })) {
    batch.push(record);
    if (batch.length === request.batchSize) {
      post({ kind: 'records', records: batch, progress });
      batch = [];
    }
  }
  if (batch.length > 0) post({ kind: 'records', records: batch, progress: 1 });
  post({ kind: 'done' });
} catch (error) {
  if (error instanceof InputError) post({ kind: 'invalid', issues: error.issues });
  else post({ kind: 'crashed', message: error instanceof Error ? error.message : String(error) });
}
