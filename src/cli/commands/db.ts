import type { Command } from 'commander';
import { databaseLocation, openStores } from '../../store/open.ts';
import { copyDatabase, dumpDatabase, restoreDatabase } from '../../store/transfer.ts';
import { dbOption, withStore } from '../options.ts';

export function registerDb(program: Command): void {
  const db = program
    .command('db')
    .description('database upkeep: migrate, back up, restore, copy between SQLite and PostgreSQL');

  db.command('migrate')
    .description('bring the database to the latest schema version (every command also does this on open)')
    .addOption(dbOption())
    .action(async (options: { db?: string }) => {
      await withStore(options.db, async ({ backend, records }) => {
        process.stdout.write(
          `${databaseLocation(options.db)}: migrated (${backend}), ${await records.countRecords()} records\n`,
        );
      });
    });

  db.command('backup')
    .description('write every record (all statuses, with ids and timestamps) to a portable dump file')
    .argument('<file>', 'dump file to write (NDJSON with a header line)')
    .addOption(dbOption())
    .action(async (file: string, options: { db?: string }) => {
      await withStore(options.db, async (database) => {
        const count = await dumpDatabase(database, file);
        process.stdout.write(`${file}: ${count} records backed up\n`);
      });
    });

  db.command('restore')
    .description('read a dump written by `bhr db backup` into an empty database, in one transaction')
    .argument('<file>', 'dump file')
    .addOption(dbOption())
    .action(async (file: string, options: { db?: string }) => {
      await withStore(options.db, async (database) => {
        const count = await restoreDatabase(database, file);
        process.stdout.write(`${file}: ${count} records restored\n`);
      });
    });

  db.command('copy')
    .description('copy every record from one database to another, empty one (e.g. SQLite to PostgreSQL)')
    .requiredOption('--from <location>', 'source: a SQLite file path or a postgres:// URL')
    .requiredOption('--to <location>', 'target, empty: a SQLite file path or a postgres:// URL')
    .action(async (options: { from: string; to: string }) => {
      const source = await openStores(options.from);
      try {
        const target = await openStores(options.to);
        try {
          const count = await copyDatabase(source, target, (written) => {
            if (process.stderr.isTTY) process.stderr.write(`\rcopied ${written}`);
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          process.stdout.write(`copied ${count} records from ${options.from} to ${options.to}\n`);
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}
