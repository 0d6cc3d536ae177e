import type { MatchableCompany } from '../matching/matchable.ts';

/**
 * The known companies, written once per version of the data into memory that every worker thread reads
 * without a copy. A worker builds its own matcher index from them the first time it sees a version.
 */
export interface SharedCompanies {
  /** Names the version: which statuses the companies were counted over, and the data's change token. */
  key: string;
  bytes: SharedArrayBuffer;
}

export function shareCompanies(key: string, companies: readonly MatchableCompany[]): SharedCompanies {
  const encoded = new TextEncoder().encode(JSON.stringify(companies));
  const bytes = new SharedArrayBuffer(encoded.byteLength);
  new Uint8Array(bytes).set(encoded);
  return { key, bytes };
}

export function companiesOf(shared: SharedCompanies): MatchableCompany[] {
  // TextDecoder does not read shared memory directly: copy it out first.
  const copy = new Uint8Array(shared.bytes.byteLength);
  copy.set(new Uint8Array(shared.bytes));
  return JSON.parse(new TextDecoder().decode(copy)) as MatchableCompany[];
}
