import type { Kysely } from 'kysely';
import type { CompanyInput } from '../domain/company.ts';
import type { RecordStatus } from '../domain/record.ts';
import type { MatchableCompany } from '../matching/matchable.ts';
import type { DataChanges } from './changes.ts';
import {
  companyDecisions,
  markNotSame,
  mergeCompanies,
  notSamePairs,
  splitCompany,
  type CompanyDecision,
} from './company-decisions.ts';
import { importCompanies, matchableCompanies, type CompanyImportSummary } from './company-identities.ts';
import { companyNames, countCompanies, getCompany, listCompanies } from './company-reads.ts';
import type { Author } from './record-history.ts';
import type { Database } from './schema.ts';
import type { CompanyDetail, CompanyStore, CompanySummary } from './store.ts';

export { pairKey, type CompanyDecision } from './company-decisions.ts';
export type { CompanyImportSummary } from './company-identities.ts';

/**
 * Companies: their pages and lists (company-reads.ts), identities imported with other names
 * (company-identities.ts), and merge or split decisions (company-decisions.ts). Every write moves the change
 * token, as records show their companies' names.
 */
export class KyselyCompanyStore implements CompanyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: DataChanges,
  ) {}

  companyNames(ids: readonly string[]): Promise<Map<string, string>> {
    return companyNames(this.db, ids);
  }

  getCompany(id: string, options: { statuses: readonly RecordStatus[] }): Promise<CompanyDetail | undefined> {
    return getCompany(this.db, id, options.statuses);
  }

  listCompanies(options: {
    statuses: readonly RecordStatus[];
    q?: string;
    after?: string;
    limit: number;
  }): Promise<{ companies: CompanySummary[]; next?: string }> {
    return listCompanies(this.db, options);
  }

  countCompanies(): Promise<number> {
    return countCompanies(this.db);
  }

  async importCompanies(companies: readonly CompanyInput[]): Promise<CompanyImportSummary> {
    const summary = await importCompanies(this.db, companies);
    await this.changes.announce();
    return summary;
  }

  matchableCompanies(options: { statuses: readonly RecordStatus[] }): Promise<MatchableCompany[]> {
    return matchableCompanies(this.db, options.statuses);
  }

  async mergeCompanies(fromId: string, intoId: string, author: Author): Promise<void> {
    await mergeCompanies(this.db, fromId, intoId, author);
    await this.changes.announce();
  }

  async markCompaniesNotSame(aId: string, bId: string, author: Author): Promise<void> {
    await markNotSame(this.db, aId, bId, author);
    await this.changes.announce();
  }

  async splitCompany(id: string, name: string, author: Author): Promise<string> {
    const created = await splitCompany(this.db, id, name, author);
    await this.changes.announce();
    return created;
  }

  companyDecisions(id: string): Promise<CompanyDecision[]> {
    return companyDecisions(this.db, id);
  }

  notSameCompanies(): Promise<Set<string>> {
    return notSamePairs(this.db);
  }
}
