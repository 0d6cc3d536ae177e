import type { FastifyPluginAsync } from 'fastify';
import { InputError } from '../../domain/errors.ts';
import {
  applyTransition,
  linkCompany,
  mayEdit,
  mergeRecords,
  restoreRevision,
  type EditorialStores,
} from '../../editorial/records.ts';
import type { Stores } from '../../store/store.ts';
import { answerErrors, editorialError } from '../error-replies.tsx';
import { pageContext } from '../page-context.ts';
import { recordPath } from '../views/components.tsx';
import { ActivityPage, HistoryPage, WorklistPage } from '../views/editorial.tsx';
import { isIdentifier } from './public.ts';
import { recordFormRoutes, editableRecord, recordToEdit, versionOf } from './record-forms.tsx';
import { formField as field, queryField, sendPage as html, actorOf } from './replies.ts';

export type RecordEditingOptions = EditorialStores & Pick<Stores, 'responses'>;

/**
 * Writing records: the worklist, the record form, the workflow, history, restore, links, merges, activity.
 * The workflow's refusals (forbidden, not found, a stale version) are answered here.
 */
export const recordEditingRoutes: FastifyPluginAsync<RecordEditingOptions> = async (app, options) => {
  const { records, revisions, companies } = options;
  answerErrors(app, editorialError);
  await app.register(recordFormRoutes, { records, revisions, companies });
  await app.register(recordWorkflowRoutes, options);
  await app.register(worklistRoutes, { records, revisions });
};

/** The worklist, moves through the workflow, history and restore, company links, merges and activity. */
const recordWorkflowRoutes: FastifyPluginAsync<RecordEditingOptions> = async (app, options) => {
  const { records, revisions, responses } = options;
  const stores = { records, revisions, companies: options.companies };

  app.post<{ Params: { id: string } }>(
    '/records/:id/transition',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      if (!isIdentifier(request.params.id)) return reply.callNotFound();
      const version = versionOf(request);
      const saved = await applyTransition(
        stores,
        actorOf(request),
        request.params.id,
        field(request, 'transition'),
        {
          reason: field(request, 'reason'),
          ...(version ? { expectedVersion: version } : {}),
        },
      );
      return reply.redirect(recordPath(saved), 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/records/:id/history',
    { config: { access: 'records:read-restricted' } },
    async (request, reply) => {
      const record = await editableRecord(records, request);
      if (!record) return reply.callNotFound();
      const [history, responseEvents] = await Promise.all([
        revisions.listRevisions(record.id),
        responses.eventsOfRecord(record.id),
      ]);
      return html(
        reply,
        <HistoryPage
          context={pageContext(request)}
          record={record}
          revisions={history}
          mayRestore={mayEdit(actorOf(request), record)}
          responseEvents={responseEvents}
        />,
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/records/:id/restore',
    { config: { access: 'records:edit-draft' } },
    async (request, reply) => {
      if (!isIdentifier(request.params.id)) return reply.callNotFound();
      const version = versionOf(request);
      if (!version) {
        throw new InputError('invalid_version', [
          { code: 'invalid_version', path: '/version', message: 'expected the version to restore' },
        ]);
      }
      const saved = await restoreRevision(
        stores,
        actorOf(request),
        request.params.id,
        version,
        field(request, 'reason'),
      );
      return reply.redirect(`/records/${encodeURIComponent(saved.id)}/history`, 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/records/:id/link-company',
    { config: { access: 'records:edit-draft' } },
    async (request, reply) => {
      const companyId = field(request, 'companyId');
      const position = Number(field(request, 'position'));
      if (
        !isIdentifier(request.params.id) ||
        !isIdentifier(companyId) ||
        !Number.isInteger(position) ||
        position < 0
      ) {
        throw new InputError('invalid_link', [
          {
            code: 'invalid_link',
            path: '/companyId',
            message: 'expected a company position and a known company id',
          },
        ]);
      }
      const record = await recordToEdit(records, request);
      const saved = await linkCompany(stores, actorOf(request), record.id, {
        position,
        companyId,
        expectedVersion: versionOf(request) ?? record.version,
      });
      return reply.redirect(recordPath(saved), 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/records/:id/merge',
    { config: { access: 'records:merge' } },
    async (request, reply) => {
      const into = field(request, 'into');
      if (!isIdentifier(request.params.id) || !isIdentifier(into)) {
        throw new InputError('invalid_merge', [
          { code: 'invalid_merge', path: '/into', message: 'expected the id of the record to merge into' },
        ]);
      }
      const merged = await mergeRecords(stores, actorOf(request), request.params.id, into);
      return reply.redirect(recordPath(merged), 303);
    },
  );
};

/** The worklist (drafts and records in review, the viewer's own first) and the activity of all records. */
const worklistRoutes: FastifyPluginAsync<Pick<Stores, 'records' | 'revisions'>> = async (
  app,
  { records, revisions },
) => {
  app.get('/worklist', { config: { access: 'records:read-restricted' } }, async (request, reply) => {
    const userId = actorOf(request).user.id;
    const lists = await Promise.all(
      (['in_review', 'draft'] as const).map(async (status) => {
        const listed = (await records.listRecords({ statuses: [status], limit: 200 })).records;
        const mine = await revisions.recordsWrittenBy(
          userId,
          listed.map((record) => record.id),
        );
        // The viewer's own records first, each group as the store lists it.
        return {
          status,
          records: [...listed.filter((r) => mine.has(r.id)), ...listed.filter((r) => !mine.has(r.id))],
          mine,
        };
      }),
    );
    return html(reply, <WorklistPage context={pageContext(request)} lists={lists} />);
  });

  app.get('/activity', { config: { access: 'activity:read' } }, async (request, reply) => {
    const before = queryField(request.query, 'before');
    const limit = 50;
    const entries = await revisions.recentRevisions({
      limit,
      ...(typeof before === 'string' && /^[0-9TZ:.-]{10,30}$/.test(before) ? { before } : {}),
    });
    const next = entries.length === limit ? entries[entries.length - 1]!.at : undefined;
    return html(
      reply,
      <ActivityPage context={pageContext(request)} entries={entries} {...(next ? { next } : {})} />,
    );
  });
};
