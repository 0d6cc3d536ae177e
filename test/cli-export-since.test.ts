import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeItem } from '../src/domain/change-feed.ts';
import type { Stores } from '../src/store/store.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/** NDJSON lines: the changes, and the last line's cursor. */
function changesOf(stdout: string): { changes: ChangeItem[]; next: string } {
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const last = lines.pop();
  expect(Object.keys(last)).toEqual(['next']);
  return { changes: lines, next: last.next };
}

describe.each(STORE_BACKENDS)('bhr export --since on $name', (backend) => {
  let store: Stores;
  let location: string;
  let dispose: () => Promise<void>;
  let ids: string[];
  const dir = mkdtempSync(join(tmpdir(), 'bhr-since-'));
  beforeAll(async () => {
    ({ store, location, dispose } = await backend.create());
    ({ ids } = await store.records.upsertRecords([
      aRecord({ title: 'First published', internalNotes: 'staff only' }),
      aRecord({ title: 'A draft', status: 'draft' }),
      aRecord({ title: 'Second published' }),
    ]));
  });
  afterAll(async () => {
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the changes from the start as the API gives them, then the cursor; from it, only what came after', async () => {
    const start = await bhr(['export', '--since', '--db', location]);
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const first = changesOf(start.stdout);
    expect(first.changes.map((change) => [change.kind, change.id])).toEqual([
      ['added', ids[0]],
      ['added', ids[2]],
    ]);
    const api = await store.changeFeed.readChanges({ limit: 10 });
    expect(first.changes).toEqual(JSON.parse(JSON.stringify(api.changes)));
    expect(first.next).toBe(api.next);
    expect(start.stdout).not.toContain('staff only');

    await store.records.upsertRecords([
      aRecord({ id: ids[0]!, title: 'First published', status: 'retracted', retractionReason: 'wrong' }),
      aRecord({ id: ids[1]!, title: 'A draft', status: 'published' }),
    ]);
    const after = changesOf((await bhr(['export', '--since', first.next, '--db', location])).stdout);
    expect(after.changes.map((change) => [change.kind, change.id])).toEqual([
      ['withdrawn', ids[0]],
      ['added', ids[1]],
    ]);
    // Nothing new: no change, the same cursor.
    const none = changesOf((await bhr(['export', '--since', after.next, '--db', location])).stdout);
    expect(none).toEqual({ changes: [], next: after.next });

    // As JSON: the API's answer with every change; to a file with --out.
    const out = join(dir, 'changes.json');
    const json = await bhr([
      'export',
      '--since',
      first.next,
      '--format',
      'json',
      '--out',
      out,
      '--db',
      location,
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ ...after, more: false });
  });

  it('refuses a cursor that is not one, and formats a change feed cannot be written as', async () => {
    const bad = await bhr(['export', '--since', 'not-a-cursor', '--db', location]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/unknown cursor/);
    const csv = await bhr(['export', '--since', '--format', 'csv', '--db', location]);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/--since writes the changes as ndjson or json/);
    const all = await bhr(['export', '--since', '--all', '--db', location]);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/leave out --all/);
  });
});
