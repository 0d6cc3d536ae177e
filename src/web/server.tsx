import { ResponseRefused, unsentRequestsOf } from '../responses/workflow.ts';
import { registerResponses } from './routes/responses.tsx';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { InputError, VersionConflict } from '../domain/errors.ts';
import { RECORD_STATUSES } from '../domain/enumerations.ts';
import { Forbidden, RecordNotFound } from '../editorial/records.ts';
import type { RecordStore } from '../store/store.ts';
import { errorBody } from './errors.ts';
import { pageContext } from './page-context.ts';
import { renderPage } from './render.ts';
import { registerAuth, type AuthOptions } from './auth.ts';
import { registerAnalytics } from './routes/analytics.tsx';
import { apiRoutes } from './routes/api.ts';
import { registerEditorial } from './routes/editorial.tsx';
import { feedRoutes } from './routes/feed.ts';
import { healthRoutes } from './routes/health.ts';
import { PUBLIC_STATUSES } from '../domain/record.ts';
import { registerArticles } from './routes/articles.tsx';
import { registerTriage } from './routes/triage.tsx';
import { registerScreening } from './routes/screening.tsx';
import { ScreenCache } from './screen-cache.ts';
import multipart from '@fastify/multipart';
import { pageDownloads } from './routes/downloads.ts';
import { registerPages } from './routes/pages.tsx';
import { apiDocumentation } from './routes/api-docs.tsx';
import { documentedRoutes } from './openapi/route-doc.ts';
import { ErrorPage } from './views/error.tsx';
import { settings, type Limits } from '../settings.ts';
import { WorkPool, WorkRefused } from '../workers/pool.ts';

const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/');

/** Refusals a page says in its own words (the API gives the code and an English message). */
const PAGE_REFUSALS = ['forbidden', 'csrf', 'token_not_accepted'] as const;
const isPageRefusal = (code: string): code is (typeof PAGE_REFUSALS)[number] =>
  (PAGE_REFUSALS as readonly string[]).includes(code);

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

/** Builds the web app and API over a store; the caller listens and closes. */
export async function buildServer(
  store: RecordStore,
  options: {
    logger?: boolean | FastifyServerOptions['logger'];
    /** Behind a reverse proxy: trust its X-Forwarded-For for the client's address (sign-in throttling). */
    trustProxy?: boolean;
    /** The site's public address: every absolute link (feed, e-mails to companies) is built from it. */
    publicUrl?: string;
    /** Who sends requests to companies, as the e-mails name it. */
    organisation?: string;
    /** Bounds of uploads and of the work done off the event loop (default: the settings'). */
    limits?: Limits;
    /** Worker threads for CPU-heavy work (default: the settings'). */
    workers?: number;
    /** Start a worker thread now rather than with the first task (a served process; tests start none). */
    warmWorkers?: boolean;
  } & AuthOptions = {},
): Promise<FastifyInstance> {
  const limits = options.limits ?? settings().limits;
  const publicUrl = (options.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const work = new WorkPool({
    threads: options.workers ?? settings().workers,
    limits,
    warm: options.warmWorkers ?? false,
  });
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    // Response links carry a signed token of about 120 characters in their path.
    routerOptions: { maxParamLength: 300 },
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
  app.addHook('onClose', () => work.close());
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof WorkRefused) {
      if (error.status === 503) reply.header('retry-after', '60');
      return sendError(request, reply, error.status, error.code, error.message, error);
    }
    if (error instanceof Forbidden) return sendError(request, reply, 403, 'forbidden', error.message);
    if (error instanceof RecordNotFound) return sendError(request, reply, 404, 'not_found', error.message);
    if (error instanceof ResponseRefused) {
      return sendError(request, reply, error.code === 'not_found' ? 404 : 400, error.code, error.message);
    }
    if (error instanceof VersionConflict) {
      return sendError(request, reply, 409, 'version_conflict', error.message);
    }
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

  await app.register(multipart, {
    limits: { fileSize: limits.uploadBytes, files: 1, fields: 10, fieldSize: limits.uploadBytes },
  });
  await registerAuth(app, store, options, (request, reply, refusal) => {
    // A page that needs a sign-in sends the browser to the sign-in form and back.
    if (refusal.status === 401 && request.method === 'GET' && !wantsJson(request)) {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    }
    return sendError(request, reply, refusal.status, refusal.code, refusal.message);
  });

  const PUBLIC = { config: { access: 'public' as const } };
  // Clients that ask for /favicon.ico without reading the page's <link rel="icon">.
  app.get('/favicon.ico', PUBLIC, (_request, reply) => reply.redirect('/static/favicon.svg', 301));
  await app.register(healthRoutes, { database: store, work });
  await app.register(apiDocumentation, { routes: documentedRoutes(app), publicUrl });
  const screens = new ScreenCache(store, PUBLIC_STATUSES);
  await app.register(apiRoutes, { stores: store, screens, work, publicUrl });
  await app.register(pageDownloads, { search: store.search, publicUrl });
  // Staff see suggestions among all companies, those named only in drafts too.
  const allCompanies = new ScreenCache(store, RECORD_STATUSES);
  const responses = { store, publicUrl, organisation: options.organisation ?? 'BHR Tracker' };
  registerPages(app, store, allCompanies, (requests) => unsentRequestsOf(responses, requests));
  registerScreening(app, { screens, work, limits });
  registerArticles(app, store, { screens, work, limits });
  registerTriage(app, store, { screens, work, limits });
  registerAnalytics(app, store, options.organisation ?? 'BHR Tracker');
  registerEditorial(app, store, options);
  registerResponses(app, responses, options);
  await app.register(feedRoutes, {
    search: store.search,
    companies: store.companies,
    publicUrl,
    organisation: options.organisation ?? 'BHR Tracker',
  });
  return app;
}
