import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exportChunks, type ExportFormat } from '../../formats/export.ts';
import type { RecordStore } from '../../store/store.ts';
import { searchQueryOf } from '../search-request.ts';
import { PUBLIC, PUBLIC_STATUSES } from './public.ts';

const TYPES: Record<'csv' | 'ndjson', string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** Streams every published record a search matches, whatever its size, as CSV or NDJSON. */
export function streamDownload(store: RecordStore, format: 'csv' | 'ndjson') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = searchQueryOf(request);
    const records = store.streamSearch(query, { statuses: PUBLIC_STATUSES });
    return reply
      .type(TYPES[format])
      .header('content-disposition', `attachment; filename="bhr-records.${format}"`)
      .send(Readable.from(exportChunks(records, format as ExportFormat)));
  };
}

export function registerDownloads(app: FastifyInstance, store: RecordStore): void {
  app.get('/search.csv', PUBLIC, streamDownload(store, 'csv'));
  app.get('/search.ndjson', PUBLIC, streamDownload(store, 'ndjson'));
}
