import { asProse } from '../forms/field-messages.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { digest, newApiToken, randomSecret } from '../../accounts/secrets.ts';
import { SIGN_IN_LIMITS, addUser, signIn } from '../../accounts/users.ts';
import { Role, Scope } from '../../domain/access.ts';
import { InputError, VersionConflict, formatIssue } from '../../domain/errors.ts';
import {
  Forbidden,
  RecordNotFound,
  applyTransition,
  authorOf,
  createRecord,
  linkCompany,
  mayEdit,
  mergeRecords,
  restoreRevision,
  updateRecord,
  type Actor,
} from '../../editorial/records.ts';
import { parseTextForm } from '../../formats/text/parse.ts';
import type { Author } from '../../store/record-history.ts';
import type { RecordStore } from '../../store/store.ts';
import { endSession, preSessionToken, safeNext, startSession, type AuthOptions } from '../auth.ts';
import {
  formFromRecord,
  readRecordForm,
  type RecordFormState,
  type RepeatedList,
} from '../forms/record-form.ts';
import { pageContext } from '../page-context.ts';
import { recordPath } from '../views/components.tsx';
import {
  AccountPage,
  ActivityPage,
  HistoryPage,
  SignInPage,
  UsersPage,
  WorklistPage,
} from '../views/editorial.tsx';
import { RecordFormPage, type RecordFormData } from '../views/record-form.tsx';
import { isIdentifier } from './public.ts';
import { formFields as body, formField as field, sendPage as html } from './replies.ts';

/** The pages researchers and editors work in: sign-in, record forms, workflow, history, activity, account. */

/** The signed-in actor of a route whose access rule already required one. */
const actorOf = (request: FastifyRequest): Actor => request.actor!;

const SignInForm = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(4096).default(''),
  next: z.string().max(2000).optional(),
});

const versionOf = (request: FastifyRequest): number | undefined => {
  const version = Number(field(request, 'version'));
  return Number.isInteger(version) && version > 0 ? version : undefined;
};

function grow(state: RecordFormState, intent: string): RecordFormState {
  const list = intent.replace('add-', '') as RepeatedList;
  if (!(list in state.rows)) return state;
  return { ...state, rows: { ...state.rows, [list]: Math.min(state.rows[list] + 1, 200) }, errors: {} };
}

export function registerEditorial(app: FastifyInstance, store: RecordStore, options: AuthOptions): void {
  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNext((request.query as { next?: unknown }).next);
    if (request.actor?.via === 'session') return reply.redirect(next, 303);
    const token = preSessionToken(request, reply, options);
    return html(reply, <SignInPage context={pageContext(request)} csrfToken={token} next={next} />);
  });

  app.post('/sign-in', { config: { access: 'public', anonymousCsrf: true } }, async (request, reply) => {
    const form = SignInForm.safeParse(request.body ?? {});
    const input = form.success ? form.data : { email: '', password: '', next: '/' };
    const next = safeNext(input.next);
    const context = pageContext(request);
    const address = request.ip;
    const result = await signIn(store.accounts, { email: input.email, password: input.password, address });
    if (!result.ok) {
      const token = preSessionToken(request, reply, options);
      if (result.reason === 'locked') {
        request.log.warn(
          { event: 'sign_in_locked', email: input.email.slice(0, 320), address, failures: result.failures },
          'sign-in refused: too many failures',
        );
        reply.header('retry-after', String(result.retryAfterSeconds));
      } else {
        request.log.info(
          { event: 'sign_in_failed', email: input.email.slice(0, 320), address },
          'sign-in failed',
        );
      }
      const message =
        result.reason === 'locked'
          ? context.t('signIn.locked', { minutes: SIGN_IN_LIMITS.windowMinutes })
          : context.t('signIn.failed');
      return html(
        reply,
        <SignInPage context={context} csrfToken={token} next={next} email={input.email} message={message} />,
        result.reason === 'locked' ? 429 : 401,
      );
    }
    await startSession(store, request, reply, result.user, options);
    request.log.info({ event: 'sign_in', user: result.user.id, address }, 'signed in');
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', { config: { access: 'signed-in' } }, async (request, reply) => {
    await endSession(store, request, reply, options);
    return reply.redirect('/', 303);
  });

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

  const companyIdOf = (value: string, name: string) => {
    if (isIdentifier(value)) return value;
    throw new InputError('invalid_company', [
      { code: 'invalid_company', path: `/${name}`, message: 'expected a company id' },
    ]);
  };
  // Company identities: merge, "not the same", split. Each is a decision kept with who and when.
  const companyAction = (
    path: string,
    act: (id: string, value: string, author: Author) => Promise<string>,
    field_: string,
  ) =>
    app.post<{ Params: { id: string } }>(
      path,
      { config: { access: 'records:merge' } },
      async (request, reply) => {
        const value = field(request, field_);
        if (!isIdentifier(request.params.id) || !value || value.length > 300) {
          throw new InputError('invalid_company_action', [
            { code: 'invalid_company_action', path: `/${field_}`, message: `expected ${field_}` },
          ]);
        }
        const target = await act(request.params.id, value, authorOf(actorOf(request)));
        return reply.redirect(`/companies/${encodeURIComponent(target)}`, 303);
      },
    );
  companyAction(
    '/companies/:id/merge',
    async (id, into, author) => {
      await store.mergeCompanies(id, companyIdOf(into, 'into'), author);
      return into;
    },
    'into',
  );
  companyAction(
    '/companies/:id/not-same',
    async (id, other, author) => {
      await store.markCompaniesNotSame(id, companyIdOf(other, 'other'), author);
      return id;
    },
    'other',
  );
  companyAction('/companies/:id/split', (id, name, author) => store.splitCompany(id, name, author), 'name');

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

  const usersPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { created?: { email: string; password: string }; message?: string } = {},
    status = 200,
  ) => {
    const users = await store.accounts.listUsers();
    return html(
      reply,
      <UsersPage context={pageContext(request)} users={users} selfId={actorOf(request).user.id} {...extra} />,
      status,
    );
  };

  app.get('/admin/users', { config: { access: 'users:manage' } }, async (request, reply) =>
    usersPage(request, reply),
  );

  app.post('/admin/users', { config: { access: 'users:manage' } }, async (request, reply) => {
    const password = randomSecret(12);
    try {
      const created = await addUser(store.accounts, {
        email: field(request, 'email').trim(),
        role: field(request, 'role'),
        password,
        ...(field(request, 'name').trim() ? { name: field(request, 'name').trim() } : {}),
      });
      request.log.info({ event: 'user_added', user: created.id, by: actorOf(request).user.id }, 'user added');
      return usersPage(request, reply, { created: { email: created.email, password } }, 201);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return usersPage(
        request,
        reply,
        { message: error.issues.map((issue) => issue.message).join('; ') },
        400,
      );
    }
  });

  app.post<{ Params: { id: string } }>(
    '/admin/users/:id',
    { config: { access: 'users:manage' } },
    async (request, reply) => {
      const self = actorOf(request).user.id;
      if (!isIdentifier(request.params.id)) return reply.callNotFound();
      // An administrator cannot lock themselves out: their own role and account change at the command line.
      if (request.params.id === self)
        return usersPage(request, reply, { message: 'change your own account with `bhr user`' }, 400);
      const action = field(request, 'action');
      const role = Role.safeParse(field(request, 'role'));
      if (action === 'role' && role.success)
        await store.accounts.updateUser(request.params.id, { role: role.data });
      else if (action === 'disable' || action === 'enable') {
        await store.accounts.updateUser(request.params.id, { disabled: action === 'disable' });
      } else return usersPage(request, reply, { message: 'unknown change' }, 400);
      request.log.info({ event: 'user_changed', user: request.params.id, action, by: self }, 'user changed');
      return reply.redirect('/admin/users', 303);
    },
  );

  const accountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { newToken?: string; message?: string } = {},
    status = 200,
  ) => {
    const tokens = await store.accounts.listApiTokens(actorOf(request).user.id);
    return html(reply, <AccountPage context={pageContext(request)} tokens={tokens} {...extra} />, status);
  };

  app.get('/account', { config: { access: 'signed-in' } }, async (request, reply) =>
    accountPage(request, reply),
  );

  app.post('/account/tokens', { config: { access: 'signed-in' } }, async (request, reply) => {
    const raw = body(request).scopes;
    const requested = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((scope) => Scope.safeParse(scope));
    const name = field(request, 'name').trim().slice(0, 200);
    if (!name || requested.length === 0 || requested.some((scope) => !scope.success)) {
      return accountPage(request, reply, { message: 'give the token a name and at least one scope' }, 400);
    }
    const secret = newApiToken();
    await store.accounts.createApiToken({
      tokenHash: digest(secret),
      userId: actorOf(request).user.id,
      name,
      scopes: requested.map((scope) => scope.data!),
    });
    return accountPage(request, reply, { newToken: secret }, 201);
  });

  app.post<{ Params: { id: string } }>(
    '/account/tokens/:id/revoke',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      if (!isIdentifier(request.params.id)) return reply.callNotFound();
      await store.accounts.revokeApiToken(request.params.id, actorOf(request).user.id);
      return reply.redirect('/account', 303);
    },
  );
}
