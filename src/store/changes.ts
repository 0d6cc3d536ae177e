import type { StoreConnection } from './connection.ts';

/**
 * The change token every cache follows (the facet index, the spelling vocabulary, rendered pages): it moves
 * on every committed write, by this process (a count of its own commits, which do not move the connection's
 * data version) or by another (the backend's data version).
 */
export class DataChanges {
  private writes = 0;

  constructor(private readonly connection: Pick<StoreConnection, 'dataVersion' | 'announceChange'>) {}

  /** After a write of records: their text index already told other processes. */
  committed(): void {
    this.writes++;
  }

  /** After a write outside the record path: this process's caches and other processes' follow. */
  async announce(): Promise<void> {
    this.writes++;
    await this.connection.announceChange?.();
  }

  async token(): Promise<string> {
    return `${(await this.connection.dataVersion?.()) ?? 0}:${this.writes}`;
  }
}
