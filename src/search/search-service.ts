import type { DuplicateCandidate } from '../domain/duplicate.ts';
import type { RecordInput, RecordStatus, StoredRecord } from '../domain/record.ts';
import { findDuplicates } from './duplicates.ts';
import { FacetIndexCache } from './facet-index-cache.ts';
import type { IndexColumns } from './facet-shapes.ts';
import type { SearchQuery } from './query.ts';
import { RebuiltOnChange } from './rebuilt-on-change.ts';
import { TextMatches } from './relevance.ts';
import type { SearchPort } from './search-port.ts';
import type { SearchResult, SearchStore, SpellingSuggestion } from './search-store.ts';
import { SpellingVocabulary } from './spelling.ts';

/**
 * The spelling vocabulary is read again at most once a minute: reading it takes seconds on a large database,
 * and a word written since is simply not offered yet (what is offered is checked against the data).
 */
const VOCABULARY_REBUILD_MS = 60_000;

/**
 * Answers searches from the in-memory facet index, kept current with the data, and the database's full-text
 * matches; reads the database only through the port.
 */
export class SearchService implements SearchStore {
  /** Facet index of the records, kept current with the data, and the text matches of repeated searches. */
  private readonly facets: FacetIndexCache;
  private readonly text: TextMatches;
  /** Words of the full-text index, for "did you mean". */
  private readonly vocabulary: RebuiltOnChange<SpellingVocabulary>;

  constructor(private readonly port: SearchPort) {
    const version = () => port.changeToken();
    this.facets = new FacetIndexCache(version, (builder) => port.loadFacetRows(builder));
    this.text = new TextMatches(this.facets, port);
    this.vocabulary = new RebuiltOnChange(
      async () => new SpellingVocabulary(await port.vocabulary()),
      version,
      VOCABULARY_REBUILD_MS,
    );
  }

  async prepareSearch(): Promise<void> {
    // The vocabulary is needed only by a misspelt search: it is read in the background.
    this.vocabulary.current().catch(() => undefined);
    await this.facets.current();
  }

  async searchRecords(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; facets?: boolean },
  ): Promise<SearchResult> {
    const index = await this.facets.current();
    const candidates = await this.text.candidates(query);
    const titleMatches = await this.text.titleMatches(query, candidates);
    const found = index.search(query, options.statuses, candidates, titleMatches);
    const records = await this.port.recordsByKeys(found.pageKeys);
    if (!options.facets) return { total: found.total, records };
    const nameOf = await this.port.companyNames(found.counts.company.map((item) => item.value));
    const facets = {
      ...found.counts,
      company: found.counts.company.map((item) => ({ ...item, label: nameOf.get(item.value) ?? item.value })),
    };
    return { total: found.total, records, facets };
  }

  async suggestSpelling(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; found: number },
  ): Promise<SpellingSuggestion | undefined> {
    if (!query.q.trim()) return undefined;
    const correction = (await this.vocabulary.current()).correct(query.q);
    if (!correction) return undefined;
    // Offered only when it finds more, among the records the asker may see: words of records they may not
    // see (drafts) are never suggested.
    const { positions } = await this.selectRecords({ ...query, q: correction.text }, options);
    return positions.length > options.found ? { ...correction, total: positions.length } : undefined;
  }

  async selectRecords(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[] },
  ): Promise<{ columns: IndexColumns; positions: Int32Array }> {
    const index = await this.facets.current();
    const candidates = await this.text.candidates(query);
    return { columns: index.columns, positions: index.select(query, options.statuses, candidates) };
  }

  async *streamSearch(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; pageSize?: number },
  ): AsyncIterable<StoredRecord> {
    const index = await this.facets.current();
    const candidates = await this.text.candidates(query);
    const titleMatches = await this.text.titleMatches(query, candidates);
    const keys = index.sortedKeys(query, options.statuses, candidates, titleMatches);
    const pageSize = options.pageSize ?? 1000;
    for (let start = 0; start < keys.length; start += pageSize) {
      const records = await this.port.recordsByKeys(Array.from(keys.subarray(start, start + pageSize)));
      // A record whose status changed since the index was built is left out, never shown in a status not asked for.
      for (const record of records) if (options.statuses.includes(record.status)) yield record;
    }
  }

  findDuplicates(
    record: RecordInput,
    options: { excludeId?: string; limit?: number; minSimilarity?: number } = {},
  ): Promise<DuplicateCandidate[]> {
    return findDuplicates(this.port, record, options);
  }
}
