import { issueTerms } from '../domain/taxonomy.ts';
import { effectiveSort, FACETS, type Facet, type SearchQuery } from './query.ts';

/**
 * An in-memory, columnar index of every record's facet values, so that filtering, disjunctive facet counts
 * and date ordering over a million records take one pass in milliseconds instead of a dozen SQL aggregates.
 * Records are known by a numeric key the store chooses (SQLite: the rowid). Built from rows; never written to.
 */

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

const NONE = 0xffffffff;

export interface FacetCount {
  value: string;
  count: number;
  label?: string;
}

export interface IndexSearch {
  total: number;
  /** Keys of the requested page, in order. */
  pageKeys: number[];
  counts: Record<Facet, FacetCount[]>;
}

/** Values shown per facet, most frequent first. */
const FACET_LIMIT = 30;

class Dictionary {
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

type ChildFacet =
  'origin' | 'corridor' | 'sector' | 'gender' | 'migrationStatus' | 'company' | 'role' | 'issue' | 'category';
type ChildTable = 'groups' | 'companies' | 'issues';
type RecordFacet = 'country' | 'sourceType' | 'responseSought';
const CHILD_TABLE: Record<ChildFacet, ChildTable> = {
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
const CHILD_FACETS: Record<ChildTable, ChildFacet[]> = {
  groups: ['origin', 'sector', 'gender', 'migrationStatus', 'corridor'],
  companies: ['company', 'role'],
  issues: ['issue', 'category'],
};

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

export class FacetIndex {
  readonly size: number;
  private readonly keys: Uint32Array;
  private readonly positionOf: Int32Array;
  private readonly status: Uint32Array;
  private readonly date: Uint32Array;
  private readonly record: Record<RecordFacet, Uint32Array>;
  private readonly dictionaries: Map<Facet | 'status', Dictionary>;
  private readonly children: Record<ChildTable, Uint32Array>;
  private readonly child: Record<ChildFacet, Uint32Array>;
  private readonly childTable = CHILD_TABLE;

  constructor(parts: {
    keys: Uint32Array;
    positionOf: Int32Array;
    record: { status: Uint32Array; date: Uint32Array } & Record<RecordFacet, Uint32Array>;
    offsets: Record<ChildTable, Uint32Array>;
    child: Record<ChildFacet, Uint32Array>;
    dictionaries: Map<Facet | 'status', Dictionary>;
  }) {
    this.size = parts.keys.length;
    this.keys = parts.keys;
    this.positionOf = parts.positionOf;
    this.status = parts.record.status;
    this.date = parts.record.date;
    this.record = {
      country: parts.record.country,
      sourceType: parts.record.sourceType,
      responseSought: parts.record.responseSought,
    };
    this.children = parts.offsets;
    this.child = parts.child;
    this.dictionaries = parts.dictionaries;
  }

  /**
   * Filters the candidates (every record when undefined) by the query's facets, dates and statuses; counts
   * each facet with every filter but its own; orders and cuts the requested page. `preferred` keys come
   * first under relevance order (e.g. records whose title holds the words).
   */
  search(
    query: SearchQuery,
    statuses: readonly string[],
    candidates?: ArrayLike<number>,
    preferred?: ArrayLike<number>,
  ): IndexSearch {
    const statusCodes = new Uint8Array(this.dictionaries.get('status')!.values.length + 1);
    for (const status of statuses) {
      const code = this.dictionaries.get('status')!.find(status);
      if (code !== undefined) statusCodes[code] = 1;
    }
    // Everything the loop touches is resolved into arrays indexed by facet number first: the loop runs
    // over up to every record, so it must not look anything up by name.
    const facetCount = FACETS.length;
    const recordColumn: (Uint32Array | undefined)[] = [];
    const offsets: (Uint32Array | undefined)[] = [];
    const values: (Uint32Array | undefined)[] = [];
    const counters: Uint32Array[] = [];
    const marks: (Int32Array | undefined)[] = [];
    const flags: (Uint8Array | undefined)[] = [];
    const active: number[] = [];
    FACETS.forEach((facet, number) => {
      const size = this.dictionaries.get(facet)!.values.length;
      counters.push(new Uint32Array(size));
      if (facet === 'country' || facet === 'sourceType' || facet === 'responseSought') {
        recordColumn.push(this.record[facet]);
        offsets.push(undefined);
        values.push(undefined);
        marks.push(undefined);
      } else {
        recordColumn.push(undefined);
        offsets.push(this.children[this.childTable[facet]]);
        values.push(this.child[facet]);
        marks.push(new Int32Array(size).fill(-1));
      }
      if (query[facet].length === 0) {
        flags.push(undefined);
        return;
      }
      const wanted = new Uint8Array(size);
      for (const value of query[facet] as readonly string[]) {
        const code = this.dictionaries.get(facet)!.find(value);
        if (code !== undefined) wanted[code] = 1;
      }
      flags.push(wanted);
      active.push(number);
    });
    const from = query.from ? Number(query.from.replace(/-/g, '')) : 0;
    const to = query.to ? Number(query.to.replace(/-/g, '')) : 99999999;
    const status = this.status;
    const dates = this.date;

    const holds = (facet: number, position: number): boolean => {
      const wanted = flags[facet]!;
      const column = recordColumn[facet];
      if (column) return wanted[column[position]!] === 1;
      const starts = offsets[facet]!;
      const codes = values[facet]!;
      for (let index = starts[position]!, end = starts[position + 1]!; index < end; index++) {
        const code = codes[index]!;
        if (code !== NONE && wanted[code] === 1) return true;
      }
      return false;
    };
    // First pass: which candidates pass every filter, and which fail exactly one (they count for that facet).
    const total = candidates ? candidates.length : this.size;
    const matchedPositions = new Int32Array(total);
    let matchedCount = 0;
    const nearly: number[][] = FACETS.map(() => []);
    for (let index = 0; index < total; index++) {
      let position = index;
      if (candidates) {
        const key = candidates[index]!;
        position = key < this.positionOf.length ? this.positionOf[key]! : -1;
        if (position < 0) continue;
      }
      if (statusCodes[status[position]!] !== 1) continue;
      const date = dates[position]!;
      if (date < from || date > to) continue;
      let failed = -1;
      let failures = 0;
      for (let at = 0; at < active.length; at++) {
        const facet = active[at]!;
        if (!holds(facet, position) && ++failures === 1) failed = facet;
        if (failures > 1) break;
      }
      if (failures === 0) matchedPositions[matchedCount++] = position;
      else if (failures === 1) nearly[failed]!.push(position);
    }
    const matched = matchedPositions.subarray(0, matchedCount);

    // Second pass, one facet at a time over its own column: the records that match, plus those that fail
    // only this facet. A record counts once per value, however many of its groups or links have it.
    for (let facet = 0; facet < facetCount; facet++) {
      const counter = counters[facet]!;
      const column = recordColumn[facet];
      for (const positions of [matched, Int32Array.from(nearly[facet]!)]) {
        if (column) {
          for (let index = 0; index < positions.length; index++) counter[column[positions[index]!]!]!++;
          continue;
        }
        const starts = offsets[facet]!;
        const codes = values[facet]!;
        const seen = marks[facet]!;
        for (let index = 0; index < positions.length; index++) {
          const position = positions[index]!;
          for (let at = starts[position]!, end = starts[position + 1]!; at < end; at++) {
            const code = codes[at]!;
            if (code === NONE || seen[code] === position) continue;
            seen[code] = position;
            counter[code]!++;
          }
        }
      }
    }

    const pageKeys = this.page(query, matched, preferred);
    const counts = Object.fromEntries(
      FACETS.map((facet, number) => [facet, this.topValues(facet, counters[number]!)]),
    ) as Record<Facet, FacetCount[]>;
    return { total: matched.length, pageKeys, counts };
  }

  /** The most frequent values of a facet, by count then value, without sorting every value. */
  private topValues(facet: Facet, counter: Uint32Array): FacetCount[] {
    const values = this.dictionaries.get(facet)!.values;
    const best: number[] = [];
    const before = (a: number, b: number) =>
      counter[a]! > counter[b]! || (counter[a] === counter[b] && values[a]! < values[b]!);
    for (let code = 0; code < counter.length; code++) {
      if (counter[code] === 0 || values[code] === '') continue;
      if (best.length === FACET_LIMIT && !before(code, best[best.length - 1]!)) continue;
      let at = best.length;
      while (at > 0 && before(code, best[at - 1]!)) at--;
      best.splice(at, 0, code);
      if (best.length > FACET_LIMIT) best.pop();
    }
    return best.map((code) => ({ value: values[code]!, count: counter[code]! }));
  }

  /** The keys of one page: a partial selection of the best `page × pageSize`, never a full sort. */
  private page(query: SearchQuery, matched: Int32Array, preferred?: ArrayLike<number>): number[] {
    const sort = effectiveSort(query);
    const favoured = new Uint8Array(this.size);
    if (sort === 'relevance' && preferred) {
      for (let index = 0; index < preferred.length; index++) {
        const position = this.positionOf[preferred[index]!] ?? -1;
        if (position >= 0) favoured[position] = 1;
      }
    }
    const direction = sort === 'oldest' ? 1 : -1;
    // Negative when a comes before b.
    const compare = (a: number, b: number) =>
      favoured[b]! - favoured[a]! || direction * (this.date[a]! - this.date[b]!) || direction * (a - b);
    const wanted = query.page * query.pageSize;
    if (wanted > 2000) {
      const sorted = Array.from(matched).sort(compare);
      return sorted.slice((query.page - 1) * query.pageSize, wanted).map((position) => this.keys[position]!);
    }
    const best: number[] = [];
    for (const position of matched) {
      if (best.length === wanted && compare(position, best[best.length - 1]!) >= 0) continue;
      let low = 0;
      let high = best.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compare(best[middle]!, position) <= 0) low = middle + 1;
        else high = middle;
      }
      best.splice(low, 0, position);
      if (best.length > wanted) best.pop();
    }
    return best.slice((query.page - 1) * query.pageSize).map((position) => this.keys[position]!);
  }
}
