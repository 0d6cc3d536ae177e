import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { SIGN_IN_LIMITS, signIn } from '../../accounts/users.ts';
import type { AccountStore } from '../../store/accounts.ts';
import { endSession, preSessionToken, safeNext, startSession, type AuthOptions } from '../auth.ts';
import { pageContext } from '../page-context.ts';
import { SignInPage } from '../views/editorial.tsx';
import { queryField, sendPage as html } from './replies.ts';

const SignInForm = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(4096).default(''),
  next: z.string().max(2000).optional(),
});

/** Signing in and out. */
export const signInRoutes: FastifyPluginAsync<{ accounts: AccountStore; auth: AuthOptions }> = async (
  app,
  { accounts, auth: options },
) => {
  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNext(queryField(request.query, 'next'));
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
    const result = await signIn(accounts, { email: input.email, password: input.password, address });
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
    await startSession(accounts, request, reply, result.user, options);
    request.log.info({ event: 'sign_in', user: result.user.id, address }, 'signed in');
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', { config: { access: 'signed-in' } }, async (request, reply) => {
    await endSession(accounts, request, reply, options);
    return reply.redirect('/', 303);
  });
};
