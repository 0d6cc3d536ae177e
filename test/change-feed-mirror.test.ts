import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { permissionsOfRole } from '../src/domain/access.ts';
import type { ChangePage } from '../src/domain/change-feed.ts';
import { InputError, VersionConflict } from '../src/domain/errors.ts';
import type { RecordInput, StoredRecord } from '../src/domain/record.ts';
import {
  Forbidden,
  RecordNotFound,
  applyTransition,
  createRecord,
  mergeRecords,
  updateRecord,
  type Actor,
} from '../src/editorial/records.ts';
import { exportChunks } from '../src/formats/export.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * The change feed's promise to mirrors: a copy built ONLY by applying `GET /api/v1/changes` (added and changed
 * store the record, withdrawn removes it), synced now and then during a random run of creates, imports, edits,
 * publications, retractions, reinstatements, record merges, company merges and writes that fail, equals the
 * published export (`bhr export`'s NDJSON) at the end.
 */

const TITLES = ['Wages unpaid', 'Passports held', 'Dormitory fire', 'Fees charged', 'Strike broken'];
const COMPANIES = ['Alpha Gloves Sdn Bhd', 'Beta Logistics', 'Gamma Farms'];

type Step =
  | { op: 'create'; title: number; company: number }
  | { op: 'import'; title: number; company: number; publish: boolean }
  | { op: 'failedImport'; title: number }
  | { op: 'edit'; target: number; summary: number; confidential: boolean }
  | { op: 'publish' | 'retract' | 'reinstate'; target: number }
  | { op: 'merge'; target: number; into: number }
  | { op: 'mergeCompanies'; from: number; into: number }
  | { op: 'sync'; limit: number };

const index = fc.nat({ max: 20 });
const transition = (op: 'publish' | 'retract' | 'reinstate') =>
  fc.record({ op: fc.constant(op), target: index });
/** Steps weighted so that a run publishes, withdraws and merges often enough to matter. */
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('create' as const), title: index, company: index }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('import' as const),
      title: index,
      company: index,
      publish: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('failedImport' as const), title: index }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('edit' as const),
      target: index,
      summary: index,
      confidential: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: transition('publish') },
  { weight: 2, arbitrary: transition('retract') },
  { weight: 1, arbitrary: transition('reinstate') },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('merge' as const), target: index, into: index }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('mergeCompanies' as const), from: index, into: index }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('sync' as const), limit: fc.integer({ min: 1, max: 4 }) }),
  },
);

function recordOf(title: number, company: number, extra: Partial<RecordInput> = {}): RecordInput {
  const name = COMPANIES[company % COMPANIES.length]!;
  return aRecord({
    title: TITLES[title % TITLES.length]!,
    companies: [{ name, role: 'Employer' }],
    sources: [{ companies: [name], headline: `Report on ${name}`, excerpt: 'What workers said.' }],
    ...extra,
  });
}

/** A mirror that knows only what the feed told it. */
class Mirror {
  readonly records = new Map<string, StoredRecord>();
  private cursor: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  /** Reads one page (`untilEnd`: every page) and applies its changes in order. */
  async sync(limit: number, untilEnd: boolean): Promise<void> {
    for (;;) {
      const query = new URLSearchParams({
        limit: String(limit),
        ...(this.cursor ? { since: this.cursor } : {}),
      });
      const answer = await this.app.inject(`/api/v1/changes?${query}`);
      expect(answer.statusCode, answer.body).toBe(200);
      const page: ChangePage = answer.json();
      for (const change of page.changes) {
        if (change.kind === 'withdrawn') this.records.delete(change.id);
        else this.records.set(change.id, change.record!);
      }
      this.cursor = page.next;
      if (!untilEnd || !page.more) return;
    }
  }
}

/** The published export, as `bhr export` writes it, one record per line. */
async function publishedExport(store: Stores): Promise<unknown[]> {
  let text = '';
  for await (const chunk of exportChunks(store.records.streamRecords({ statuses: ['published'] }), 'ndjson'))
    text += chunk;
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Refusals a person's action may meet (a wrong status, a title taken, a stale version): nothing is written. */
const refused = (error: unknown) =>
  error instanceof InputError ||
  error instanceof Forbidden ||
  error instanceof VersionConflict ||
  error instanceof RecordNotFound;

async function run(store: Stores, actor: Actor, steps: readonly Step[], mirror: Mirror): Promise<void> {
  const ids: string[] = [];
  const pick = (position: number) => ids[position % ids.length];
  const current = async (position: number) => {
    const id = pick(position);
    return id ? store.records.getRecord(id, { confidential: true }) : undefined;
  };
  for (const step of steps) {
    try {
      switch (step.op) {
        case 'create':
          ids.push((await createRecord(store, actor, recordOf(step.title, step.company))).id);
          break;
        case 'import': {
          // Known by its slug: the import of a title already held updates that record (and may change its status).
          const status = step.publish ? 'published' : 'draft';
          const { ids: written } = await store.records.upsertRecords([
            recordOf(step.title, step.company, { status }),
          ]);
          for (const id of written) if (!ids.includes(id)) ids.push(id);
          break;
        }
        case 'failedImport': {
          const half = recordOf(step.title, 0, { status: 'published', summary: 'half an import' });
          async function* cut() {
            yield [half];
            throw new Error('the file was cut');
          }
          await expect(store.records.upsertBatches(cut())).rejects.toThrow('the file was cut');
          break;
        }
        case 'edit': {
          const record = await current(step.target);
          if (!record) break;
          const edited: RecordInput = {
            ...record,
            summary: `Summary ${step.summary}`,
            ...(step.confidential ? { internalNotes: `note ${step.summary}` } : {}),
            sources: step.confidential
              ? [
                  ...record.sources,
                  { companies: [], headline: `Restricted ${step.summary}`, excerpt: '…', restricted: true },
                ]
              : record.sources,
          };
          await updateRecord(store, actor, record.id, edited, record.version);
          break;
        }
        case 'publish': {
          const record = await current(step.target);
          if (!record) break;
          if (record.status === 'draft') await applyTransition(store, actor, record.id, 'request-review');
          await applyTransition(store, actor, record.id, 'publish');
          break;
        }
        case 'retract':
        case 'reinstate': {
          const record = await current(step.target);
          if (record) await applyTransition(store, actor, record.id, step.op, { reason: 'checked' });
          break;
        }
        case 'merge': {
          const [duplicate, into] = [pick(step.target), pick(step.into)];
          if (duplicate && into) await mergeRecords(store, actor, duplicate, into);
          break;
        }
        case 'mergeCompanies': {
          const [from, into] = await Promise.all([current(step.from), current(step.into)]);
          const fromId = from?.companies[0]?.companyId;
          const intoId = into?.companies[0]?.companyId;
          if (fromId && intoId)
            await store.companies.mergeCompanies(fromId, intoId, { userId: null, name: 'test' });
          break;
        }
        case 'sync':
          await mirror.sync(step.limit, false);
          break;
      }
    } catch (error) {
      if (!refused(error)) throw error;
    }
  }
}

describe.each(STORE_BACKENDS)('a mirror fed by the change feed on $name', (backend) => {
  it('equals the published export after any run of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60 }), async (steps) => {
        const { store, dispose } = await backend.create();
        const app = await buildServer(store);
        try {
          const actor: Actor = { user: await aUser(store, 'admin'), permissions: permissionsOfRole('admin') };
          const mirror = new Mirror(app);
          await run(store, actor, steps, mirror);
          await mirror.sync(3, true);
          const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
          expect([...mirror.records.values()].sort(byId)).toEqual(
            ((await publishedExport(store)) as { id: string }[]).sort(byId),
          );
        } finally {
          await app.close();
          await dispose();
        }
      }),
      { numRuns: backend.name === 'sqlite' ? 30 : 12 },
    );
  }, 300_000);
});
