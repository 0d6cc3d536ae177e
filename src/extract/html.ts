import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { metadataDate } from './dates.ts';

/** What an HTML page says about its article besides the text. */
export interface PageFacts {
  text: string;
  headline?: string;
  date?: string;
  publisher?: string;
  url?: string;
}

const BLOCK = /^(p|div|h[1-6]|li|blockquote|pre|tr|section|article|header|footer|figcaption|br|hr|dd|dt)$/i;

export function looksLikeHtml(text: string): boolean {
  return (
    /^\s*(<!doctype html|<html|<head|<body)/i.test(text) ||
    (text.match(/<\/(p|div|span|a|li)>/gi)?.length ?? 0) >= 3
  );
}

/** What `blockText` reads of a node: linkedom's nodes and the DOM's both have it. */
interface TextNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<TextNode>;
}

/** Paragraph text of a DOM node: blocks on their own lines, runs of white space folded. */
function blockText(node: TextNode): string {
  const parts: string[] = [];
  const walk = (current: TextNode) => {
    for (const child of Array.from(current.childNodes)) {
      if (child.nodeType === 3) parts.push(child.textContent ?? '');
      else if (child.nodeType === 1) {
        const tag = child.nodeName;
        if (/^(script|style|noscript|template|svg)$/i.test(tag)) continue;
        const block = BLOCK.test(tag);
        if (block) parts.push('\n');
        walk(child);
        if (block) parts.push('\n');
      }
    }
  };
  walk(node);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

function meta(document: Document, ...names: string[]): string | undefined {
  for (const name of names) {
    const element = document.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    const content = element?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return undefined;
}

/** Names of the metadata that give a page's publication date, as pages write them (compared in lower case). */
const PUBLISHED_META = [
  'article:published_time',
  'og:article:published_time',
  'datepublished',
  'publishdate',
  'publish-date',
  'pubdate',
  'date',
  'dc.date',
  'dc.date.issued',
  'dcterms.created',
  'dcterms.issued',
  'citation_publication_date',
  'parsely-pub-date',
  'sailthru.date',
];

/** The `datePublished` of a page's JSON-LD (schema.org), wherever it sits in the graph. */
function linkedDataDate(document: Document): string | undefined {
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let found: string | undefined;
    const visit = (value: unknown): void => {
      if (found || value === null || typeof value !== 'object') return;
      const published = (value as Record<string, unknown>)['datePublished'];
      if (typeof published === 'string') found = published;
      else for (const child of Object.values(value)) visit(child);
    };
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      continue; // A page's broken JSON-LD says nothing.
    }
    if (found) return found;
  }
  return undefined;
}

/** The publication date the page's metadata gives: meta tags, schema.org markup, or a `<time pubdate>`. */
function publishedDate(document: Document): string | undefined {
  const metas = Array.from(document.querySelectorAll('meta'));
  for (const name of PUBLISHED_META) {
    for (const element of metas) {
      const key = (
        element.getAttribute('property') ??
        element.getAttribute('name') ??
        element.getAttribute('itemprop')
      )?.toLowerCase();
      const content = element.getAttribute('content')?.trim();
      if (key === name && content) return content;
    }
  }
  const marked = document.querySelector('[itemprop="datePublished"], time[pubdate]');
  return (
    linkedDataDate(document) ??
    marked?.getAttribute('datetime') ??
    marked?.getAttribute('content') ??
    marked?.textContent?.trim() ??
    undefined
  );
}

/**
 * The article of an HTML page, its navigation, adverts and footers stripped by Mozilla's Readability (the
 * reader view of Firefox), with the headline, date, publisher and address its metadata gives.
 */
export function readHtml(html: string): PageFacts {
  // A fragment (a page's body copied without its <html>) is read as the body of a page.
  const { document } = parseHTML(
    /<html[\s>]|<body[\s>]/i.test(html) ? html : `<html><body>${html}</body></html>`,
  );
  const headline =
    meta(document, 'og:title', 'twitter:title') ?? document.querySelector('h1')?.textContent?.trim();
  const published = publishedDate(document);
  const publisher = meta(document, 'og:site_name', 'application-name', 'publisher');
  const url =
    meta(document, 'og:url') ??
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    undefined;
  // Readability changes the document it reads: the metadata is taken first.
  const article = new Readability(document as unknown as Document).parse();
  let text = '';
  if (article?.content) {
    const { document: content } = parseHTML(`<html><body>${article.content}</body></html>`);
    text = blockText(content.body);
  }
  if (!text) text = blockText(document.body);
  const date = published ? metadataDate(published) : undefined;
  return {
    text,
    ...(headline ? { headline: headline.replace(/\s+/g, ' ') } : {}),
    ...(date ? { date } : {}),
    ...(publisher ? { publisher } : {}),
    ...(url && /^https?:\/\//.test(url) ? { url } : {}),
  };
}
