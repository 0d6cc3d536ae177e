import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VersionConflict, type InputError } from '../domain/errors.ts';
import { Forbidden, RecordNotFound } from '../editorial/records.ts';
import { errorBody } from './errors.ts';
import { pageContext } from './page-context.ts';
import { renderPage } from './render.ts';
import { ErrorPage } from './views/error.tsx';

/**
 * How a refusal reaches the client: the API gives the error body of DESIGN.md section 6, a page gives the
 * error page in the reader's language. The root handler answers the generic errors; each route plugin maps
 * its own kinds with `answerErrors` and passes the rest up.
 */

export const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/');

/** Refusals a page says in its own words (the API gives the code and an English message). */
const PAGE_REFUSALS = ['forbidden', 'csrf', 'token_not_accepted'] as const;
const isPageRefusal = (code: string): code is (typeof PAGE_REFUSALS)[number] =>
  PAGE_REFUSALS.some((refusal) => refusal === code);

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  error?: InputError,
) {
  if (wantsJson(request)) return reply.code(status).send(errorBody(code, message, error?.issues));
  const context = pageContext(request);
  const text =
    status === 404
      ? context.t('error.notFound')
      : status >= 500
        ? context.t('error.internal')
        : isPageRefusal(code)
          ? context.t(`error.${code}`)
          : status === 403 || status === 409
            ? message
            : context.t('error.badRequest', { message });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(renderPage(<ErrorPage context={context} status={status} message={text} />));
}

/** An error of a kind a plugin knows, as the status and code it is answered with. */
export interface KnownError {
  status: number;
  code: string;
  message: string;
}

/**
 * Gives a plugin its own error handler: the errors `known` recognises are answered here, every other error
 * is thrown on to the enclosing scope's handler (in the end the root's).
 */
export function answerErrors(app: FastifyInstance, known: (error: unknown) => KnownError | undefined): void {
  app.setErrorHandler((error, request, reply) => {
    const answer = known(error);
    if (!answer) throw error;
    return sendError(request, reply, answer.status, answer.code, answer.message);
  });
}

/** The refusals of the editorial workflow, for the plugins that write records through it. */
export function editorialError(error: unknown): KnownError | undefined {
  if (error instanceof Forbidden) return { status: 403, code: 'forbidden', message: error.message };
  if (error instanceof RecordNotFound) return { status: 404, code: 'not_found', message: error.message };
  if (error instanceof VersionConflict)
    return { status: 409, code: 'version_conflict', message: error.message };
  return undefined;
}
