import type { RecordStatus } from '../domain/record.ts';
import type { Revision } from '../store/record-history.ts';

/**
 * Whether a record has ever been public: it is published now, or a change in its history set its status to
 * `published` or moved it away from `published` (this covers a record created as published, and one imported
 * as published, whose first change starts from that status). Without such evidence a record never had a
 * public page, whatever its status now (a duplicate merged while it was a draft, a record imported as
 * retracted): it answers like any unpublished record, and nothing of it is shown.
 */
export function hasBeenPublished(
  record: { status: RecordStatus },
  history: readonly Pick<Revision, 'changes'>[],
): boolean {
  if (record.status === 'published') return true;
  return history.some((revision) =>
    revision.changes.some(
      (change) =>
        change.path === '/status' && (change.after === 'published' || change.before === 'published'),
    ),
  );
}
