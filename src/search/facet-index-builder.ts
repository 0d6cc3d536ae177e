import { issueTerms } from '../domain/taxonomy.ts';
import {
  CHILD_FACETS,
  Dictionary,
  NONE,
  type ChildFacet,
  type ChildTable,
  type Coded,
  type IndexColumns,
} from './facet-shapes.ts';
import { FacetIndex } from './facet-index.ts';
import { FACETS } from './query.ts';

/** A growable typed column. */
class Column<T extends Uint32Array | Float64Array> {
  length = 0;
  constructor(
    private data: T,
    private readonly grow: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.grow(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index]!;
  }
}
const codes = () => new Column(new Uint32Array(1024), (size) => new Uint32Array(size));
const numbers = () => new Column(new Float64Array(1024), (size) => new Float64Array(size));

/**
 * Collects rows as they stream from the store into typed columns (a million records must not become millions
 * of objects), then builds the index.
 */
export class FacetIndexBuilder {
  readonly dictionaries = new Map<Coded, Dictionary>();
  private readonly recordColumns = {
    key: codes(),
    status: codes(),
    date: codes(),
    country: codes(),
    sourceType: codes(),
    responseSought: codes(),
    affectedTotal: numbers(),
  };
  private readonly childColumns: Record<
    ChildTable,
    { key: Column<Uint32Array>; values: Record<string, Column<Uint32Array> | Column<Float64Array>> }
  > = {
    groups: {
      key: codes(),
      values: {
        origin: codes(),
        sector: codes(),
        gender: codes(),
        migrationStatus: codes(),
        count: numbers(),
      },
    },
    companies: { key: codes(), values: { company: codes(), role: codes() } },
    issues: { key: codes(), values: { issue: codes() } },
    responses: { key: codes(), values: { responseOutcome: codes() } },
  };

  constructor() {
    for (const facet of [...FACETS, 'status', 'responseOutcome'] as const)
      this.dictionaries.set(facet, new Dictionary());
  }

  private code(facet: Coded, value: string | null): number {
    return value === null ? NONE : this.dictionaries.get(facet)!.code(value);
  }

  addRecord(
    key: number,
    status: string,
    date: string,
    country: string,
    sourceType: string | null,
    sought: boolean,
    affectedTotal: number | null,
  ): void {
    const columns = this.recordColumns;
    columns.key.push(key);
    columns.status.push(this.code('status', status));
    columns.date.push(Number(date.replace(/-/g, '')));
    columns.country.push(this.code('country', country));
    columns.sourceType.push(this.code('sourceType', sourceType ?? ''));
    columns.responseSought.push(this.code('responseSought', sought ? 'yes' : 'no'));
    columns.affectedTotal.push(affectedTotal ?? NaN);
  }

  addGroup(
    key: number,
    origin: string | null,
    sector: string | null,
    gender: string | null,
    migrationStatus: string,
    count: number | null,
  ): void {
    const { key: keys, values } = this.childColumns.groups;
    keys.push(key);
    values.origin!.push(this.code('origin', origin));
    values.sector!.push(this.code('sector', sector));
    values.gender!.push(this.code('gender', gender));
    values.migrationStatus!.push(this.code('migrationStatus', migrationStatus));
    values.count!.push(count ?? NaN);
  }

  addCompany(key: number, companyId: string, role: string): void {
    const { key: keys, values } = this.childColumns.companies;
    keys.push(key);
    values.company!.push(this.code('company', companyId));
    values.role!.push(this.code('role', role));
  }

  addIssue(key: number, issue: string): void {
    const { key: keys, values } = this.childColumns.issues;
    keys.push(key);
    values.issue!.push(this.code('issue', issue));
  }

  /** A response request about the record, by what it counts as publicly. */
  addResponse(key: number, outcome: string): void {
    const { key: keys, values } = this.childColumns.responses;
    keys.push(key);
    values.responseOutcome!.push(this.code('responseOutcome', outcome));
  }

  build(): FacetIndex {
    const columns = this.recordColumns;
    const size = columns.key.length;
    // Positions follow key order, whatever order the rows came in.
    const order = Array.from({ length: size }, (_, index) => index);
    let sorted = true;
    for (let index = 1; index < size && sorted; index++)
      sorted = columns.key.get(index - 1) < columns.key.get(index);
    if (!sorted) order.sort((a, b) => columns.key.get(a) - columns.key.get(b));
    const keys = Uint32Array.from(order, (index) => columns.key.get(index));
    const positionOf = new Int32Array(size > 0 ? keys[size - 1]! + 1 : 1).fill(-1);
    keys.forEach((key, position) => (positionOf[key] = position));
    const pick = (column: Column<Uint32Array>) => Uint32Array.from(order, (index) => column.get(index));
    const record = {
      country: pick(columns.country),
      sourceType: pick(columns.sourceType),
      responseSought: pick(columns.responseSought),
    };
    const affectedTotal = Float64Array.from(order, (index) => columns.affectedTotal.get(index));
    const offsets = {} as Record<ChildTable, Uint32Array>;
    const child = {} as Record<ChildFacet, Uint32Array>;
    const categoryOf = new Map(issueTerms.terms.map((term) => [term.id, term.category]));
    let groupCount = new Float64Array(0);
    for (const table of ['groups', 'companies', 'issues', 'responses'] as const) {
      const { key, values } = this.childColumns[table];
      // Counting sort of the child rows by their record's position.
      const tableOffsets = new Uint32Array(size + 1);
      const positions = new Int32Array(key.length);
      for (let index = 0; index < key.length; index++) {
        const rowKey = key.get(index);
        const position = rowKey < positionOf.length ? positionOf[rowKey]! : -1;
        positions[index] = position;
        if (position >= 0) tableOffsets[position + 1]!++;
      }
      for (let position = 0; position < size; position++)
        tableOffsets[position + 1]! += tableOffsets[position]!;
      const cursor = tableOffsets.slice(0, size);
      const slot = new Int32Array(key.length).fill(-1);
      for (let index = 0; index < key.length; index++) {
        if (positions[index]! >= 0) slot[index] = cursor[positions[index]!]!++;
      }
      offsets[table] = tableOffsets;
      for (const facet of CHILD_FACETS[table]) child[facet] = new Uint32Array(tableOffsets[size]!).fill(NONE);
      if (table === 'groups') groupCount = new Float64Array(tableOffsets[size]!).fill(NaN);
      for (let index = 0; index < key.length; index++) {
        const at = slot[index]!;
        if (at < 0) continue;
        if (table === 'groups') {
          for (const facet of ['origin', 'sector', 'gender', 'migrationStatus'] as const)
            child[facet][at] = values[facet]!.get(index);
          groupCount[at] = values.count!.get(index);
          const origin = values.origin!.get(index);
          if (origin !== NONE) {
            const originCode = this.dictionaries.get('origin')!.values[origin]!;
            const country = this.dictionaries.get('country')!.values[record.country[positions[index]!]!]!;
            child.corridor[at] = this.code('corridor', `${originCode}-${country}`);
          }
        } else if (table === 'companies') {
          child.company[at] = values.company!.get(index);
          child.role[at] = values.role!.get(index);
        } else if (table === 'responses') {
          child.responseOutcome[at] = values.responseOutcome!.get(index);
        } else {
          const issue = values.issue!.get(index);
          child.issue[at] = issue;
          child.category[at] = this.code(
            'category',
            categoryOf.get(this.dictionaries.get('issue')!.values[issue]!) ?? null,
          );
        }
      }
    }
    const columnsOfIndex: IndexColumns = {
      keys,
      positionOf,
      status: pick(columns.status),
      date: pick(columns.date),
      record,
      affectedTotal,
      offsets,
      child,
      groupCount,
      dictionaries: this.dictionaries,
    };
    for (const dictionary of this.dictionaries.values()) dictionary.seal();
    return new FacetIndex(columnsOfIndex);
  }
}
