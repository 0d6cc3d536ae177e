import { parseFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { RecordInput, StoredRecord } from '../src/domain/record.ts';
import { atomRuleProblems, jingProblems } from './support/atom.ts';
import { aRecord } from './support/records.ts';
import { serveFixtures } from './support/served.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * The Atom feed of a search, as the real server writes it: valid against RFC 4287's RELAX NG schema (Debian's
 * jing), keeping the rules the schema cannot express, read by a real feed reader, and listing exactly the
 * published records the same search finds.
 */

const SITE = 'https://bhr.example.org';
const MARKER = 'FEED-CONFIDENTIAL-7731';
const HOSTILE_TITLE =
  'Workers <script>alert(1)</script> & "partners" \'unpaid\' ]]> \u0001\u001f\uFFFE — عمال 工人 Рабочие 🧵';

/** A feed as a feed reader reads it (feedsmith): it must be Atom, and a reader shows `type="html"` as HTML. */
function readFeed(xml: string) {
  const parsed = parseFeed(xml);
  if (parsed.format !== 'atom') throw new Error(`read as ${parsed.format}, not Atom`);
  const shown = (text?: { value?: string; type?: string }) =>
    text?.type === 'html'
      ? parseHTML(`<!doctype html><html><body>${text.value ?? ''}</body></html>`).document.body.textContent
      : text?.value;
  const { feed } = parsed;
  return {
    title: shown(feed.title),
    links: feed.links ?? [],
    entries: (feed.entries ?? []).map((entry) => ({
      id: entry.id,
      title: shown(entry.title),
      link: entry.links?.find((link) => (link.rel ?? 'alternate') === 'alternate')?.href,
    })),
  };
}

const FIXTURES: Record<string, RecordInput> = {
  myForcedWages: aRecord({
    status: 'published',
    title: 'Malaysian glove maker accused of forced labour and unpaid wages',
    dateReported: '2025-05-01',
    location: { country: 'MY' },
    issues: ['forced-labour-modern-slavery', 'wage-theft'],
  }),
  myWages: aRecord({
    status: 'published',
    title: 'Electronics workers in Penang paid late',
    dateReported: '2025-04-01',
    location: { country: 'MY', city: 'Penang' },
    issues: ['wage-theft'],
  }),
  qaForced: aRecord({
    status: 'published',
    title: 'Stadium builders in Doha held in forced labour',
    dateReported: '2025-03-01',
    location: { country: 'QA' },
    companies: [{ name: 'Gulf Stadium Builders', role: 'Employer' }],
    issues: ['forced-labour-modern-slavery'],
  }),
  myDraft: aRecord({
    status: 'draft',
    title: 'Unpublished draft about forced labour in Johor',
    dateReported: '2025-06-01',
    location: { country: 'MY' },
    issues: ['forced-labour-modern-slavery'],
  }),
  hostile: aRecord({
    status: 'published',
    title: HOSTILE_TITLE,
    summary: `Summary with <b>markup</b> & an ampersand`,
    dateReported: '2025-02-01',
    location: { country: 'MY' },
    issues: ['wage-theft'],
    internalNotes: `Worker named ${MARKER}`,
    sources: [
      { companies: [], headline: 'Public report', excerpt: 'Public excerpt.' },
      { companies: [], headline: `Interview ${MARKER}`, excerpt: `Testimony ${MARKER}`, restricted: true },
    ],
  }),
};

describe.each(STORE_BACKENDS)('the Atom feed of a search, on $name', (backend) => {
  const served = serveFixtures(backend, FIXTURES, {
    publicUrl: `${SITE}/`,
    organisation: 'Example Rights Watch',
  });

  const feedOf = async (search: string) => {
    const response = await served.app.inject({
      url: `/feed.atom${search}`,
      headers: { host: 'evil.example' },
    });
    expect(response.statusCode, search).toBe(200);
    expect(response.headers['content-type']).toContain('application/atom+xml');
    return response.body;
  };
  /** The ids of the published records the search API finds for the same search, newest first. */
  const found = async (search: string) => {
    const params = new URLSearchParams(search.replace(/^\?/, ''));
    params.set('sort', 'newest');
    params.set('pageSize', '100');
    const response = await served.app.inject(`/api/v1/records?${params}`);
    return (response.json().data as StoredRecord[]).map((record) => record.id);
  };
  const entryIdOf = (id: string) => `${SITE}/records/${id}`;

  const SEARCHES = [
    '',
    '?country=MY',
    '?issue=forced-labour-modern-slavery',
    '?country=MY&issue=forced-labour-modern-slavery',
    '?issue=forced-labour-modern-slavery&issue=wage-theft&issueMode=all',
    '?country=QA&q=stadium',
    '?from=2025-04-01&to=2025-12-31',
    '?country=ZW', // no record: an empty feed
  ];

  it.each(SEARCHES)('feed.atom%s is valid RFC 4287 by its RELAX NG schema (jing)', async (search) => {
    expect(await jingProblems(await feedOf(search))).toEqual([]);
  });

  it.each(SEARCHES)('feed.atom%s keeps the rules the schema cannot express', async (search) => {
    expect(atomRuleProblems(await feedOf(search))).toEqual([]);
  });

  it.each(SEARCHES)('a feed reader reads feed.atom%s as the records the search finds', async (search) => {
    const feed = readFeed(await feedOf(search));
    expect(feed.entries.map((entry) => entry.id)).toEqual((await found(search)).map(entryIdOf));
  });

  it('lists only published records, newest first, and honours the filters', async () => {
    const read = (xml: string) => readFeed(xml).entries.map((entry) => entry.title);
    expect(read(await feedOf('?country=MY&issue=forced-labour-modern-slavery'))).toEqual([
      FIXTURES.myForcedWages!.title,
    ]);
    expect(read(await feedOf('?issue=forced-labour-modern-slavery'))).toEqual([
      FIXTURES.myForcedWages!.title,
      FIXTURES.qaForced!.title,
    ]);
    expect(read(await feedOf('?country=ZW'))).toEqual([]);
    expect(await feedOf('')).not.toContain('Unpublished draft');
  });

  it('shows a hostile title as the text it is, without the characters XML cannot carry', async () => {
    const xml = await feedOf('?country=MY');
    expect(xml).not.toContain('<script>');
    const entry = readFeed(xml).entries.find((item) => item.id === entryIdOf(served.saved.hostile!.id));
    expect(entry?.title).toBe(
      [...HOSTILE_TITLE].filter((char) => !['\u0001', '\u001f', '\uFFFE'].includes(char)).join(''),
    );
    expect(entry?.link).toBe(`${SITE}/records/${served.saved.hostile!.slug}`);
  });

  it('carries no confidential field: neither internal notes nor a restricted source', async () => {
    for (const search of SEARCHES) expect(await feedOf(search), search).not.toContain(MARKER);
  });

  it('builds every link and id from the configured address, whatever Host the request names', async () => {
    const xml = await feedOf('?country=MY&issue=wage-theft');
    expect(xml).not.toContain('evil.example');
    expect(xml).toContain(`<id>${SITE}/feed.atom?country=MY&amp;issue=wage-theft</id>`);
    expect(xml).toContain(`<link rel="self" href="${SITE}/feed.atom?country=MY&amp;issue=wage-theft"/>`);
    expect(xml).toContain(`<link rel="alternate" href="${SITE}/search?country=MY&amp;issue=wage-theft"/>`);
    const feed = readFeed(xml);
    expect(feed.title).toBe('BHR Tracker: records matching Malaysia · Wage theft');
    expect(feed.links).toContainEqual({
      rel: 'alternate',
      href: `${SITE}/search?country=MY&issue=wage-theft`,
    });
    expect(xml).toMatch(/<author>\s*<name>Example Rights Watch<\/name>/);
  });

  it('gives the same search the same feed id and entry ids, whatever its page and order', async () => {
    const a = await feedOf('?country=MY&sort=oldest&page=2');
    const b = await feedOf('?country=MY');
    const ids = (xml: string) => [...xml.matchAll(/<id>([^<]+)<\/id>/g)].map((match) => match[1]);
    expect(ids(a)).toEqual(ids(b));
  });

  it('refuses a bad filter with a 400 that says what was wrong', async () => {
    const response = await served.app.inject('/feed.atom?issue=no-such-issue');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('unknown issue');
  });

  it('is linked from the search page, in the head and as a visible link', async () => {
    const page = (await served.app.inject('/search?country=MY&issue=wage-theft')).body;
    expect(page).toMatch(
      /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/feed\.atom\?country=MY&amp;issue=wage-theft"/,
    );
    expect(page).toMatch(
      /<a class="feed"[^>]*href="\/feed\.atom\?country=MY&amp;issue=wage-theft"[^>]*>Follow this search \(Atom\)<\/a>/,
    );
  });
});
