import type { RecordInput } from '../domain/record.ts';

/**
 * Where a demonstration record comes from. Synthetic records are made by the demo generator, and their one
 * source says so: a record is synthetic when every source it has is the generator's. Pages mark such records
 * with a badge, so that nobody takes an invented allegation for a reported one.
 */
export const SYNTHETIC_PUBLISHER = 'BHR Tracker demo generator (synthetic)';

export function isSynthetic(record: Pick<RecordInput, 'sources'>): boolean {
  return (
    record.sources.length > 0 && record.sources.every((source) => source.publisher === SYNTHETIC_PUBLISHER)
  );
}
