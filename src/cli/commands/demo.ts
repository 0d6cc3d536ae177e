import type { Command } from 'commander';
import { validateRecord } from '../../domain/validate.ts';
import realCases from '../../demo/real-cases.json' with { type: 'json' };
import { realCompanies } from '../../demo/real-companies.ts';
import { syntheticRecords } from '../../demo/synthetic.ts';
import type { RecordInput } from '../../domain/record.ts';
import type { CompanyStore, RecordsStore } from '../../store/store.ts';
import { dbOption, withStore } from '../options.ts';

/** Records per transaction when loading synthetic data, so that a million records stream through memory. */
const CHUNK = 10_000;

/**
 * Writes the demo data: the real cases, their companies' identities (their names in other scripts), and the
 * synthetic records.
 */
export async function loadDemo(
  stores: { records: Pick<RecordsStore, 'upsertRecords'>; companies: Pick<CompanyStore, 'importCompanies'> },
  options: { synthetic: number; seed: number },
): Promise<{ real: number; synthetic: number }> {
  const { records } = stores;
  const real = realCases.records.map((record, index) =>
    validateRecord(record, { file: 'real-cases.json', path: `/records/${index}` }),
  );
  await records.upsertRecords(real, { status: 'published' });
  // After the records, which name the companies: the identities complete those companies, known by name.
  await stores.companies.importCompanies(realCompanies());
  let written = 0;
  let chunk: RecordInput[] = [];
  for (const record of syntheticRecords({ count: options.synthetic, seed: options.seed })) {
    chunk.push(record);
    if (chunk.length === CHUNK) {
      await records.upsertRecords(chunk);
      written += chunk.length;
      chunk = [];
      if (process.stderr.isTTY) process.stderr.write(`\rsynthetic records: ${written}/${options.synthetic}`);
    }
  }
  if (chunk.length > 0) await records.upsertRecords(chunk);
  if (process.stderr.isTTY && written > 0) process.stderr.write('\n');
  return { real: real.length, synthetic: options.synthetic };
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'fill a database with demo data: a few real cases (facts only) and clearly labelled synthetic records',
    )
    .option('--synthetic <count>', 'number of synthetic records (up to 1,000,000 for benchmarks)', '2000')
    .option('--seed <number>', 'seed of the synthetic generator: the same seed gives the same records', '1')
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nSynthetic records have "(demo case N)" in their title, invented company names and one source, the demo\ngenerator; pages mark them with a "Synthetic" badge. Running it again updates the same records instead of\nadding copies.',
    )
    .action(async (options: { synthetic: string; seed: string; db?: string }) => {
      const synthetic = Number(options.synthetic);
      const seed = Number(options.seed);
      if (!Number.isInteger(synthetic) || synthetic < 0 || synthetic > 5_000_000) {
        throw new Error('--synthetic expects a whole number from 0 to 5,000,000');
      }
      if (!Number.isInteger(seed)) throw new Error('--seed expects a whole number');
      await withStore(options.db, async ({ records, companies }) => {
        const loaded = await loadDemo({ records, companies }, { synthetic, seed });
        const total = await records.countRecords();
        process.stdout.write(
          `demo: ${loaded.real} real cases and ${loaded.synthetic} synthetic records written; the database holds ${total} records\n`,
        );
      });
    });
}
