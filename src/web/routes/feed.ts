import type { FastifyInstance } from 'fastify';
import { SearchQuery } from '../../search/query.ts';
import type { RecordStore } from '../../store/store.ts';
import { translator } from '../i18n.ts';
import { PUBLIC, PUBLIC_STATUSES } from './public.ts';

/** Text escaped for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[char]};`,
  );
}

/**
 * An Atom feed of the latest published records, newest first: the public content only. Its links are built
 * from the site's configured address, never from the request's Host header, which any client may set.
 */
export function registerFeed(app: FastifyInstance, store: RecordStore, publicUrl: string): void {
  app.get('/feed.atom', PUBLIC, async (_request, reply) => {
    const result = await store.searchRecords(SearchQuery.parse({ sort: 'newest', pageSize: 50 }), {
      statuses: PUBLIC_STATUSES,
    });
    const base = publicUrl;
    const updated = result.records.reduce(
      (latest, record) => (record.updatedAt > latest ? record.updatedAt : latest),
      '1970-01-01T00:00:00.000Z',
    );
    const entries = result.records.map((record) => {
      const link = `${base}/records/${encodeURIComponent(record.slug)}`;
      const summary = record.summary ?? record.sources[0]?.headline ?? '';
      return [
        '  <entry>',
        `    <id>urn:bhr-tracker:record:${escapeXml(record.id)}</id>`,
        `    <title>${escapeXml(record.title)}</title>`,
        `    <link href="${escapeXml(link)}"/>`,
        `    <published>${escapeXml(record.dateReported)}T00:00:00Z</published>`,
        `    <updated>${escapeXml(record.updatedAt)}</updated>`,
        `    <summary>${escapeXml(summary)}</summary>`,
        ...record.issues.map((issue) => `    <category term="${escapeXml(issue)}"/>`),
        '  </entry>',
      ].join('\n');
    });
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `  <id>${escapeXml(base)}/feed.atom</id>`,
      `  <title>${escapeXml(translator('en')('site.name'))}: ${escapeXml(translator('en')('feed.title'))}</title>`,
      `  <link rel="self" href="${escapeXml(base)}/feed.atom"/>`,
      `  <updated>${escapeXml(updated)}</updated>`,
      ...entries,
      '</feed>',
      '',
    ].join('\n');
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });
}
