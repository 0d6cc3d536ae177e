import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, VersionConflict, formatIssue } from '../../domain/errors.ts';
import {
  Forbidden,
  RecordNotFound,
  createRecord,
  mayEdit,
  updateRecord,
  type EditorialStores,
} from '../../editorial/records.ts';
import { parseTextForm } from '../../formats/text/parse.ts';
import type { RecordsStore } from '../../store/store.ts';
import { asProse } from '../forms/field-messages.ts';
import {
  formFromRecord,
  readRecordForm,
  type RecordFormState,
  type RepeatedList,
} from '../forms/record-form.ts';
import { pageContext } from '../page-context.ts';
import { recordPath } from '../views/components.tsx';
import { RecordFormPage, type RecordFormData } from '../views/record-form.tsx';
import { isIdentifier } from './public.ts';
import { formFields as body, formField as field, sendPage as html, actorOf } from './replies.ts';

/** The version an edit started from, as its form carries it. */
export const versionOf = (request: FastifyRequest): number | undefined => {
  const version = Number(field(request, 'version'));
  return Number.isInteger(version) && version > 0 ? version : undefined;
};

/** The record of an edit route (with its confidential fields), or undefined when the id names none. */
export const editableRecord = async (
  records: Pick<RecordsStore, 'getRecord'>,
  request: FastifyRequest<{ Params: { id: string } }>,
) => {
  if (!isIdentifier(request.params.id)) return undefined;
  return records.getRecord(request.params.id, { confidential: true });
};

/** The record of an edit route, which the actor must be allowed to edit in its current status. */
export const recordToEdit = async (
  records: Pick<RecordsStore, 'getRecord'>,
  request: FastifyRequest<{ Params: { id: string } }>,
) => {
  const record = await editableRecord(records, request);
  if (!record) throw new RecordNotFound(request.params.id);
  if (!mayEdit(actorOf(request), record)) throw new Forbidden(pageContext(request).t('error.forbidden'));
  return record;
};

const isRepeatedList = (list: string, state: RecordFormState): list is RepeatedList => list in state.rows;

/** The form with one more row of the list an "add" button names. */
function grow(state: RecordFormState, intent: string): RecordFormState {
  const list = intent.replace('add-', '');
  if (!isRepeatedList(list, state)) return state;
  return { ...state, rows: { ...state.rows, [list]: Math.min(state.rows[list] + 1, 200) }, errors: {} };
}

function formPage(
  request: FastifyRequest,
  reply: FastifyReply,
  data: Omit<RecordFormData, 'title'>,
  status = 200,
) {
  const context = pageContext(request);
  const title =
    data.mode === 'create'
      ? context.t('nav.newRecord')
      : `${context.t('editorial.edit')}: ${data.state.values.title ?? ''}`;
  return html(reply, <RecordFormPage context={context} data={{ ...data, title }} />, status);
}

const CREATE = { mode: 'create' as const, action: '/records/new' };

/** The new-record form filled from a pasted text form, or the text back with why it could not be read. */
function parsedTextPage(request: FastifyRequest, reply: FastifyReply) {
  const context = pageContext(request);
  const text = field(request, 'textForm');
  try {
    const [first] = parseTextForm(text, { file: 'pasted text' });
    if (!first) throw new InputError('empty', [{ code: 'empty', message: 'no record found in the text' }]);
    return formPage(request, reply, {
      ...CREATE,
      state: formFromRecord(first, context.language),
      messages: [],
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const messages = error.issues.map((issue) =>
      context.t('form.textFormError', { message: asProse(formatIssue(issue), context) }),
    );
    return formPage(request, reply, { ...CREATE, state: formFromRecord(), messages, pastedText: text }, 400);
  }
}

/** The record form: a new record (typed, or read from a pasted text form) and the edit of one. */
export const recordFormRoutes: FastifyPluginAsync<EditorialStores> = async (app, stores) => {
  const { records } = stores;
  app.get('/records/new', { config: { access: 'records:create' } }, async (request, reply) =>
    formPage(request, reply, { ...CREATE, state: formFromRecord(), messages: [] }),
  );

  app.post('/records/new', { config: { access: 'records:create' } }, async (request, reply) => {
    const intent = field(request, '_intent') || 'save';
    if (intent === 'parse') return parsedTextPage(request, reply);
    const { state, record } = readRecordForm(body(request), pageContext(request));
    if (intent.startsWith('add-'))
      return formPage(request, reply, { ...CREATE, state: grow(state, intent), messages: [] });
    if (!record) return formPage(request, reply, { ...CREATE, state, messages: [] }, 400);
    try {
      const saved = await createRecord(stores, actorOf(request), record);
      return reply.redirect(recordPath(saved), 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const messages = error.issues.map((issue) => issue.message);
      return formPage(request, reply, { ...CREATE, state, messages }, 400);
    }
  });

  app.get<{ Params: { id: string } }>(
    '/records/:id/edit',
    { config: { access: 'records:edit-draft' } },
    async (request, reply) => {
      const record = await recordToEdit(records, request);
      return formPage(request, reply, {
        mode: 'edit',
        action: `/records/${encodeURIComponent(record.id)}/edit`,
        state: formFromRecord(record, pageContext(request).language),
        version: record.version,
        messages: [],
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/records/:id/edit',
    { config: { access: 'records:edit-draft' } },
    async (request, reply) => {
      const record = await recordToEdit(records, request);
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
        const saved = await updateRecord(stores, actorOf(request), record.id, input, version, base.reason);
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
        const messages = error.issues.map((issue) => issue.message);
        return formPage(request, reply, { ...base, state, messages }, 400);
      }
    },
  );
};
