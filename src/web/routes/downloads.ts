import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exportChunks } from '../../formats/export.ts';
import type { TableLayout } from '../../formats/record-table.ts';
import { writeRecordWorkbook } from '../../formats/xlsx.ts';
import type { RecordStore } from '../../store/store.ts';
import { searchQueryOf } from '../search-request.ts';
import { PUBLIC } from './public.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';

export const DOWNLOAD_FORMATS = ['csv', 'ndjson', 'xlsx'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

const TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Streams every published record a search matches, whatever its size: NDJSON with every public field, CSV
 * and XLSX as the spreadsheet table (labels beside ids, a column per company role, each record's URL built
 * from the site's configured address). Public reads carry no confidential field.
 */
export function streamDownload(store: RecordStore, format: DownloadFormat, publicUrl: string) {
  const layout: TableLayout = { publicUrl, publishedOnly: true };
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = searchQueryOf(request);
    const records = store.streamSearch(query, { statuses: PUBLIC_STATUSES });
    reply.type(TYPES[format]).header('content-disposition', `attachment; filename="bhr-records.${format}"`);
    if (format !== 'xlsx') return reply.send(Readable.from(exportChunks(records, format, layout)));
    const body = new PassThrough();
    writeRecordWorkbook(records, layout, body).catch((error: Error) => {
      request.log.error(error);
      body.destroy(error);
    });
    return reply.send(body);
  };
}

export function registerDownloads(app: FastifyInstance, store: RecordStore, publicUrl: string): void {
  for (const format of DOWNLOAD_FORMATS) {
    app.get(`/search.${format}`, PUBLIC, streamDownload(store, format, publicUrl));
  }
}
