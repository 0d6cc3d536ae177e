import type { FastifyInstance } from 'fastify';
import { openApiDocument, type OpenApiDocument } from '../openapi.ts';
import type { DocumentedRoute } from '../openapi/route-doc.ts';
import { pageContext } from '../page-context.ts';
import { renderPage } from '../render.ts';
import { ApiDocsPage } from '../views/api-docs.tsx';
import { PUBLIC } from './public.ts';

/**
 * The API's reference: the OpenAPI document (`/api/v1/openapi.json`) and its page (`/api`), built once, at
 * the first request, from the routes documented by then (`documentedRoutes`).
 */
export async function apiDocumentation(
  app: FastifyInstance,
  { routes, publicUrl }: { routes: readonly DocumentedRoute[]; publicUrl: string },
): Promise<void> {
  let document: OpenApiDocument | undefined;
  const documentOf = () => (document ??= openApiDocument(routes));
  app.get('/api/v1/openapi.json', PUBLIC, async () => documentOf());
  app.get('/api', PUBLIC, async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        renderPage(
          <ApiDocsPage context={pageContext(request)} document={documentOf()} publicUrl={publicUrl} />,
        ),
      ),
  );
}
