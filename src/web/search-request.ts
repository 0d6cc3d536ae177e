import type { FastifyRequest } from 'fastify';
import { zodIssues, InputError } from '../domain/errors.ts';
import { FigureOptions } from '../analytics/figures.ts';
import { SearchQuery, searchQueryInput } from '../search/query.ts';
import { fieldMessage, type FieldKind, type MessageContext } from './forms/field-messages.ts';

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

/** Which kind of value each search field holds, for the words its errors are said in. */
const SEARCH_FIELD_KINDS: Partial<Record<string, FieldKind>> = {
  from: 'date',
  to: 'date',
  country: 'country',
  origin: 'country',
  sector: 'sector',
  issue: 'issue',
  role: 'companyRole',
  gender: 'gender',
  migrationStatus: 'migrationStatus',
  sourceType: 'sourceType',
};

/** A search page's query with what it could not use left out, and why, field by field. */
export interface PageSearch {
  query: SearchQuery;
  /** Messages by field (`from`, `country`...), in the page's language. */
  errors: Record<string, string[]>;
  /** The dates as typed, so that the form shows them again beside their errors. */
  typed: { from?: string; to?: string };
}

/**
 * The search of a page's URL. Where the API refuses a bad value, a page searches without it and says why
 * beside the field, keeping everything typed: a date range that ends before it starts, a date that is none,
 * an unknown country.
 */
export function pageSearchOf(request: FastifyRequest, messages: MessageContext): PageSearch {
  const url = new URL(request.url, 'http://localhost');
  const input = searchQueryInput(url.searchParams);
  const typed = {
    ...(typeof input.from === 'string' ? { from: input.from } : {}),
    ...(typeof input.to === 'string' ? { to: input.to } : {}),
  };
  const errors: Record<string, string[]> = {};
  const say = (field: string, message: string) => {
    if (!(errors[field] ??= []).includes(message)) errors[field].push(message);
  };
  // Each round drops the values refused; a refusal can only shrink the input, so this ends.
  for (let round = 0; round < 20; round++) {
    const result = SearchQuery.safeParse(input);
    if (result.success) return { query: result.data, errors, typed };
    const drop = new Map<string, Set<number> | 'all'>();
    for (const issue of result.error.issues) {
      const [key, index] = issue.path;
      if (typeof key !== 'string') continue;
      const value = input[key];
      const given =
        typeof index === 'number' && Array.isArray(value) ? String(value[index]) : String(value ?? '');
      if (key === 'from' && issue.code === 'custom') {
        say('from', messages.t('form.error.dateRange', { from: String(input.from), to: String(input.to) }));
        drop.set('from', 'all').set('to', 'all');
        continue;
      }
      const kind = SEARCH_FIELD_KINDS[key];
      say(
        key,
        kind ? fieldMessage(kind, given, messages) : messages.t('search.error.value', { value: given }),
      );
      if (typeof index === 'number') {
        const indexes = drop.get(key);
        if (indexes !== 'all') drop.set(key, (indexes ?? new Set()).add(index));
      } else drop.set(key, 'all');
    }
    if (drop.size === 0) break;
    for (const [key, indexes] of drop) {
      const value = input[key];
      if (indexes === 'all' || !Array.isArray(value)) delete input[key];
      else input[key] = value.filter((_, position) => !indexes.has(position));
    }
  }
  return { query: SearchQuery.parse({}), errors, typed };
}
