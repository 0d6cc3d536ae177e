import { Option } from 'commander';
import { databaseLocation, openStore } from '../store/open.ts';
import type { Stores } from '../store/store.ts';

export const dbOption = () =>
  new Option(
    '--db <location>',
    'database: a SQLite file path or a postgres:// URL (default: $BHR_DATABASE, else data/bhr.sqlite)',
  );

/** The database as `openStore` opens it, whole: for the commands that back it up, restore or copy it. */
export type OpenedDatabase = Awaited<ReturnType<typeof openStore>>;

/** Opens the database named by --db / BHR_DATABASE, runs `work` and always closes it. */
export async function withDatabase<T>(
  db: string | undefined,
  work: (database: OpenedDatabase) => Promise<T>,
): Promise<T> {
  const database = await openStore(databaseLocation(db));
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The same for a command that takes the stores it uses off the database's: `async ({ records }) => ...`. */
export function withStore<T>(db: string | undefined, work: (stores: Stores) => Promise<T>): Promise<T> {
  return withDatabase(db, work);
}
