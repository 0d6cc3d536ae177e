import {
  CHILD_TABLE,
  NONE,
  type ChildFacet,
  type ChildTable,
  type Coded,
  type Dictionary,
  type IndexColumns,
  type RecordFacet,
} from './facet-shapes.ts';
import { effectiveSort, FACETS, isConjunctive, type Facet, type SearchQuery } from './query.ts';

/**
 * An in-memory, columnar index of every record's facet values, so that filtering, disjunctive facet counts
 * and date ordering over a million records take one pass in milliseconds instead of a dozen SQL aggregates.
 * Records are known by a numeric key the store chooses (SQLite: the rowid). Built from rows; never written to.
 */

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

const isRecordFacet = (facet: Facet): facet is RecordFacet =>
  facet === 'country' || facet === 'sourceType' || facet === 'responseSought';

/** Values shown per facet, most frequent first. */
const FACET_LIMIT = 30;

export class FacetIndex {
  readonly size: number;
  private readonly keys: Uint32Array;
  private readonly positionOf: Int32Array;
  private readonly status: Uint32Array;
  private readonly date: Uint32Array;
  private readonly record: Record<RecordFacet, Uint32Array>;
  private readonly dictionaries: Map<Coded, Dictionary>;
  private readonly children: Record<ChildTable, Uint32Array>;
  private readonly child: Record<ChildFacet, Uint32Array>;
  private readonly childTable = CHILD_TABLE;

  constructor(readonly columns: IndexColumns) {
    this.size = columns.keys.length;
    this.keys = columns.keys;
    this.positionOf = columns.positionOf;
    this.status = columns.status;
    this.date = columns.date;
    this.record = columns.record;
    this.children = columns.offsets;
    this.child = columns.child;
    this.dictionaries = columns.dictionaries;
  }

  /** Positions of the records (of `candidates`, else all) that pass every filter and status of the query. */
  select(query: SearchQuery, statuses: readonly string[], candidates?: ArrayLike<number>): Int32Array {
    return this.scan(query, statuses, candidates, false).matched;
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
    const { matched, nearly } = this.scan(query, statuses, candidates, true);
    const facetCount = FACETS.length;
    const recordColumn = FACETS.map((facet) => (isRecordFacet(facet) ? this.record[facet] : undefined));
    // Second pass, one facet at a time over its own column: the records that match, plus those that fail
    // only this facet. A record counts once per value, however many of its groups or links have it.
    const counters: Uint32Array[] = [];
    for (let facet = 0; facet < facetCount; facet++) {
      const name = FACETS[facet]!;
      const counter = new Uint32Array(this.dictionaries.get(name)!.values.length);
      counters.push(counter);
      const column = recordColumn[facet];
      const seen = column ? undefined : new Int32Array(counter.length).fill(-1);
      for (const positions of [matched, Int32Array.from(nearly[facet]!)]) {
        if (column) {
          for (let index = 0; index < positions.length; index++) counter[column[positions[index]!]!]!++;
          continue;
        }
        const starts = this.children[this.childTable[name as ChildFacet]];
        const codes = this.child[name as ChildFacet];
        for (let index = 0; index < positions.length; index++) {
          const position = positions[index]!;
          for (let at = starts[position]!, end = starts[position + 1]!; at < end; at++) {
            const code = codes[at]!;
            if (code === NONE || seen![code] === position) continue;
            seen![code] = position;
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

  /**
   * One pass over the candidates: those that pass every filter, and (when `nearly` is asked for) those that
   * fail exactly one facet's filter, by facet, which count for that facet's own values.
   */
  private scan(
    query: SearchQuery,
    statuses: readonly string[],
    candidates: ArrayLike<number> | undefined,
    collectNearly: boolean,
  ): { matched: Int32Array; nearly: number[][] } {
    const statusCodes = new Uint8Array(this.dictionaries.get('status')!.values.length + 1);
    for (const status of statuses) {
      const code = this.dictionaries.get('status')!.find(status);
      if (code !== undefined) statusCodes[code] = 1;
    }
    // Everything the loop touches is resolved into arrays indexed by facet number first: the loop runs
    // over up to every record, so it must not look anything up by name.
    const recordColumn: (Uint32Array | undefined)[] = [];
    const offsets: (Uint32Array | undefined)[] = [];
    const values: (Uint32Array | undefined)[] = [];
    const flags: (Uint8Array | undefined)[] = [];
    const active: number[] = [];
    // Facets whose chosen values must all hold, with the codes of those values (-1: a value no record has).
    // A record that fails one is never counted, not even for that facet's own values.
    const required: { facet: number; codes: number[] }[] = [];
    FACETS.forEach((facet, number) => {
      const size = this.dictionaries.get(facet)!.values.length;
      if (isRecordFacet(facet)) {
        recordColumn.push(this.record[facet]);
        offsets.push(undefined);
        values.push(undefined);
      } else {
        recordColumn.push(undefined);
        offsets.push(this.children[this.childTable[facet]]);
        values.push(this.child[facet]);
      }
      if (query[facet].length === 0) {
        flags.push(undefined);
        return;
      }
      if (isConjunctive(query, facet)) {
        flags.push(undefined);
        const chosen = [...new Set(query[facet] as readonly string[])];
        required.push({
          facet: number,
          codes: chosen.map((value) => this.dictionaries.get(facet)!.find(value) ?? -1),
        });
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
    // Over child rows only: the one conjunctive facet (issues) is held by child rows.
    const holdsAll = (facet: number, wanted: number[], position: number): boolean => {
      const starts = offsets[facet]!;
      const codes = values[facet]!;
      const end = starts[position + 1]!;
      for (const code of wanted) {
        let index = starts[position]!;
        while (index < end && codes[index] !== code) index++;
        if (index === end) return false;
      }
      return true;
    };
    const total = candidates ? candidates.length : this.size;
    const matchedPositions = new Int32Array(total);
    let matchedCount = 0;
    const nearly: number[][] = FACETS.map(() => []);
    const tolerated = collectNearly ? 1 : 0;
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
      let fails = false;
      for (let at = 0; at < required.length && !fails; at++)
        fails = !holdsAll(required[at]!.facet, required[at]!.codes, position);
      if (fails) continue;
      let failed = -1;
      let failures = 0;
      for (let at = 0; at < active.length; at++) {
        const facet = active[at]!;
        if (!holds(facet, position) && ++failures === 1) failed = facet;
        if (failures > tolerated) break;
      }
      if (failures === 0) matchedPositions[matchedCount++] = position;
      else if (failures === 1 && collectNearly) nearly[failed]!.push(position);
    }
    const matched = matchedPositions.subarray(0, matchedCount);
    return { matched, nearly };
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

  /**
   * Keys of every record that passes the query's filters and statuses, in the query's sort order: what a
   * download streams.
   */
  sortedKeys(
    query: SearchQuery,
    statuses: readonly string[],
    candidates?: ArrayLike<number>,
    preferred?: ArrayLike<number>,
  ): Uint32Array {
    const matched = this.select(query, statuses, candidates);
    const sorted = Array.from(matched).sort(this.comparator(query, preferred));
    return Uint32Array.from(sorted, (position) => this.keys[position]!);
  }

  /** Negative when position a comes before b in the query's sort order. */
  private comparator(query: SearchQuery, preferred?: ArrayLike<number>): (a: number, b: number) => number {
    const sort = effectiveSort(query);
    const favoured = new Uint8Array(this.size);
    if (sort === 'relevance' && preferred) {
      for (let index = 0; index < preferred.length; index++) {
        const position = this.positionOf[preferred[index]!] ?? -1;
        if (position >= 0) favoured[position] = 1;
      }
    }
    const direction = sort === 'oldest' ? 1 : -1;
    return (a, b) =>
      favoured[b]! - favoured[a]! || direction * (this.date[a]! - this.date[b]!) || direction * (a - b);
  }

  /** The keys of one page: a partial selection of the best `page × pageSize`, never a full sort. */
  private page(query: SearchQuery, matched: Int32Array, preferred?: ArrayLike<number>): number[] {
    const compare = this.comparator(query, preferred);
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
