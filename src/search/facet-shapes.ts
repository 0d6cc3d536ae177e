import type { Facet } from './query.ts';

/** Shapes shared by the facet index, its builder and the analytics that read it. */

export const NONE = 0xffffffff;

/** Codes for the values of one facet, in the order first seen. */
export class Dictionary {
  readonly values: string[] = [];
  private codes?: Map<string, number> = new Map();
  /** Once sealed: the codes in the order of their values, for a binary search. */
  private sorted?: Uint32Array;

  code(value: string): number {
    const codes = (this.codes ??= new Map(this.values.map((known, code) => [known, code])));
    this.sorted = undefined;
    let code = codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      codes.set(value, code);
    }
    return code;
  }

  find(value: string): number | undefined {
    if (this.codes) return this.codes.get(value);
    const { values, sorted } = this;
    let low = 0;
    let high = sorted!.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const code = sorted![middle]!;
      const found = values[code]!;
      if (found === value) return code;
      if (found < value) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /**
   * Done adding values (the index is built): the codes are kept in the order of their values, 4 bytes each,
   * instead of a map of about 30 bytes an entry (the company dictionary of a million records holds 800,000
   * ids). A value added later brings the map back.
   */
  seal(): void {
    if (!this.codes) return;
    const values = this.values;
    this.sorted = Uint32Array.from(values.keys()).sort((a, b) =>
      values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0,
    );
    this.codes = undefined;
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
