import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import type { ChangePage } from '../../domain/change-feed.ts';
import { InputError } from '../../domain/errors.ts';
import { changeFeedChunks, type ChangeFeedFormat } from '../../formats/change-feed.ts';
import { EXPORT_FORMATS, exportChunks, type ExportFormat } from '../../formats/export.ts';
import { settings } from '../../settings.ts';
import type { ChangeFeedStore } from '../../store/store.ts';
import { dbOption, withStore } from '../options.ts';

interface ExportOptions {
  db?: string;
  format: ExportFormat;
  all?: boolean;
  out?: string;
  /** A cursor, or `true` for `--since` without one: the change feed from its first change. */
  since?: string | true;
}

/** Changes read a page at a time. */
const FEED_PAGE = 500;

const SINCE_HELP = `write the changes to the published records after CURSOR instead (the \`next\` of an earlier run or of GET /api/v1/changes; without CURSOR, from the first change): with --format ndjson one change per line, as the API gives them, then a last line {"next": CURSOR} to pass next time; with --format json the API's answer {"changes", "next", "more": false}. See docs/changes.md`;

async function* feedPages(feed: ChangeFeedStore, since: string | undefined): AsyncIterable<ChangePage> {
  let cursor = since;
  for (;;) {
    const page = await feed.readChanges({ limit: FEED_PAGE, ...(cursor ? { since: cursor } : {}) });
    yield page;
    if (!page.more) return;
    cursor = page.next;
  }
}

/** The feed's format, refusing what a change feed cannot be written as. */
function feedFormat(options: ExportOptions): ChangeFeedFormat {
  const refuse = (message: string) => {
    throw new InputError('invalid_options', [{ code: 'invalid_options', message }]);
  };
  if (options.all) refuse('--since follows the published records only: leave out --all');
  if (options.format !== 'ndjson' && options.format !== 'json')
    refuse(`--since writes the changes as ndjson or json, not ${options.format}`);
  return options.format as ChangeFeedFormat;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write records to stdout (or --out FILE), streamed: published records unless --all; with --since, the changes to them after a cursor',
    )
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('ndjson'))
    .option('--all', 'every record whatever its status (drafts, in review, retracted too)')
    .option('--since [cursor]', SINCE_HELP)
    .option('--out <file>', 'write to this file instead of stdout')
    .addOption(dbOption())
    .action(async (options: ExportOptions) => {
      const format = options.since === undefined ? undefined : feedFormat(options);
      await withStore(options.db, async (stores) => {
        const chunks =
          format && options.since !== undefined
            ? changeFeedChunks(
                feedPages(stores.changeFeed, options.since === true ? undefined : options.since),
                format,
              )
            : exportChunks(
                stores.records.streamRecords(options.all ? {} : { statuses: ['published'] }),
                options.format,
                { publishedOnly: !options.all, publicUrl: settings().publicUrl },
              );
        const target: Writable = options.out ? createWriteStream(options.out) : process.stdout;
        await pipeline(Readable.from(chunks), target, { end: Boolean(options.out) });
      });
    });
}
