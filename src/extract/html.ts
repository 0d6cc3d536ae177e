import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

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

/**
 * The article of an HTML page, its navigation, adverts and footers stripped by Mozilla's Readability (the
 * reader view of Firefox), with the headline, date, publisher and address its metadata gives.
 */
export function readHtml(html: string): PageFacts {
  // A fragment ("<div>...</div><p>...</p>", no <html> or <body>) is read as a page's body.
  const { document } = parseHTML(
    /<(?:html|body)[\s>]/iu.test(html) ? html : `<html><body>${html}</body></html>`,
  );
  const headline =
    meta(document, 'og:title', 'twitter:title') ?? document.querySelector('h1')?.textContent?.trim();
  const published = meta(document, 'article:published_time', 'datePublished', 'date', 'pubdate', 'dc.date');
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
  const date = published && /^\d{4}-\d{2}-\d{2}/.test(published) ? published.slice(0, 10) : undefined;
  return {
    text,
    ...(headline ? { headline: headline.replace(/\s+/g, ' ') } : {}),
    ...(date ? { date } : {}),
    ...(publisher ? { publisher } : {}),
    ...(url && /^https?:\/\//.test(url) ? { url } : {}),
  };
}
