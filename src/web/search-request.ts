import type { FastifyRequest } from 'fastify';
import { zodIssues, InputError } from '../domain/errors.ts';
import { FigureOptions } from '../analytics/figures.ts';
import { SearchQuery, searchQueryInput } from '../search/query.ts';

/** The search query of a request's URL, validated; a bad value is an InputError that becomes a 400. */
export function searchQueryOf(request: FastifyRequest): SearchQuery {
  const url = new URL(request.url, 'http://localhost');
  const result = SearchQuery.safeParse(searchQueryInput(url.searchParams));
  if (result.success) return result.data;
  throw new InputError('invalid_query', zodIssues(result.error));
}

/** The figure options of a request's URL (`period`, `limit`), validated. */
export function figureOptionsOf(request: FastifyRequest): FigureOptions {
  const url = new URL(request.url, 'http://localhost');
  const input = Object.fromEntries(
    ['period', 'limit'].flatMap((key) => {
      const value = url.searchParams.get(key);
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = FigureOptions.safeParse(input);
  if (!parsed.success) throw new InputError('invalid_query', zodIssues(parsed.error));
  return parsed.data;
}
