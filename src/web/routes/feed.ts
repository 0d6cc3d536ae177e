import { BOUNDS } from '../../settings.ts';
import type { FastifyInstance } from 'fastify';
import { atomFeed } from '../../formats/atom.ts';
import type { SearchQuery } from '../../search/query.ts';
import { followedParams, withParams } from '../feed-path.ts';
import type { CompanyStore, SearchStore } from '../../store/store.ts';
import { translator } from '../i18n.ts';
import { searchFilters } from '../openapi/parameters.ts';
import { INVALID_INPUT } from '../openapi/route-doc.ts';
import { describeSearch } from '../search-description.ts';
import { searchQueryOf } from '../search-request.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';

/** How many of the newest records a feed lists; readers keep what they have already seen. */
export const FEED_ENTRIES = BOUNDS.feedEntries;

/** The search a feed follows: its filters and words, newest first, whatever page or order the URL names. */
export function feedQuery(query: SearchQuery): SearchQuery {
  return { ...query, sort: 'newest', page: 1, pageSize: FEED_ENTRIES };
}

export interface FeedOptions {
  search: Pick<SearchStore, 'searchRecords'>;
  companies: Pick<CompanyStore, 'companyNames'>;
  /** The site's address, which every link of the feed is built from. */
  publicUrl: string;
  /** Who publishes the feed, as its author. */
  organisation: string;
}

/**
 * `/feed.atom?…`: an Atom feed of the newest published records a search finds, taking every filter of the
 * search page. Its links are built from the site's configured address, never from the request's Host header,
 * which any client may set.
 */
export async function feedRoutes(
  app: FastifyInstance,
  { search, companies, publicUrl, organisation }: FeedOptions,
): Promise<void> {
  const t = translator('en');
  app.get(
    '/feed.atom',
    {
      config: {
        access: 'public',
        openapi: {
          summary:
            'An Atom feed (RFC 4287) of the newest published records a search finds, with every filter of the search.',
          query: searchFilters,
          responses: {
            '200': { description: 'the newest records first', type: 'application/atom+xml' },
            '400': INVALID_INPUT,
          },
        },
      },
    },
    async (request, reply) => {
      const query = searchQueryOf(request);
      const result = await search.searchRecords(feedQuery(query), { statuses: PUBLIC_STATUSES });
      const companyNames = query.company.length ? await companies.companyNames(query.company) : new Map();
      const params = followedParams(query);
      const described = describeSearch(query, t, companyNames);
      const xml = atomFeed({
        records: result.records,
        publicUrl,
        selfUrl: withParams(`${publicUrl}/feed.atom`, params),
        pageUrl: withParams(`${publicUrl}/search`, params),
        title: `${t('site.name')}: ${described ? t('feed.searchTitle', { search: described }) : t('feed.title')}`,
        subtitle: t('feed.subtitle', { count: result.total }),
        organisation,
        now: new Date(),
      });
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );
}
