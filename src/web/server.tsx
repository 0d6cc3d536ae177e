import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { InputError } from '../domain/errors.ts';
import type { RecordStore } from '../store/store.ts';
import { errorBody } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { pageContext } from './page-context.ts';
import { renderPage } from './render.ts';
import { registerApi } from './routes/api.ts';
import { registerDownloads } from './routes/downloads.ts';
import { registerPages } from './routes/pages.tsx';
import { ApiDocsPage } from './views/api-docs.tsx';
import { ErrorPage } from './views/error.tsx';

const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/');

function sendError(
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
        : context.t('error.badRequest', { message });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(renderPage(<ErrorPage context={context} status={status} message={text} />));
}

/** Builds the web app and API over a store; the caller listens and closes. */
export async function buildServer(
  store: RecordStore,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Malformed URLs (bad percent-encoding) get the same 400 page as any other bad request.
    frameworkErrors: (error, request, reply) =>
      void sendError(request, reply, 400, 'bad_request', error.message),
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(compress, { global: true, encodings: ['br', 'gzip'] });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./static/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1d',
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof InputError) {
      const message = error.issues.map((issue) => `${issue.path ?? ''} ${issue.message}`.trim()).join('; ');
      return sendError(request, reply, 400, error.code, message, error);
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return sendError(request, reply, 500, 'internal', 'internal error');
    }
    return sendError(request, reply, status, 'bad_request', (error as Error).message);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'not_found', 'no such page'));

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/api/v1/openapi.json', async () => openApiDocument());
  app.get('/api', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(renderPage(<ApiDocsPage context={pageContext(request)} document={openApiDocument() as never} />)),
  );
  registerApi(app, store);
  registerDownloads(app, store);
  registerPages(app, store);
  return app;
}
