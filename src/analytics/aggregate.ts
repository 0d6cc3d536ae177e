import { PUBLIC_OUTCOMES, responseRate, type PublicOutcome } from '../domain/response.ts';
import { NONE, type Dictionary, type IndexColumns } from '../search/facet-shapes.ts';
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
  /**
   * The series covers this range when given (within the months the database's records span), else the
   * selected records' first to last month.
   */
  from?: string;
  to?: string;
  /** Values kept per breakdown. */
  limit: number;
  /** Values kept for some breakdowns, instead of `limit`. */
  limits?: Partial<Record<Facet, number>>;
}

/** The issue whose records count as deaths. */
export const DEATHS_ISSUE = 'deaths';

const RECORD_FACETS = ['country', 'sourceType', 'responseSought'] as const;
const TABLE_FACETS = {
  groups: ['origin', 'corridor', 'sector', 'gender', 'migrationStatus'],
  companies: ['company', 'role'],
  issues: ['issue', 'category'],
} as const;

/**
 * Counters sized to each dictionary, kept with the index between calls (a million records may name hundreds
 * of thousands of companies) and put back to zero after each use, touched codes only.
 */
interface Tally {
  counter: Uint32Array;
  /** The codes counted, in the order first met; `size` of them are set. */
  touched: Uint32Array;
  size: number;
}
interface Scratch {
  tallies: Map<Facet, Tally>;
  /** Each record's month, counted from `firstMonth`. */
  month: Uint16Array;
  /** Months the dates of the index span: the first, and how many. */
  firstMonth: number;
  months: number;
}
const scratch = new WeakMap<IndexColumns, Scratch>();

function scratchFor(columns: IndexColumns): Scratch {
  let found = scratch.get(columns);
  if (!found) {
    let low = Infinity;
    let high = -Infinity;
    for (const date of columns.date) {
      if (date < low) low = date;
      if (date > high) high = date;
    }
    const firstMonth = Number.isFinite(low) ? monthNumber(low) : 0;
    const months = Number.isFinite(high) ? monthNumber(high) - firstMonth + 1 : 0;
    const month = Uint16Array.from(columns.date, (date) => monthNumber(date) - firstMonth);
    found = { tallies: new Map(), month, firstMonth, months };
    scratch.set(columns, found);
  }
  for (const facet of FACETS) {
    const size = columns.dictionaries.get(facet)!.values.length;
    const tally = found.tallies.get(facet);
    if (!tally || tally.counter.length < size)
      found.tallies.set(facet, { counter: new Uint32Array(size), touched: new Uint32Array(size), size: 0 });
  }
  return found;
}

/** Records per value of a facet held by records. */
function countRecordColumn(column: Uint32Array, positions: Int32Array, tally: Tally): void {
  const { counter, touched } = tally;
  let size = tally.size;
  for (let index = 0; index < positions.length; index++) {
    const code = column[positions[index]!]!;
    if (counter[code]!++ === 0) touched[size++] = code;
  }
  tally.size = size;
}

/**
 * Records per value of two facets held by the same child rows (groups, company links, issues), in one pass: a
 * record counts once per value, however many of its rows have it (checked against its earlier rows: a record
 * has few). Pass the same column twice to count one facet.
 */
function countChildColumns(
  starts: Uint32Array,
  first: Uint32Array,
  firstTally: Tally,
  second: Uint32Array,
  secondTally: Tally | undefined,
  positions: Int32Array,
): void {
  const firstCounter = firstTally.counter;
  const firstTouched = firstTally.touched;
  let firstSize = firstTally.size;
  const secondCounter = (secondTally ?? firstTally).counter;
  const secondTouched = (secondTally ?? firstTally).touched;
  let secondSize = secondTally?.size ?? 0;
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index]!;
    const start = starts[position]!;
    const end = starts[position + 1]!;
    firstRows: for (let at = start; at < end; at++) {
      const code = first[at]!;
      if (code === NONE) continue;
      for (let earlier = start; earlier < at; earlier++) if (first[earlier] === code) continue firstRows;
      if (firstCounter[code]!++ === 0) firstTouched[firstSize++] = code;
    }
    if (!secondTally) continue;
    secondRows: for (let at = start; at < end; at++) {
      const code = second[at]!;
      if (code === NONE) continue;
      for (let earlier = start; earlier < at; earlier++) if (second[earlier] === code) continue secondRows;
      if (secondCounter[code]!++ === 0) secondTouched[secondSize++] = code;
    }
  }
  firstTally.size = firstSize;
  if (secondTally) secondTally.size = secondSize;
}

export function aggregate(
  columns: IndexColumns,
  positions: Int32Array,
  options: AggregateOptions,
): Aggregates {
  const { offsets, child, dictionaries } = columns;
  const count = positions.length;
  const work = scratchFor(columns);
  const tally = (facet: Facet) => work.tallies.get(facet)!;

  for (const facet of RECORD_FACETS) countRecordColumn(columns.record[facet], positions, tally(facet));
  // Facets of the same child rows are counted in pairs: a record's rows are read while they are at hand.
  for (const table of ['groups', 'companies', 'issues'] as const) {
    const facets = TABLE_FACETS[table];
    for (let at = 0; at < facets.length; at += 2) {
      const second = facets[at + 1];
      countChildColumns(
        offsets[table],
        child[facets[at]!],
        tally(facets[at]!),
        child[second ?? facets[at]!],
        second ? tally(second) : undefined,
        positions,
      );
    }
  }

  const groupStarts = offsets.groups;
  const groupCount = columns.groupCount;
  const affectedTotal = columns.affectedTotal;
  const companyStarts = offsets.companies;
  const issueStarts = offsets.issues;
  const issues = child.issue;
  const deathsCode = dictionaries.get('issue')!.find(DEATHS_ISSUE) ?? NONE;
  const responseStarts = offsets.responses;
  const outcomes = child.responseOutcome;
  const outcomeCounter = new Uint32Array(dictionaries.get('responseOutcome')!.values.length);
  const firstMonth = work.firstMonth;
  const monthOf = work.month;
  const monthRecords = new Uint32Array(work.months);
  const monthIndividuals = new Float64Array(work.months);
  let individualsTotal = 0;
  let withNumber = 0;
  let withoutCompany = 0;
  let deathRecords = 0;
  let deathIndividuals = 0;
  let deathsWithNumber = 0;

  // The record-level figures in one pass, taken while each record's columns are at hand.
  for (let index = 0; index < count; index++) {
    const position = positions[index]!;
    // Individuals: the record's total when given, else the sum of its groups' counts when any is given.
    let number = affectedTotal[position]!;
    if (number !== number) {
      for (let at = groupStarts[position]!, end = groupStarts[position + 1]!; at < end; at++) {
        const groupNumber = groupCount[at]!;
        if (groupNumber === groupNumber) number = (number === number ? number : 0) + groupNumber;
      }
    }
    const known = number === number;
    if (known) {
      individualsTotal += number;
      withNumber++;
    }
    if (companyStarts[position] === companyStarts[position + 1]) withoutCompany++;
    for (let at = issueStarts[position]!, end = issueStarts[position + 1]!; at < end; at++) {
      if (issues[at] !== deathsCode) continue;
      deathRecords++;
      if (known) {
        deathsWithNumber++;
        deathIndividuals += number;
      }
      break;
    }
    for (let at = responseStarts[position]!, end = responseStarts[position + 1]!; at < end; at++)
      outcomeCounter[outcomes[at]!]!++;
    const month = monthOf[position]!;
    monthRecords[month]!++;
    if (known) monthIndividuals[month]! += number;
  }

  const responses = { requested: 0, rate: null as number | null } as Aggregates['responses'];
  for (const outcome of PUBLIC_OUTCOMES) {
    const code = dictionaries.get('responseOutcome')!.find(outcome);
    responses[outcome] = code === undefined ? 0 : outcomeCounter[code]!;
    responses.requested += responses[outcome];
  }
  responses.rate = responseRate(responses.responded, responses.requested);

  const breakdowns = {} as Record<Facet, Breakdown>;
  for (const facet of FACETS)
    breakdowns[facet] = topValues(
      tally(facet),
      dictionaries.get(facet)!,
      options.limits?.[facet] ?? options.limit,
    );

  const { period, series } = timeSeries(firstMonth, monthRecords, monthIndividuals, options);
  return {
    records: count,
    companiesNamed: breakdowns.company.distinct,
    recordsWithoutCompany: withoutCompany,
    individuals: {
      total: individualsTotal,
      recordsWithNumber: withNumber,
      recordsWithoutNumber: count - withNumber,
    },
    deaths: {
      records: deathRecords,
      individuals: deathIndividuals,
      recordsWithNumber: deathsWithNumber,
      recordsWithoutNumber: deathRecords - deathsWithNumber,
    },
    responses,
    period,
    series,
    breakdowns,
  };
}

/**
 * The `limit` most frequent values (by count, then value) and the number of distinct values; puts the
 * counters back to zero. The count at the cut comes from a histogram of counts, so that only values at that
 * count are compared by name.
 */
function topValues(tally: Tally, dictionary: Dictionary, limit: number): Breakdown {
  const values = dictionary.values;
  const { counter, touched } = tally;
  const size = tally.size;
  // A missing value is coded as '' in some facets (a record without a source type): it is not a value.
  const blank = dictionary.find('') ?? -1;
  // The counts are read once, in the order of `touched`, and the counters put back to zero on the way: the
  // passes below read this sequential copy instead of the counter (large for companies).
  const counts = new Uint32Array(size);
  let distinct = 0;
  let highest = 0;
  for (let index = 0; index < size; index++) {
    const code = touched[index]!;
    const value = counter[code]!;
    counter[code] = 0;
    if (code === blank) continue;
    counts[index] = value;
    distinct++;
    if (value > highest) highest = value;
  }
  tally.size = 0;
  const histogram = new Uint32Array(highest + 1);
  for (let index = 0; index < size; index++) histogram[counts[index]!]!++;
  let cut = highest;
  let above = 0;
  while (cut > 1 && above + histogram[cut]! < limit) above += histogram[cut--]!;
  const room = limit - above;
  const chosen: number[] = [];
  const atCut: number[] = [];
  for (let index = 0; index < size; index++) {
    const count = counts[index]!;
    // A blank was given no count: it is never chosen.
    if (count === 0 || count < cut) continue;
    if (count > cut) chosen.push(index);
    else if (room > 0) {
      // The first names at the cut count, kept by insertion into a list of at most `room`.
      const name = values[touched[index]!]!;
      if (atCut.length === room && !(name < values[touched[atCut[room - 1]!]!]!)) continue;
      let at = atCut.length;
      while (at > 0 && name < values[touched[atCut[at - 1]!]!]!) at--;
      atCut.splice(at, 0, index);
      if (atCut.length > room) atCut.pop();
    }
  }
  chosen.sort((a, b) => counts[b]! - counts[a]! || (values[touched[a]!]! < values[touched[b]!]! ? -1 : 1));
  const result = [...chosen, ...atCut].map((index) => ({
    value: values[touched[index]!]!,
    records: counts[index]!,
  }));
  return { distinct, values: result };
}

/** Months (counted from `firstMonth`) gathered into the periods of the series' range. */
function timeSeries(
  firstMonth: number,
  monthRecords: Uint32Array,
  monthIndividuals: Float64Array,
  options: AggregateOptions,
): { period: Period; series: SeriesPoint[] } {
  // A range asked for is kept within the months the database's records span (a range of ten centuries
  // would otherwise list ten centuries of empty months).
  const lastMonth = firstMonth + monthRecords.length - 1;
  let low = options.from ? Math.max(firstMonth, monthNumber(dateNumber(options.from))) : Infinity;
  let high = options.to ? Math.min(lastMonth, monthNumber(dateNumber(options.to))) : -Infinity;
  for (let month = 0; month < monthRecords.length; month++) {
    if (monthRecords[month] === 0) continue;
    if (!options.from) low = Math.min(low, firstMonth + month);
    if (!options.to) high = Math.max(high, firstMonth + month);
  }
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high)
    return { period: options.period ?? 'month', series: [] };
  const period = options.period ?? naturalPeriod(low, high);
  const first = periodOfMonth(low, period);
  const last = periodOfMonth(high, period);
  const records = new Uint32Array(last - first + 1);
  const individuals = new Float64Array(last - first + 1);
  for (let month = 0; month < monthRecords.length; month++) {
    if (monthRecords[month] === 0) continue;
    const bucket = periodOfMonth(firstMonth + month, period) - first;
    if (bucket < 0 || bucket >= records.length) continue;
    records[bucket]! += monthRecords[month]!;
    individuals[bucket]! += monthIndividuals[month]!;
  }
  const series = Array.from(records, (value, bucket) => {
    const { key, start, end } = periodBounds(first + bucket, period);
    return { period: key, start, end, records: value, individuals: individuals[bucket]! };
  });
  return { period, series };
}
