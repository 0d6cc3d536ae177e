import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, exportChunks, type ExportFormat } from '../../formats/export.ts';
import { settings } from '../../settings.ts';
import { dbOption, withStore } from '../options.ts';

interface ExportOptions {
  db?: string;
  format: ExportFormat;
  all?: boolean;
  out?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write records to stdout (or --out FILE), streamed: published records unless --all')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('ndjson'))
    .option('--all', 'every record whatever its status (drafts, in review, retracted too)')
    .option('--out <file>', 'write to this file instead of stdout')
    .addOption(dbOption())
    .action(async (options: ExportOptions) => {
      await withStore(options.db, async (stores) => {
        const records = stores.records.streamRecords(options.all ? {} : { statuses: ['published'] });
        const target: Writable = options.out ? createWriteStream(options.out) : process.stdout;
        const layout = { publishedOnly: !options.all, publicUrl: settings().publicUrl };
        await pipeline(Readable.from(exportChunks(records, options.format, layout)), target, {
          end: Boolean(options.out),
        });
      });
    });
}
