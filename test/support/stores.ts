import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreConnection } from '../../src/store/connection.ts';
import { assembleStores } from '../../src/store/open.ts';
import { openPostgres } from '../../src/store/postgres/open.ts';
import { openSqlite } from '../../src/store/sqlite/open.ts';
import type { Stores } from '../../src/store/store.ts';

export interface StoreBackend {
  name: string;
  /**
   * A fresh, empty store of its own; `dispose` removes it. `connection` is the database under the store, for
   * tests that write rows directly or run the SQL reference search.
   */
  create(): Promise<{
    store: Stores;
    connection: StoreConnection;
    location: string;
    dispose(): Promise<void>;
  }>;
}

const sqlite: StoreBackend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'bhr-test-'));
    const location = join(dir, 'test.sqlite');
    const connection = await openSqlite(location);
    const store = assembleStores(connection);
    return {
      store,
      connection,
      location,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** The server the PostgreSQL tests use: BHR_TEST_POSTGRES, else the local server of the dev and CI machines. */
export const POSTGRES_ADMIN_URL =
  process.env.BHR_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Each test gets a database of its own, created and dropped here, so that runs never see each other's data. */
const postgres: StoreBackend = {
  name: 'postgres',
  async create() {
    const name = `bhr_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
    const location = databaseUrl(name);
    const connection = await openPostgres(location);
    const store = assembleStores(connection);
    return {
      store,
      connection,
      location,
      async dispose() {
        await store.close();
        await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  },
};

async function postgresReachable(): Promise<boolean> {
  try {
    await admin((client) => client.query('SELECT 1'));
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(
        `CI=true but PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`,
      );
    }
    console.warn(
      `skipping the PostgreSQL runs of the store, search and web tests: no server at ${POSTGRES_ADMIN_URL} (${(error as Error).message})`,
    );
    return false;
  }
}

/** The backends every store, search and web test runs on: SQLite always, PostgreSQL where a server answers. */
export const STORE_BACKENDS: StoreBackend[] = [sqlite, ...((await postgresReachable()) ? [postgres] : [])];
