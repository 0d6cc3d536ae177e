import { DEFAULT_THRESHOLD } from '../src/matching/score.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../src/store/open.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';

const dir = mkdtempSync(join(tmpdir(), 'bhr-companies-'));
const db = join(dir, 'companies.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('bhr companies import, bhr screen and bhr compare', () => {
  beforeAll(async () => {
    // A published record names the subsidiary, so that screening the parent finds it.
    const store = await openStores(db);
    await store.records.upsertRecords([
      aRecord({ companies: [{ name: 'Example Gloves Sdn Bhd', role: 'Employer' }] }),
    ]);
    await store.close();
  });

  it('imports companies with aliases in other scripts, countries by name or code, and parents', async () => {
    const companies = file(
      'companies.csv',
      [
        'name,aliases,country,lei,parent',
        'Example Holdings Berhad,Example Holdings,Malaysia,,',
        'Example Gloves Sdn Bhd,EG Gloves|易格手套,MY,,Example Holdings Berhad',
        'Wildberries,Вайлдберриз|OOO Wildberries,RU,,',
      ].join('\n'),
    );
    const result = await bhr(['companies', 'import', companies, '--db', db]);
    expect(result.stderr).toBe('');
    // The subsidiary was already known from the record: it is updated, not doubled.
    expect(result.stdout).toContain('2 companies added, 1 updated');
  });

  it('rejects a company file with a bad row whole, naming the line', async () => {
    const bad = file('bad.csv', 'name,country\nGood Company Ltd,MY\nBad Company Ltd,Atlantis\n,MY\n');
    const result = await bhr(['companies', 'import', bad, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:3: expected an ISO 3166-1 alpha-2 country code`);
    expect(result.stderr).toContain(`${bad}:4: a name must not be empty`);
    const screened = await bhr(['screen', file('good.csv', 'name\nGood Company Ltd\n'), '--db', db]);
    expect(JSON.parse(screened.stdout)[0].matches.filter((match: { match: boolean }) => match.match)).toEqual(
      [],
    );
  });

  it('screens a list in input order, explaining each match, with a reason for every row it cannot screen', async () => {
    const rows = [
      'name,country,id',
      '"WILDBERRIES, LLC",RU,1',
      'Вайлдберриз,,2',
      'EXAMPLE HOLDINGS BHD,Malaysia,3',
      ',,4',
      'LLC,,5',
      '?!?,,6',
      `${'x'.repeat(10_000)},,7`,
      'Example Gloves,Atlantis,8',
    ];
    const list = Buffer.concat([
      Buffer.from(rows.join('\n') + '\n'),
      // A row in Latin-1, not UTF-8: reported and skipped; the rows after it are still screened.
      Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x2c, 0x2c, 0x39, 0x0a]),
      Buffer.from('OOO Wildberries,,10\n'),
    ]);
    const result = await bhr(['screen', file('list.csv', list), '--db', db]);
    expect(result.code).toBe(0);
    const results = JSON.parse(result.stdout) as {
      input: { id: string; name: string };
      matches: {
        name: string;
        match: boolean;
        band?: string;
        score: number;
        allegations: number;
        explanations: unknown[];
        viaSubsidiaries?: { name: string }[];
      }[];
      error?: string;
    }[];
    expect(results.map((entry) => entry.input.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '10']);
    for (const index of [0, 1, 8]) {
      expect(results[index]!.matches[0]).toMatchObject({ name: 'Wildberries', match: true, band: 'match' });
      expect(results[index]!.matches[0]!.explanations.length).toBeGreaterThan(0);
    }
    expect(results[2]!.matches[0]).toMatchObject({
      name: 'Example Holdings Berhad',
      match: true,
      allegations: 0,
    });
    expect(results[2]!.matches[0]!.viaSubsidiaries).toEqual([
      expect.objectContaining({ name: 'Example Gloves Sdn Bhd', allegations: 1 }),
    ]);
    // `match` is the band `match`; a possible match is `review`, a result in neither has no band.
    for (const { matches } of results)
      for (const match of matches) {
        expect(match.match).toBe(match.band === 'match');
        expect([undefined, 'match', 'review']).toContain(match.band);
      }
    expect(results[3]!.error).toBe('the name is empty');
    expect(results[4]!.error).toMatch(/only a legal form/);
    expect(results[5]!.error).toMatch(/no letters or digits/);
    expect(results[6]!.error).toMatch(/10000 characters/);
    expect(results[7]!.error).toMatch(/unknown country "Atlantis"/);
    expect(result.stderr).toMatch(/list\.csv:10: not valid UTF-8/);
    expect(result.stderr).toMatch(/list\.csv:5: the name is empty/);
    const scores = results[0]!.matches.map((match) => match.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('writes the screening as CSV, and refuses a list without a name column', async () => {
    const csv = await bhr([
      'screen',
      file('one.csv', 'name\nWildberries RU\n'),
      '--format',
      'csv',
      '--db',
      db,
    ]);
    expect(csv.stdout.split('\n')[0]).toBe(
      'input_id,input_name,input_country,rank,company_id,company_name,score,match,band,allegations,via_subsidiaries,explanations,decision,error',
    );
    expect(csv.stdout).toContain('Wildberries RU,,1,');
    const missing = await bhr([
      'screen',
      file('nocolumn.csv', 'company,country\nWildberries,RU\n'),
      '--db',
      db,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing column name; the header has company, country');
  });

  it('compares one pair with its explanations', async () => {
    const result = await bhr(['compare', 'Top Glove Corporation Bhd', 'TOP GLOVE', '--json']);
    const pair = JSON.parse(result.stdout);
    expect(pair).toMatchObject({
      match: true,
      threshold: DEFAULT_THRESHOLD,
      matcher: { name: 'bhr-name-match' },
    });
    expect(pair.explanations.length).toBeGreaterThan(0);
    expect(
      pair.explanations.map((explanation: { detail: string }) => explanation.detail).join('\n'),
    ).toContain('same words: top, glove');
    const refused = await bhr(['compare', 'LLC', 'Top Glove']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('first name: the name is only a legal form or descriptor');
  });
});
