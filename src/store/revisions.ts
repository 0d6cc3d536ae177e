import type { Kysely } from 'kysely';
import {
  getRevision,
  listRevisions,
  recentRevisions,
  type ActivityEntry,
  type Revision,
  type RevisionWithSnapshot,
} from './record-history.ts';
import type { Database } from './schema.ts';
import type { RevisionStore } from './store.ts';

/** Ids per query where a list of them is matched with IN. */
const IDS_PER_QUERY = 500;

/** The history of records, written with each change by the records store (record-changes.ts). */
export class KyselyRevisionStore implements RevisionStore {
  constructor(private readonly db: Kysely<Database>) {}

  listRevisions(recordId: string): Promise<Revision[]> {
    return listRevisions(this.db, recordId);
  }

  async recordsWrittenBy(userId: string, recordIds: readonly string[]): Promise<Set<string>> {
    const written = new Set<string>();
    for (let start = 0; start < recordIds.length; start += IDS_PER_QUERY) {
      const rows = await this.db
        .selectFrom('record_revisions')
        .select('record_id')
        .distinct()
        .where('user_id', '=', userId)
        .where('record_id', 'in', recordIds.slice(start, start + IDS_PER_QUERY))
        .execute();
      for (const row of rows) written.add(row.record_id);
    }
    return written;
  }

  getRevision(recordId: string, version: number): Promise<RevisionWithSnapshot | undefined> {
    return getRevision(this.db, recordId, version);
  }

  recentRevisions(options: { limit: number; before?: string }): Promise<ActivityEntry[]> {
    return recentRevisions(this.db, options);
  }
}
