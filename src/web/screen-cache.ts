import type { RecordStatus } from '../domain/record.ts';
import { CompanyScreen } from '../matching/screen.ts';
import type { RecordStore } from '../store/store.ts';

/** How long a request waits for a rebuilt index before it is answered from the one before. */
const FRESH_WAIT_MS = 250;

/**
 * The matcher's index of all companies, built once and again after the data has changed. A rebuild (seconds
 * on a large database) does not hold requests up: past a short wait they are answered from the previous index
 * until the new one is ready. Only the very first build is waited for.
 */
export class ScreenCache {
  private ready?: { token: string; screen: CompanyScreen };
  private building?: { token: string; screen: Promise<CompanyScreen> };

  constructor(
    private readonly store: RecordStore,
    private readonly statuses: readonly RecordStatus[],
  ) {}

  async get(): Promise<CompanyScreen> {
    const token = await this.store.changeToken();
    if (this.ready?.token === token) return this.ready.screen;
    if (this.building?.token !== token) {
      const building = { token, screen: CompanyScreen.load(this.store, this.statuses) };
      this.building = building;
      building.screen.then(
        (screen) => {
          if (!this.ready || this.building === building) this.ready = { token, screen };
          if (this.building === building) this.building = undefined;
        },
        // A failed build is not kept: the next request tries again.
        () => {
          if (this.building === building) this.building = undefined;
        },
      );
    }
    const pending = this.building.screen;
    if (!this.ready) return pending;
    const stale = this.ready.screen;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<CompanyScreen>((resolve) => {
      timer = setTimeout(() => resolve(stale), FRESH_WAIT_MS);
    });
    try {
      return await Promise.race([pending.catch(() => stale), waited]);
    } finally {
      clearTimeout(timer);
    }
  }
}
