import { describe, expect, it } from 'vitest';
import { runLoadTest } from '../bench/load.ts';
import { POSTGRES_ADMIN_URL, STORE_BACKENDS } from './support/stores.ts';

/** The short version of the load test of docs/benchmarks.md (`npm run bench:load` runs it for 60 s). */
describe.runIf(STORE_BACKENDS.some((backend) => backend.name === 'postgres'))(
  'two app processes on one PostgreSQL',
  () => {
    it('serve mixed reads and writes with no error, no lost or doubled write, each seeing the other at once', async () => {
      const figures = await runLoadTest(POSTGRES_ADMIN_URL, {
        seconds: 8,
        workers: 6,
        ports: [18811, 18812],
      });
      expect(figures.errors).toBe(0);
      expect(figures.unseen).toBe(0);
      expect(figures.writes).toBeGreaterThan(20);
      expect(figures.recordsAfter).toBe(figures.recordsExpected);
      expect(figures.loadRows).toBe(figures.writes);
      expect(figures.distinctWritten).toBe(figures.writes);
    }, 120_000);
  },
);
