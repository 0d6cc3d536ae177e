import { Feed } from 'feed';
import { countryName } from '../domain/countries.ts';
import type { StoredRecord } from '../domain/record.ts';
import { issueTerms } from '../domain/taxonomy.ts';
import { recordUrl } from './record-table.ts';
import { xmlSafe } from './xml-chars.ts';

/**
 * An Atom feed (RFC 4287) of records, written by the `feed` library. Every link is absolute, built from the
 * site's configured address; the ids are URLs that never change (a record's is built from its id, which an
 * edit of its title does not change, unlike its slug). The feed has one author, the organisation publishing
 * it, as the records have none of their own.
 */

export interface AtomFeedInput {
  /** Published records, public fields only, in the order the feed lists them. */
  records: readonly StoredRecord[];
  publicUrl: string;
  /** The feed's own address (its id and `self` link) and the page it follows (its `alternate` link). */
  selfUrl: string;
  pageUrl: string;
  title: string;
  subtitle: string;
  organisation: string;
  /** When the feed changed, used when it has no entries to date it by. */
  now: Date;
}

/**
 * The library writes an entry's title and summary as `type="html"`; a record's title is plain text, so it is
 * escaped once more, and a reader shows `<b>` as those three characters rather than as markup.
 */
function asHtml(text: string): string {
  return xmlSafe(text).replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!);
}

/** The newest `updatedAt` of the records, else `now`. */
function lastUpdated(records: readonly StoredRecord[], now: Date): Date {
  let latest = '';
  for (const record of records) if (record.updatedAt > latest) latest = record.updatedAt;
  return latest ? new Date(latest) : now;
}

export function atomFeed(input: AtomFeedInput): string {
  const { publicUrl } = input;
  const feed = new Feed({
    id: input.selfUrl,
    title: xmlSafe(input.title),
    description: xmlSafe(input.subtitle),
    link: input.pageUrl,
    feedLinks: { atom: input.selfUrl },
    updated: lastUpdated(input.records, input.now),
    author: { name: xmlSafe(input.organisation), link: `${publicUrl}/` },
    generator: false,
  });
  for (const record of input.records) {
    const summary = record.summary?.trim() || record.sources[0]?.headline;
    feed.addItem({
      id: `${publicUrl}/records/${encodeURIComponent(record.id)}`,
      title: asHtml(record.title),
      link: recordUrl(publicUrl, record),
      date: new Date(record.updatedAt),
      published: new Date(`${record.dateReported}T00:00:00Z`),
      ...(summary ? { description: asHtml(summary) } : {}),
      category: [
        {
          term: record.location.country,
          name: xmlSafe(countryName(record.location.country)),
          scheme: `${publicUrl}/countries/`,
        },
        ...record.issues.map((issue) => ({
          term: issue,
          name: xmlSafe(issueTerms.label(issue)),
          scheme: `${publicUrl}/issues/`,
        })),
      ],
    });
  }
  return feed.atom1();
}
