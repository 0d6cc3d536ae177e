import type { FastifyInstance } from 'fastify';
import { InputError } from '../../../domain/errors.ts';
import { PUBLIC_STATUSES, StoredRecord } from '../../../domain/record.ts';
import type { Stores } from '../../../store/store.ts';
import { RecordPage } from '../../openapi/answers.ts';
import { recordSearchParameters } from '../../openapi/parameters.ts';
import { ID_PARAMS, INVALID_INPUT, NOT_FOUND } from '../../openapi/route-doc.ts';
import { searchQueryOf } from '../../search-request.ts';
import { isIdentifier } from '../public.ts';

/** A cursor is the next page of the same search, opaque to clients. */
function encodeCursor(page: number): string {
  return Buffer.from(JSON.stringify({ page })).toString('base64url');
}

/** The page a cursor names, if it is one of ours. */
function pageOfCursor(cursor: string): number | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const page =
      typeof decoded === 'object' && decoded !== null && 'page' in decoded ? decoded.page : undefined;
    return typeof page === 'number' && Number.isInteger(page) && page >= 1 ? page : undefined;
  } catch {
    return undefined;
  }
}

function decodeCursor(cursor: unknown): number {
  const page = typeof cursor === 'string' ? pageOfCursor(cursor) : undefined;
  if (page !== undefined) return page;
  throw new InputError('invalid_query', [
    {
      code: 'invalid_cursor',
      path: '/cursor',
      message: 'unknown cursor: use the `next` value of a previous page',
    },
  ]);
}

/** The paging and facet parameters the search of the search page does not have. */
function pagingOf(query: unknown): { cursor: unknown; facets: boolean } {
  if (typeof query !== 'object' || query === null) return { cursor: undefined, facets: false };
  return {
    cursor: 'cursor' in query ? query.cursor : undefined,
    facets: 'facets' in query && query.facets === 'true',
  };
}

/** Published records: searched with the filters of the search page, and one by id or slug. */
export async function recordReads(
  app: FastifyInstance,
  { records, search }: Pick<Stores, 'records' | 'search'>,
): Promise<void> {
  const statuses = PUBLIC_STATUSES;

  app.get(
    '/api/v1/records',
    {
      config: {
        access: 'public',
        openapi: {
          summary: 'Search published records, with the filters of the search page.',
          description:
            'Words match by their stem and British or American spelling; words naming a country or an issue also find the records filed under it; words in quotes match exactly. Pages with `next`, an opaque cursor to pass back as `cursor`. `facets=true` adds the facet counts: for each value, the records that have it and match the other filters (values of one facet are alternatives, so these are not parts of `total`); with `issueMode=all` the issue counts are those of the search with that issue added.',
          query: recordSearchParameters,
          responses: {
            '200': { description: 'a page of records', schema: RecordPage },
            '400': INVALID_INPUT,
          },
        },
      },
    },
    async (request) => {
      const query = searchQueryOf(request);
      const { cursor, facets } = pagingOf(request.query);
      const page = cursor ? decodeCursor(cursor) : query.page;
      const result = await search.searchRecords({ ...query, page }, { statuses, facets });
      const more = page * query.pageSize < result.total && page < 500;
      // The first page of a search with misspelt words says what the corrected words would find.
      const suggestion = cursor
        ? undefined
        : await search.suggestSpelling(query, { statuses, found: result.total });
      return {
        data: result.records,
        total: result.total,
        ...(result.facets ? { facets: result.facets } : {}),
        ...(suggestion
          ? { suggestion: { q: suggestion.text, total: suggestion.total, corrected: suggestion.corrected } }
          : {}),
        ...(more ? { next: encodeCursor(page + 1) } : {}),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/records/:id',
    {
      config: {
        access: 'public',
        openapi: {
          summary: 'One published record, by `id` or `slug`.',
          params: ID_PARAMS,
          responses: { '200': { description: 'the record', schema: StoredRecord }, '404': NOT_FOUND },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const record = isIdentifier(id) ? await records.getRecord(id) : undefined;
      if (!record || !statuses.includes(record.status)) {
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'no published record with this id or slug' } });
      }
      return record;
    },
  );
}
