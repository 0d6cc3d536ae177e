import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exportChunks } from '../../formats/export.ts';
import type { TableLayout } from '../../formats/record-table.ts';
import { writeRecordWorkbook } from '../../formats/xlsx.ts';
import type { SearchStore } from '../../store/store.ts';
import { searchParameters } from '../openapi/parameters.ts';
import { INVALID_INPUT, type RouteDoc } from '../openapi/route-doc.ts';
import { searchQueryOf } from '../search-request.ts';
import { PUBLIC } from './public.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';

export const DOWNLOAD_FORMATS = ['csv', 'ndjson', 'xlsx'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** Each format's media type, and what the API reference says of it. */
const FORMATS: Record<DownloadFormat, { type: string; name: string; description: string }> = {
  csv: {
    type: 'text/csv; charset=utf-8',
    name: 'CSV',
    description: 'CSV with a byte-order mark, one row per record',
  },
  ndjson: {
    type: 'application/x-ndjson; charset=utf-8',
    name: 'NDJSON',
    description: 'one JSON record per line, every public field',
  },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    name: 'an Excel workbook',
    description: 'an XLSX workbook, one row per record',
  },
};

/** What a download reads: the records a search matches, and the site's address for their links. */
export interface DownloadOptions {
  search: Pick<SearchStore, 'streamSearch'>;
  publicUrl: string;
}

/**
 * Streams every published record a search matches, whatever its size: NDJSON with every public field, CSV
 * and XLSX as the spreadsheet table (labels beside ids, a column per company role, each record's URL built
 * from the site's configured address). Public reads carry no confidential field.
 */
export function streamDownload({ search, publicUrl }: DownloadOptions, format: DownloadFormat) {
  const layout: TableLayout = { publicUrl, publishedOnly: true };
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = searchQueryOf(request);
    const records = search.streamSearch(query, { statuses: PUBLIC_STATUSES });
    reply
      .type(FORMATS[format].type)
      .header('content-disposition', `attachment; filename="bhr-records.${format}"`);
    if (format !== 'xlsx') return reply.send(Readable.from(exportChunks(records, format, layout)));
    const body = new PassThrough();
    writeRecordWorkbook(records, layout, body).catch((error: Error) => {
      request.log.error(error);
      body.destroy(error);
    });
    return reply.send(body);
  };
}

/** The search page's downloads (`/search.csv?…`). */
export async function pageDownloads(app: FastifyInstance, options: DownloadOptions): Promise<void> {
  for (const format of DOWNLOAD_FORMATS) {
    app.get(`/search.${format}`, PUBLIC, streamDownload(options, format));
  }
}

function exportDoc(format: DownloadFormat): RouteDoc {
  const { type, name, description } = FORMATS[format];
  return {
    summary: `Every published record a search matches, as ${name} (streamed, in the search's sort order).`,
    query: searchParameters,
    // The media type without its charset, as the reference names it.
    responses: { '200': { description, type: type.split(';')[0]! }, '400': INVALID_INPUT },
  };
}

/** The API's downloads (`/api/v1/export.csv?…`), the same as the search page's. */
export async function apiExports(app: FastifyInstance, options: DownloadOptions): Promise<void> {
  for (const format of DOWNLOAD_FORMATS) {
    app.get(
      `/api/v1/export.${format}`,
      { config: { access: 'public', openapi: exportDoc(format) } },
      streamDownload(options, format),
    );
  }
}
