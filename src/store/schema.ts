import type { Generated } from 'kysely';

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
  version: Generated<number>;
  internal_notes: string | null;
  retraction_reason: string | null;
  merged_into: string | null;
  created_at: string;
  updated_at: string;
}

export interface CompaniesTable {
  id: string;
  name: string;
  created_at: string;
  country: string | null;
  website: string | null;
  /** JSON of the company's identifiers. */
  identifiers: string | null;
  parent_id: string | null;
  imported: Generated<number>;
}

export interface CompanyNamesTable {
  company_id: string;
  name: string;
  kind: string;
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
  restricted: Generated<number>;
}

export interface CompanyDecisionsTable {
  id: string;
  company_a: string;
  company_b: string;
  name_a: string;
  name_b: string;
  decision: string;
  user_id: string | null;
  author: string;
  at: string;
}

export interface ResponseRequestsTable {
  id: string;
  record_id: string;
  company_name: string;
  company_id: string | null;
  status: string;
  contact_email: string;
  contact_name: string | null;
  questions: string;
  deadline: string;
  requested_at: string;
  requested_by: string;
  reminders: Generated<number>;
  responded_at: string | null;
  response_kind: string | null;
  response_text: string | null;
  response_link: string | null;
  responder_name: string | null;
  review: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  link_nonce: string;
  link_expires_at: string;
  updated_at: string;
}

export interface ResponseEventsTable {
  id: string;
  request_id: string;
  seq: number;
  record_id: string;
  at: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor: string;
  note: string | null;
}

export interface OutboxTable {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  request_id: string | null;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  subject: string;
  run_at: string;
  status: string;
  attempts: Generated<number>;
  claimed_by: string | null;
  claimed_until: string | null;
  done_at: string | null;
  last_error: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string | null;
  role: string;
  password_hash: string;
  disabled: Generated<number>;
  created_at: string;
  password_changed_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  name: string;
  /** Space-separated scope ids. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SignInAttemptsTable {
  email: string;
  address: string;
  at: string;
  succeeded: number;
}

export interface RecordRevisionsTable {
  record_id: string;
  version: number;
  at: string;
  user_id: string | null;
  author: string;
  action: string;
  reason: string | null;
  /** JSON: the field-level changes against the version before. */
  changes: string;
  /** JSON: the whole record at this version, confidential fields included. */
  snapshot: string;
}

/** One change to the published set (store/change-feed.ts), numbered in the order of commits. */
export interface ChangeFeedTable {
  seq: number;
  record_id: string;
  kind: string;
  merged_into: string | null;
  at: string;
}

/** The one row (id 1) that every append to the change feed updates: its lock orders the appends. */
export interface ChangeFeedHeadTable {
  id: number;
  log_id: string;
  last_seq: number;
}

export interface Database {
  records: RecordsTable;
  companies: CompaniesTable;
  company_names: CompanyNamesTable;
  company_decisions: CompanyDecisionsTable;
  record_companies: RecordCompaniesTable;
  affected_groups: AffectedGroupsTable;
  record_issues: RecordIssuesTable;
  sources: SourcesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  sign_in_attempts: SignInAttemptsTable;
  record_revisions: RecordRevisionsTable;
  response_requests: ResponseRequestsTable;
  response_events: ResponseEventsTable;
  outbox: OutboxTable;
  jobs: JobsTable;
  settings: SettingsTable;
  triage_articles: TriageArticlesTable;
  change_feed: ChangeFeedTable;
  change_feed_head: ChangeFeedHeadTable;
}

export interface TriageArticlesTable {
  id: string;
  batch_id: string;
  file_name: string;
  line: number;
  url: string | null;
  headline: string | null;
  published: string | null;
  publisher: string | null;
  body: string;
  relevance: number;
  incident: number;
  summary: string;
  existing_record_id: string | null;
  existing_title: string | null;
  status: string;
  record_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Who proposed the article as a source of `existing_record_id`, and when (status 'proposed'). */
  proposed_by: string | null;
  proposed_at: string | null;
}
