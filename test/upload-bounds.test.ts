import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/settings.ts';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { zipArchive } from './support/zip.ts';

/** An .xlsx workbook of rows, written by exceljs as a spreadsheet program would. */
async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Suppliers');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const MB = 2 ** 20;

/** The screening form posted as a browser does, to the listening server. */
function screen(base: string, file: { name: string; bytes: Buffer }): Promise<Response> {
  const form = new FormData();
  form.append('threshold', '0.7');
  form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  return fetch(`${base}/screening`, { method: 'POST', body: form });
}

describe('uploads are bounded before they are parsed (the anonymous out-of-memory crash)', () => {
  let dir: string;
  let store: Stores;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-uploads-'));
    store = await openStores(join(dir, 'db.sqlite'));
    await store.companies.importCompanies([
      { name: 'Selangor Gloves Berhad', aliases: [], previousNames: [], identifiers: {}, country: 'MY' },
    ]);
    app = await buildServer(store, { limits: { ...DEFAULT_LIMITS, taskMilliseconds: 60_000 } });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    // The worker thread loads once; memory is measured after it has.
    const warm = await screen(base, { name: 'ok.xlsx', bytes: await workbook([['name'], ['Acme']]) });
    expect(warm.status).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a workbook whose one cell decompresses to 60 MB, naming the limit, ten at once, and lives on', async () => {
    const bomb = await workbook([['name'], ['x'.repeat(60 * MB)]]);
    expect(bomb.length).toBeLessThan(MB);
    const before = process.memoryUsage().rss;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => screen(base, { name: 'bomb.xlsx', bytes: bomb })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain('bomb.xlsx: the workbook decompresses to more than 32 MB');
    }
    // The parts were measured as they were decompressed and never held: memory barely grows.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MB);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('refuses a workbook whose headers lie about the size of a part', async () => {
    const lying = zipArchive([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(40 * MB, 'a'), declaredSize: 1000 },
    ]);
    const answer = await screen(base, { name: 'lying.xlsx', bytes: lying });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('lying.xlsx: not an Excel workbook (.xlsx) that can be read');
  });

  it('refuses a workbook of more parts than a list may have', async () => {
    const parts = Array.from({ length: DEFAULT_LIMITS.zipEntries + 1 }, (_, index) => ({
      name: `part${index}.xml`,
      data: Buffer.from('<x/>'),
    }));
    const answer = await screen(base, { name: 'parts.xlsx', bytes: zipArchive(parts) });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain(`has ${DEFAULT_LIMITS.zipEntries + 1} parts, more than the 1000`);
  });

  it('refuses a cell longer than a name, naming the file and the row', async () => {
    const answer = await screen(base, {
      name: 'long.xlsx',
      bytes: await workbook([['name'], ['Acme'], ['y'.repeat(5000)]]),
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('long.xlsx:3: a cell is longer than 1,000 characters');
    const csv = await screen(base, { name: 'long.csv', bytes: Buffer.from(`name\n${'z'.repeat(5000)}\n`) });
    expect(csv.status).toBe(400);
    expect(await csv.text()).toContain('long.csv:2: a cell is longer than 1,000 characters');
  });

  it('reads the first 2,000 rows of a long workbook off the event loop, and says the rest was not read', async () => {
    const rows = [['name', 'country']];
    for (let index = 0; index < 60_000; index++) rows.push([`Supplier number ${index} Sdn Bhd`, 'MY']);
    const long = await workbook(rows);
    const started = screen(base, { name: 'long-list.xlsx', bytes: long }).then(async (answer) => ({
      answer,
      body: await answer.text(),
      at: performance.now(),
    }));
    // While the list is read and screened, the server goes on answering others.
    const others: number[] = [];
    let done = false;
    void started.then(() => (done = true));
    while (!done) {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      others.push(performance.now());
    }
    const { answer, body, at } = await started;
    expect(answer.status).toBe(200);
    expect(body).toMatch(/long-list\.xlsx: 2,?000 names screened/);
    expect(body).toContain(
      'long-list.xlsx:2002: the list has more than 2,000 rows: only the first 2,000 are read',
    );
    expect(body).not.toContain('Supplier number 2000 ');
    expect(others.filter((time) => time < at).length).toBeGreaterThan(1);
  });
});
