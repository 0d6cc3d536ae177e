import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { InputError } from '../domain/errors.ts';
import { RECORD_STATUSES } from '../domain/enumerations.ts';
import { PUBLIC_STATUSES } from '../domain/record.ts';
import { unsentRequestsOf, type WorkflowContext } from '../responses/workflow.ts';
import { settings, type Limits } from '../settings.ts';
import type { Stores } from '../store/store.ts';
import { WorkPool, WorkRefused } from '../workers/pool.ts';
import { registerAuth, type AuthOptions } from './auth.ts';
import { editorialError, answerErrors, sendError, wantsJson } from './error-replies.tsx';
import { documentedRoutes } from './openapi/route-doc.ts';
import { analyticsRoutes } from './routes/analytics.tsx';
import { apiRoutes } from './routes/api.ts';
import { apiDocumentation } from './routes/api-docs.tsx';
import { articleRoutes } from './routes/articles.tsx';
import { editorialRoutes } from './routes/editorial.tsx';
import { pageDownloads } from './routes/downloads.ts';
import { feedRoutes } from './routes/feed.ts';
import { healthRoutes } from './routes/health.ts';
import { publicPageRoutes } from './routes/pages.tsx';
import { PUBLIC } from './routes/public.ts';
import { responseRoutes } from './routes/responses.tsx';
import { screeningRoutes } from './routes/screening.tsx';
import { triageRoutes } from './routes/triage.tsx';
import { ScreenCache } from './screen-cache.ts';

export interface ServerOptions extends AuthOptions {
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
}

/** What the route groups share: the settings they are given, the worker pool and the matcher's indexes. */
interface Shared {
  publicUrl: string;
  organisation: string;
  limits: Limits;
  work: WorkPool;
  /** Published companies, which the public screens against. */
  screens: ScreenCache;
  /** Staff see suggestions among all companies, those named only in drafts too. */
  allCompanies: ScreenCache;
}

/** Builds the web app and API over the stores of one database; the caller listens and closes. */
export async function buildServer(stores: Stores, options: ServerOptions = {}): Promise<FastifyInstance> {
  const limits = options.limits ?? settings().limits;
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
  app.addHook('onClose', () => work.close());
  await registerFramework(app, limits);
  registerGenericErrors(app);
  await registerAuth(app, stores.accounts, options, (request, reply, refusal) => {
    // A page that needs a sign-in sends the browser to the sign-in form and back.
    if (refusal.status === 401 && request.method === 'GET' && !wantsJson(request)) {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    }
    return sendError(request, reply, refusal.status, refusal.code, refusal.message);
  });
  const shared: Shared = {
    publicUrl: (options.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    organisation: options.organisation ?? 'BHR Tracker',
    limits,
    work,
    screens: new ScreenCache(stores, PUBLIC_STATUSES),
    allCompanies: new ScreenCache(stores, RECORD_STATUSES),
  };
  await registerApiGroup(app, stores, shared);
  await registerRouteGroups(app, stores, shared, options);
  return app;
}

/** Security headers, compression, the static files and multipart bodies. */
async function registerFramework(app: FastifyInstance, limits: Limits): Promise<void> {
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
  await app.register(multipart, {
    limits: { fileSize: limits.uploadBytes, files: 1, fields: 10, fieldSize: limits.uploadBytes },
  });
}

/** The errors any route may raise: refused input, refused work, Fastify's own, and the unexpected. */
function registerGenericErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof WorkRefused) {
      if (error.status === 503) reply.header('retry-after', '60');
      return sendError(request, reply, error.status, error.code, error.message, error);
    }
    if (error instanceof InputError) {
      const message = error.issues.map((issue) => `${issue.path ?? ''} ${issue.message}`.trim()).join('; ');
      return sendError(request, reply, 400, error.code, message, error);
    }
    const status = statusCodeOf(error) ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return sendError(request, reply, 500, 'internal', 'internal error');
    }
    return sendError(request, reply, status, 'bad_request', error instanceof Error ? error.message : '');
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'not_found', 'no such page'));
}

/** The HTTP status Fastify (or a plugin of it) set on an error it raised. */
function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/**
 * The API, its documents, downloads, the feed and the health checks, each a plugin given only what it uses.
 * They share one scope, which answers the editorial refusals the API's writes may raise.
 */
async function registerApiGroup(app: FastifyInstance, stores: Stores, shared: Shared): Promise<void> {
  const { search, companies } = stores;
  const { publicUrl, organisation, work, screens } = shared;
  await app.register(async (api) => {
    answerErrors(api, editorialError);
    // Clients that ask for /favicon.ico without reading the page's <link rel="icon">.
    api.get('/favicon.ico', PUBLIC, (_request, reply) => reply.redirect('/static/favicon.svg', 301));
    await api.register(healthRoutes, { database: stores, work });
    await api.register(apiDocumentation, { routes: documentedRoutes(api), publicUrl });
    await api.register(apiRoutes, { stores, screens, work, publicUrl });
    await api.register(pageDownloads, { search, publicUrl });
    await api.register(feedRoutes, { search, companies, publicUrl, organisation });
  });
}

/** The site's pages and forms, each group a plugin given only the stores and settings it uses. */
async function registerRouteGroups(
  app: FastifyInstance,
  { records, revisions, companies, search, accounts, responses, triage }: Stores,
  { publicUrl, organisation, limits, work, screens, allCompanies }: Shared,
  options: AuthOptions,
): Promise<void> {
  const workflow: WorkflowContext = { store: { records, responses }, publicUrl, organisation };
  await app.register(publicPageRoutes, {
    records,
    revisions,
    companies,
    search,
    accounts,
    responses,
    triage,
    allCompanies,
    unsentOf: (requests) => unsentRequestsOf(workflow, requests),
  });
  await app.register(screeningRoutes, { screens, work, limits });
  await app.register(articleRoutes, { records, revisions, companies, triage, screens, work, limits });
  await app.register(triageRoutes, {
    records,
    revisions,
    companies,
    search,
    accounts,
    triage,
    screens,
    work,
    limits,
  });
  await app.register(analyticsRoutes, {
    records,
    search,
    companies,
    organisation,
    reuseFigures: settings().analyticsCache,
  });
  await app.register(editorialRoutes, { records, revisions, companies, accounts, responses, auth: options });
  await app.register(responseRoutes, { workflow, auth: options });
}
