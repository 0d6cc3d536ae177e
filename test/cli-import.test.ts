import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRecord } from '../src/formats/text/render.ts';
import { openStores } from '../src/store/open.ts';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';

let dir: string;
let db: string;

/** Everything the database holds, to compare before and after a failed import. */
async function snapshot(): Promise<string> {
  const store = await openStores(db);
  try {
    const records = [];
    for await (const record of store.records.streamRecords()) records.push(record);
    return JSON.stringify({ records, companies: await store.companies.countCompanies() });
  } finally {
    await store.close();
  }
}

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const good = renderRecord(aRecord());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bhr-cli-'));
  db = join(dir, 'bhr.sqlite');
  const store = await openStores(db);
  await store.records.upsertRecords([aRecord({ title: 'Already stored' })]);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bhr import rejects bad input whole, naming file and line, and leaves the database unchanged', () => {
  const cases: [string, () => string, RegExp][] = [
    [
      'a truncated record',
      () =>
        write(
          'truncated.txt',
          `${good}\n${good.slice(0, good.indexOf('Issues')).replace('Testland', 'Other')}`,
        ),
      /truncated\.txt:\d+: record "Other.*ends without the `Issues`, `Response` heading/,
    ],
    [
      'a missing heading',
      () => write('missing.txt', good.replace('Companies\n', '')),
      /missing\.txt:6: expected an affected group|missing\.txt:\d+: .*`Companies`/,
    ],
    [
      'an unknown country',
      () => write('country.txt', good.replace('Location: Malaysia', 'Location: Atlantis')),
      /country\.txt:4: unknown country "Atlantis"/,
    ],
    [
      'an unknown issue',
      () => write('issue.txt', good.replace('Wage theft', 'Bad weather')),
      /issue\.txt:11: unknown issue "Bad weather"/,
    ],
    [
      'a malformed group tuple',
      () => write('tuple.txt', good.replace('( 120 - Nepal', '( 120 Nepal')),
      /tuple\.txt:9: malformed affected group/,
    ],
    [
      'broken UTF-8',
      () =>
        write(
          'utf8.txt',
          Buffer.concat([
            Buffer.from(good.split('\n').slice(0, 4).join('\n') + '\nLine '),
            Buffer.from([0xc3, 0x28]),
            Buffer.from('\n' + good),
          ]),
        ),
      /utf8\.txt:5: the file is not valid UTF-8/,
    ],
    ['an empty file', () => write('empty.txt', ''), /empty\.txt:1: the file is empty/],
    ['invalid JSON', () => write('bad.json', '[\n{"title": "x"},\n{"title": '), /bad\.json:3: invalid JSON/],
    [
      'a JSON record that breaks the model',
      () =>
        write(
          'model.json',
          JSON.stringify([aRecord(), { ...aRecord(), location: { country: 'XX' } }], null, 1),
        ),
      /model\.json:\d+: expected an ISO 3166-1 alpha-2 country code \(at \/location\/country\)/,
    ],
    [
      'an NDJSON line with an unknown issue',
      () =>
        write(
          'issue.ndjson',
          `${JSON.stringify(aRecord())}\n${JSON.stringify(aRecord({ issues: ['bad-weather'] }))}\n`,
        ),
      /issue\.ndjson:2: unknown issue id \(at \/issues\/0\)/,
    ],
    [
      'a CSV row with a bad date',
      () =>
        write(
          'date.csv',
          'title,dateReported,locationCountry,companies,affectedTotal,affectedGroups,issues,responseSought,sources\nT,2025-02-30,MY,[],,[],,true,[]\n',
        ),
      /date\.csv:2: expected a date as YYYY-MM-DD \(at \/dateReported\)/,
    ],
  ];

  it.each(cases)('%s', async (_name, make, expected) => {
    const before = await snapshot();
    const file = make();
    const result = await bhr(['import', file, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).toContain('rejected, nothing imported from it');
    expect(await snapshot()).toBe(before);
  });

  it('a 50 MB file with one bad record near its end', async () => {
    const before = await snapshot();
    const file = join(dir, 'large.txt');
    const handle = openSync(file, 'w');
    let bytes = 0;
    let lines = 0;
    for (const record of syntheticRecords({ count: 200_000, seed: 7 })) {
      const text =
        renderRecord({
          ...record,
          sources: record.sources.map((s) => ({
            ...s,
            excerpt: `${s.excerpt}\n${'Padding sentence for size. '.repeat(30)}`,
          })),
        }) + '\n';
      writeSync(handle, text);
      bytes += Buffer.byteLength(text);
      lines += text.split('\n').length - 1;
      if (bytes > 50 * 1024 * 1024) break;
    }
    const bad = renderRecord(aRecord({ title: 'The bad one' })).replace(
      'Location: Malaysia',
      'Location: Atlantis',
    );
    writeSync(handle, bad);
    closeSync(handle);
    const result = await bhr(['import', file, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`large.txt:${lines + 4}: unknown country "Atlantis"`);
    expect(await snapshot()).toBe(before);
  });

  it('a file over --max-size', async () => {
    const file = write('limit.txt', good.repeat(20));
    const result = await bhr(['import', file, '--db', db, '--max-size', '0.001']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/limit\.txt:1: the file is 0\.0 MB, over the limit of 0\.0 MB/);
  });

  it('imports the good files of a batch and rejects the bad one', async () => {
    const ok = write('ok.txt', renderRecord(aRecord({ title: 'Good one' })));
    const bad = write('bad.txt', good.replace('Wage theft', 'Bad weather'));
    const result = await bhr(['import', ok, bad, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ok.txt: 1 added, 0 updated');
    expect(result.stdout).toContain('imported: 1 added, 0 updated, 1 file(s) rejected');
    expect(readFileSync(db).length).toBeGreaterThan(0);
  });
});
