import type { RecordStatus } from './record.ts';

/** An existing record that may report the same incident as the one being saved. */
export interface DuplicateCandidate {
  id: string;
  slug: string;
  title: string;
  dateReported: string;
  status: RecordStatus;
  sharedCompanies: string[];
  similarity: number;
}
