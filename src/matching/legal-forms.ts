import companyWordsFile from './data/company-words.json' with { type: 'json' };
import legalFormsExtraFile from './data/legal-forms-extra.json' with { type: 'json' };
import legalFormsFile from './data/legal-forms.json' with { type: 'json' };
import symbolsExtraFile from './data/symbols-extra.json' with { type: 'json' };
import symbolsFile from './data/symbols.json' with { type: 'json' };
import { ascii, foldKey } from './spelling.ts';

/**
 * The legal forms ("LLC", "Sdn Bhd", "株式会社") and descriptors ("company", "bank") of company names, from the
 * tables in data/ (derived from rigour), and how they are taken off a name.
 */

const DESCRIPTOR_SYMBOLS = new Set(
  Object.keys(companyWordsFile.descriptors).filter((key) => !key.startsWith('$')),
);

const SPACELESS_SCRIPTS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
export const SPACELESS = SPACELESS_SCRIPTS;

/** Scripts whose ASCII transliteration keeps a word's vowels: the transliteration is a key as well ("банк", "bank"). */
const VOWELLED =
  /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Georgian}\p{Script=Armenian}\p{Script=Hangul}]/u;

/**
 * The table's words under their folded form, and under their transliteration for scripts that keep vowels;
 * `override` lets the table win over keys the derived tables already have.
 */
function addWords(into: Record<string, string>, table: Record<string, string[] | string>, override: boolean) {
  for (const [symbol, words] of Object.entries(table)) {
    if (!Array.isArray(words)) continue;
    for (const word of words) {
      const folded = foldKey(word);
      const keys = VOWELLED.test(folded) ? [folded, foldKey(ascii(folded))] : [folded];
      for (const key of keys) if (key.length >= 2 && (override || !into[key])) into[key] = symbol;
    }
  }
}

/** Descriptors, from the derived tables and ours (data/company-words.json: company words across languages). */
export const SYMBOLS: Record<string, string> = { ...symbolsFile.symbols, ...symbolsExtraFile.symbols };
addWords(SYMBOLS, companyWordsFile.symbols, false);
addWords(SYMBOLS, companyWordsFile.descriptors, true);
export const WEAK_SYMBOLS = new Set(symbolsFile.weak);

/** Legal forms, less the organisation types our table calls descriptors ("NPO", "scientific production enterprise"). */
export const LEGAL_FORMS: Record<string, string> = Object.fromEntries(
  Object.entries({ ...legalFormsFile.forms, ...legalFormsExtraFile.forms }).filter(
    ([key]) => !Object.hasOwn(SYMBOLS, key) || !DESCRIPTOR_SYMBOLS.has(SYMBOLS[key]!),
  ),
);

/** Descriptors of several words ("scientific production association"), by their first word: their longest length. */
const PHRASE_LENGTHS = new Map<string, number>();
for (const key of Object.keys(SYMBOLS)) {
  const words = key.split(' ');
  if (words.length < 2 || SPACELESS_SCRIPTS.test(key)) continue;
  PHRASE_LENGTHS.set(words[0]!, Math.max(PHRASE_LENGTHS.get(words[0]!) ?? 0, words.length));
}

/**
 * The tokens with each descriptor of several words joined into one token carrying its symbol, longest first
 * ("scientific and production enterprise" → NPP), so that it compares with its abbreviation ("NPP").
 */
export function joinPhrases<Token extends { text: string; ascii: string; symbol?: string }>(
  tokens: Token[],
): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const longest = Math.max(
      PHRASE_LENGTHS.get(tokens[i]!.text) ?? 0,
      PHRASE_LENGTHS.get(tokens[i]!.ascii) ?? 0,
    );
    let joined: Token | undefined;
    for (let size = Math.min(longest, tokens.length - i); size >= 2 && !joined; size--) {
      const window = tokens.slice(i, i + size);
      const text = window.map((token) => token.text).join(' ');
      const symbol = SYMBOLS[text] ?? SYMBOLS[window.map((token) => token.ascii).join(' ')];
      if (symbol) {
        joined = { ...window[0]!, text, ascii: window.map((token) => token.ascii).join(''), symbol };
        i += size - 1;
      }
    }
    out.push(joined ?? tokens[i]!);
  }
  return out;
}

/** Longest legal form, in tokens: the windows tried at each end of a name. */
export const MAX_FORM_TOKENS = 7;
/** The words legal forms start and end with: a window is looked up only when its edge word is one. */
const FORM_FIRST_WORDS = new Set(Object.keys(LEGAL_FORMS).map((form) => form.split(' ')[0]!));
const FORM_LAST_WORDS = new Set(Object.keys(LEGAL_FORMS).map((form) => form.split(' ').at(-1)!));

/** Legal forms and descriptors written without spaces (CJK, Thai): found inside words, longest first. */
const SPACELESS_KEYS = [
  ...Object.entries(LEGAL_FORMS).map(([key, tag]) => ({ key, kind: 'form' as const, tag })),
  ...Object.entries(SYMBOLS).map(([key, tag]) => ({ key, kind: 'symbol' as const, tag })),
]
  .filter(({ key }) => SPACELESS.test(key) && !key.includes(' '))
  .sort((a, b) => b.key.length - a.key.length);

/** Takes legal forms and descriptors out of words written without spaces; says which it found. */
export function stripSpaceless(text: string, forms: string[], symbols: string[]): string {
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
export function stripLegalForms<Token extends { ascii: string }>(tokens: Token[], forms: string[]): Token[] {
  let list = tokens;
  const formOf = (window: Token[]) => LEGAL_FORMS[window.map((token) => token.ascii).join(' ')];
  for (let changed = true; changed && list.length > 0;) {
    changed = false;
    const headPossible = FORM_FIRST_WORDS.has(list[0]!.ascii);
    const tailPossible = FORM_LAST_WORDS.has(list.at(-1)!.ascii);
    if (!headPossible && !tailPossible) break;
    for (let size = Math.min(MAX_FORM_TOKENS, list.length - 1); size >= 1; size--) {
      const head = headPossible ? formOf(list.slice(0, size)) : undefined;
      if (head) {
        forms.push(head);
        list = list.slice(size);
        changed = true;
        break;
      }
      const tail = tailPossible ? formOf(list.slice(-size)) : undefined;
      if (tail) {
        forms.push(tail);
        list = list.slice(0, -size);
        changed = true;
        break;
      }
    }
  }
  return list;
}

/**
 * How many of the words, from the first, make a legal form of the table ("Ltd", "S.A.", "Sdn Bhd"), the
 * longest that does; 0 when they start none. The words are as a text writes them.
 */
export function legalFormAtStart(words: readonly string[]): number {
  const keys = words.slice(0, MAX_FORM_TOKENS).map(foldKey);
  for (let size = keys.length; size >= 1; size--)
    if (Object.hasOwn(LEGAL_FORMS, keys.slice(0, size).join(' '))) return size;
  return 0;
}
