import { Option } from 'commander';
import { databaseLocation, openStore } from '../store/open.ts';
import type { RecordStore } from '../store/store.ts';

export const dbOption = () =>
  new Option(
    '--db <location>',
    'database: a SQLite file path or a postgres:// URL (default: $BHR_DATABASE, else data/bhr.sqlite)',
  );

/** Opens the store named by --db / BHR_DATABASE, runs `work` and always closes it. */
export async function withStore<T>(
  db: string | undefined,
  work: (store: RecordStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(databaseLocation(db));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
