import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { randomSecret } from '../../accounts/secrets.ts';
import { issueApiToken } from '../../accounts/tokens.ts';
import { addUser } from '../../accounts/users.ts';
import { Role, Scope } from '../../domain/access.ts';
import { InputError } from '../../domain/errors.ts';
import type { AccountStore } from '../../store/accounts.ts';
import { pageContext } from '../page-context.ts';
import { AccountPage, UsersPage } from '../views/editorial.tsx';
import { isIdentifier } from './public.ts';
import { formFields as body, formField as field, sendPage as html, actorOf } from './replies.ts';

/** Accounts: the users an administrator manages, and each user's own account and API tokens. */
export const accountRoutes: FastifyPluginAsync<{ accounts: AccountStore }> = async (app, { accounts }) => {
  const usersPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { created?: { email: string; password: string }; message?: string } = {},
    status = 200,
  ) => {
    const users = await accounts.listUsers();
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
      const created = await addUser(accounts, {
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
        await accounts.updateUser(request.params.id, { role: role.data });
      else if (action === 'disable' || action === 'enable') {
        await accounts.updateUser(request.params.id, { disabled: action === 'disable' });
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
    const tokens = await accounts.listApiTokens(actorOf(request).user.id);
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
    const { secret } = await issueApiToken(accounts, {
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
      await accounts.revokeApiToken(request.params.id, actorOf(request).user.id);
      return reply.redirect('/account', 303);
    },
  );
};
