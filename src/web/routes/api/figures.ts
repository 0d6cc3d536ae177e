import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Figures, computeFigures } from '../../../analytics/figures.ts';
import { PUBLIC_STATUSES } from '../../../domain/record.ts';
import { RateQuery, responseRates } from '../../../responses/rates.ts';
import type { Stores } from '../../../store/store.ts';
import { ResponseRates } from '../../openapi/answers.ts';
import { described, figureParameters, type ParameterHelp } from '../../openapi/parameters.ts';
import { INVALID_INPUT } from '../../openapi/route-doc.ts';
import { figureOptionsOf, searchQueryOf } from '../../search-request.ts';
import { parsedOrRefused } from './input.ts';

/**
 * The stores the figures read: the search's selection and company names, and the response requests. The
 * second half is what `analytics/figures.ts` and `responses/rates.ts` ask for, and goes once they take these.
 */
export type FigureStores = Pick<Stores, 'search' | 'companies' | 'responses'> &
  Parameters<typeof computeFigures>[0] &
  Parameters<typeof responseRates>[0];

/** The response-rate parameters, described for the API reference. */
const RateParameters = z.object(
  described(RateQuery.shape, {
    by: { description: 'the rows: one per `company`, `sector` or `country`' },
    from: { description: 'asked on or after' },
    to: { description: 'asked on or before' },
  } satisfies Record<keyof typeof RateQuery.shape, ParameterHelp>),
);

/** Figures over the published records: those of the dashboard, and the companies' response rates. */
export async function figureReads(app: FastifyInstance, stores: FigureStores): Promise<void> {
  const statuses = PUBLIC_STATUSES;

  app.get(
    '/api/v1/stats',
    {
      config: {
        access: 'public',
        openapi: {
          summary:
            'Figures over the published records a search matches: counts, individuals and deaths (unknown numbers apart), response outcomes, a time series and breakdowns by every facet (the figures of the dashboard and of `bhr stats --json`).',
          query: figureParameters,
          responses: {
            '200': {
              description: '`{query, figures}`',
              schema: z.object({ query: z.object({}), figures: Figures }),
            },
            '400': INVALID_INPUT,
          },
        },
      },
    },
    async (request) => {
      const query = searchQueryOf(request);
      const options = figureOptionsOf(request);
      const figures = await computeFigures(stores, query, {
        statuses,
        limit: options.limit,
        ...(options.period ? { period: options.period } : {}),
      });
      const { page: _page, pageSize: _pageSize, sort: _sort, ...filters } = query;
      return { query: { ...filters, limit: options.limit }, figures };
    },
  );

  app.get(
    '/api/v1/response-rates',
    {
      config: {
        access: 'public',
        openapi: {
          summary:
            'Response rates of companies asked about published records, by company, sector or country, for a period. `rate` (responded / requested) is `null` below 5 requests, where the counts alone are given.',
          query: RateParameters,
          responses: {
            '200': {
              description:
                '`{query, rows: [{key, requested, responded, declined, noResponse, awaited, rate}], total}`',
              schema: ResponseRates,
            },
            '400': INVALID_INPUT,
          },
        },
      },
    },
    async (request) => {
      const query = parsedOrRefused(RateQuery, request.query, 'invalid_query');
      return { query, ...(await responseRates(stores, query)) };
    },
  );
}
