/** Shapes shared by the facet index and its builder. */

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
  'origin' | 'corridor' | 'sector' | 'gender' | 'migrationStatus' | 'company' | 'role' | 'issue' | 'category';
export type ChildTable = 'groups' | 'companies' | 'issues';
export type RecordFacet = 'country' | 'sourceType' | 'responseSought';
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
};
export const CHILD_FACETS: Record<ChildTable, ChildFacet[]> = {
  groups: ['origin', 'sector', 'gender', 'migrationStatus', 'corridor'],
  companies: ['company', 'role'],
  issues: ['issue', 'category'],
};
