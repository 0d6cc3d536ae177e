import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { RecordStore } from '../store/store.ts';
import { registerRecordApi } from './api.ts';
import { errorBody } from './errors.ts';
import { registerPages } from './pages.ts';

/** Builds the web app and API over a store; the caller listens and closes. */
export async function buildServer(
  store: RecordStore,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"] },
    },
  });
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) app.log.error(error);
    void reply
      .code(status)
      .send(
        errorBody(
          status >= 500 ? 'internal' : 'bad_request',
          status >= 500 ? 'internal error' : (error as Error).message,
        ),
      );
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send(errorBody('not_found', 'no such page'));
  });
  app.get('/healthz', async () => ({ ok: true }));
  registerRecordApi(app, store);
  registerPages(app, store);
  return app;
}
