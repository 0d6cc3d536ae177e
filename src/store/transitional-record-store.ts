import type { RecordStore, Stores } from './store.ts';

/**
 * TRANSITIONAL (issue 19): the parts of the stores as the old flat `RecordStore`, every method delegated to
 * its part, for consumers (web, cli) not yet given the parts they use. Deleted with `RecordStore`.
 */
export function flatStore(stores: Stores): RecordStore {
  const { records, revisions, companies, search, sideRows } = stores;
  return {
    backend: stores.backend,
    records,
    revisions,
    companies,
    search,
    accounts: stores.accounts,
    responses: stores.responses,
    triage: stores.triage,
    sideRows,
    ping: () => stores.ping(),
    close: () => stores.close(),
    upsertRecords: records.upsertRecords.bind(records),
    upsertBatches: records.upsertBatches.bind(records),
    getRecord: records.getRecord.bind(records),
    listRecords: records.listRecords.bind(records),
    streamRecords: records.streamRecords.bind(records),
    countRecords: records.countRecords.bind(records),
    headlineCounts: records.headlineCounts.bind(records),
    recordsWithSourceLinks: records.recordsWithSourceLinks.bind(records),
    saveRecord: records.saveRecord.bind(records),
    saveRecords: records.saveRecords.bind(records),
    changeToken: records.changeToken.bind(records),
    listRevisions: revisions.listRevisions.bind(revisions),
    recordsWrittenBy: revisions.recordsWrittenBy.bind(revisions),
    getRevision: revisions.getRevision.bind(revisions),
    recentRevisions: revisions.recentRevisions.bind(revisions),
    companyNames: companies.companyNames.bind(companies),
    getCompany: companies.getCompany.bind(companies),
    listCompanies: companies.listCompanies.bind(companies),
    countCompanies: companies.countCompanies.bind(companies),
    importCompanies: companies.importCompanies.bind(companies),
    matchableCompanies: companies.matchableCompanies.bind(companies),
    mergeCompanies: companies.mergeCompanies.bind(companies),
    markCompaniesNotSame: companies.markCompaniesNotSame.bind(companies),
    splitCompany: companies.splitCompany.bind(companies),
    companyDecisions: companies.companyDecisions.bind(companies),
    notSameCompanies: companies.notSameCompanies.bind(companies),
    prepareSearch: search.prepareSearch.bind(search),
    searchRecords: search.searchRecords.bind(search),
    suggestSpelling: search.suggestSpelling.bind(search),
    selectRecords: search.selectRecords.bind(search),
    streamSearch: search.streamSearch.bind(search),
    findDuplicates: search.findDuplicates.bind(search),
    streamSideRows: sideRows.streamSideRows.bind(sideRows),
    insertSideRows: sideRows.insertSideRows.bind(sideRows),
  };
}
