import type { Facet } from './query.ts';

/** Shapes shared by the facet index, its builder and the analytics that read it. */

export const NONE = 0xffffffff;

/** Codes for the values of one facet, in the order first seen. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}

export type ChildFacet =
  | 'origin'
  | 'corridor'
  | 'sector'
  | 'gender'
  | 'migrationStatus'
  | 'company'
  | 'role'
  | 'issue'
  | 'category'
  | 'responseOutcome';
export type ChildTable = 'groups' | 'companies' | 'issues' | 'responses';
export type RecordFacet = 'country' | 'sourceType' | 'responseSought';
/** Everything held as codes of a dictionary: the search facets, the record status, a response's outcome. */
export type Coded = Facet | 'status' | 'responseOutcome';
export const CHILD_TABLE: Record<ChildFacet, ChildTable> = {
  origin: 'groups',
  corridor: 'groups',
  sector: 'groups',
  gender: 'groups',
  migrationStatus: 'groups',
  company: 'companies',
  role: 'companies',
  issue: 'issues',
  category: 'issues',
  responseOutcome: 'responses',
};
export const CHILD_FACETS: Record<ChildTable, ChildFacet[]> = {
  groups: ['origin', 'sector', 'gender', 'migrationStatus', 'corridor'],
  companies: ['company', 'role'],
  issues: ['issue', 'category'],
  responses: ['responseOutcome'],
};

/**
 * The columns of the index, by record position (records in key order) and, for child rows (groups, company
 * links, issues, response requests), by child row: the rows of the record at position p are
 * `offsets[table][p] .. offsets[table][p + 1] - 1`. Codes index `dictionaries`; NONE is an unknown value.
 */
export interface IndexColumns {
  keys: Uint32Array;
  /** Position of each key, or -1. */
  positionOf: Int32Array;
  status: Uint32Array;
  /** Date reported as the number YYYYMMDD. */
  date: Uint32Array;
  record: Record<RecordFacet, Uint32Array>;
  /** The record's total of individuals affected; NaN when unknown. */
  affectedTotal: Float64Array;
  offsets: Record<ChildTable, Uint32Array>;
  child: Record<ChildFacet, Uint32Array>;
  /** Each affected group's count; NaN when unknown. */
  groupCount: Float64Array;
  dictionaries: Map<Coded, Dictionary>;
}
