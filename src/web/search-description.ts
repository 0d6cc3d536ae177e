import { countryName } from '../domain/countries.ts';
import { issueCategories, issueTerms, sectorTerms } from '../domain/taxonomy.ts';
import { FACETS, type Facet, type SearchQuery } from '../search/query.ts';
import type { Translate } from './i18n.ts';

/**
 * A search in words, for the title of its feed: "“wages” · Malaysia · Forced Labour & Modern Slavery".
 * Values that have labels are shown by label; companies by the names the caller looked up.
 */
export function describeSearch(
  query: SearchQuery,
  t: Translate,
  companyNames: ReadonlyMap<string, string> = new Map(),
): string {
  const label: Partial<Record<Facet, (value: string) => string>> = {
    country: (code) => countryName(code),
    origin: (code) => t('feed.from', { country: countryName(code) }),
    corridor: (pair) => {
      const [origin = '', destination = ''] = pair.split('-');
      return `${countryName(origin)} → ${countryName(destination)}`;
    },
    company: (id) => companyNames.get(id) ?? id,
    sector: (id) => sectorTerms.label(id),
    issue: (id) => issueTerms.label(id),
    category: (id) => issueCategories.label(id),
    responseSought: (value) => t(value === 'yes' ? 'feed.responseSought' : 'feed.responseNotSought'),
  };
  const parts: string[] = [];
  if (query.q) parts.push(`“${query.q}”`);
  for (const facet of FACETS) {
    const values = query[facet].map((value) => label[facet]?.(value) ?? value);
    if (values.length === 0) continue;
    const allIssues = facet === 'issue' && query.issueMode === 'all';
    parts.push(values.join(allIssues ? ` ${t('feed.and')} ` : ` ${t('feed.or')} `));
  }
  if (query.from || query.to) parts.push(`${query.from ?? '…'}–${query.to ?? '…'}`);
  return parts.join(' · ');
}
