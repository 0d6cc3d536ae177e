import legalFormsExtraFile from './data/legal-forms-extra.json' with { type: 'json' };
import legalFormsFile from './data/legal-forms.json' with { type: 'json' };
import symbolsExtraFile from './data/symbols-extra.json' with { type: 'json' };
import symbolsFile from './data/symbols.json' with { type: 'json' };
import { foldKey } from './spelling.ts';

/**
 * The legal forms ("LLC", "Sdn Bhd", "株式会社") and descriptors ("company", "bank") of company names, from the
 * tables in data/ (derived from rigour), and how they are taken off a name.
 */

export const LEGAL_FORMS: Record<string, string> = { ...legalFormsFile.forms, ...legalFormsExtraFile.forms };
export const SYMBOLS: Record<string, string> = { ...symbolsFile.symbols, ...symbolsExtraFile.symbols };
export const WEAK_SYMBOLS = new Set(symbolsFile.weak);

/** Longest legal form, in tokens: the windows tried at each end of a name. */
export const MAX_FORM_TOKENS = 7;
/** The words legal forms start and end with: a window is looked up only when its edge word is one. */
const FORM_FIRST_WORDS = new Set(Object.keys(LEGAL_FORMS).map((form) => form.split(' ')[0]!));
const FORM_LAST_WORDS = new Set(Object.keys(LEGAL_FORMS).map((form) => form.split(' ').at(-1)!));

export const SPACELESS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

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
