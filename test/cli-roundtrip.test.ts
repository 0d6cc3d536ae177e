import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_ROLES } from '../src/domain/enumerations.ts';
import { bhr } from './support/cli.ts';

let dir: string;
const db = () => join(dir, 'demo.sqlite');

/** Export lines without updatedAt, which every write sets anew. */
function comparableNdjson(text: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const { updatedAt: _updatedAt, ...record } = JSON.parse(line);
      return record;
    });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bhr-roundtrip-'));
  const result = await bhr(['demo', '--synthetic', '300', '--db', db()]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /3 real cases and 300 synthetic records written; the database holds 303 records/,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the newcomer path', () => {
  it('bhr --help lists the commands, and every command has --help', async () => {
    const help = await bhr(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['parse', 'render', 'import', 'export', 'demo', 'serve']) {
      expect(help.stdout).toContain(command);
      const own = await bhr([command, '--help']);
      expect(own.code, command).toBe(0);
      expect(own.stdout).toContain(`Usage: bhr ${command}`);
    }
  });

  it('bhr export --format csv writes a byte-order mark, a header and one row per published record', async () => {
    const result = await bhr(['export', '--format', 'csv', '--db', db()]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      '\uFEFFid,url,title,dateReported,locationCountry,locationCountryName,locationCity,issues,issueLabels,summary,' +
        'Employer,Buyer,Supplier,Labour supplier,Recruitment agency,Sponsor,Investor,Parent company,Contractor,' +
        'Client,Other,affectedTotal,affectedGroupType,affectedGroupCount,affectedGroupOrigin,affectedGroupSector,' +
        'affectedGroupSubsector,affectedGroupGender,affectedGroupMigrationStatus,responseSought,sourceType,' +
        'sourceHeadline,sourcePublisher,sourceUrl,sourcePublished,sourceCompanies,sourceExcerpt,slug,status,' +
        'version,createdAt,updatedAt',
    );
    const all = await bhr(['export', '--format', 'ndjson', '--all', '--db', db()]);
    const published = comparableNdjson(all.stdout).filter(
      (record) => (record as { status: string }).status === 'published',
    );
    expect(published.length).toBeGreaterThan(250);
    const csv = await bhr(['import', join(dir, 'none.csv'), '--db', join(dir, 'x.sqlite')]);
    expect(csv.code).toBe(1);
  });
});

describe.each(['ndjson', 'json', 'csv'] as const)('bhr export --format %s then bhr import', (format) => {
  it('gives back the same records in a fresh database', async () => {
    const original = await bhr(['export', '--all', '--format', 'ndjson', '--db', db()]);
    const exported = await bhr(['export', '--all', '--format', format, '--db', db()]);
    expect(exported.code).toBe(0);
    const file = join(dir, `export.${format}`);
    writeFileSync(file, exported.stdout);
    const fresh = join(dir, `fresh-${format}.sqlite`);
    const imported = await bhr(['import', file, '--db', fresh]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('303 added, 0 updated');
    const again = await bhr(['export', '--all', '--format', 'ndjson', '--db', fresh]);
    // Company ids are the store's own; a CSV has a column per role, so its companies come back grouped by role.
    const strip = (records: unknown[]) =>
      records.map((record) => {
        const r = record as { companies: { companyId?: string; role: string }[] };
        const companies = r.companies.map(({ companyId: _id, ...company }) => company);
        const byRole = (role: string) => companies.filter((company) => company.role === role);
        return { ...r, companies: format === 'csv' ? COMPANY_ROLES.flatMap(byRole) : companies };
      });
    expect(strip(comparableNdjson(again.stdout))).toEqual(strip(comparableNdjson(original.stdout)));
  });
});

describe('text export', () => {
  it('renders every published record in the text form, which parses back', async () => {
    const text = await bhr(['export', '--format', 'text', '--db', db()]);
    const file = join(dir, 'export.txt');
    writeFileSync(file, text.stdout);
    const parsed = await bhr(['parse', file]);
    expect(parsed.code).toBe(0);
    const ndjson = await bhr(['export', '--format', 'ndjson', '--db', db()]);
    expect(JSON.parse(parsed.stdout)).toHaveLength(ndjson.stdout.trim().split('\n').length);
  });

  it('bhr render writes JSON records as text that bhr parse reads back', async () => {
    const json = await bhr(['export', '--format', 'json', '--db', db()]);
    const jsonFile = join(dir, 'records.json');
    writeFileSync(jsonFile, json.stdout);
    const rendered = await bhr(['render', jsonFile]);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout.split('\n')[1]).toBe('Summary');
    const textFile = join(dir, 'rendered.txt');
    writeFileSync(textFile, rendered.stdout);
    const parsed = JSON.parse((await bhr(['parse', textFile])).stdout) as { title: string }[];
    expect(parsed.map((record) => record.title)).toEqual(
      (JSON.parse(json.stdout) as { title: string }[]).map((record) => record.title),
    );
  });

  it('import of the same text twice updates instead of adding copies', async () => {
    const file = join(dir, 'export.txt');
    const fresh = join(dir, 'twice.sqlite');
    const first = await bhr(['import', file, '--db', fresh]);
    const second = await bhr(['import', file, '--db', fresh]);
    const added = Number(/(\d+) added/.exec(first.stdout)![1]);
    expect(second.stdout).toContain(`0 added, ${added} updated`);
  });
});
