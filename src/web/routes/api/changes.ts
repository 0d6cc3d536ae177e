import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChangePage } from '../../../domain/change-feed.ts';
import type { Stores } from '../../../store/store.ts';
import { INVALID_INPUT } from '../../openapi/route-doc.ts';
import { PageLimit, parsedOrRefused } from './input.ts';

const ChangeQuery = z.object({
  since: z
    .string()
    .min(1)
    .max(400)
    .optional()
    .meta({ description: 'the `next` value of the previous answer; without it, from the first change' }),
  limit: PageLimit,
});

/** The change feed for mirrors (docs/changes.md): what entered, changed in or left the published set. */
export async function changeFeed(
  app: FastifyInstance,
  { changeFeed: feed }: Pick<Stores, 'changeFeed'>,
): Promise<void> {
  app.get(
    '/api/v1/changes',
    {
      config: {
        access: 'public',
        openapi: {
          summary:
            'Published records added, changed and withdrawn, in order: the way to keep a copy in sync.',
          description:
            'Read from the start without `since`, then pass back `next` each time. Apply each change in order: `added` and `changed` carry the record as published now (store it under its `id`), `withdrawn` (retracted, unpublished or merged) says to remove it. Keep `next` and ask again while `more` is `true`; later, ask again from it to get what changed since. A page may hold fewer changes than `limit` while `more` is `true` (a record changed and since withdrawn is left out: its withdrawal follows). A cursor of another copy of the database answers 400 `stale_cursor`: start again without `since`.',
          query: ChangeQuery,
          responses: {
            '200': {
              description: 'the changes after `since`, and the cursor after them',
              schema: ChangePage,
            },
            '400': INVALID_INPUT,
          },
        },
      },
    },
    async (request) => {
      const { since, limit } = parsedOrRefused(ChangeQuery, request.query, 'invalid_query');
      return feed.readChanges({ limit, ...(since ? { since } : {}) });
    },
  );
}
