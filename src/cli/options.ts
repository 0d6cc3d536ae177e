import { Option } from 'commander';
import { databaseLocation, openStores } from '../store/open.ts';
import type { Stores } from '../store/store.ts';

export const dbOption = () =>
  new Option(
    '--db <location>',
    'database: a SQLite file path or a postgres:// URL (default: $BHR_DATABASE, else data/bhr.sqlite)',
  );

/**
 * Opens the database named by --db / BHR_DATABASE, runs `work` with its stores and always closes it. A command
 * takes the parts it uses (`async ({ records }) => ...`); backups and copies take them all.
 */
export async function withStore<T>(db: string | undefined, work: (stores: Stores) => Promise<T>): Promise<T> {
  const stores = await openStores(databaseLocation(db));
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}
