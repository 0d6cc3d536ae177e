import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { RecordStatus } from '../domain/record.ts';
import { issueCategories, issueTerms } from '../domain/taxonomy.ts';
import { effectiveSort, isConjunctive, type Facet, type SearchQuery } from '../search/query.ts';
import type { FacetCounts, SearchResult } from '../search/search-store.ts';
import type { StoreConnection } from './connection.ts';
import { recordsByIds } from './record-reads.ts';
import type { Database } from './schema.ts';
import type { TextSearch } from './text-search.ts';

export type { FacetCounts, FacetValue } from '../search/search-store.ts';

/** Values shown per facet, most frequent first. */
const FACET_LIMIT = 30;

type Records = SelectQueryBuilder<Database, 'records', object>;
type Eb = ExpressionBuilder<Database, 'records'>;

const issuesOfCategories = (categories: string[]) =>
  issueTerms.terms.filter((term) => categories.includes(term.category)).map((term) => term.id);

/**
 * `records.id` has a child row in `table` where `column` is one of `values`. An uncorrelated IN list, which
 * both SQLite and PostgreSQL evaluate once through the column's index.
 */
function hasChild(
  eb: Eb,
  table: 'affected_groups' | 'record_companies' | 'record_issues',
  column: string,
  values: readonly string[],
) {
  return eb(
    'records.id',
    'in',
    eb
      .selectFrom(`${table} as child` as 'affected_groups')
      .select(sql<string>`child.record_id`.as('record_id'))
      .where(sql.ref(`child.${column}`), 'in', [...values]),
  );
}

/**
 * The WHERE conditions of a query on `records`, leaving out one facet (for its own counts) unless its values
 * must all hold: then each count is that of the search with the value added.
 */
export function applyFilters(
  select: Records,
  query: SearchQuery,
  statuses: readonly RecordStatus[],
  text: TextSearch,
  except?: Facet,
): Records {
  let result = select.where('records.status', 'in', [...statuses]);
  const active = (facet: Facet) =>
    (facet !== except || isConjunctive(query, facet)) && query[facet].length > 0;
  if (active('country')) result = result.where('records.location_country', 'in', query.country);
  if (active('sourceType')) result = result.where('records.source_type', 'in', query.sourceType);
  if (active('responseSought')) {
    result = result.where(
      'records.response_sought',
      'in',
      query.responseSought.map((value) => (value === 'yes' ? 1 : 0)),
    );
  }
  if (active('origin'))
    result = result.where((eb) => hasChild(eb, 'affected_groups', 'origin', query.origin));
  if (active('sector'))
    result = result.where((eb) => hasChild(eb, 'affected_groups', 'sector', query.sector));
  if (active('gender'))
    result = result.where((eb) => hasChild(eb, 'affected_groups', 'gender', query.gender));
  if (active('migrationStatus')) {
    result = result.where((eb) => hasChild(eb, 'affected_groups', 'migration_status', query.migrationStatus));
  }
  if (active('company'))
    result = result.where((eb) => hasChild(eb, 'record_companies', 'company_id', query.company));
  if (active('role')) result = result.where((eb) => hasChild(eb, 'record_companies', 'role', query.role));
  if (active('issue')) {
    result = isConjunctive(query, 'issue')
      ? result.where((eb) =>
          eb.and(query.issue.map((issue) => hasChild(eb, 'record_issues', 'issue', [issue]))),
        )
      : result.where((eb) => hasChild(eb, 'record_issues', 'issue', query.issue));
  }
  if (active('category')) {
    const issues = issuesOfCategories(query.category);
    result = result.where((eb) => hasChild(eb, 'record_issues', 'issue', issues.length > 0 ? issues : ['']));
  }
  if (active('corridor')) {
    result = result.where((eb) =>
      eb.or(
        query.corridor.map((corridor) => {
          const [origin = '', destination = ''] = corridor.split('-');
          return eb.and([
            eb('records.location_country', '=', destination),
            hasChild(eb, 'affected_groups', 'origin', [origin]),
          ]);
        }),
      ),
    );
  }
  if (query.from) result = result.where('records.date_reported', '>=', query.from);
  if (query.to) result = result.where('records.date_reported', '<=', query.to);
  const matches = text.matches(query.q);
  if (matches)
    result = result.where('records.id', 'in', sql<string>`(SELECT record_id FROM ${matches} AS text_match)`);
  return result;
}

export interface SearchPage {
  total: number;
  ids: string[];
}

/** The ids of one page of matching records in the query's order, and how many match in all. */
export async function searchPage(
  db: Kysely<Database>,
  text: TextSearch,
  query: SearchQuery,
  statuses: readonly RecordStatus[],
): Promise<SearchPage> {
  const filtered = applyFilters(db.selectFrom('records'), query, statuses, text);
  const totalRow = await filtered
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const offset = (query.page - 1) * query.pageSize;
  const sort = effectiveSort(query);
  const matches = text.matches(query.q);
  let page = filtered.select('records.id');
  if (sort === 'relevance' && matches) {
    page = page
      .innerJoin(matches.as('ranked'), (join) => join.onRef(sql.ref('ranked.record_id'), '=', 'records.id'))
      .orderBy(sql.ref('ranked.rank'))
      .orderBy('records.date_reported', 'desc');
  } else if (sort === 'oldest') {
    page = page.orderBy('records.date_reported', 'asc').orderBy('records.id', 'asc');
  } else {
    page = page.orderBy('records.date_reported', 'desc').orderBy('records.id', 'desc');
  }
  const rows = await page.limit(query.pageSize).offset(offset).execute();
  return { total: Number(totalRow.count), ids: rows.map((row) => row.id) };
}

/** Counts per value for every facet; each facet counts with all filters but its own, so choices combine. */
export async function facetCounts(
  db: Kysely<Database>,
  text: TextSearch,
  query: SearchQuery,
  statuses: readonly RecordStatus[],
): Promise<FacetCounts> {
  const matching = (facet: Facet) =>
    applyFilters(db.selectFrom('records'), query, statuses, text, facet).select('records.id');
  const count = sql<number>`count(DISTINCT records.id)`.as('count');
  const top = <T extends { value: string | number | null; count: number }>(rows: T[]) =>
    rows
      .filter((row) => row.value !== null && row.value !== '')
      .map((row) => ({ ...row, value: String(row.value), count: Number(row.count) }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, FACET_LIMIT);

  const byRecordColumn = (facet: Facet, column: 'location_country' | 'source_type') =>
    applyFilters(db.selectFrom('records'), query, statuses, text, facet)
      .select([sql<string>`records.${sql.ref(column)}`.as('value'), count])
      .groupBy(`records.${column}`)
      .execute();
  /** Counts of one value expression over a child table's rows of the matching records, by position. */
  const byChild = async (
    facet: Facet,
    table: 'affected_groups' | 'record_companies' | 'record_issues',
    value: RawBuilder<unknown>,
  ) =>
    (
      await sql<{
        value: string | null;
        count: number;
      }>`SELECT ${value} AS value, count(DISTINCT records.id) AS count
        FROM ${sql.table(table)} JOIN records ON records.id = ${sql.ref(`${table}.record_id`)}
        WHERE ${sql.ref(`${table}.record_id`)} IN (${matching(facet)})
        GROUP BY 1`.execute(db)
    ).rows;
  const groups = (facet: Facet, column: string) =>
    byChild(facet, 'affected_groups', sql.ref(`affected_groups.${column}`));

  const categoryCase = sql<string>`CASE ${sql.join(
    issueCategories
      .ids()
      .map(
        (category) =>
          sql`WHEN record_issues.issue IN (${sql.join(issuesOfCategories([category]))}) THEN ${category}`,
      ),
    sql` `,
  )} END`;

  const [
    country,
    sourceType,
    response,
    origin,
    sector,
    gender,
    migrationStatus,
    corridor,
    company,
    role,
    issue,
    category,
  ] = await Promise.all([
    byRecordColumn('country', 'location_country'),
    byRecordColumn('sourceType', 'source_type'),
    applyFilters(db.selectFrom('records'), query, statuses, text, 'responseSought')
      .select([
        sql<string>`CASE WHEN records.response_sought = 1 THEN 'yes' ELSE 'no' END`.as('value'),
        count,
      ])
      .groupBy('records.response_sought')
      .execute(),
    groups('origin', 'origin'),
    groups('sector', 'sector'),
    groups('gender', 'gender'),
    groups('migrationStatus', 'migration_status'),
    // A group without an origin has no corridor: its value is NULL and is left out.
    byChild('corridor', 'affected_groups', sql`affected_groups.origin || '-' || records.location_country`),
    db
      .selectFrom('record_companies')
      .innerJoin('records', 'records.id', 'record_companies.record_id')
      .where('record_companies.record_id', 'in', matching('company'))
      .select([
        'record_companies.company_id as value',
        sql<string>`max(record_companies.name)`.as('label'),
        count,
      ])
      .groupBy('record_companies.company_id')
      .orderBy(sql`count(DISTINCT records.id)`, 'desc')
      .orderBy('record_companies.company_id')
      .limit(FACET_LIMIT)
      .execute(),
    byChild('role', 'record_companies', sql.ref('record_companies.role')),
    byChild('issue', 'record_issues', sql.ref('record_issues.issue')),
    byChild('category', 'record_issues', categoryCase),
  ]);
  const counts = {
    country: top(country),
    origin: top(origin),
    corridor: top(corridor),
    company: top(company),
    role: top(role),
    sector: top(sector),
    issue: top(issue),
    category: top(category),
    gender: top(gender),
    migrationStatus: top(migrationStatus),
    sourceType: top(sourceType),
    responseSought: top(response),
  } satisfies FacetCounts;
  // Every facet has an entry, written above in the order of FACETS.
  return counts;
}

/**
 * A search answered by SQL aggregates alone: the reference the facet index (src/search/) is tested against.
 */
export async function searchRecordsWithSql(
  { db, textSearch }: Pick<StoreConnection, 'db' | 'textSearch'>,
  query: SearchQuery,
  options: { statuses: readonly RecordStatus[]; facets?: boolean },
): Promise<SearchResult> {
  const [page, facets] = await Promise.all([
    searchPage(db, textSearch, query, options.statuses),
    options.facets ? facetCounts(db, textSearch, query, options.statuses) : undefined,
  ]);
  const records = await recordsByIds(db, page.ids);
  return { total: page.total, records, ...(facets ? { facets } : {}) };
}
