import { RateQuery, responseRates } from '../../responses/rates.ts';
import { publicResponse } from '../views/responses.tsx';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InputError, zodIssues } from '../../domain/errors.ts';
import { RecordInput } from '../../domain/record.ts';
import {
  TransitionBody,
  applyTransition,
  createRecord,
  createRecords,
  updateRecord,
} from '../../editorial/records.ts';
import type { RecordStore } from '../../store/store.ts';
import { computeFigures } from '../../analytics/figures.ts';
import { figureOptionsOf, searchQueryOf } from '../search-request.ts';
import type { ScreenCache } from '../screen-cache.ts';
import type { WorkPool } from '../../workers/pool.ts';
import { MatchBody } from '../../matching/screen.ts';
import { DEFAULT_THRESHOLD, MATCHER } from '../../matching/score.ts';
import { DOWNLOAD_FORMATS, streamDownload } from './downloads.ts';
import { ArticleInput, MAX_ARTICLE_CHARACTERS } from '../../extract/model.ts';
import { PUBLIC, isIdentifier } from './public.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';

/** A cursor is the next page of the same search, opaque to clients. */
function encodeCursor(page: number): string {
  return Buffer.from(JSON.stringify({ page })).toString('base64url');
}
function decodeCursor(cursor: string): number {
  try {
    const { page } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { page?: unknown };
    if (typeof page === 'number' && Number.isInteger(page) && page >= 1) return page;
  } catch {
    // fall through to the error below
  }
  throw new InputError('invalid_query', [
    {
      code: 'invalid_cursor',
      path: '/cursor',
      message: 'unknown cursor: use the `next` value of a previous page',
    },
  ]);
}

const CompanyListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** The JSON API under /api/v1: records with the search page's filters, companies, and downloads. */
export function registerApi(
  app: FastifyInstance,
  store: RecordStore,
  { screens, work, publicUrl }: { screens: ScreenCache; work: WorkPool; publicUrl: string },
): void {
  const statuses = PUBLIC_STATUSES;

  app.get('/api/v1/records', PUBLIC, async (request) => {
    const query = searchQueryOf(request);
    const { cursor, facets } = request.query as { cursor?: string; facets?: string };
    const page = cursor ? decodeCursor(cursor) : query.page;
    const result = await store.searchRecords({ ...query, page }, { statuses, facets: facets === 'true' });
    const more = page * query.pageSize < result.total && page < 500;
    // The first page of a search with misspelt words says what the corrected words would find.
    const suggestion = cursor
      ? undefined
      : await store.suggestSpelling(query, { statuses, found: result.total });
    return {
      data: result.records,
      total: result.total,
      ...(result.facets ? { facets: result.facets } : {}),
      ...(suggestion
        ? { suggestion: { q: suggestion.text, total: suggestion.total, corrected: suggestion.corrected } }
        : {}),
      ...(more ? { next: encodeCursor(page + 1) } : {}),
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/records/:id', PUBLIC, async (request, reply) => {
    const record = isIdentifier(request.params.id) ? await store.getRecord(request.params.id) : undefined;
    if (!record || !statuses.includes(record.status)) {
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: 'no published record with this id or slug' } });
    }
    return record;
  });

  app.get<{ Params: { id: string } }>('/api/v1/records/:id/responses', PUBLIC, async (request, reply) => {
    const record = isIdentifier(request.params.id) ? await store.getRecord(request.params.id) : undefined;
    if (!record || !statuses.includes(record.status)) {
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: 'no published record with this id or slug' } });
    }
    const requests = await store.responses.requestsOfRecord(record.id);
    return { data: requests.map(publicResponse) };
  });

  app.get('/api/v1/stats', PUBLIC, async (request) => {
    const query = searchQueryOf(request);
    const options = figureOptionsOf(request);
    const figures = await computeFigures(store, query, {
      statuses,
      limit: options.limit,
      ...(options.period ? { period: options.period } : {}),
    });
    const { page: _page, pageSize: _pageSize, sort: _sort, ...filters } = query;
    return { query: { ...filters, limit: options.limit }, figures };
  });

  app.get('/api/v1/response-rates', PUBLIC, async (request) => {
    const parsed = RateQuery.safeParse(request.query);
    if (!parsed.success) throw new InputError('invalid_query', zodIssues(parsed.error));
    return { query: parsed.data, ...(await responseRates(store, parsed.data)) };
  });

  app.get('/api/v1/companies', PUBLIC, async (request) => {
    const parsed = CompanyListQuery.safeParse(request.query);
    if (!parsed.success) throw new InputError('invalid_query', zodIssues(parsed.error));
    const { q, cursor, limit } = parsed.data;
    const page = await store.listCompanies({
      statuses,
      limit,
      ...(q ? { q } : {}),
      ...(cursor ? { after: cursor } : {}),
    });
    return { data: page.companies, ...(page.next ? { next: page.next } : {}) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/companies/:id', PUBLIC, async (request, reply) => {
    const company = await store.getCompany(request.params.id, { statuses });
    if (!company || company.records.length === 0) {
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: 'no company with published records has this id' } });
    }
    return {
      id: company.id,
      name: company.name,
      namesInRecords: company.namesInRecords,
      otherNames: company.otherNames,
      country: company.country,
      website: company.website,
      identifiers: company.identifiers,
      parent: company.parent,
      subsidiaries: company.subsidiaries,
      records: company.records.map(({ record, roles }) => ({
        id: record.id,
        slug: record.slug,
        title: record.title,
        dateReported: record.dateReported,
        country: record.location.country,
        issues: record.issues,
        roles,
      })),
    };
  });

  app.post(
    '/api/v1/records',
    { bodyLimit: 16 * 1024 * 1024, config: { access: 'records:create' } },
    async (request, reply) => {
      const body = request.body;
      const many = Array.isArray(body);
      const items: unknown[] = many ? body : [body];
      if (items.length === 0 || items.length > 1000) {
        throw new InputError('invalid_body', [
          { code: 'invalid_body', path: '', message: 'expected a record or an array of 1 to 1,000 records' },
        ]);
      }
      // Every record is checked before any is written.
      const records = items.map((item, index) => {
        const result = RecordInput.safeParse(item);
        if (result.success) return result.data;
        const issues = zodIssues(result.error);
        throw new InputError(
          'invalid_record',
          many ? issues.map((issue) => ({ ...issue, path: `/${index}${issue.path ?? ''}` })) : issues,
        );
      });
      if (!many) return reply.code(201).send(await createRecord(store, request.actor!, records[0]!));
      // One transaction: a refused record (a title and date reported already taken) writes none of them.
      const created = await createRecords(store, request.actor!, records);
      return reply.code(201).send({ added: created.length, ids: created.map((record) => record.id) });
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/records/:id',
    { bodyLimit: 16 * 1024 * 1024, config: { access: 'records:edit-draft' } },
    async (request) => {
      const parsed = RecordInput.safeParse(request.body);
      if (!parsed.success) throw new InputError('invalid_record', zodIssues(parsed.error));
      if (parsed.data.version === undefined) {
        throw new InputError('version_required', [
          {
            code: 'version_required',
            path: '/version',
            message: "give the version the change starts from (the record's current `version`)",
          },
        ]);
      }
      return updateRecord(store, request.actor!, request.params.id, parsed.data, parsed.data.version);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/records/:id/transitions',
    { config: { access: 'signed-in' } },
    async (request) => {
      const parsed = TransitionBody.safeParse(request.body);
      if (!parsed.success) throw new InputError('invalid_body', zodIssues(parsed.error));
      const { transition, reason, version } = parsed.data;
      return applyTransition(store, request.actor!, request.params.id, transition, {
        ...(reason ? { reason } : {}),
        ...(version ? { expectedVersion: version } : {}),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/records/:id/history',
    { config: { access: 'records:read-restricted' } },
    async (request, reply) => {
      const record = isIdentifier(request.params.id) ? await store.getRecord(request.params.id) : undefined;
      if (!record) {
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'no record has this id or slug' } });
      }
      return { data: await store.listRevisions(record.id) };
    },
  );

  // Screening against companies and their published records: a computation that changes nothing.
  app.post(
    '/api/v1/match',
    { bodyLimit: 4 * 1024 * 1024, config: { access: 'public', readOnly: true } },
    async (request) => {
      const parsed = MatchBody.safeParse(request.body);
      if (!parsed.success) throw new InputError('invalid_body', zodIssues(parsed.error));
      const { names, threshold = DEFAULT_THRESHOLD, limit = 5 } = parsed.data;
      // Up to 1,000 names: screened on a worker thread.
      const results = await work.run('screen-names', {
        names,
        threshold,
        limit,
        companies: await screens.shared(),
      });
      return { matcher: MATCHER, threshold, results };
    },
  );

  // Extraction changes nothing, but it reads unpublished research: researchers and editors only. The body may
  // be larger than an article is read, so that a too long article is answered with a reason, not refused.
  app.post(
    '/api/v1/extract',
    {
      bodyLimit: 8 * MAX_ARTICLE_CHARACTERS + 64 * 1024,
      config: { access: 'records:create', readOnly: true },
    },
    async (request) => {
      const parsed = ArticleInput.safeParse(request.body);
      if (!parsed.success) throw new InputError('invalid_body', zodIssues(parsed.error));
      return work.run('extract', { article: parsed.data, companies: await screens.shared() });
    },
  );

  for (const format of DOWNLOAD_FORMATS) {
    app.get(`/api/v1/export.${format}`, PUBLIC, streamDownload(store, format, publicUrl));
  }
}
