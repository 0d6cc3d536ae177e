import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchQuery } from '../src/search/query.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, anApiToken } from './support/accounts.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';
import { hangulWord } from './support/text.ts';

/** A probe's record: a summary of 200,000 Hangul syllables in one word, which once overflowed the stack. */
const HUGE_WORD = hangulWord(200_000);
const PIECE = HUGE_WORD.slice(100, 102);

const titlesFound = async (store: Stores, q: string, statuses: ('draft' | 'published')[]) =>
  (await store.search.searchRecords(SearchQuery.parse({ q }), { statuses })).records.map(
    (record) => record.title,
  );

describe.each(STORE_BACKENDS)('a record with one huge word, through the API on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('is created (201), found by a two-syllable piece of the word, and shown in search results', async () => {
    const researcher = await aUser(store, 'researcher');
    const editor = await aUser(store, 'editor');
    const writer = await anApiToken(store, researcher.id, ['records:write']);
    const publisher = await anApiToken(store, editor.id, ['records:write', 'records:publish']);
    const send = (url: string, body: object, token: string) =>
      app.inject({ method: 'POST', url, payload: body, headers: { authorization: `Bearer ${token}` } });

    const created = await send(
      '/api/v1/records',
      aRecord({ title: 'One huge word', summary: HUGE_WORD }),
      writer,
    );
    expect(created.statusCode, created.body.slice(0, 300)).toBe(201);
    const { id } = created.json();
    expect(await titlesFound(store, PIECE, ['draft'])).toEqual(['One huge word']);

    // Published, it is found by the public API and its snippet marks the piece on the search page.
    await send(`/api/v1/records/${id}/transitions`, { transition: 'request-review' }, writer);
    const published = await send(`/api/v1/records/${id}/transitions`, { transition: 'publish' }, publisher);
    expect(published.json().status).toBe('published');
    const found = await app.inject(`/api/v1/records?q=${encodeURIComponent(PIECE)}`);
    expect(found.json().data.map((record: { id: string }) => record.id)).toEqual([id]);
    const page = await app.inject(`/search?q=${encodeURIComponent(PIECE)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<mark>${PIECE}</mark>`);
  });
});

describe.each(STORE_BACKENDS)('bhr import of several files, one of them bad, on $name', (backend) => {
  let dir: string;
  let store: Stores;
  let location: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-long-'));
    ({ store, location, dispose } = await backend.create());
  });
  afterAll(async () => {
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const importFiles = (files: string[]) => bhr(['import', ...files, '--db', location]);

  it('imports a file whose record holds a 200,000-syllable word, and the files around it', async () => {
    const result = await importFiles([
      write('good1.json', JSON.stringify(aRecord({ title: 'Before the huge one' }))),
      write('huge.json', JSON.stringify(aRecord({ title: 'The huge one', summary: HUGE_WORD }))),
      write('good2.json', JSON.stringify(aRecord({ title: 'After the huge one' }))),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('huge.json: 1 added, 0 updated');
    expect(result.stdout).toContain('imported: 3 added, 0 updated, 0 file(s) rejected');
    expect(await titlesFound(store, PIECE, ['published'])).toEqual(['The huge one']);
    expect(await titlesFound(store, 'after huge', ['published'])).toEqual(['After the huge one']);
  });

  it('names FILE:LINE of a bad line, imports nothing of that file and still imports the others', async () => {
    const result = await importFiles([
      write('first.ndjson', `${JSON.stringify(aRecord({ title: 'First good file' }))}\n`),
      write(
        'bad.ndjson',
        `${JSON.stringify(aRecord({ title: 'Good line of a bad file' }))}\n{"title": "cut short\n`,
      ),
      write('last.ndjson', `${JSON.stringify(aRecord({ title: 'Last good file' }))}\n`),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.ndjson:2: invalid JSON/);
    expect(result.stderr).toContain('bad.ndjson: rejected, nothing imported from it');
    expect(result.stdout).toContain('imported: 2 added, 0 updated, 1 file(s) rejected');
    expect(await titlesFound(store, 'good file', ['published'])).toEqual(
      expect.arrayContaining(['First good file', 'Last good file']),
    );
    expect(await titlesFound(store, 'good line', ['published'])).toEqual([]);
  });

  it('names a file that cannot be read (a folder) and goes on', async () => {
    const folder = join(dir, 'folder.json');
    mkdirSync(folder, { recursive: true });
    const result = await importFiles([
      folder,
      write('next.json', JSON.stringify(aRecord({ title: 'After a folder' }))),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${folder}: cannot read the file: it is a folder`);
    expect(result.stdout).toContain('next.json: 1 added, 0 updated');
  });
});

// PostgreSQL refuses a NUL character in text, after validation: a failure during the store write, which once
// stopped the whole import without naming the file. (SQLite stores it, so this runs on PostgreSQL only.)
describe('bhr import when the database refuses a file, on postgres', () => {
  const backend = STORE_BACKENDS.find((candidate) => candidate.name === 'postgres')!;
  let dir: string;
  let store: Stores;
  let location: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-crash-'));
    ({ store, location, dispose } = await backend.create());
  });
  afterAll(async () => {
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the file, rolls it back and still imports the others', async () => {
    const write = (name: string, content: string) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    };
    const result = await bhr([
      'import',
      write('before-crash.json', JSON.stringify(aRecord({ title: 'Before a crash' }))),
      write(
        'crash.json',
        JSON.stringify([
          aRecord({ title: 'Written before the failing one' }),
          aRecord({ title: 'A title with a NUL \u0000 in it' }),
        ]),
      ),
      write('after-crash.json', JSON.stringify(aRecord({ title: 'After a crash' }))),
      '--db',
      location,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/crash\.json: (import failed: |\d+: ).+/);
    expect(result.stderr).toContain('crash.json: rejected, nothing imported from it');
    expect(result.stdout).toContain('imported: 2 added, 0 updated, 1 file(s) rejected');
    expect(await titlesFound(store, 'crash', ['published'])).toEqual(
      expect.arrayContaining(['Before a crash', 'After a crash']),
    );
    expect(await titlesFound(store, 'written before failing', ['published'])).toEqual([]);
  });
});
