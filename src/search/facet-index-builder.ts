import { issueTerms } from '../domain/taxonomy.ts';
import { CHILD_FACETS, Dictionary, NONE, type ChildFacet, type ChildTable } from './facet-shapes.ts';
import { FacetIndex } from './facet-index.ts';
import { FACETS, type Facet } from './query.ts';

/** A growable column of unsigned 32-bit values. */
class Column {
  private data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index]!;
  }
}

/**
 * Collects rows as they stream from the store into typed columns (a million records must not become millions
 * of objects), then builds the index.
 */
export class FacetIndexBuilder {
  readonly dictionaries = new Map<Facet | 'status', Dictionary>();
  private readonly recordColumns = {
    key: new Column(),
    status: new Column(),
    date: new Column(),
    country: new Column(),
    sourceType: new Column(),
    responseSought: new Column(),
  };
  private readonly childColumns: Record<ChildTable, { key: Column; values: Record<string, Column> }> = {
    groups: {
      key: new Column(),
      values: {
        origin: new Column(),
        sector: new Column(),
        gender: new Column(),
        migrationStatus: new Column(),
      },
    },
    companies: { key: new Column(), values: { company: new Column(), role: new Column() } },
    issues: { key: new Column(), values: { issue: new Column() } },
  };

  constructor() {
    for (const facet of [...FACETS, 'status'] as const) this.dictionaries.set(facet, new Dictionary());
  }

  private code(facet: Facet | 'status', value: string | null): number {
    return value === null ? NONE : this.dictionaries.get(facet)!.code(value);
  }

  addRecord(
    key: number,
    status: string,
    date: string,
    country: string,
    sourceType: string | null,
    sought: boolean,
  ): void {
    const columns = this.recordColumns;
    columns.key.push(key);
    columns.status.push(this.code('status', status));
    columns.date.push(Number(date.replace(/-/g, '')));
    columns.country.push(this.code('country', country));
    columns.sourceType.push(this.code('sourceType', sourceType ?? ''));
    columns.responseSought.push(this.code('responseSought', sought ? 'yes' : 'no'));
  }

  addGroup(
    key: number,
    origin: string | null,
    sector: string | null,
    gender: string | null,
    migrationStatus: string,
  ): void {
    const { key: keys, values } = this.childColumns.groups;
    keys.push(key);
    values.origin!.push(this.code('origin', origin));
    values.sector!.push(this.code('sector', sector));
    values.gender!.push(this.code('gender', gender));
    values.migrationStatus!.push(this.code('migrationStatus', migrationStatus));
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
    const pick = (column: Column) => Uint32Array.from(order, (index) => column.get(index));
    const record = {
      status: pick(columns.status),
      date: pick(columns.date),
      country: pick(columns.country),
      sourceType: pick(columns.sourceType),
      responseSought: pick(columns.responseSought),
    };
    const offsets = {} as Record<ChildTable, Uint32Array>;
    const child = {} as Record<ChildFacet, Uint32Array>;
    const categoryOf = new Map(issueTerms.terms.map((term) => [term.id, term.category]));
    for (const table of ['groups', 'companies', 'issues'] as const) {
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
      for (let index = 0; index < key.length; index++) {
        const at = slot[index]!;
        if (at < 0) continue;
        if (table === 'groups') {
          for (const facet of ['origin', 'sector', 'gender', 'migrationStatus'] as const)
            child[facet][at] = values[facet]!.get(index);
          const origin = values.origin!.get(index);
          if (origin !== NONE) {
            const originCode = this.dictionaries.get('origin')!.values[origin]!;
            const country = this.dictionaries.get('country')!.values[record.country[positions[index]!]!]!;
            child.corridor[at] = this.code('corridor', `${originCode}-${country}`);
          }
        } else if (table === 'companies') {
          child.company[at] = values.company!.get(index);
          child.role[at] = values.role!.get(index);
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
    return new FacetIndex({ keys, positionOf, record, offsets, child, dictionaries: this.dictionaries });
  }
}
