import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InputError, zodIssues } from '../../../domain/errors.ts';
import { RecordInput, StoredRecord } from '../../../domain/record.ts';
import {
  TransitionBody,
  applyTransition,
  createRecord,
  createRecords,
  updateRecord,
} from '../../../editorial/records.ts';
import type { Stores } from '../../../store/store.ts';
import { Revisions } from '../../openapi/answers.ts';
import { ID_PARAMS, INVALID_INPUT, NOT_FOUND, type AnswerDoc } from '../../openapi/route-doc.ts';
import { isIdentifier } from '../public.ts';
import { parsedOrRefused } from './input.ts';

/**
 * The stores the editorial workflow writes through: records, their history and companies. The second half is
 * what `editorial/records.ts` asks for, and goes once it takes these parts.
 */
export type WorkflowStores = Pick<Stores, 'records' | 'revisions' | 'companies'> &
  Parameters<typeof createRecord>[0];

const MAX_BATCH = 1000;
/** The body of a creation: one record, or a batch written in one transaction. */
const Creation = z.union([RecordInput, z.array(RecordInput).min(1).max(MAX_BATCH)]);

const ONE_RECORD: AnswerDoc = {
  description: 'the record as stored, confidential fields included',
  schema: StoredRecord,
};

/** The records of a creation's body, every one checked before any is written. */
function recordsOfCreation(body: unknown): { records: RecordInput[]; many: boolean } {
  const many = Array.isArray(body);
  const items: unknown[] = many ? body : [body];
  if (items.length === 0 || items.length > MAX_BATCH) {
    throw new InputError('invalid_body', [
      { code: 'invalid_body', path: '', message: 'expected a record or an array of 1 to 1,000 records' },
    ]);
  }
  const records = items.map((item, index) => {
    const result = RecordInput.safeParse(item);
    if (result.success) return result.data;
    const issues = zodIssues(result.error);
    throw new InputError(
      'invalid_record',
      many ? issues.map((issue) => ({ ...issue, path: `/${index}${issue.path ?? ''}` })) : issues,
    );
  });
  return { records, many };
}

/** Writing records through the workflow (drafts, edits, transitions) and reading a record's history. */
export async function recordWrites(app: FastifyInstance, stores: WorkflowStores): Promise<void> {
  app.post(
    '/api/v1/records',
    {
      bodyLimit: 16 * 1024 * 1024,
      config: {
        access: 'records:create',
        openapi: {
          summary: 'Create records as drafts (scope `records:write`).',
          description:
            'A record, or an array of 1 to 1,000. Every record is validated before any is written, and an array is written in one transaction: if one record is refused (its title and date reported taken), none is, and the issue paths start with its index (`/1/title`). Each becomes a draft with its own history, whatever status it carries. Answers the record, or for an array `{added, ids}`.',
          body: Creation,
          responses: { '201': ONE_RECORD, '400': INVALID_INPUT },
        },
      },
    },
    async (request, reply) => {
      const { records, many } = recordsOfCreation(request.body);
      const actor = request.actor!;
      if (!many) return reply.code(201).send(await createRecord(stores, actor, records[0]!));
      // One transaction: a refused record (a title and date reported already taken) writes none of them.
      const created = await createRecords(stores, actor, records);
      return reply.code(201).send({ added: created.length, ids: created.map((record) => record.id) });
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/records/:id',
    {
      bodyLimit: 16 * 1024 * 1024,
      config: {
        access: 'records:edit-draft',
        openapi: {
          summary: "Replace a record's content, keeping its status (scope `records:write`).",
          description:
            'The body is the whole record with the `version` it was read at. If the record has changed since, nothing is written and the answer is 409 `version_conflict`. Researchers may edit drafts only.',
          params: ID_PARAMS,
          body: RecordInput,
          responses: {
            '200': ONE_RECORD,
            '400': INVALID_INPUT,
            '404': NOT_FOUND,
            '409': { description: 'the record changed since `version`' },
          },
        },
      },
    },
    async (request) => {
      const input = parsedOrRefused(RecordInput, request.body, 'invalid_record');
      if (input.version === undefined) {
        throw new InputError('version_required', [
          {
            code: 'version_required',
            path: '/version',
            message: "give the version the change starts from (the record's current `version`)",
          },
        ]);
      }
      return updateRecord(stores, request.actor!, request.params.id, input, input.version);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/records/:id/transitions',
    {
      config: {
        access: 'signed-in',
        openapi: {
          summary:
            'Move a record along the workflow (`request-review` with `records:write`; the rest with `records:publish`).',
          params: ID_PARAMS,
          body: TransitionBody,
          responses: { '200': ONE_RECORD, '400': INVALID_INPUT, '404': NOT_FOUND, '409': INVALID_INPUT },
        },
      },
    },
    async (request) => {
      const { transition, reason, version } = parsedOrRefused(TransitionBody, request.body, 'invalid_body');
      return applyTransition(stores, request.actor!, request.params.id, transition, {
        ...(reason ? { reason } : {}),
        ...(version ? { expectedVersion: version } : {}),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/records/:id/history',
    {
      config: {
        access: 'records:read-restricted',
        openapi: {
          summary:
            "A record's changes, newest first, each with who, when, why and the field-level diff (scope `records:read`).",
          params: ID_PARAMS,
          responses: { '200': { description: 'the revisions', schema: Revisions }, '404': NOT_FOUND },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const record = isIdentifier(id) ? await stores.records.getRecord(id) : undefined;
      if (!record) {
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: 'no record has this id or slug' } });
      }
      return { data: await stores.revisions.listRevisions(record.id) };
    },
  );
}
