import { PUBLIC_OUTCOMES, type PublicOutcome } from '../domain/response.ts';
import {
  CHILD_TABLE,
  NONE,
  type ChildFacet,
  type IndexColumns,
  type RecordFacet,
} from '../search/facet-shapes.ts';
import { FACETS, type Facet } from '../search/query.ts';
import {
  dateNumber,
  monthNumber,
  naturalPeriod,
  periodBounds,
  periodOfMonth,
  type Period,
} from './periods.ts';

/**
 * Every figure of the analytics, counted in one pass over the records a query selected from the facet index
 * (typed columns), so that a million records take milliseconds and every consumer reads the same numbers.
 */

export interface ValueCount {
  value: string;
  records: number;
}

export interface Breakdown {
  /** How many different values the selected records have. */
  distinct: number;
  /** The most frequent values, most records first, then by value. */
  values: ValueCount[];
}

export interface SeriesPoint {
  period: string;
  start: string;
  end: string;
  records: number;
  /** Individuals affected in the records of the period that give a number. */
  individuals: number;
}

export interface Aggregates {
  records: number;
  /** Distinct companies linked to the records. */
  companiesNamed: number;
  recordsWithoutCompany: number;
  individuals: { total: number; recordsWithNumber: number; recordsWithoutNumber: number };
  deaths: { records: number; individuals: number; recordsWithNumber: number; recordsWithoutNumber: number };
  responses: Record<PublicOutcome, number> & { requested: number; rate: number | null };
  period: Period;
  series: SeriesPoint[];
  breakdowns: Record<Facet, Breakdown>;
}

export interface AggregateOptions {
  /** The series' period; by default the one that suits the span. */
  period?: Period;
  /** The series covers this range when given, else the selected records' first to last month. */
  from?: string;
  to?: string;
  /** Values kept per breakdown. */
  limit: number;
}

/** The issue whose records count as deaths. */
export const DEATHS_ISSUE = 'deaths';

const RECORD_FACETS = new Set<Facet>(['country', 'sourceType', 'responseSought']);

export function aggregate(
  columns: IndexColumns,
  positions: Int32Array,
  options: AggregateOptions,
): Aggregates {
  const { offsets, child, dictionaries } = columns;
  const count = positions.length;

  // Individuals per record: its total when given, else the sum of its groups' counts when any is given.
  const individualsOf = new Float64Array(count);
  const groupStarts = offsets.groups;
  const groupCount = columns.groupCount;
  let individualsTotal = 0;
  let withNumber = 0;
  for (let index = 0; index < count; index++) {
    const position = positions[index]!;
    let number = columns.affectedTotal[position]!;
    if (Number.isNaN(number)) {
      for (let at = groupStarts[position]!, end = groupStarts[position + 1]!; at < end; at++) {
        const groupNumber = groupCount[at]!;
        if (!Number.isNaN(groupNumber)) number = (Number.isNaN(number) ? 0 : number) + groupNumber;
      }
    }
    individualsOf[index] = number;
    if (!Number.isNaN(number)) {
      individualsTotal += number;
      withNumber++;
    }
  }

  // Companies: distinct companies, and records with none.
  const companyStarts = offsets.companies;
  let withoutCompany = 0;
  for (let index = 0; index < count; index++) {
    const position = positions[index]!;
    if (companyStarts[position] === companyStarts[position + 1]) withoutCompany++;
  }

  // Deaths: records filed under the Deaths issue, and the individuals they give a number for.
  const deathsCode = dictionaries.get('issue')!.find(DEATHS_ISSUE);
  const deaths = { records: 0, individuals: 0, recordsWithNumber: 0, recordsWithoutNumber: 0 };
  if (deathsCode !== undefined) {
    const issueStarts = offsets.issues;
    const issues = child.issue;
    for (let index = 0; index < count; index++) {
      const position = positions[index]!;
      for (let at = issueStarts[position]!, end = issueStarts[position + 1]!; at < end; at++) {
        if (issues[at] !== deathsCode) continue;
        deaths.records++;
        const number = individualsOf[index]!;
        if (Number.isNaN(number)) deaths.recordsWithoutNumber++;
        else {
          deaths.recordsWithNumber++;
          deaths.individuals += number;
        }
        break;
      }
    }
  }

  // Response requests about the records, by what each counts as publicly.
  const outcomeCounter = new Uint32Array(dictionaries.get('responseOutcome')!.values.length);
  const responseStarts = offsets.responses;
  const outcomes = child.responseOutcome;
  for (let index = 0; index < count; index++) {
    const position = positions[index]!;
    for (let at = responseStarts[position]!, end = responseStarts[position + 1]!; at < end; at++)
      outcomeCounter[outcomes[at]!]!++;
  }
  const responses = { requested: 0, rate: null as number | null } as Aggregates['responses'];
  for (const outcome of PUBLIC_OUTCOMES) {
    const code = dictionaries.get('responseOutcome')!.find(outcome);
    responses[outcome] = code === undefined ? 0 : outcomeCounter[code]!;
    responses.requested += responses[outcome];
  }
  responses.rate = responses.requested > 0 ? responses.responded / responses.requested : null;

  const { period, series } = timeSeries(columns.date, positions, individualsOf, options);

  const breakdowns = {} as Record<Facet, Breakdown>;
  for (const facet of FACETS) {
    const values = dictionaries.get(facet)!.values;
    const tally = countFacet(columns, facet, positions);
    breakdowns[facet] = topValues(tally, values, options.limit);
  }

  return {
    records: count,
    companiesNamed: breakdowns.company.distinct,
    recordsWithoutCompany: withoutCompany,
    individuals: {
      total: individualsTotal,
      recordsWithNumber: withNumber,
      recordsWithoutNumber: count - withNumber,
    },
    deaths,
    responses,
    period,
    series,
    breakdowns,
  };
}

/** Counters of one facet: records per value code, and the codes counted (so that only those are read). */
interface Tally {
  counter: Uint32Array;
  seen: Int32Array;
  touched: number[];
}

/**
 * Counters and marks sized to a dictionary are kept with the index between calls (a million records may
 * name hundreds of thousands of companies) and put back after each use, touched codes only.
 */
const scratch = new WeakMap<IndexColumns, Map<Facet, { counter: Uint32Array; seen: Int32Array }>>();

function buffersFor(columns: IndexColumns, facet: Facet, size: number) {
  let byFacet = scratch.get(columns);
  if (!byFacet) scratch.set(columns, (byFacet = new Map()));
  let buffers = byFacet.get(facet);
  if (!buffers || buffers.counter.length < size) {
    buffers = { counter: new Uint32Array(size), seen: new Int32Array(size).fill(-1) };
    byFacet.set(facet, buffers);
  }
  return buffers;
}

function countFacet(columns: IndexColumns, facet: Facet, positions: Int32Array): Tally {
  const size = columns.dictionaries.get(facet)!.values.length;
  const { counter, seen } = buffersFor(columns, facet, size);
  const touched: number[] = [];
  if (RECORD_FACETS.has(facet)) {
    const column = columns.record[facet as RecordFacet];
    for (let index = 0; index < positions.length; index++) {
      const code = column[positions[index]!]!;
      if (counter[code]!++ === 0) touched.push(code);
    }
    return { counter, seen, touched };
  }
  // A record counts once per value, however many of its groups or links have it.
  const starts = columns.offsets[CHILD_TABLE[facet as ChildFacet]];
  const codes = columns.child[facet as ChildFacet];
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index]!;
    for (let at = starts[position]!, end = starts[position + 1]!; at < end; at++) {
      const code = codes[at]!;
      if (code === NONE || seen[code] === position) continue;
      seen[code] = position;
      if (counter[code]!++ === 0) touched.push(code);
    }
  }
  return { counter, seen, touched };
}

/**
 * The `limit` most frequent values (by count, then value) and the number of distinct values; puts the
 * counters back to zero. The count at the cut comes from a histogram of counts, so that only values at that
 * count are compared by name.
 */
function topValues(tally: Tally, values: readonly string[], limit: number): Breakdown {
  const { counter, seen, touched } = tally;
  let distinct = 0;
  let highest = 0;
  for (const code of touched) {
    if (values[code] === '') continue;
    distinct++;
    if (counter[code]! > highest) highest = counter[code]!;
  }
  const histogram = new Uint32Array(highest + 1);
  for (const code of touched) if (values[code] !== '') histogram[counter[code]!]!++;
  let cut = highest;
  let above = 0;
  while (cut > 1 && above + histogram[cut]! < limit) above += histogram[cut--]!;
  const room = limit - above;
  const chosen: number[] = [];
  const atCut: number[] = [];
  for (const code of touched) {
    if (values[code] === '') continue;
    if (counter[code]! > cut) chosen.push(code);
    else if (counter[code] === cut && room > 0) {
      // The first names at the cut count, kept by insertion into a list of at most `room`.
      if (atCut.length === room && !(values[code]! < values[atCut[room - 1]!]!)) continue;
      let at = atCut.length;
      while (at > 0 && values[code]! < values[atCut[at - 1]!]!) at--;
      atCut.splice(at, 0, code);
      if (atCut.length > room) atCut.pop();
    }
  }
  chosen.sort((a, b) => counter[b]! - counter[a]! || (values[a]! < values[b]! ? -1 : 1));
  const result = [...chosen, ...atCut].map((code) => ({ value: values[code]!, records: counter[code]! }));
  for (const code of touched) {
    counter[code] = 0;
    seen[code] = -1;
  }
  return { distinct, values: result };
}

function timeSeries(
  dates: Uint32Array,
  positions: Int32Array,
  individualsOf: Float64Array,
  options: AggregateOptions,
): { period: Period; series: SeriesPoint[] } {
  let firstMonth = options.from ? monthNumber(dateNumber(options.from)) : Infinity;
  let lastMonth = options.to ? monthNumber(dateNumber(options.to)) : -Infinity;
  if (!options.from || !options.to) {
    let low = Infinity;
    let high = -Infinity;
    for (let index = 0; index < positions.length; index++) {
      const date = dates[positions[index]!]!;
      if (date < low) low = date;
      if (date > high) high = date;
    }
    if (!options.from && positions.length > 0) firstMonth = monthNumber(low);
    if (!options.to && positions.length > 0) lastMonth = monthNumber(high);
  }
  if (!Number.isFinite(firstMonth) || !Number.isFinite(lastMonth) || firstMonth > lastMonth) {
    return { period: options.period ?? 'month', series: [] };
  }
  const period = options.period ?? naturalPeriod(firstMonth, lastMonth);
  const first = periodOfMonth(firstMonth, period);
  const last = periodOfMonth(lastMonth, period);
  const records = new Uint32Array(last - first + 1);
  const individuals = new Float64Array(last - first + 1);
  for (let index = 0; index < positions.length; index++) {
    const bucket = periodOfMonth(monthNumber(dates[positions[index]!]!), period) - first;
    if (bucket < 0 || bucket >= records.length) continue;
    records[bucket]!++;
    const number = individualsOf[index]!;
    if (!Number.isNaN(number)) individuals[bucket]! += number;
  }
  const series = Array.from(records, (value, bucket) => ({
    ...(({ key, start, end }) => ({ period: key, start, end }))(periodBounds(first + bucket, period)),
    records: value,
    individuals: individuals[bucket]!,
  }));
  return { period, series };
}
