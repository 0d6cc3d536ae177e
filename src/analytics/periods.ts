/**
 * Calendar periods for time series and comparisons. Dates are the numbers YYYYMMDD the facet index keeps, or
 * ISO strings; a period's key reads `2025-04` (month), `2025-Q2` (quarter) or `2025` (year).
 */

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];

const MONTHS_IN: Record<Period, number> = { month: 1, quarter: 3, year: 12 };

/** Months since year 0 of a YYYYMMDD number. */
export const monthNumber = (date: number) =>
  Math.floor(date / 10000) * 12 + (Math.floor(date / 100) % 100) - 1;

export const dateNumber = (iso: string) => Number(iso.replace(/-/g, ''));

/** The number of the period that holds a month. */
export const periodOfMonth = (month: number, period: Period) => Math.floor(month / MONTHS_IN[period]);

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Key, first and last day of a period by its number. */
export function periodBounds(number: number, period: Period): { key: string; start: string; end: string } {
  const firstMonth = number * MONTHS_IN[period];
  const year = Math.floor(firstMonth / 12);
  const month = (firstMonth % 12) + 1;
  const lastMonth = month + MONTHS_IN[period] - 1;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const start = `${pad(year, 4)}-${pad(month)}-01`;
  const end = `${pad(year, 4)}-${pad(lastMonth)}-${pad(lastDay)}`;
  const key =
    period === 'year'
      ? pad(year, 4)
      : period === 'quarter'
        ? `${pad(year, 4)}-Q${(month + 2) / 3}`
        : `${pad(year, 4)}-${pad(month)}`;
  return { key, start, end };
}

/** The period a series is drawn by when none is asked for: months up to two years, quarters up to eight. */
export function naturalPeriod(firstMonth: number, lastMonth: number): Period {
  const span = lastMonth - firstMonth + 1;
  if (span <= 24) return 'month';
  if (span <= 96) return 'quarter';
  return 'year';
}

/** The range of the same length that ends the day before `from` (for "change against the previous period"). */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const length = Math.round((end - start) / day) + 1;
  // A range of whole calendar months or years compares with the same number of whole months before it.
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  const endOfMonth = new Date(end + day).getUTCDate() === 1;
  if (fromDay === 1 && endOfMonth) {
    const months = (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1;
    const first = new Date(Date.UTC(fromYear, fromMonth - 1 - months, 1));
    const last = new Date(start - day);
    return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
  }
  return {
    from: new Date(start - length * day).toISOString().slice(0, 10),
    to: new Date(start - day).toISOString().slice(0, 10),
  };
}

/** The range a report covers when none is asked for: the last whole calendar year before `today`. */
export function lastWholeYear(today: Date = new Date()): { from: string; to: string } {
  const year = today.getUTCFullYear() - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
