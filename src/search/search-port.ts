import type { StoredRecord } from '../domain/record.ts';
import type { FacetIndexBuilder } from './facet-index-builder.ts';
import type { FullTextSearch } from './full-text.ts';

/**
 * What searching needs from the database, and all it needs: search defines it and the store implements it
 * (src/store/search-port.ts), so that search holds the logic and never imports the store.
 */
export interface SearchPort extends FullTextSearch {
  /** A token that changes whenever any committed write changes the data, by this process or another. */
  changeToken(): Promise<string>;
  /** Feeds the builder every record's facet rows, all from one snapshot of the data. */
  loadFacetRows(builder: FacetIndexBuilder): Promise<void>;
  /** Records by their facet-index key, in the order of the keys; keys of records gone since are left out. */
  recordsByKeys(keys: readonly number[]): Promise<StoredRecord[]>;
  /** Names of companies by id; unknown ids are left out. */
  companyNames(ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * Records merged into none, in the country, reported from `from` to `to`, that name one of the companies
   * (lower-case names, matched in any case), or that name none when none is given: candidates for duplicates.
   */
  recordsNear(place: NearPlace): Promise<StoredRecord[]>;
}

export interface NearPlace {
  country: string;
  from: string;
  to: string;
  /** Company names in lower case. */
  companyNames: readonly string[];
  excludeId?: string;
}
