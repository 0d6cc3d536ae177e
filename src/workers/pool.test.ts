import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Limits } from '../settings.ts';
import { WorkPool, WorkRefused } from './pool.ts';
import { shareCompanies } from './shared-companies.ts';

const companies = shareCompanies('test', [
  { id: 'c1', name: 'Selangor Gloves Berhad', otherNames: [], country: 'MY', parentId: null, allegations: 1 },
]);
const small = { names: [{ name: 'SELANGOR GLOVES BHD' }], threshold: 0.5, limit: 1, companies };

/** A file of articles that takes a worker many seconds to read for drafts. */
const slowTriage = {
  text: Array.from({ length: 400 }, (_, index) =>
    JSON.stringify({
      text: `Migrant workers from Nepal at Factory ${index} Sdn Bhd in Klang, Malaysia said their passports were held and wages withheld for months. `.repeat(
        60,
      ),
    }),
  ).join('\n'),
  file: 'slow.ndjson',
  maxArticles: 500,
  companies,
};

let pool: WorkPool | undefined;
afterEach(() => pool?.close());

/** A pool whose thread has loaded: the first tasks may wait for it (each within the time limit). */
async function warmPool(limits: Partial<Limits>): Promise<WorkPool> {
  const started = new WorkPool({ threads: 1, limits: { ...DEFAULT_LIMITS, ...limits }, warm: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await started.run('screen-names', small);
      return started;
    } catch (error) {
      if (!(error instanceof WorkRefused) || attempt > 60) throw error;
    }
  }
}

describe('the worker pool', () => {
  it('screens on a worker thread with the companies it is given', async () => {
    pool = new WorkPool({ threads: 1, limits: DEFAULT_LIMITS });
    const [result] = await pool.run('screen-names', small);
    expect(result!.matches[0]).toMatchObject({ companyId: 'c1', match: true });
  });

  it('stops a task past its time limit, says so, and answers the next one with a new thread', async () => {
    pool = await warmPool({ taskMilliseconds: 2000 });
    const refused = await pool.run('triage', slowTriage).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkRefused);
    expect(refused).toMatchObject({ reason: 'too_slow', status: 422 });
    expect((refused as Error).message).toContain('took longer than 2 s');
    let answered = false;
    for (let attempt = 0; attempt < 60 && !answered; attempt++)
      answered = await pool.run('screen-names', small).then(
        () => true,
        () => false,
      );
    expect(answered).toBe(true);
  });

  it('refuses tasks past its queue as busy rather than letting them pile up', async () => {
    pool = await warmPool({ taskMilliseconds: 120_000, queuedTasks: 1 });
    // One runs, one waits; the third is refused at once (the first two end with the pool).
    const running = [pool.run('triage', slowTriage), pool.run('triage', slowTriage)];
    for (const task of running) task.catch(() => undefined);
    const refused = await pool.run('triage', slowTriage).catch((error: unknown) => error);
    expect(refused).toMatchObject({ reason: 'busy', status: 503 });
    expect((refused as Error).message).toContain('busy');
  });

  it('stops a thread that needs more memory than a task may take', async () => {
    pool = new WorkPool({ threads: 1, limits: { ...DEFAULT_LIMITS, workerHeapMb: 48 } });
    const many = shareCompanies(
      'many',
      Array.from({ length: 300_000 }, (_, index) => ({
        id: `c${index}`,
        name: `Acme Garments Number ${index} Ltd`,
        otherNames: [],
        country: 'MY',
        parentId: null,
        allegations: 1,
      })),
    );
    const refused = await pool.run('screen-names', { ...small, companies: many }).catch((error) => error);
    expect(refused).toMatchObject({ reason: 'too_large', status: 413 });
  });

  it('gives back the input problems a task finds, as an input error', async () => {
    pool = new WorkPool({ threads: 1, limits: DEFAULT_LIMITS });
    const refused = await pool
      .run('screen-list', {
        list: { file: { name: 'list.csv', bytes: new TextEncoder().encode('company\nAcme\n') } },
        columns: { required: ['name'], optional: [] },
        bounds: { rows: 10, cellCharacters: 100, unzippedBytes: 1000, zipEntries: 10 },
        threshold: 0.5,
        companies,
      })
      .catch((error) => error);
    expect(refused).toMatchObject({ code: 'invalid_csv' });
    expect((refused as Error).message).toContain('list.csv:1: missing column name');
  });
});
