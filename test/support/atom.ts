import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DOMParser } from 'linkedom';
import { SHARED_DIR } from './shared.ts';

/** RFC 4287 Appendix B, the RELAX NG Compact schema of Atom, kept beside the project like the corpus. */
export const ATOM_SCHEMA = join(SHARED_DIR, 'reference/atom/atom.rnc');

/** Validates an XML document against the Atom schema with Debian's jing; the problems jing names, if any. */
export async function jingProblems(xml: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bhr-atom-'));
  const file = join(dir, 'feed.xml');
  writeFileSync(file, xml);
  try {
    await promisify(execFile)('jing', ['-c', ATOM_SCHEMA, file]);
    return [];
  } catch (error) {
    const { stdout, code } = error as { stdout?: string; code?: number | string };
    if (typeof code === 'string') throw error; // jing itself did not run (ENOENT): not a verdict on the feed
    return (stdout ?? '').trim().split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ATOM = 'http://www.w3.org/2005/Atom';
// RFC 3339 (section 3.3 of RFC 4287): a date-time with its offset; xsd:dateTime alone allows none.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// linkedom's XML parser does not resolve namespaces: Atom elements are recognised as unprefixed children
// of a root that declares Atom as its default namespace (which is how the feed is written).
const children = (element: Element, name: string) =>
  Array.from(element.childNodes as unknown as ArrayLike<Node>).filter(
    (node): node is Element => node.nodeType === 1 && (node as Element).tagName === name,
  );
const text = (element: Element | undefined) => element?.textContent?.trim() ?? '';

/**
 * The rules of RFC 4287 that its RELAX NG schema cannot express (its Schematron rules and the text's MUSTs),
 * broken by a feed: each problem in words, none when the feed keeps them all.
 */
export function atomRuleProblems(xml: string): string[] {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const feed = document.documentElement as unknown as Element;
  const problems: string[] = [];
  if (feed.tagName !== 'feed' || feed.getAttribute('xmlns') !== ATOM) return ['the root is not atom:feed'];
  const entries = children(feed, 'entry');
  // Schematron: an atom:feed must have an atom:author unless all of its atom:entry children have one.
  if (
    children(feed, 'author').length === 0 &&
    entries.some((entry) => children(entry, 'author').length === 0)
  )
    problems.push('the feed has no author and an entry has none either');
  const isIri = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && !/\s/.test(value);
  const checkCommon = (element: Element, what: string) => {
    const ids = children(element, 'id');
    if (ids.length !== 1 || !isIri(text(ids[0]))) problems.push(`${what} needs one absolute IRI as its id`);
    const updated = children(element, 'updated');
    if (updated.length !== 1 || !RFC3339.test(text(updated[0])))
      problems.push(`${what} needs one RFC 3339 date-time with its offset as updated`);
    if (children(element, 'title').length !== 1) problems.push(`${what} needs one title`);
    for (const published of children(element, 'published'))
      if (!RFC3339.test(text(published))) problems.push(`${what} has a published date without its offset`);
    // 4.1.1 and 4.1.2: at most one alternate link per type and hreflang.
    const alternates = children(element, 'link')
      .filter((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate')
      .map((link) => `${link.getAttribute('type') ?? ''} ${link.getAttribute('hreflang') ?? ''}`);
    if (new Set(alternates).size !== alternates.length)
      problems.push(`${what} has two alternate links of the same type and language`);
    for (const link of children(element, 'link'))
      if (!isIri(link.getAttribute('href') ?? '')) problems.push(`${what} has a relative or empty link`);
  };
  checkCommon(feed, 'the feed');
  // 4.2.7.2: a feed should say where it lives; readers use it to subscribe.
  if (!children(feed, 'link').some((link) => link.getAttribute('rel') === 'self'))
    problems.push('the feed has no self link');
  const entryIds = entries.map((entry) => text(children(entry, 'id')[0]));
  if (new Set(entryIds).size !== entryIds.length) problems.push('two entries share an id');
  entries.forEach((entry, index) => {
    const what = `entry ${index + 1}`;
    checkCommon(entry, what);
    // Schematron: an alternate link (a link without rel is one) or content.
    const links = children(entry, 'link');
    const alternate = links.some((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate');
    if (!alternate && children(entry, 'content').length === 0)
      problems.push(`${what} has neither an alternate link nor content`);
    // Schematron: an entry must have an author if its feed does not.
    if (children(entry, 'author').length === 0 && children(feed, 'author').length === 0)
      problems.push(`${what} has no author, nor has its feed`);
    // 4.1.2: an entry whose content is not inline text must have a summary.
    const content = children(entry, 'content')[0];
    if (content?.getAttribute('src') && children(entry, 'summary').length === 0)
      problems.push(`${what} has out-of-line content and no summary`);
  });
  for (const author of [...children(feed, 'author'), ...entries.flatMap((e) => children(e, 'author'))])
    if (text(children(author, 'name')[0]) === '') problems.push('an author has no name');
  return problems;
}
