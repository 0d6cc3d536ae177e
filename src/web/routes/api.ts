import type { FastifyInstance } from 'fastify';
import type { Stores } from '../../store/store.ts';
import type { WorkPool } from '../../workers/pool.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { changeFeed } from './api/changes.ts';
import { companyReads } from './api/companies.ts';
import { figureReads, type FigureStores } from './api/figures.ts';
import { recordReads } from './api/record-reads.ts';
import { recordWrites, type WorkflowStores } from './api/record-writes.ts';
import { screeningWork } from './api/screening.ts';
import { apiExports } from './downloads.ts';

export interface ApiOptions {
  stores: WorkflowStores & FigureStores & Pick<Stores, 'search' | 'changeFeed'>;
  /** The known companies, for screening and extraction. */
  screens: ScreenCache;
  work: WorkPool;
  /** The site's public address, for the records' links in downloads. */
  publicUrl: string;
}

/**
 * The JSON API under /api/v1, one plugin a job, each given only the stores it uses. Their order is the order
 * of the OpenAPI document and of the API page.
 */
export async function apiRoutes(app: FastifyInstance, { stores, screens, work, publicUrl }: ApiOptions) {
  const { records, companies, search, responses, changeFeed: feed } = stores;
  await app.register(recordReads, { records, search });
  await app.register(changeFeed, { changeFeed: feed });
  // The workflow's and the figures' functions still take the whole store; they are given the parts once
  // they name them (WorkflowStores, FigureStores).
  await app.register(recordWrites, stores);
  await app.register(companyReads, { records, companies, responses });
  await app.register(figureReads, stores);
  await app.register(screeningWork, { screens, work });
  await app.register(apiExports, { search, publicUrl });
}
