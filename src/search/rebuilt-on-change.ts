/** Rebuilds that took longer than this are done in the background while the previous value keeps serving. */
const BLOCKING_REBUILD_MS = 250;

/**
 * A value built from the database (the facet index, the spelling vocabulary) and kept current: the store's
 * version token changes on every committed write, by this process or another, and a stale value is built
 * again, blocking when that is quick, else in the background while the stale one serves.
 */
export class RebuiltOnChange<T> {
  private value?: T;
  private builtFor?: string;
  private rebuilding?: Promise<T>;
  private lastBuildMs = 0;

  private lastBuildStarted = -Infinity;

  constructor(
    private readonly build: () => Promise<T>,
    private readonly version: () => Promise<string>,
    /**
     * A value that may lag the data (the spelling vocabulary: what it offers is checked against the data)
     * is built again at most once in this many milliseconds, so that a stream of writes does not keep the
     * database reading it. By default every change is followed.
     */
    private readonly minRebuildIntervalMs = 0,
  ) {}

  async current(): Promise<T> {
    const version = await this.version();
    if (this.value !== undefined && this.builtFor === version) return this.value;
    if (this.value !== undefined && performance.now() - this.lastBuildStarted < this.minRebuildIntervalMs)
      return this.value;
    const rebuild = (this.rebuilding ??= this.rebuild(version).finally(() => (this.rebuilding = undefined)));
    if (this.value !== undefined && this.lastBuildMs > BLOCKING_REBUILD_MS) return this.value;
    return rebuild;
  }

  private async rebuild(version: string): Promise<T> {
    const started = performance.now();
    this.lastBuildStarted = started;
    const value = await this.build();
    this.lastBuildMs = performance.now() - started;
    this.value = value;
    this.builtFor = version;
    return value;
  }
}
