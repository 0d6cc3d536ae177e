import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import { InputError } from '../src/domain/errors.ts';
import { SearchQuery } from '../src/search/query.ts';
import type { Stores } from '../src/store/store.ts';
import { copyDatabase, dumpDatabase, restoreDatabase } from '../src/store/transfer.ts';
import { bhr } from './support/cli.ts';
import { aUser, anApiToken } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS, type StoreBackend } from './support/stores.ts';

/**
 * A hash of every record, sorted, every field (ids, slugs, statuses, versions, timestamps, company ids,
 * confidential fields), and of the accounts, API tokens and history rows.
 */
async function fingerprint(store: Stores): Promise<string> {
  const lines: string[] = [];
  for await (const record of store.records.streamRecords({ confidential: true }))
    lines.push(JSON.stringify(record));
  for await (const side of store.sideRows.streamSideRows()) lines.push(JSON.stringify(side));
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

const dir = mkdtempSync(join(tmpdir(), 'bhr-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pairs: [string, string, StoreBackend, StoreBackend][] = STORE_BACKENDS.flatMap((from) =>
  STORE_BACKENDS.map((to) => [from.name, to.name, from, to] as [string, string, StoreBackend, StoreBackend]),
);

describe.each(pairs)('bhr db from %s to %s', (_from, _to, fromBackend, toBackend) => {
  const opened: (() => Promise<void>)[] = [];
  let source: Stores;
  let sourceLocation: string;

  beforeAll(async () => {
    const created = await fromBackend.create();
    opened.push(created.dispose);
    source = created.store;
    sourceLocation = created.location;
    await source.records.upsertRecords([...syntheticRecords({ count: 250, seed: 5 })]);
    await source.records.upsertRecords([
      aRecord({ title: 'Łódź: “quoted” <b>text</b>', status: 'retracted' }),
    ]);
    // A company identity no record names, with another name and a country.
    await source.companies.importCompanies([
      {
        name: 'Unnamed Parent Berhad',
        aliases: ['Родитель'],
        previousNames: [],
        identifiers: {},
        country: 'MY',
      },
    ]);
    // An account, its API token, and a record edited in the app, with confidential notes and a history.
    const editor = await aUser(source, 'editor');
    await anApiToken(source, editor.id, ['records:write']);
    const author = { userId: editor.id, name: editor.email };
    const draft = await source.records.saveRecord({
      record: aRecord({ title: 'Edited in the app', internalNotes: 'only for staff' }),
      author,
      action: 'create',
    });
    await source.records.saveRecord({
      record: { ...draft, summary: 'Added later' },
      expectedVersion: 1,
      author,
      action: 'edit',
    });
  });
  afterAll(async () => {
    for (const dispose of opened) await dispose();
  });

  const fresh = async () => {
    const created = await toBackend.create();
    opened.push(created.dispose);
    return created;
  };

  it('copies every record with nothing lost, and refuses a target that is not empty', async () => {
    const { store: target } = await fresh();
    expect(await copyDatabase(source, target)).toBe(252);
    expect(await fingerprint(target)).toBe(await fingerprint(source));
    expect((await target.accounts.findUserByEmail('editor@test.invalid'))?.role).toBe('editor');
    const edited = (
      await target.search.searchRecords(SearchQuery.parse({ q: 'edited in the app' }), {
        statuses: ['draft'],
      })
    ).records[0]!;
    expect((await target.revisions.listRevisions(edited.id)).map((revision) => revision.version)).toEqual([
      2, 1,
    ]);
    const lodz = await target.search.searchRecords(SearchQuery.parse({ q: 'lodz' }), {
      statuses: ['retracted'],
    });
    expect(lodz.total).toBe(1);
    await expect(copyDatabase(source, target)).rejects.toThrow(/already holds 252 records/);
  });

  it('backs up to a dump and restores it identically; a cut dump restores nothing', async () => {
    const file = join(dir, `dump-${fromBackend.name}-${toBackend.name}.ndjson`);
    expect(await dumpDatabase(source, file)).toBe(252);
    const { store: target } = await fresh();
    expect(await restoreDatabase(target, file)).toBe(252);
    expect(await fingerprint(target)).toBe(await fingerprint(source));

    const cut = join(dir, `cut-${fromBackend.name}-${toBackend.name}.ndjson`);
    writeFileSync(cut, readFileSync(file, 'utf8').split('\n').slice(0, 100).join('\n'));
    const { store: empty } = await fresh();
    await expect(restoreDatabase(empty, cut)).rejects.toBeInstanceOf(InputError);
    expect(await empty.records.countRecords()).toBe(0);
  });

  it('runs as bhr db copy on the command line', async () => {
    const { location } = await fresh();
    const result = await bhr(['db', 'copy', '--from', sourceLocation, '--to', location]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('copied 252 records');
  });
});
