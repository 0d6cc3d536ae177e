import { legalFormAtStart, MAX_FORM_TOKENS } from '../matching/legal-forms.ts';
import { companyCues } from './company-cues.ts';
import { cues } from './cues.ts';
import { placeNamed } from './gazetteer.ts';
import { coveredBy, firstSpanFrom, leftContext, rightContext, type Reading } from './reading.ts';
import { isCapitalised, type Token } from './tokens.ts';

/**
 * The names an article writes with capitals, and which of them cannot be businesses: the first stage of
 * finding companies (companies.ts weighs what the article says of each name).
 */

export interface NameMention {
  start: number;
  end: number;
  /** The mention's first and last token (inclusive). */
  first: number;
  last: number;
  name: string;
  /** The mention this one shortens, as the article says in brackets right after it: "Acme Holdings (“Acme”)". */
  shortFor?: NameMention;
}

const APOSTROPHE = /^['’]$/u;

/** Whether the words from a token on make a legal form ("Ltd", "Sdn Bhd"): the tables of src/matching/data/. */
function legalFormAt(tokens: readonly Token[], index: number): boolean {
  return legalFormAtStart(tokens.slice(index, index + MAX_FORM_TOKENS).map((token) => token.text)) > 0;
}

/** Whether the words from `from` to `to` (inclusive) end with a legal form. */
function endsWithLegalForm(tokens: readonly Token[], from: number, to: number): boolean {
  for (let index = from; index <= to; index++) {
    const words = tokens.slice(index, to + 1).map((token) => token.text);
    if (legalFormAtStart(words) === words.length) return true;
  }
  return false;
}

/**
 * Runs of capitalised words ("Top Glove Corporation Bhd", "Marks & Spencer", "Bank of America", "7-Eleven",
 * "Sam’s Club", "Katif Venture and Development Ltd", "Sunway Concrete (S) Pte Ltd"), each with the short
 * form the article gives in brackets after it.
 */
export function nameMentions(reading: Reading): NameMention[] {
  const { tokens, text } = reading;
  const gapBetween = (a: number, b: number) => text.slice(tokens[a]!.end, tokens[b]!.start);
  // Two words next to each other in one name: a space, "&", a hyphen, or a legal form after a comma.
  const joined = (a: number, b: number) => {
    const gap = gapBetween(a, b);
    // "... to the U.S. According to ...": a sentence starts after an abbreviation's full stop.
    if (tokens[a]!.text.endsWith('.') && cues.leadingWord.test(tokens[b]!.text)) return false;
    if (/^ $/u.test(gap) || /^\s?&\s?$/u.test(gap) || /^-$/u.test(gap)) return true;
    // "Co., Ltd.", "Corp. Bhd": a legal form may follow after a comma or an abbreviation's full stop.
    if (/^\.?,? $/u.test(gap) && cues.nameAbbreviation.test(tokens[a]!.text)) return legalFormAt(tokens, b);
    return /^, $/u.test(gap) && legalFormAt(tokens, b);
  };
  // "Sam’s Club": a possessive inside a name, when the article never writes the first words on their own.
  const possessiveInside = (first: number, last: number) => {
    const s = tokens[last + 1];
    const after = tokens[last + 2];
    if (!s || !after || s.text !== 's' || !APOSTROPHE.test(gapBetween(last, last + 1))) return false;
    if (gapBetween(last + 1, last + 2) !== ' ' || !isCapitalised(after.text)) return false;
    const head = text.slice(tokens[first]!.start, tokens[last]!.end);
    return !aloneElsewhere(text, head);
  };
  const runs: NameMention[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    // "7-Eleven": a number joined by a hyphen to a capitalised word starts a name.
    const numbered =
      /^\p{N}+$/u.test(token.text) &&
      index + 1 < tokens.length &&
      gapBetween(index, index + 1) === '-' &&
      isCapitalised(tokens[index + 1]!.text);
    if (!isCapitalised(token.text) && !numbered) continue;
    let last = index;
    while (last + 1 < tokens.length) {
      const next = tokens[last + 1]!;
      if (isCapitalised(next.text) && joined(last, last + 1)) {
        last++;
        continue;
      }
      const after = tokens[last + 2];
      if (
        cues.connector.test(next.text) &&
        after &&
        isCapitalised(after.text) &&
        joined(last, last + 1) &&
        joined(last + 1, last + 2)
      ) {
        last += 2;
        continue;
      }
      if (possessiveInside(index, last)) {
        last += 2;
        continue;
      }
      // "Katif Venture and Development Ltd", "Spring Creek Rehabilitation and Nursing Center": "and" inside a
      // name of two words or more, when what follows ends in a legal form, or is common words ending in a head
      // word of names.
      if (/^(?:and|e|y|und|et)$/u.test(next.text) && after && isCapitalised(after.text) && last > index) {
        let end = last + 2;
        while (end + 1 < tokens.length && isCapitalised(tokens[end + 1]!.text) && joined(end, end + 1)) end++;
        const common = reading.lowerWords.has(after.text.toLowerCase());
        if (
          gapBetween(last, last + 1) === ' ' &&
          gapBetween(last + 1, last + 2) === ' ' &&
          end - last <= 5 &&
          !endsWithLegalForm(tokens, index, last) &&
          (endsWithLegalForm(tokens, last + 2, end) ||
            (common && end - last <= 3 && companyCues.headWord.test(tokens[end]!.text)))
        ) {
          last = end;
          continue;
        }
      }
      // "Sunway Concrete (S) Pte Ltd", "Beautiful City (Pty) Ltd": a short word in brackets before a legal form.
      if (
        after &&
        isCapitalised(after.text) &&
        next.text.length <= 4 &&
        gapBetween(last, last + 1) === ' (' &&
        gapBetween(last + 1, last + 2) === ') ' &&
        legalFormAt(tokens, last + 2)
      ) {
        last += 2;
        continue;
      }
      break;
    }
    const { first, last: kept } = trimmedRun(reading, index, last);
    if (first <= kept) {
      const start = tokens[first]!.start;
      const end = tokens[kept]!.end;
      runs.push({ start, end, first, last: kept, name: text.slice(start, end) });
    }
    index = last;
  }
  linkBracketedShortForms(reading, runs);
  return runs;
}
/**
 * A run of capitalised words without what is not part of a name: sentence openers and common words, nouns of
 * people, a nationality before a place-named firm, an event or page word at its end.
 */
function trimmedRun(reading: Reading, index: number, end: number): { first: number; last: number } {
  const { tokens, text } = reading;
  let first = index;
  let last = end;
  // Sentence openers and common words written with a capital are not part of a name.
  // A number word starts a name inside a sentence ("the firm Six Create"), not at its start.
  const leading = (token: Token) =>
    companyCues.leadingAnywhere.test(token.text) ||
    // "Guards hired for...": a noun of people opening a sentence.
    (companyCues.peopleNoun.test(token.text) && atLineStart(reading, token)) ||
    (companyCues.numberWord.test(token.text)
      ? atLineStart(reading, token)
      : cues.leadingWord.test(token.text));
  while (
    first <= last &&
    (leading(tokens[first]!) ||
      // "Dozens of Kenyan": a small word inside a name is not its start.
      (first > index && !isCapitalised(tokens[first]!.text)) ||
      (first === index &&
        reading.lowerWords.has(tokens[first]!.text.toLowerCase()) &&
        atSentenceStart(reading, tokens[first]!) &&
        !repeated(reading, index, last)))
  )
    first++;
  // "Chinese Shandong Linglong Tire Co.": a nationality before a name that starts with a place or ends with a
  // legal form is not part of it ("Deutsche Post DHL" and "American Airlines" keep theirs).
  if (first > last) return { first, last };
  const at = reading.countries[firstSpanFrom(reading.countries, tokens[first]!.start)];
  const nationality =
    at &&
    at.first === first &&
    at.kind === 'demonym' &&
    at.last < last - 1 &&
    !companyCues.businessWord.test(tokens[at.last + 1]!.text) &&
    (placeNamed(tokens[at.last + 1]!.text) !== undefined || endsWithLegalForm(tokens, at.last + 2, last))
      ? at
      : undefined;
  if (nationality) first = nationality.last + 1;
  // "Acme World Cup": an event or a page word at the end of a name leaves the first words.
  while (first < last && companyCues.wholeName.test(text.slice(tokens[last]!.start, tokens[last]!.end)))
    last--;
  for (let cut = first + 1; cut <= last; cut++)
    if (companyCues.wholeName.test(text.slice(tokens[cut]!.start, tokens[last]!.end))) {
      last = cut - 1;
      break;
    }
  return { first, last };
}

/**
 * "Desert Line Contracting did not respond": a common word at a sentence's start is part of the name when the
 * article writes the whole run again.
 */
function repeated(reading: Reading, from: number, to: number): boolean {
  const { tokens, text } = reading;
  const run = text.slice(tokens[from]!.start, tokens[to]!.end);
  return to > from && (text.indexOf(run, tokens[to]!.end) >= 0 || text.indexOf(run) < tokens[from]!.start);
}

/** Whether the name appears in the text other than before a possessive "’s" and other than inside a longer name. */
function aloneElsewhere(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${escaped}(?!['’]s\\b)(?![\\p{L}\\p{N}])(?!\\s\\p{Lu})`,
    'gu',
  );
  return pattern.test(text);
}

/** "Acme Holdings (“Acme”)", "PT Contoh Baja (CBJ)": the name in brackets right after a name is its short form. */
function linkBracketedShortForms(reading: Reading, runs: NameMention[]): void {
  for (let index = 0; index + 1 < runs.length; index++) {
    const long = runs[index]!;
    const short = runs[index + 1]!;
    const gap = reading.text.slice(long.end, short.start);
    const close = reading.text.slice(short.end, short.end + 3);
    if (
      /^\s*\(\s*["“'‘]?$/u.test(gap) &&
      /^["”'’]?\s*\)/u.test(close) &&
      short.name.length < long.name.length
    )
      short.shortFor = long;
  }
}

function atSentenceStart(reading: Reading, token: Token): boolean {
  const before = reading.text.slice(Math.max(0, token.start - 3), token.start);
  return token.start === 0 || /(?:^|[.!?:"“”]\s*|\n\s*)$/u.test(before);
}

/** At the start of a sentence, a line, a quotation or a clause after a colon or a dash. */
function atLineStart(reading: Reading, token: Token): boolean {
  const before = reading.text.slice(Math.max(0, token.start - 4), token.start);
  return atSentenceStart(reading, token) || /(?:[–—-]\s|[(‘'"“]\s?)$/u.test(before);
}

/** Whether the name's own words say it is a business ("... Industries", "... Recruitment", a legal form). */
export function hasBusinessWords(reading: Reading, mention: NameMention): boolean {
  const words = reading.tokens.slice(mention.first, mention.last + 1);
  if (words.some((word) => companyCues.businessWord.test(word.text))) return true;
  if (endsWithLegalForm(reading.tokens, mention.first, mention.last) && mention.last > mention.first)
    return true;
  return hasRoleWords(mention);
}

/** Whether the name's own words say its role ("... Recruitment", "... Staffing", "... Construction"). */
export const hasRoleWords = (mention: NameMention) =>
  mention.last > mention.first &&
  cues.nameRoles.some(({ pattern }) => ((pattern.lastIndex = 0), pattern.test(mention.name)));

/** The words after a mention, an aside in brackets right after it left out ("X (located in Y) was fined"). */
export function wordsAfter(reading: Reading, mention: NameMention, maxLength = 60): string {
  let after = rightContext(reading, mention.end, maxLength + 50);
  // Debris of a page's markup after a name ("Acme<\/a>'s supply chain") is not the article's words.
  after = after.replace(/^(?:<\\?\/?[a-z][a-z0-9]*>)+/iu, '');
  const aside = /^\s*\([^()]{0,50}\)/u.exec(after);
  return (aside ? after.slice(aside[0].length) : after).slice(0, maxLength);
}

/** Whether the words right around a mention call it a business ("the firm X", "X, a supplier"). */
export function saidToBeBusiness(before: string, after: string): boolean {
  return (
    cues.companyNoun.test(before) ||
    companyCues.extraNounBefore.test(before) ||
    companyCues.relationBefore.test(before) ||
    companyCues.calledBefore.test(before) ||
    cues.companyApposition.test(after) ||
    companyCues.apposition.test(after) ||
    companyCues.companyAfter.test(after)
  );
}

/**
 * Whether a mention cannot be a business whatever else the article says of it: a body, a place, a country,
 * an event or a page's furniture, a person named with a title, a vessel, a certification scheme, a law firm.
 */
export function isNotCompany(reading: Reading, mention: NameMention): boolean {
  const { tokens } = reading;
  const words = tokens.slice(mention.first, mention.last + 1);
  const business = hasBusinessWords(reading, mention);
  const before = leftContext(reading, mention.start, 90);
  const after = wordsAfter(reading, mention);
  // "Al Waha Recruitment Office" and "logistics giant Deutsche Post" are businesses though "Office" and "Post"
  // often are not: the name's own words, or the words around it, decide.
  const said = business || saidToBeBusiness(before, after);
  const notBusiness = (word: Token) =>
    cues.notCompanyWord.test(word.text) && !(said && companyCues.softNotCompanyWord.test(word.text));
  if (words.some(notBusiness)) return true;
  if (words.every((word) => cues.placeWord.test(word.text))) return true;
  if (companyCues.wholeName.test(mention.name)) return true;
  // Wholly a known city or region ("Leamington", "St Petersburg"), a country or a nationality.
  if (coveredBy(reading.places, mention.start, mention.end)) return true;
  if (coveredBy(reading.countries, mention.start, mention.end)) return true;
  if (words.length === 1 && words[0]!.text.length < 2) return true;
  // Nothing but a legal form ("Pte Ltd" left over from a name the run did not reach).
  if (
    endsWithLegalForm(tokens, mention.first, mention.last) &&
    legalFormAtStart(words.map((w) => w.text)) === words.length
  )
    return true;
  if (reading.article.publisher && mention.name === reading.article.publisher) return true;
  if (companyCues.vesselBefore.test(before) || companyCues.askedBefore.test(before)) return true;
  if (companyCues.schemeBefore.test(before) || companyCues.schemeAfter.test(after)) return true;
  if (companyCues.lawFirmBefore.test(before) || companyCues.lawFirmAfter.test(after)) return true;
  // "an app called X" names a business; "the owner, Jane Roe" and "Roe, 34," people.
  if (business || companyCues.calledBefore.test(before)) return false;
  return companyCues.personBefore.test(before) || companyCues.personAfter.test(after);
}

/**
 * Names the article uses for people: a name of two or three words whose last word the article also writes on
 * its own ("Mr Nova", "Nova said") while never writing the first; a person's family name is used alone, a
 * business's first word is.
 */
export function peopleNames(reading: Reading, mentions: readonly NameMention[]): Set<string> {
  const alone = new Map<string, number>();
  for (const mention of mentions)
    if (mention.first === mention.last) {
      const word = reading.tokens[mention.first]!.text;
      alone.set(word, (alone.get(word) ?? 0) + 1);
    }
  const people = new Set<string>();
  for (const mention of mentions) {
    const size = mention.last - mention.first + 1;
    if (size < 2 || size > 3 || hasBusinessWords(reading, mention)) continue;
    // People's names are written "Jane Roe": a word in capitals ("DHL") or with a digit is not one.
    const words = reading.tokens.slice(mention.first, mention.last + 1);
    if (!words.every((word) => /^\p{Lu}\p{Ll}+$/u.test(word.text))) continue;
    const firstWord = reading.tokens[mention.first]!.text;
    const lastWord = reading.tokens[mention.last]!.text;
    if ((alone.get(lastWord) ?? 0) > 0 && (alone.get(firstWord) ?? 0) === 0) people.add(mention.name);
  }
  // A person's family name on its own is the person too.
  for (const name of [...people]) people.add(name.split(' ').pop()!);
  return people;
}
