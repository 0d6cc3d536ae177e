import type { FastifyInstance } from 'fastify';
import { atomFeed } from '../../formats/atom.ts';
import type { SearchQuery } from '../../search/query.ts';
import { followedParams, withParams } from '../feed-path.ts';
import type { RecordStore } from '../../store/store.ts';
import { translator } from '../i18n.ts';
import { describeSearch } from '../search-description.ts';
import { searchQueryOf } from '../search-request.ts';
import { PUBLIC } from './public.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';

/** How many of the newest records a feed lists; readers keep what they have already seen. */
export const FEED_ENTRIES = 50;

/** The search a feed follows: its filters and words, newest first, whatever page or order the URL names. */
export function feedQuery(query: SearchQuery): SearchQuery {
  return { ...query, sort: 'newest', page: 1, pageSize: FEED_ENTRIES };
}

/**
 * `/feed.atom?…`: an Atom feed of the newest published records a search finds, taking every filter of the
 * search page. Its links are built from the site's configured address, never from the request's Host header,
 * which any client may set.
 */
export function registerFeed(
  app: FastifyInstance,
  store: RecordStore,
  site: { publicUrl: string; organisation: string },
): void {
  const t = translator('en');
  app.get('/feed.atom', PUBLIC, async (request, reply) => {
    const query = searchQueryOf(request);
    const result = await store.searchRecords(feedQuery(query), { statuses: PUBLIC_STATUSES });
    const companyNames = query.company.length ? await store.companyNames(query.company) : new Map();
    const params = followedParams(query);
    const described = describeSearch(query, t, companyNames);
    const xml = atomFeed({
      records: result.records,
      publicUrl: site.publicUrl,
      selfUrl: withParams(`${site.publicUrl}/feed.atom`, params),
      pageUrl: withParams(`${site.publicUrl}/search`, params),
      title: `${t('site.name')}: ${described ? t('feed.searchTitle', { search: described }) : t('feed.title')}`,
      subtitle: t('feed.subtitle', { count: result.total }),
      organisation: site.organisation,
      now: new Date(),
    });
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });
}
