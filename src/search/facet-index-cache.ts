import { BOUNDS } from '../settings.ts';
import type { FacetIndex } from './facet-index.ts';
import { FacetIndexBuilder } from './facet-index-builder.ts';
import { RebuiltOnChange } from './rebuilt-on-change.ts';

/** Keys of text matches kept for repeated searches, at most this many in all. */
const MATCH_CACHE_KEYS = BOUNDS.cachedMatchKeys;

/**
 * Keeps a FacetIndex of the database current (see RebuiltOnChange), and the text matches of repeated
 * searches until the data changes.
 */
export class FacetIndexCache {
  private readonly index: RebuiltOnChange<FacetIndex>;
  private readonly matches = new Map<string, Uint32Array | undefined>();
  private matchKeys = 0;
  private matchesVersion?: string;

  constructor(
    private readonly version: () => Promise<string>,
    /** Feeds the builder every record's rows (the store's SQL, through the search port). */
    private readonly load: (builder: FacetIndexBuilder) => Promise<void>,
  ) {
    this.index = new RebuiltOnChange(() => this.build(), version);
  }

  current(): Promise<FacetIndex> {
    return this.index.current();
  }

  /** Text-match keys for `text`, remembered until the data changes. */
  async textMatches(
    text: string,
    find: (text: string) => Promise<Uint32Array | undefined>,
  ): Promise<Uint32Array | undefined> {
    const version = await this.version();
    if (version !== this.matchesVersion) {
      this.matches.clear();
      this.matchKeys = 0;
      this.matchesVersion = version;
    }
    if (this.matches.has(text)) return this.matches.get(text);
    const keys = await find(text);
    if (this.matchKeys + (keys?.length ?? 0) > MATCH_CACHE_KEYS) {
      this.matches.clear();
      this.matchKeys = 0;
    }
    this.matches.set(text, keys);
    this.matchKeys += keys?.length ?? 0;
    return keys;
  }

  private async build(): Promise<FacetIndex> {
    const builder = new FacetIndexBuilder();
    await this.load(builder);
    return builder.build();
  }
}
