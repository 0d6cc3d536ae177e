import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Access } from '../auth.ts';
import type { SchemaSide } from './json-schema.ts';

/**
 * What a route of the JSON API says of itself in the OpenAPI document, declared in its options
 * (`config.openapi`) beside its handler. Schemas are zod schemas of the model; the document is built from the
 * routes as they were registered (`documentedRoutes`), so a route and its description cannot drift apart.
 */

/** One answer: its description and, for a body, its media type and schema (none for a body not described). */
export interface AnswerDoc {
  description: string;
  /** The media type of the body (default `application/json` when there is a schema). */
  type?: string;
  schema?: z.ZodType;
  /** The side the schema is read from (default `input`: an open description, see `SchemaSide`). */
  side?: SchemaSide;
}

export interface RouteDoc {
  summary: string;
  description?: string;
  tags?: string[];
  /** Path parameters: an object of strings, each described by its `.meta()` (`description`, `example`). */
  params?: z.ZodObject;
  /** Query parameters, as a zod object whose fields carry their `.meta()` description and example. */
  query?: z.ZodObject;
  /** The JSON body the route reads (and validates with this same schema). */
  body?: z.ZodType;
  /** Answers by status. A route that needs a token also answers 401 and 403: those are added for it. */
  responses: Record<string, AnswerDoc>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's part of the OpenAPI document; a route without it is not in the document. */
    openapi?: RouteDoc;
  }
}

/** A route of the document as it was registered. */
export interface DocumentedRoute {
  method: string;
  /** The URL as Fastify writes it (`/api/v1/records/:id`). */
  url: string;
  access: Access;
  doc: RouteDoc;
}

const DOCUMENTED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Collects every route registered from now on that declares `config.openapi`, in the order of registration
 * (the order of the document). Call it before the documented routes are registered.
 */
export function documentedRoutes(app: FastifyInstance): readonly DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    const doc = route.config?.openapi;
    const access = route.config?.access;
    if (!doc || !access) return;
    for (const method of [route.method].flat()) {
      if (DOCUMENTED_METHODS.has(method)) routes.push({ method, url: route.url, access, doc });
    }
  });
  return routes;
}

/** Answers many routes share. */
export const INVALID_INPUT: AnswerDoc = { description: 'invalid input' };
export const NOT_FOUND: AnswerDoc = { description: 'not found' };
/** The answers of work done on a worker thread (src/workers/pool.ts) when it could not be done. */
export const WORK_REFUSED: Record<string, AnswerDoc> = {
  '413': { description: 'the body is too large, or the work needed more memory than one request may take' },
  '422': {
    description: 'the work took longer than one request may take (30 s by default): send less at a time',
  },
  '503': { description: 'every worker is busy and the queue is full: try again after `Retry-After` seconds' },
};

/** The `{id}` of a record or company path: its id, or for a record its slug too. */
export const ID_PARAMS = z.object({ id: z.string().meta({ example: '01JQ8Z6F7K2M3N4P5Q6R7S8T9V' }) });
