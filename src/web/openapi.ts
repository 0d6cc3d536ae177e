import { COMPONENT_NAMES, COMPONENTS } from './openapi/answers.ts';
import { componentRef, jsonSchemaOf, type JsonSchema } from './openapi/json-schema.ts';
import { parametersOf } from './openapi/parameters.ts';
import type { AnswerDoc, DocumentedRoute, RouteDoc } from './openapi/route-doc.ts';

/**
 * The OpenAPI 3.1 document of the JSON API, built from the routes as they were registered: each declares its
 * summary, parameters, body and answers (`config.openapi`, zod schemas of the model); the access rule it
 * declares for the authorisation says whether it needs a token.
 */

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  schema?: JsonSchema;
}
export interface Content {
  schema?: JsonSchema;
}
export interface Answer {
  description?: string;
  content?: Record<string, Content>;
}
export interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, Content> };
  responses?: Record<string, Answer>;
}
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, object>; schemas: Record<string, JsonSchema> };
}

/** The answers of a route that needs a token, when it has none or one that may not do this. */
const REFUSED: Record<string, AnswerDoc> = {
  '401': { description: 'no valid API token' },
  '403': { description: "the token's scopes or its owner's role do not allow this" },
};

/** Every error answers the same body: a code, a message, and the issues of a refused input. */
function answerOf({ description, type, schema, side }: AnswerDoc, status: string): Answer {
  if (!schema && status.startsWith('2')) return { description, ...(type ? { content: { [type]: {} } } : {}) };
  const json = schema ? jsonSchemaOf(schema, side ?? 'input', COMPONENT_NAMES) : componentRef('Error');
  return { description, content: { [type ?? 'application/json']: { schema: json } } };
}

function operationOf(doc: RouteDoc, needsToken: boolean): Operation {
  const parameters = parametersOf(doc.params, doc.query);
  const answers = { ...doc.responses, ...(needsToken ? REFUSED : {}) };
  return {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.tags ? { tags: doc.tags } : {}),
    ...(needsToken ? { security: [{ bearer: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(doc.body, 'input', COMPONENT_NAMES) } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(answers).map(([status, answer]) => [status, answerOf(answer, status)]),
    ),
  };
}

/** `/api/v1/records/:id` as OpenAPI writes it: `/api/v1/records/{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

export function openApiDocument(routes: readonly DocumentedRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const { method, url, access, doc } of routes) {
    (paths[openApiPath(url)] ??= {})[method.toLowerCase()] = operationOf(doc, access !== 'public');
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'BHR Tracker API',
      version: '1',
      description:
        'Published allegations of corporate human-rights abuse against workers, and the companies they name.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token (`bhr token create`, or the account page), sent as `Authorization: Bearer bhr_...`.',
        },
      },
      schemas: Object.fromEntries(
        COMPONENTS.map(({ name, schema, side }) => [name, jsonSchemaOf(schema, side)]),
      ),
    },
  };
}
