import { asProse } from '../forms/field-messages.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, VersionConflict, formatIssue } from '../../domain/errors.ts';
import {
  Forbidden,
  RecordNotFound,
  applyTransition,
  createRecord,
  linkCompany,
  mayEdit,
  mergeRecords,
  restoreRevision,
  updateRecord,
} from '../../editorial/records.ts';
import { parseTextForm } from '../../formats/text/parse.ts';
import type { RecordStore } from '../../store/store.ts';
import {
  formFromRecord,
  readRecordForm,
  type RecordFormState,
  type RepeatedList,
} from '../forms/record-form.ts';
import { pageContext } from '../page-context.ts';
import { recordPath } from '../views/components.tsx';
import { ActivityPage, HistoryPage, WorklistPage } from '../views/editorial.tsx';
import { RecordFormPage, type RecordFormData } from '../views/record-form.tsx';
import { isIdentifier } from './public.ts';
import { formFields as body, formField as field, sendPage as html, actorOf } from './replies.ts';

const versionOf = (request: FastifyRequest): number | undefined => {
  const version = Number(field(request, 'version'));
  return Number.isInteger(version) && version > 0 ? version : undefined;
};

function grow(state: RecordFormState, intent: string): RecordFormState {
  const list = intent.replace('add-', '') as RepeatedList;
  if (!(list in state.rows)) return state;
  return { ...state, rows: { ...state.rows, [list]: Math.min(state.rows[list] + 1, 200) }, errors: {} };
}

/** Writing records: the worklist, the record form, the workflow, history, restore, links, merges, activity. */
export function registerRecordEditing(app: FastifyInstance, store: RecordStore): void {
  app.get('/worklist', { config: { access: 'records:read-restricted' } }, async (request, reply) => {
    const userId = actorOf(request).user.id;
    const lists = await Promise.all(
      (['in_review', 'draft'] as const).map(async (status) => {
        const { records } = await store.listRecords({ statuses: [status], limit: 200 });
        const mine = await store.recordsWrittenBy(
          userId,
          records.map((record) => record.id),
        );
        // The viewer's own records first, each group as the store lists it.
        return {
          status,
          records: [...records.filter((r) => mine.has(r.id)), ...records.filter((r) => !mine.has(r.id))],
          mine,
        };
      }),
    );
    return html(reply, <WorklistPage context={pageContext(request)} lists={lists} />);
  });

  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    data: Omit<RecordFormData, 'title'>,
    status = 200,
  ) => {
    const context = pageContext(request);
    const title =
      data.mode === 'create'
        ? context.t('nav.newRecord')
        : `${context.t('editorial.edit')}: ${data.state.values.title ?? ''}`;
    return html(reply, <RecordFormPage context={context} data={{ ...data, title }} />, status);
  };

  app.get('/records/new', { config: { access: 'records:create' } }, async (request, reply) =>
    formPage(request, reply, {
      mode: 'create',
      action: '/records/new',
      state: formFromRecord(),
      messages: [],
    }),
  );

  app.post('/records/new', { config: { access: 'records:create' } }, async (request, reply) => {
    const intent = field(request, '_intent') || 'save';
    const base = { mode: 'create' as const, action: '/records/new' };
    const context = pageContext(request);
    if (intent === 'parse') {
      const text = field(request, 'textForm');
      try {
        const [first] = parseTextForm(text, { file: 'pasted text' });
        if (!first)
          throw new InputError('empty', [{ code: 'empty', message: 'no record found in the text' }]);
        return formPage(request, reply, {
          ...base,
          state: formFromRecord(first, context.language),
          messages: [],
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const messages = error.issues.map((issue) =>
          context.t('form.textFormError', { message: asProse(formatIssue(issue), context) }),
        );
        return formPage(
          request,
          reply,
          { ...base, state: formFromRecord(), messages, pastedText: text },
          400,
        );
      }
    }
    const { state, record } = readRecordForm(body(request), context);
    if (intent.startsWith('add-'))
      return formPage(request, reply, { ...base, state: grow(state, intent), messages: [] });
    if (!record) return formPage(request, reply, { ...base, state, messages: [] }, 400);
    try {
      const saved = await createRecord(store, actorOf(request), record);
      return reply.redirect(recordPath(saved), 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return formPage(
        request,
        reply,
        { ...base, state, messages: error.issues.map((issue) => issue.message) },
        400,
      );
    }
  });

  const editable = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    if (!isIdentifier(request.params.id)) return undefined;
    return store.getRecord(request.params.id, { confidential: true });
  };
  /** The record of an edit route, which the actor must be allowed to edit in its current status. */
  const recordToEdit = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const record = await editable(request);
    if (!record) throw new RecordNotFound(request.params.id);
    if (!mayEdit(actorOf(request), record)) throw new Forbidden(pageContext(request).t('error.forbidden'));
    return record;
  };

  app.get<{ Params: { id: string } }>(
    '/records/:id/edit',
    { config: { access: 'records:edit-draft' } },
    async (request, reply) => {
      const record = await recordToEdit(request);
      const context = pageContext(request);
      return formPage(request, reply, {
        mode: 'edit',
        action: `/records/${encodeURIComponent(record.id)}/edit`,
        state: formFromRecord(record, context.language),
        version: record.version,
        messages: [],
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/records/:id/edit',
    { config: { access: 'records:edit-draft' } },
    async (request, reply) => {
      const record = await recordToEdit(request);
      const context = pageContext(request);
      const version = versionOf(request) ?? record.version;
      const base = {
        mode: 'edit' as const,
        action: `/records/${encodeURIComponent(record.id)}/edit`,
        version,
        reason: field(request, 'reason'),
      };
      const intent = field(request, '_intent') || 'save';
      const { state, record: input } = readRecordForm(body(request), context);
      if (intent.startsWith('add-'))
        return formPage(request, reply, { ...base, state: grow(state, intent), messages: [] });
      if (!input) return formPage(request, reply, { ...base, state, messages: [] }, 400);
      try {
        const saved = await updateRecord(
          store,
          actorOf(request),
          record.id,
          input,
          version,
          field(request, 'reason'),
        );
        return reply.redirect(recordPath(saved), 303);
      } catch (error) {
        if (error instanceof VersionConflict) {
          const message = context.t('form.conflict', {
            expected: error.expectedVersion,
            current: error.currentVersion,
          });
          return formPage(request, reply, { ...base, state, messages: [message] }, 409);
        }
        if (!(error instanceof InputError)) throw error;
        return formPage(
          request,
          reply,
          { ...base, state, messages: error.issues.map((issue) => issue.message) },
          400,
        );
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/records/:id/transition',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      if (!isIdentifier(request.params.id)) return reply.callNotFound();
      const version = versionOf(request);
      const saved = await applyTransition(
        store,
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
      const record = await editable(request);
      if (!record) return reply.callNotFound();
      const [revisions, responseEvents] = await Promise.all([
        store.listRevisions(record.id),
        store.responses.eventsOfRecord(record.id),
      ]);
      return html(
        reply,
        <HistoryPage
          context={pageContext(request)}
          record={record}
          revisions={revisions}
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
        store,
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
      const record = await recordToEdit(request);
      const saved = await linkCompany(store, actorOf(request), record.id, {
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
      const merged = await mergeRecords(store, actorOf(request), request.params.id, into);
      return reply.redirect(recordPath(merged), 303);
    },
  );

  app.get('/activity', { config: { access: 'activity:read' } }, async (request, reply) => {
    const before = (request.query as { before?: unknown }).before;
    const limit = 50;
    const entries = await store.recentRevisions({
      limit,
      ...(typeof before === 'string' && /^[0-9TZ:.-]{10,30}$/.test(before) ? { before } : {}),
    });
    const next = entries.length === limit ? entries[entries.length - 1]!.at : undefined;
    return html(
      reply,
      <ActivityPage context={pageContext(request)} entries={entries} {...(next ? { next } : {})} />,
    );
  });
}
