import type { DuplicateCandidate } from '../domain/duplicate.ts';
import type { RecordInput, RecordStatus, StoredRecord } from '../domain/record.ts';
import type { IndexColumns } from './facet-shapes.ts';
import type { Facet, SearchQuery } from './query.ts';
import type { SpellingCorrection } from './spelling.ts';

/** One value of a facet with the number of matching records that have it. */
export interface FacetValue {
  value: string;
  count: number;
  /** A display name the value alone does not give (a company's name). */
  label?: string;
}
export type FacetCounts = Record<Facet, FacetValue[]>;

/** A search's text with its misspelt words corrected, and how many records it then finds. */
export interface SpellingSuggestion extends SpellingCorrection {
  total: number;
}

export interface SearchResult {
  total: number;
  records: StoredRecord[];
  facets?: FacetCounts;
}

/**
 * Searching records: pages with facet counts, spelling suggestions, selections for figures, duplicates.
 * Answered by SearchService (search-service.ts); src/store/store.ts names it as the `search` part of the stores.
 */
export interface SearchStore {
  /** Builds what searching needs (the facet index) ahead of the first search. */
  prepareSearch(): Promise<void>;
  /** One page of records matching a search, with the total and (on request) the facet counts. */
  searchRecords(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; facets?: boolean },
  ): Promise<SearchResult>;
  /**
   * The search with its misspelt words corrected from the index's own words, when that finds more of the
   * records with these statuses than the `found` the search itself gave; else undefined.
   */
  suggestSpelling(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; found: number },
  ): Promise<SpellingSuggestion | undefined>;
  /**
   * The records a search matches, as positions in the facet index's columns (for figures over all of them);
   * paging and sorting are ignored.
   */
  selectRecords(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[] },
  ): Promise<{ columns: IndexColumns; positions: Int32Array }>;
  /** Every record matching a search, in the search's order, read page by page (for downloads). */
  streamSearch(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[] },
  ): AsyncIterable<StoredRecord>;
  /** Existing records that may report the same incident (same company and place, near in time, similar). */
  findDuplicates(
    record: RecordInput,
    options?: { excludeId?: string; limit?: number; minSimilarity?: number },
  ): Promise<DuplicateCandidate[]>;
}
