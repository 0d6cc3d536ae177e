import { francAll } from 'franc-min';
import { datePrefixLength, findDateLine, type DateSource } from './dates.ts';
import { looksLikeHtml, readHtml } from './html.ts';
import { MAX_ARTICLE_CHARACTERS, type ArticleInput } from './model.ts';

/** An article ready to be read: plain text, and what is known of it. */
export interface Article {
  text: string;
  headline?: string;
  /** Where the headline stands in `text`, when it is the text's first line. */
  headlineSpan?: { start: number; end: number };
  date?: string;
  /** Where the date was read from: given, the page's metadata, or a kind of date line. */
  dateSource?: DateSource;
  /** Where the date stands in `text`, when read from it. */
  dateSpan?: { start: number; end: number };
  publisher?: string;
  url?: string;
  language?: string;
}

/** The languages the extractor reads (ISO 639-3, as franc names them), with their names for messages. */
export const HANDLED_LANGUAGES: Record<string, string> = { eng: 'English' };

const LANGUAGE_NAMES: Record<string, string> = {
  rus: 'Russian',
  ukr: 'Ukrainian',
  kor: 'Korean',
  cmn: 'Chinese',
  jpn: 'Japanese',
  arb: 'Arabic',
  spa: 'Spanish',
  fra: 'French',
  deu: 'German',
  por: 'Portuguese',
  ita: 'Italian',
  tur: 'Turkish',
  ind: 'Indonesian',
  zlm: 'Malay',
  vie: 'Vietnamese',
  tha: 'Thai',
  hin: 'Hindi',
  ben: 'Bengali',
  npi: 'Nepali',
  urd: 'Urdu',
  nld: 'Dutch',
  pol: 'Polish',
  ron: 'Romanian',
  uzn: 'Uzbek',
  tgl: 'Tagalog',
  swh: 'Swahili',
  pes: 'Persian',
};

export type ArticleReading = { article: Article } | { reason: string; text: string };

const MEGABYTE = 1_000_000;

/** Whether text is binary data read as text: NUL bytes, or many control or replacement characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 20_000);
  let odd = 0;
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    // Control characters other than tab, line feed and carriage return, and the replacement character.
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) odd++;
  }
  return odd > sample.length * 0.02;
}

/** The language of a text, as franc guesses it from its letters; undefined when too short to tell. */
export function guessLanguage(text: string): string | undefined {
  const sample = text.slice(0, 3000);
  if (sample.replace(/[^\p{L}]/gu, '').length < 60) return undefined;
  // Only the languages named below are told apart: close languages outside them (Bulgarian for Russian) are
  // the commonest wrong guesses on short texts.
  const [best] = francAll(sample, {
    minLength: 20,
    only: Object.keys(LANGUAGE_NAMES).concat(Object.keys(HANDLED_LANGUAGES)),
  });
  if (!best || best[0] === 'und') return undefined;
  // Texts of mostly Latin letters between close languages (e.g. English with many names) stay English.
  const english = francAll(sample, { only: ['eng'] })[0];
  if (best[0] !== 'eng' && /^[\p{Script=Latin}\P{L}]*$/u.test(sample) && english && english[1] > 0.9)
    return 'eng';
  return best[0];
}

/**
 * Reads what was given: strips an HTML page to its article, takes the headline and date from the first lines
 * of plain text when not given, and says why it cannot be read when it is empty, binary, too long, or in a
 * language the extractor does not handle.
 */
export function readArticle(input: ArticleInput): ArticleReading {
  const raw = input.text;
  if (raw.length > MAX_ARTICLE_CHARACTERS) {
    return {
      reason: `the article is too long: ${(raw.length / MEGABYTE).toFixed(1)} million characters, at most ${MAX_ARTICLE_CHARACTERS / MEGABYTE} million are read`,
      text: '',
    };
  }
  if (looksBinary(raw))
    return { reason: 'the input is binary data, not text: expected an article as text or HTML', text: '' };
  const page = looksLikeHtml(raw) ? readHtml(raw) : undefined;
  const text = (page?.text ?? raw).replace(/\r\n?/g, '\n').normalize('NFC');
  if (!text.trim()) return { reason: 'the article is empty: no text to read', text };
  const language = guessLanguage(text);
  if (language && !HANDLED_LANGUAGES[language]) {
    const name = LANGUAGE_NAMES[language] ?? `language "${language}"`;
    const handled = Object.values(HANDLED_LANGUAGES).join(', ');
    return {
      reason: `the article seems to be in ${name}, which the extractor does not read yet (it reads ${handled})`,
      text,
    };
  }
  const article: Article = { text, language: language ?? 'eng' };
  const headline = input.headline ?? page?.headline;
  // A page's ` date YYYY-MM-DD ` prefix is not part of its headline.
  const opening = datePrefixLength(text);
  const firstLine = text.slice(opening).split('\n', 1)[0]!.trim();
  if (headline) article.headline = headline;
  else if (
    firstLine.length > 0 &&
    firstLine.length <= 250 &&
    text.includes('\n') &&
    !/[.!?:;,]["”’]?$/.test(firstLine)
  ) {
    article.headline = firstLine;
  }
  if (article.headline) {
    const at = text.indexOf(article.headline, opening);
    if (at >= 0 && at < opening + 5) article.headlineSpan = { start: at, end: at + article.headline.length };
  }
  const found = input.date || page?.date ? undefined : findDateLine(text);
  if (input.date) {
    article.date = input.date;
    article.dateSource = 'given';
  } else if (page?.date) {
    article.date = page.date;
    article.dateSource = 'metadata';
  } else if (found) {
    article.date = found.date;
    article.dateSource = found.source;
    article.dateSpan = { start: found.start, end: found.end };
  }
  const publisher = input.publisher ?? page?.publisher;
  if (publisher) article.publisher = publisher;
  const url = input.url ?? page?.url;
  if (url) article.url = url;
  return { article };
}
