import type { RecordStatus } from '../domain/record.ts';
import { CompanyScreen } from '../matching/screen.ts';
import type { MatchableCompany } from '../matching/matchable.ts';
import type { CompanyStore, RecordsStore } from '../store/store.ts';

/** What the cache reads: the data's change token, and the companies to match against. */
export interface ScreenSource {
  records: Pick<RecordsStore, 'changeToken'>;
  companies: Pick<CompanyStore, 'matchableCompanies'>;
}
import { shareCompanies, type SharedCompanies } from '../workers/shared-companies.ts';

/** How long a request waits for a rebuilt index before it is answered from the one before. */
const FRESH_WAIT_MS = 250;

interface Version {
  token: string;
  screen: CompanyScreen;
  companies: readonly MatchableCompany[];
  shared?: SharedCompanies;
}

/**
 * The matcher's index of all companies, built once and again after the data has changed. A rebuild (seconds
 * on a large database) does not hold requests up: past a short wait they are answered from the previous index
 * until the new one is ready. Only the very first build is waited for. The same companies are offered to the
 * worker threads as shared memory (`shared`), written once per version.
 */
export class ScreenCache {
  private ready?: Version;
  private building?: { token: string; version: Promise<Version> };

  constructor(
    private readonly source: ScreenSource,
    private readonly statuses: readonly RecordStatus[],
  ) {}

  private async load(token: string): Promise<Version> {
    const companies = await this.source.companies.matchableCompanies({ statuses: this.statuses });
    return { token, screen: new CompanyScreen(companies), companies };
  }

  private async current(): Promise<Version> {
    const token = await this.source.records.changeToken();
    if (this.ready?.token === token) return this.ready;
    if (this.building?.token !== token) {
      const building = { token, version: this.load(token) };
      this.building = building;
      building.version.then(
        (version) => {
          if (!this.ready || this.building === building) this.ready = version;
          if (this.building === building) this.building = undefined;
        },
        // A failed build is not kept: the next request tries again.
        () => {
          if (this.building === building) this.building = undefined;
        },
      );
    }
    const pending = this.building.version;
    if (!this.ready) return pending;
    const stale = this.ready;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<Version>((resolve) => {
      timer = setTimeout(() => resolve(stale), FRESH_WAIT_MS);
    });
    try {
      return await Promise.race([pending.catch(() => stale), waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(): Promise<CompanyScreen> {
    return (await this.current()).screen;
  }

  /** The companies of the current index, for the worker threads. */
  async shared(): Promise<SharedCompanies> {
    const version = await this.current();
    version.shared ??= shareCompanies(`${this.statuses.join(',')}:${version.token}`, version.companies);
    return version.shared;
  }
}
