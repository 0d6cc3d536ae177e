import { countryCode } from '../domain/countries.ts';
import { japaneseLikelihood, japaneseWords } from './japanese.ts';
import { soundForms, soundScriptOf, type SoundForms, type SoundScript } from './loanword.ts';
import stopwordsFile from './data/stopwords.json' with { type: 'json' };
import {
  joinPhrases,
  LEGAL_FORMS,
  SPACELESS,
  stripLegalForms,
  stripSpaceless,
  SYMBOLS,
  WEAK_SYMBOLS,
} from './legal-forms.ts';
import { ascii, foldKey, skeleton, soundKey, vocalised, VOCALISED_SCRIPTS } from './spelling.ts';

/**
 * A company name taken apart for matching: Unicode folded, transliterated to ASCII, legal forms recognised
 * and set aside ("OOO", "Sdn Bhd", "株式会社"), descriptors ("company", "bank", "holdings", in any script)
 * reduced to symbols that compare across languages, and what is left, the distinctive core, kept as
 * tokens, as one squashed string and as a phonetic skeleton that survives transliteration.
 */

const STOPWORDS = new Set(stopwordsFile.stopwords);

/** Names are cut here: nothing longer is a company name, and matching time must stay bounded. */
export const MAX_NAME_LENGTH = 300;

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
  /** The core and descriptor tokens together. */
  tokens: NameToken[];
  /** Generic legal forms found (LLC, JSC...). */
  legalForms: string[];
  /** The core tokens' ASCII forms joined without spaces. */
  squashed: string;
  skeleton: string;
  /** The squashed core as it sounds (see `soundKey`). */
  soundKey: string;
  /** The numbers in the name, in order ("Decisions 2", "M23"): two names with different numbers differ. */
  numbers: string;
  /** Initials of the core and descriptor tokens, for acronyms ("BIPC"). */
  initials: string;
  /** Every word but stop words, legal forms included, for acronyms that take them in ("WIVSA", "ZISCO"). */
  words: string[];
  /**
   * The word lists an acronym of the name may be read off, in the name's order: every word, the words without
   * legal forms, and the distinctive words alone ("NITC" of "National Iranian Tanker Company PJSC").
   */
  acronymWords: string[][];
  /** How the name's script writes sounds (see loanword.ts). */
  soundScript: SoundScript;
  /** All its words but legal forms, in order, as they sound and as a syllabic script spells them (loanword.ts). */
  sounds: SoundForms;
  /** Whether the name is written (partly) in a script other than Latin. */
  nonLatin: boolean;
  /** Whether the name is made of descriptors only ("General Motors", "Plantations"). */
  descriptorsOnly: boolean;
  /** Whether the name is written in a script without spaces between words (Chinese, Japanese, Thai). */
  spaceless: boolean;
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
    // Most words are in one script: nothing to split.
    if (!/\p{Script=Latin}/u.test(word) || !/[^\p{Script=Latin}\P{L}]/u.test(word)) {
      tokens.push(word);
      continue;
    }
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
 * The forms a name may be known by besides itself: each of several names written with a slash between them,
 * what stands in brackets ("Faysal Bank (فیصل بینک)"), unless it is only a country, and each script's part of
 * a name written in two scripts side by side ("Umnia Bank أمنية بنك").
 */
export function nameVariants(name: string): string[] {
  const variants = [name];
  // "New People's Army / Communist Party of the Philippines": two names of one company.
  const parts = name.split(/\s+[/|;]\s+/u).filter((part) => /\p{L}.*\p{L}/u.test(part));
  if (parts.length > 1) for (const part of parts) variants.push(part);
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

/** Tokens of kanji and kana, cut into words and read as Japanese when asked and the analyser is on. */
function japaneseTokens(token: string): NameToken[] {
  const words = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(token)
    ? japaneseWords(token)
    : undefined;
  if (!words) return [{ text: token, ascii: ascii(token), factor: 1 }];
  return words.map((word) => ({
    text: word.text,
    ascii: word.known ? word.romaji : ascii(word.text),
    factor: 1,
  }));
}

/**
 * A name analysed for matching. `japanese` reads kanji and kana as Japanese (see japanese.ts) rather than
 * transliterating them character by character (kanji as Chinese).
 */
export function normaliseName(
  name: string,
  options: { japanese?: boolean; vocalised?: boolean } = {},
): NameForm {
  const original = name;
  // The possessive "'s" is not a word ("Lord's Resistance Army" is LRA).
  const folded = foldKey(withoutQualifiers(name.slice(0, MAX_NAME_LENGTH)).replace(/(\p{L})['’]s\b/gu, '$1'));
  const legalForms: string[] = [];
  const spacelessSymbols: string[] = [];
  const text = stripSpaceless(folded, legalForms, spacelessSymbols);
  const all: NameToken[] = tokensOf(text)
    .flatMap((token) =>
      options.japanese
        ? japaneseTokens(token)
        : [
            {
              text: token,
              ascii: options.vocalised ? vocalised(token, ascii(token)) : ascii(token),
              factor: 1,
            },
          ],
    )
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
  const phrased = joinPhrases(kept);
  for (const token of phrased) {
    // The Arabic article and the prepositions fused with it ("البنك" → "بنك", "للاتصالات" → "اتصالات").
    const article = /^(?:وال|بال|فال|كال|لل|ال)(\p{Script=Arabic}{3,})$/u.exec(token.text);
    if (article) {
      token.text = article[1]!;
      token.ascii = options.vocalised ? vocalised(token.text, ascii(token.text)) : ascii(token.text);
    }
    if (STOPWORDS.has(token.ascii)) continue;
    const symbol = token.symbol ?? SYMBOLS[token.text] ?? SYMBOLS[token.ascii];
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
  const soundScript = soundScriptOf(folded);
  const spoken = phrased.map((token) => token.ascii).filter((word) => !STOPWORDS.has(word));
  const form: NameForm = {
    original,
    core: distinctive,
    descriptors: core.length > 0 ? descriptors : [],
    tokens: [...distinctive, ...(core.length > 0 ? descriptors : [])],
    legalForms,
    squashed,
    skeleton: skeleton(squashed),
    soundKey: soundKey(squashed),
    numbers: [...distinctive, ...(core.length > 0 ? descriptors : [])]
      .flatMap((token) => token.ascii.match(/[0-9]+/g) ?? [])
      .join(' '),
    initials: kept
      .filter((token) => !STOPWORDS.has(token.ascii))
      .map((token) => token.ascii[0] ?? '')
      .join(''),
    words: all.map((token) => token.ascii).filter((word) => !STOPWORDS.has(word)),
    acronymWords: acronymWordLists(all, kept, distinctive),
    soundScript,
    sounds: soundForms(spoken, soundScript),
    nonLatin: /[^\p{Script=Latin}\p{N}\p{P}\p{Z}\p{S}]/u.test(folded),
    descriptorsOnly: core.length === 0,
    spaceless: SPACELESS.test(folded) && !/\p{Script=Latin}/u.test(folded),
  };
  if (!name.trim()) form.problem = 'the name is empty';
  else if (!folded) form.problem = 'the name has no letters or digits';
  else if (!squashed) form.problem = 'the name is only a legal form or descriptor';
  return form;
}

/** The distinct word lists of a name an acronym may be read off (see `NameForm.acronymWords`), longest first. */
function acronymWordLists(all: NameToken[], kept: NameToken[], core: NameToken[]): string[][] {
  const lists: string[][] = [];
  const seen = new Set<string>();
  for (const tokens of [all, kept, core]) {
    const words = tokens.map((token) => token.ascii).filter((word) => word && !STOPWORDS.has(word));
    const key = words.join(' ');
    if (words.length < 2 || seen.has(key)) continue;
    seen.add(key);
    lists.push(words);
  }
  return lists;
}

/**
 * Every analysed form of a name the index files and a query tries: each variant (see `nameVariants`); for
 * kanji that may be Japanese, their Japanese reading beside the Chinese one (kana make it Japanese only); and
 * for Hebrew, Arabic and Korean, a vocalised reading beside the plain one.
 */
export function analyseName(name: string): NameForm[] {
  const forms: NameForm[] = [];
  const seen = new Set<string>();
  for (const [position, variant] of nameVariants(name).entries()) {
    const likelihood = japaneseLikelihood(variant);
    const candidates = [
      ...(likelihood === 'japanese' ? [] : [normaliseName(variant)]),
      ...(likelihood === 'no' ? [] : [normaliseName(variant, { japanese: true })]),
      ...(VOCALISED_SCRIPTS.test(variant) ? [normaliseName(variant, { vocalised: true })] : []),
    ];
    for (const form of candidates) {
      // A part of the name that is only descriptors ("Plantations" beside a Cyrillic name) says nothing.
      if (position > 0 && form.descriptorsOnly) continue;
      const key = `${form.squashed}|${form.descriptors.map((token) => token.symbol).join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      form.original = name;
      forms.push(form);
    }
  }
  return forms;
}
