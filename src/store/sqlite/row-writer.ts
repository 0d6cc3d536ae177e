import type Sqlite from 'better-sqlite3';
import type { RowWriter } from '../record-writes.ts';

/**
 * Bulk writes through cached prepared statements, one row at a time: on SQLite this is faster than building
 * multi-row INSERTs. It runs on the connection Kysely uses, so inside the same transaction.
 */
export function preparedRowWriter(database: Sqlite.Database): RowWriter {
  const statements = new Map<string, { statement: Sqlite.Statement<unknown[]>; columns: string[] }>();
  return async (_db, table, rows) => {
    const first: Readonly<Record<string, unknown>> | undefined = rows[0];
    if (!first) return;
    const columns = Object.keys(first);
    const key = `${table}(${columns.join(',')})`;
    let prepared = statements.get(key);
    if (!prepared) {
      const quoted = columns.map((column) => `"${column}"`).join(', ');
      const statement = database.prepare<unknown[]>(
        `INSERT INTO "${table}" (${quoted}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      prepared = { statement, columns };
      statements.set(key, prepared);
    }
    const values: unknown[] = new Array(columns.length);
    for (const row of rows) {
      const cells: Readonly<Record<string, unknown>> = row;
      for (let index = 0; index < columns.length; index++) values[index] = cells[columns[index]!] ?? null;
      prepared.statement.run(values);
    }
  };
}
