import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { RecordInput, StoredRecord } from '../../src/domain/record.ts';
import type { Stores } from '../../src/store/store.ts';
import { buildServer } from '../../src/web/server.tsx';
import type { StoreBackend } from './stores.ts';

/** What a suite over named fixtures works with: the server, its store, and each fixture as saved. */
type ServerOptions = NonNullable<Parameters<typeof buildServer>[1]>;

export interface ServedFixtures<Name extends string> {
  app: FastifyInstance;
  store: Stores;
  saved: Record<Name, StoredRecord>;
}

/**
 * Saves each named fixture through the editorial path (with its history) into a fresh store of the backend,
 * and serves it, for the suite this is called in; closes both after it. Read the fields inside tests.
 */
export function serveFixtures<Name extends string>(
  backend: StoreBackend,
  fixtures: Record<Name, RecordInput>,
  options: ServerOptions = {},
): ServedFixtures<Name> {
  const served = { saved: {} } as ServedFixtures<Name>;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store: served.store, dispose } = await backend.create());
    for (const [name, record] of Object.entries(fixtures) as [Name, RecordInput][])
      served.saved[name] = await served.store.records.saveRecord({
        record,
        author: { userId: null, name: 'test' },
        action: 'create',
      });
    served.app = await buildServer(served.store, options);
  });
  afterAll(async () => {
    await served.app.close();
    await dispose();
  });
  return served;
}
