/** The tables of the store as Kysely sees them; column names are snake_case, values portable to PostgreSQL. */
export interface RecordsTable {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  date_reported: string;
  location_country: string;
  location_city: string | null;
  affected_total: number | null;
  response_sought: number;
  source_type: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface CompaniesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface RecordCompaniesTable {
  record_id: string;
  position: number;
  company_id: string;
  name: string;
  role: string;
}

export interface AffectedGroupsTable {
  record_id: string;
  position: number;
  type: string;
  count: number | null;
  origin: string | null;
  sector: string | null;
  subsector: string | null;
  gender: string | null;
  migration_status: string;
}

export interface RecordIssuesTable {
  record_id: string;
  position: number;
  issue: string;
}

export interface SourcesTable {
  record_id: string;
  position: number;
  companies: string;
  headline: string;
  publisher: string | null;
  url: string | null;
  published: string | null;
  excerpt: string;
}

export interface Database {
  records: RecordsTable;
  companies: CompaniesTable;
  record_companies: RecordCompaniesTable;
  affected_groups: AffectedGroupsTable;
  record_issues: RecordIssuesTable;
  sources: SourcesTable;
}
