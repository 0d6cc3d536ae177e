import { SpellingVocabulary, type VocabularyWord } from '../search/spelling.ts';

/** Rebuilds that took longer than this are done in the background while the previous vocabulary serves. */
const BLOCKING_REBUILD_MS = 250;

/**
 * Keeps the spelling vocabulary of the full-text index current, as FacetIndexCache keeps the facet index:
 * rebuilt when the store's version token changes, blocking when that is quick, else in the background.
 */
export class VocabularyCache {
  private vocabulary?: SpellingVocabulary;
  private builtFor?: string;
  private rebuilding?: Promise<SpellingVocabulary>;
  private lastBuildMs = 0;

  constructor(
    private readonly read: () => Promise<VocabularyWord[]>,
    private readonly version: () => Promise<string>,
  ) {}

  async current(): Promise<SpellingVocabulary> {
    const version = await this.version();
    if (this.vocabulary && this.builtFor === version) return this.vocabulary;
    const rebuild = (this.rebuilding ??= this.build(version).finally(() => (this.rebuilding = undefined)));
    if (this.vocabulary && this.lastBuildMs > BLOCKING_REBUILD_MS) return this.vocabulary;
    return rebuild;
  }

  private async build(version: string): Promise<SpellingVocabulary> {
    const started = performance.now();
    const vocabulary = new SpellingVocabulary(await this.read());
    this.lastBuildMs = performance.now() - started;
    this.vocabulary = vocabulary;
    this.builtFor = version;
    return vocabulary;
  }
}
