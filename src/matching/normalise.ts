import anyAscii from 'any-ascii';
import { countryCode } from '../domain/countries.ts';
import legalFormsFile from './data/legal-forms.json' with { type: 'json' };
import stopwordsFile from './data/stopwords.json' with { type: 'json' };
import symbolsExtraFile from './data/symbols-extra.json' with { type: 'json' };
import symbolsFile from './data/symbols.json' with { type: 'json' };

/**
 * A company name taken apart for matching: Unicode folded, transliterated to ASCII, legal forms recognised
 * and set aside ("OOO", "Sdn Bhd", "株式会社"), descriptors ("company", "bank", "holdings", in any script)
 * reduced to symbols that compare across languages, and what is left, the distinctive core, kept as
 * tokens, as one squashed string and as a phonetic skeleton that survives transliteration.
 */

const LEGAL_FORMS: Record<string, string> = legalFormsFile.forms;
const SYMBOLS: Record<string, string> = { ...symbolsFile.symbols, ...symbolsExtraFile.symbols };
const WEAK_SYMBOLS = new Set(symbolsFile.weak);
const STOPWORDS = new Set(stopwordsFile.stopwords);

/** Longest legal form, in tokens: the windows tried at each end of a name. */
const MAX_FORM_TOKENS = 7;
/** Names are cut here: nothing longer is a company name, and matching time must stay bounded. */
export const MAX_NAME_LENGTH = 300;

const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** Legal forms and descriptors written without spaces (CJK, Thai): found inside words, longest first. */
const SPACELESS_KEYS = [
  ...Object.entries(LEGAL_FORMS).map(([key, tag]) => ({ key, kind: 'form' as const, tag })),
  ...Object.entries(SYMBOLS).map(([key, tag]) => ({ key, kind: 'symbol' as const, tag })),
]
  .filter(({ key }) => SPACELESS.test(key) && !key.includes(' '))
  .sort((a, b) => b.key.length - a.key.length);

/** Case, compatibility forms (full-width letters) and punctuation folded; single spaces. */
export function foldKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function ascii(token: string): string {
  return anyAscii(token)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * A key that sounds alike across transliterations: consonant classes only (b/p, f/v, c/k/q/g, s/z,
 * t/d, l/r, m/n), vowels and h/w/y dropped, repeats collapsed. "Orix" and "オリックス" (oritkusu) come close;
 * "Shinhan" and "신한" (sinhan) meet.
 */
export function skeleton(text: string): string {
  let out = '';
  const lower = text
    .replace(/ph/g, 'f')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/x/g, 'ks')
    .replace(/(sh|ch|zh|sch)/g, 's')
    .replace(/ts/g, 's');
  for (const char of lower) {
    let mapped: string;
    switch (char) {
      case 'b':
      case 'p':
      case 'v':
        mapped = 'p';
        break;
      case 'f':
        mapped = 'f';
        break;
      case 'c':
      case 'k':
      case 'q':
      case 'g':
        mapped = 'k';
        break;
      case 's':
      case 'z':
      case 'j':
        mapped = 's';
        break;
      case 't':
      case 'd':
        mapped = 't';
        break;
      case 'l':
      case 'r':
        mapped = 'r';
        break;
      case 'm':
      case 'n':
        mapped = 'n';
        break;
      default:
        mapped = /[0-9]/.test(char) ? char : '';
    }
    if (mapped && !out.endsWith(mapped)) out += mapped;
  }
  return out;
}

export interface NameToken {
  /** The token as written (folded). */
  text: string;
  /** Its ASCII transliteration. */
  ascii: string;
  /** The descriptor it stands for, if it is one ("BANK", "HOLDING", "CO"). */
  symbol?: string;
  /** How much the token counts beside a distinctive word (1): descriptors and country names count less. */
  factor: number;
}

/** What a descriptor or a country name counts for beside a distinctive word. */
const FACTOR = { weakDescriptor: 0.15, descriptor: 0.8, country: 0.3 } as const;

export interface NameForm {
  original: string;
  /** Distinctive tokens: not legal forms, descriptors or stop words. */
  core: NameToken[];
  /** Descriptor tokens, compared by their symbol. */
  descriptors: NameToken[];
  /** Generic legal forms found (LLC, JSC...). */
  legalForms: string[];
  /** The core tokens' ASCII forms joined without spaces. */
  squashed: string;
  skeleton: string;
  /** Initials of the core and descriptor tokens, for acronyms ("BIPC"). */
  initials: string;
  /** Whether the name is written (partly) in a script other than Latin. */
  nonLatin: boolean;
  /** Why the name cannot be matched, if it cannot: empty, only punctuation, only a legal form. */
  problem?: string;
}

/**
 * Words, split again where Latin letters meet letters of another script ("ドン・キホーテUNY" → ドン, キホーテ,
 * UNY); digits stay with the letters before them ("Теле2").
 */
function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
    let current = '';
    let latin: boolean | undefined;
    for (const char of word) {
      const letterLatin = /\p{L}/u.test(char) ? /\p{Script=Latin}/u.test(char) : undefined;
      if (letterLatin !== undefined && latin !== undefined && letterLatin !== latin && current) {
        tokens.push(current);
        current = '';
      }
      if (letterLatin !== undefined) latin = letterLatin;
      current += char;
    }
    if (current) tokens.push(current);
  }
  return tokens;
}

/**
 * The forms a name may be known by besides itself: what stands in brackets ("Faysal Bank (فیصل بینک)"), unless
 * it is only a country, and each script's part of a name written in two scripts side by side ("Umnia Bank
 * أمنية بنك").
 */
export function nameVariants(name: string): string[] {
  const variants = [name];
  for (const match of name.matchAll(/[(（[［]([^)）\]］]+)[)）\]］]/gu)) {
    const inside = match[1]!.trim();
    if (/\p{L}.*\p{L}.*\p{L}/u.test(inside) && !countryCode(inside)) variants.push(inside);
  }
  const words = withoutQualifiers(name).split(/\s+/).filter(Boolean);
  const latin = words.filter(
    (word) => /\p{Script=Latin}/u.test(word) && !/[^\p{Script=Latin}\P{L}]/u.test(word),
  );
  const other = words.filter(
    (word) => /[^\p{Script=Latin}\P{L}]/u.test(word) && !/\p{Script=Latin}/u.test(word),
  );
  if (latin.length > 0 && other.length > 0) variants.push(latin.join(' '), other.join(' '));
  return [...new Set(variants)];
}

/** Text in brackets qualifies a name ("MCB (Pakistan)"): set aside when there is a name outside them. */
function withoutQualifiers(text: string): string {
  const outside = text.replace(/[(（[［][^)）\]］]*[)）\]］]/gu, ' ');
  return /[\p{L}\p{N}]/u.test(outside) ? outside : text;
}

function stripSpaceless(text: string, forms: string[], symbols: string[]): string {
  if (!SPACELESS.test(text)) return text;
  let rest = text;
  for (const { key, kind, tag } of SPACELESS_KEYS) {
    if (!rest.includes(key)) continue;
    rest = rest.split(key).join(' ');
    (kind === 'form' ? forms : symbols).push(tag);
  }
  return rest;
}

/** Takes legal forms off both ends of the token list ("JOINT STOCK COMPANY X", "X CO., LTD."). */
function stripLegalForms(tokens: NameToken[], forms: string[]): NameToken[] {
  let list = tokens;
  for (let changed = true; changed && list.length > 0;) {
    changed = false;
    for (let size = Math.min(MAX_FORM_TOKENS, list.length); size >= 1; size--) {
      const head =
        LEGAL_FORMS[
          list
            .slice(0, size)
            .map((token) => token.ascii)
            .join(' ')
        ];
      if (head && size < list.length) {
        forms.push(head);
        list = list.slice(size);
        changed = true;
        break;
      }
      const tail =
        LEGAL_FORMS[
          list
            .slice(-size)
            .map((token) => token.ascii)
            .join(' ')
        ];
      if (tail && size < list.length) {
        forms.push(tail);
        list = list.slice(0, -size);
        changed = true;
        break;
      }
    }
  }
  return list;
}

export function normaliseName(name: string): NameForm {
  const original = name;
  const folded = foldKey(withoutQualifiers(name.slice(0, MAX_NAME_LENGTH)));
  const legalForms: string[] = [];
  const spacelessSymbols: string[] = [];
  const text = stripSpaceless(folded, legalForms, spacelessSymbols);
  const all: NameToken[] = tokensOf(text)
    .map((token) => ({ text: token, ascii: ascii(token), factor: 1 }))
    .filter((token) => token.ascii);
  const kept = stripLegalForms(all, legalForms);
  // A name that is nothing but a legal form ("LLC") has no name left to match.
  if (kept.length === 1 && all.length === 1 && LEGAL_FORMS[kept[0]!.ascii]) {
    legalForms.push(LEGAL_FORMS[kept[0]!.ascii]!);
    kept.length = 0;
  }
  const core: NameToken[] = [];
  const descriptorFactor = (symbol: string) =>
    WEAK_SYMBOLS.has(symbol) ? FACTOR.weakDescriptor : FACTOR.descriptor;
  const descriptors: NameToken[] = spacelessSymbols.map((symbol) => ({
    text: symbol,
    ascii: '',
    symbol,
    factor: descriptorFactor(symbol),
  }));
  for (const token of kept) {
    // The Arabic article and the prepositions fused with it ("البنك" → "بنك", "للاتصالات" → "اتصالات").
    const article = /^(?:وال|بال|فال|كال|لل|ال)(\p{Script=Arabic}{3,})$/u.exec(token.text);
    if (article) {
      token.text = article[1]!;
      token.ascii = ascii(token.text);
    }
    if (STOPWORDS.has(token.ascii)) continue;
    const symbol = SYMBOLS[token.text] ?? SYMBOLS[token.ascii];
    if (symbol) descriptors.push({ ...token, symbol, factor: descriptorFactor(symbol) });
    else core.push(token);
  }
  // A country's name beside a distinctive word is a qualifier ("Wildberries Armenia").
  if (core.length > 1) {
    for (const token of core)
      if (token.text.length >= 4 && countryCode(token.text)) token.factor = FACTOR.country;
  }
  // A name made only of descriptors ("General Motors") is matched on them.
  const distinctive = core.length > 0 ? core : descriptors.filter((token) => token.ascii);
  const squashed = distinctive.map((token) => token.ascii).join('');
  const form: NameForm = {
    original,
    core: distinctive,
    descriptors: core.length > 0 ? descriptors : [],
    legalForms,
    squashed,
    skeleton: skeleton(squashed),
    initials: kept
      .filter((token) => !STOPWORDS.has(token.ascii))
      .map((token) => token.ascii[0] ?? '')
      .join(''),
    nonLatin: /[^\p{Script=Latin}\p{N}\p{P}\p{Z}\p{S}]/u.test(folded),
  };
  if (!name.trim()) form.problem = 'the name is empty';
  else if (!folded) form.problem = 'the name has no letters or digits';
  else if (!squashed) form.problem = 'the name is only a legal form or descriptor';
  return form;
}
