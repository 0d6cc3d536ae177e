import { describe, expect, it } from 'vitest';
import {
  dateNumber,
  monthNumber,
  naturalPeriod,
  periodBounds,
  periodOfMonth,
  previousRange,
} from './periods.ts';

describe('periods', () => {
  it('names a period and gives its first and last day, leap years included', () => {
    const month = periodOfMonth(monthNumber(dateNumber('2024-02-17')), 'month');
    expect(periodBounds(month, 'month')).toEqual({ key: '2024-02', start: '2024-02-01', end: '2024-02-29' });
    const quarter = periodOfMonth(monthNumber(dateNumber('2025-11-30')), 'quarter');
    expect(periodBounds(quarter, 'quarter')).toEqual({
      key: '2025-Q4',
      start: '2025-10-01',
      end: '2025-12-31',
    });
    const year = periodOfMonth(monthNumber(dateNumber('2023-06-01')), 'year');
    expect(periodBounds(year, 'year')).toEqual({ key: '2023', start: '2023-01-01', end: '2023-12-31' });
  });

  it('draws months up to two years, quarters up to eight, years beyond', () => {
    const start = monthNumber(dateNumber('2020-01-01'));
    expect(naturalPeriod(start, start + 23)).toBe('month');
    expect(naturalPeriod(start, start + 24)).toBe('quarter');
    expect(naturalPeriod(start, start + 95)).toBe('quarter');
    expect(naturalPeriod(start, start + 96)).toBe('year');
  });

  it('compares a year with the year before, a quarter with the quarter before, other ranges by days', () => {
    expect(previousRange('2025-01-01', '2025-12-31')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(previousRange('2025-04-01', '2025-06-30')).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(previousRange('2024-03-01', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(previousRange('2025-03-10', '2025-03-19')).toEqual({ from: '2025-02-28', to: '2025-03-09' });
  });
});
