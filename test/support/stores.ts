import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { RecordStore } from '../../src/store/store.ts';

export interface StoreBackend {
  name: string;
  /** A fresh, empty store of its own; `dispose` removes it. */
  create(): Promise<{ store: RecordStore; location: string; dispose(): Promise<void> }>;
}

const sqlite: StoreBackend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'bhr-test-'));
    const location = join(dir, 'test.sqlite');
    const store = await openSqliteStore(location);
    return {
      store,
      location,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** The backends every store test runs on. PostgreSQL joins this list when its adapter lands. */
export const STORE_BACKENDS: StoreBackend[] = [sqlite];
