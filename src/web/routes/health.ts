import type { FastifyInstance } from 'fastify';
import type { Stores } from '../../store/store.ts';
import type { WorkPool } from '../../workers/pool.ts';
import { PUBLIC } from './public.ts';

/** How long the health checks wait for the database before calling it unreachable. */
const DATABASE_WAIT_MS = 2000;

async function databaseAnswers(database: Pick<Stores, 'ping'>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_WAIT_MS);
  });
  try {
    return await Promise.race([
      database.ping().then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz` answers while the process runs, and says how what it depends on is doing (the database, the
 * worker threads);
 * `/readyz` answers 503 while the database cannot be reached, so that a load balancer sends no requests
 * to a process that could not answer them. Neither says more than "reachable" of the database.
 */
export async function healthRoutes(
  app: FastifyInstance,
  { database, work }: { database: Pick<Stores, 'ping'>; work: Pick<WorkPool, 'load'> },
): Promise<void> {
  app.get('/healthz', PUBLIC, async () => {
    const answers = (await databaseAnswers(database)) ? 'ok' : 'unreachable';
    return { status: answers === 'ok' ? 'ok' : 'degraded', database: answers, workers: work.load };
  });
  app.get('/readyz', PUBLIC, async (_request, reply) => {
    const ready = await databaseAnswers(database);
    return reply.code(ready ? 200 : 503).send({ ready, database: ready ? 'ok' : 'unreachable' });
  });
}
