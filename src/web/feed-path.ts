import { searchParams, type SearchQuery } from '../search/query.ts';

/** The URL parameters that name a followed search: its words and filters, not its page or order. */
export function followedParams(query: SearchQuery): URLSearchParams {
  return searchParams({ ...query, sort: undefined, page: 1, pageSize: 20 });
}

/** A path with its parameters, if any. */
export function withParams(path: string, params: URLSearchParams): string {
  return params.size ? `${path}?${params}` : path;
}

/** The site-relative address of the Atom feed that follows a search; the same search, the same address. */
export function feedPath(query: SearchQuery): string {
  return withParams('/feed.atom', followedParams(query));
}
