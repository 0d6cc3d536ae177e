import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zodIssues } from '../domain/errors.ts';
import type { RecordStore } from '../store/store.ts';
import { errorBody } from './errors.ts';

/** Only published records leave through the public API. */
const PUBLIC = ['published'] as const;

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 code')
    .transform((code) => code.toUpperCase())
    .optional(),
  issue: z.string().max(100).optional(),
});

/** The records part of the JSON API under /api/v1 (read-only for now). */
export function registerRecordApi(app: FastifyInstance, store: RecordStore): void {
  app.get('/api/v1/records', async (request, reply) => {
    const parsed = ListQuery.safeParse(request.query);
    if (!parsed.success) {
      return reply
        .code(400)
        .send(errorBody('invalid_query', 'invalid query parameters', zodIssues(parsed.error)));
    }
    const { limit, cursor, country, issue } = parsed.data;
    const page = await store.listRecords({
      statuses: PUBLIC,
      limit,
      ...(cursor ? { after: cursor } : {}),
      ...(country ? { country } : {}),
      ...(issue ? { issue } : {}),
    });
    return { data: page.records, ...(page.next ? { next: page.next } : {}) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/records/:id', async (request, reply) => {
    const record = await store.getRecord(request.params.id);
    if (!record || record.status !== 'published') {
      return reply.code(404).send(errorBody('not_found', 'no published record with this id or slug'));
    }
    return record;
  });
}
