import type { RecordStatus } from '../domain/record.ts';
import { CompanyScreen } from '../matching/screen.ts';
import type { RecordStore } from '../store/store.ts';

/** The matcher's index of all companies, built once and again only after the data has changed. */
export class ScreenCache {
  private current?: { token: string; screen: Promise<CompanyScreen> };

  constructor(
    private readonly store: RecordStore,
    private readonly statuses: readonly RecordStatus[],
  ) {}

  async get(): Promise<CompanyScreen> {
    const token = await this.store.changeToken();
    if (this.current?.token !== token) {
      const screen = CompanyScreen.load(this.store, this.statuses);
      this.current = { token, screen };
      // A failed build is not kept: the next request tries again.
      screen.catch(() => {
        if (this.current?.screen === screen) this.current = undefined;
      });
    }
    return this.current.screen;
  }
}
