import { BOUNDS } from '../settings.ts';
import type { FacetIndexCache } from './facet-index-cache.ts';
import type { FullTextSearch } from './full-text.ts';
import { effectiveSort, type SearchQuery } from './query.ts';
import { textQueryKey } from './text-query.ts';

/** Above this many text matches, relevance order falls back to newest first (see docs/architecture.md). */
export const RANKED_MATCHES = BOUNDS.rankedMatches;

/**
 * The text matches a search starts from, and the relevance rule: records with all the words in their title
 * first, then newest first. Matches are remembered until the data changes.
 */
export class TextMatches {
  constructor(
    private readonly cache: FacetIndexCache,
    private readonly text: FullTextSearch,
  ) {}

  /** Keys of the records holding the query's words, undefined without words. */
  candidates(query: SearchQuery): Promise<Uint32Array | undefined> {
    // Queries that mean the same share cached matches ("Labour" and "labour"); quotes and order count.
    const key = textQueryKey(query.q);
    if (!key) return Promise.resolve(undefined);
    return this.cache.textMatches(key, () => this.text.matchKeys(query.q));
  }

  /**
   * Keys of the records whose title holds the words, which relevance puts first; past RANKED_MATCHES
   * matches (and under other sorts) undefined: newest first.
   */
  titleMatches(query: SearchQuery, candidates: Uint32Array | undefined): Promise<Uint32Array | undefined> {
    const key = textQueryKey(query.q);
    if (!key || effectiveSort(query) !== 'relevance' || (candidates?.length ?? 0) > RANKED_MATCHES)
      return Promise.resolve(undefined);
    return this.cache.textMatches(`title ${key}`, () => this.text.matchKeys(query.q, { titleOnly: true }));
  }
}
