import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { InputError } from '../../domain/errors.ts';
import { RECORD_STATUSES } from '../../domain/enumerations.ts';
import type { RecordStatus } from '../../domain/record.ts';
import { DEFAULT_MAX_BYTES } from '../../formats/input.ts';
import { readRecordBatches } from '../../formats/read-records.ts';
import { messageOf, printIssues } from '../io.ts';
import { dbOption, withStore } from '../options.ts';

interface ImportOptions {
  db?: string;
  status?: RecordStatus;
  maxSize: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import records from text-form, .json, .ndjson or .csv files, one transaction per file')
    .argument(
      '<files...>',
      'files to import; the format follows the extension (.json, .ndjson, .csv, else text form)',
    )
    .addOption(dbOption())
    .addOption(
      new Option('--status <status>', 'status for records that carry none (default: published)').choices(
        RECORD_STATUSES,
      ),
    )
    .option(
      '--max-size <MB>',
      'refuse files larger than this many megabytes',
      String(DEFAULT_MAX_BYTES / 1048576),
    )
    .addHelpText(
      'after',
      '\nA record is known by its id or, without one, by its slug (title + date reported): importing it again updates it.\nA file with any error is rejected whole and nothing of it is written; errors read FILE:LINE: message. The other files are still imported, and the exit code is then 1.',
    )
    .action(async (files: string[], options: ImportOptions) => {
      const maxBytes = Number(options.maxSize) * 1048576;
      if (!Number.isFinite(maxBytes) || maxBytes <= 0)
        throw new Error('--max-size expects a number of megabytes');
      const totals = { added: 0, updated: 0, rejectedFiles: 0 };
      await withStore(options.db, async ({ records }) => {
        for (const file of files) {
          // On a terminal: how much of the file is read, and how many records are written so far.
          const bar = process.stderr.isTTY
            ? new cliProgress.SingleBar(
                { format: `${file} [{bar}] {percentage}% read | {records} records written` },
                cliProgress.Presets.shades_classic,
              )
            : undefined;
          bar?.start(1000, 0, { records: 0 });
          try {
            const summary = await records.upsertBatches(
              readRecordBatches(file, {
                maxBytes,
                onProgress: (fraction) => bar?.update(Math.round(fraction * 1000)),
              }),
              {
                ...(options.status ? { status: options.status } : {}),
                onProgress: (records) => bar?.increment(0, { records }),
              },
            );
            bar?.stop();
            totals.added += summary.added;
            totals.updated += summary.updated;
            process.stdout.write(`${file}: ${summary.added} added, ${summary.updated} updated\n`);
          } catch (error) {
            // Whatever stopped this file (bad input, or a failure while reading or writing it), its transaction
            // is rolled back: name it and go on with the others.
            bar?.stop();
            if (error instanceof InputError) printIssues(error);
            else process.stderr.write(`${file}: import failed: ${messageOf(error)}\n`);
            process.stderr.write(`${file}: rejected, nothing imported from it\n`);
            totals.rejectedFiles++;
          }
        }
      });
      process.stdout.write(
        `imported: ${totals.added} added, ${totals.updated} updated, ${totals.rejectedFiles} file(s) rejected\n`,
      );
      if (totals.rejectedFiles > 0) process.exitCode = 1;
    });
}
