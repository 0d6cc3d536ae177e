import { z } from 'zod';
import { publicOutcome, responseRate, type PublicOutcome } from '../domain/response.ts';
import type { Stores } from '../store/store.ts';

/**
 * Response rates, a public figure: of the companies asked to respond (in a period, by when they were asked),
 * how many responded. Only requests about published records count, and a response counts once an editor has
 * published it (until then the company is still awaited), exactly as the record pages show it.
 */

export const RateQuery = z.object({
  by: z.enum(['company', 'sector', 'country']).default('company'),
  from: z.iso.date('a date as YYYY-MM-DD').optional(),
  to: z.iso.date('a date as YYYY-MM-DD').optional(),
});
export type RateQuery = z.infer<typeof RateQuery>;

export interface RateRow {
  key: string;
  requested: number;
  responded: number;
  declined: number;
  noResponse: number;
  /** Asked and still within the deadline, or answered and not yet published. */
  awaited: number;
  /** responded / requested, 0 to 1; null below MIN_REQUESTS_FOR_RATE requests. */
  rate: number | null;
}

export async function responseRates(
  store: Pick<Stores, 'responses'>,
  query: RateQuery,
): Promise<{ rows: RateRow[]; total: RateRow }> {
  const requests = await store.responses.publicRequests({ from: query.from, to: query.to });
  const rows = new Map<string, RateRow>();
  const total: RateRow = {
    key: 'all',
    requested: 0,
    responded: 0,
    declined: 0,
    noResponse: 0,
    awaited: 0,
    rate: 0,
  };
  const add = (row: RateRow, outcome: PublicOutcome) => {
    row.requested++;
    row[outcome]++;
  };
  for (const request of requests) {
    const outcome = publicOutcome(request.status, request.review);
    add(total, outcome);
    const keys =
      query.by === 'company'
        ? [request.companyName]
        : query.by === 'country'
          ? [request.country]
          : request.sectors.length > 0
            ? request.sectors
            : ['unknown'];
    for (const key of new Set(keys)) {
      let row = rows.get(key);
      if (!row)
        rows.set(
          key,
          (row = { key, requested: 0, responded: 0, declined: 0, noResponse: 0, awaited: 0, rate: 0 }),
        );
      add(row, outcome);
    }
  }
  for (const row of [...rows.values(), total]) row.rate = responseRate(row.responded, row.requested);
  return {
    rows: [...rows.values()].sort((a, b) => b.requested - a.requested || a.key.localeCompare(b.key)),
    total,
  };
}
