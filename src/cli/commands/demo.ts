import type { Command } from 'commander';
import { validateRecord } from '../../domain/validate.ts';
import realCases from '../../demo/real-cases.json' with { type: 'json' };
import { syntheticRecords } from '../../demo/synthetic.ts';
import type { RecordInput } from '../../domain/record.ts';
import type { RecordsStore } from '../../store/store.ts';
import { dbOption, withStore } from '../options.ts';

/** Records per transaction when loading synthetic data, so that a million records stream through memory. */
const CHUNK = 10_000;

export async function loadDemo(
  records: Pick<RecordsStore, 'upsertRecords'>,
  options: { synthetic: number; seed: number },
): Promise<{ real: number; synthetic: number }> {
  const real = realCases.records.map((record, index) =>
    validateRecord(record, { file: 'real-cases.json', path: `/records/${index}` }),
  );
  await records.upsertRecords(real, { status: 'published' });
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
      await withStore(options.db, async ({ records }) => {
        const loaded = await loadDemo(records, { synthetic, seed });
        const total = await records.countRecords();
        process.stdout.write(
          `demo: ${loaded.real} real cases and ${loaded.synthetic} synthetic records written; the database holds ${total} records\n`,
        );
      });
    });
}
