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

/** One company per line, so that a worker reads them one at a time (see `companiesOf`). */
export function shareCompanies(key: string, companies: readonly MatchableCompany[]): SharedCompanies {
  const encoded = new TextEncoder().encode(companies.map((company) => JSON.stringify(company)).join('\n'));
  const bytes = new SharedArrayBuffer(encoded.byteLength);
  new Uint8Array(bytes).set(encoded);
  return { key, bytes };
}

/**
 * Read line by line rather than in one `JSON.parse`: a thread that passes its heap limit is stopped only
 * where JavaScript runs, and one long parse of the whole list could outgrow the limit before that and take
 * the whole process down with it.
 */
export function companiesOf(shared: SharedCompanies): MatchableCompany[] {
  // TextDecoder does not read shared memory directly: copy it out first.
  const copy = new Uint8Array(shared.bytes.byteLength);
  copy.set(new Uint8Array(shared.bytes));
  const text = new TextDecoder().decode(copy);
  const companies: MatchableCompany[] = [];
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    companies.push(JSON.parse(text.slice(start, stop)) as MatchableCompany);
    start = stop + 1;
  }
  return companies;
}
