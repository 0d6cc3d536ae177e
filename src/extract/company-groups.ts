import { distance } from 'fastest-levenshtein';
import { normaliseName } from '../matching/normalise.ts';
import type { NameMention } from './company-names.ts';
import { cues } from './cues.ts';
import { placeNamed } from './gazetteer.ts';
import type { MentionContext } from './roles.ts';

/**
 * The names of one company in an article, gathered: its mentions, what the words around them say, and the
 * names that are one company (a short form, a plural spelling, initials).
 */

/** How long a name must be for a difference of a letter or two to be a slip rather than another name. */
const MISSPELT_LENGTH = 10;
const MISSPELT_LETTERS = 2;

export interface Group {
  key: string;
  mentions: NameMention[];
  contexts: MentionContext[];
  score: number;
  cueCount: number;
  roles: Map<string, { weight: number; start: number; end: number; fromName?: boolean }>;
  bestCue?: { start: number; end: number; weight: number };
  legalForm: boolean;
  /** Called a rights group, union, newspaper... somewhere in the article. */
  body?: boolean;
}

function absorb(target: Group, group: Group): void {
  for (const mention of group.mentions) target.mentions.push(mention);
  for (const context of group.contexts) target.contexts.push(context);
  target.score += group.score;
  target.cueCount += group.cueCount;
  target.legalForm ||= group.legalForm;
  target.body ||= group.body ?? false;
  if (group.bestCue && (!target.bestCue || group.bestCue.weight > target.bestCue.weight))
    target.bestCue = group.bestCue;
  for (const [role, entry] of group.roles) {
    const known = target.roles.get(role);
    if (known) known.weight += entry.weight;
    else target.roles.set(role, { ...entry });
  }
}

/** The initials of a name's words ("Marks & Spencer" → MS), legal forms and small words aside. */
function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/u)
    .filter((word) => /^\p{Lu}/u.test(word) && !cues.connector.test(word))
    .map((word) => word[0])
    .join('')
    .toLowerCase();
}

/** A word's stem for comparing two spellings of a name ("Ventures", "Venture"). */
const stem = (word: string) => word.toLowerCase().replace(/s$/u, '');

/**
 * One company under several names counts once: a short form the article gives in brackets ("Acme Holdings
 * (“Acme”)"), a name the article shortens ("Top Glove" after "Top Glove Corporation Bhd"), the same words but
 * for a plural ("Katif Ventures", "Katif Venture and Development Ltd"), and initials written in capitals
 * ("M&S" beside "Marks & Spencer").
 */
export function mergeNames(groups: Map<string, Group>, groupOf: ReadonlyMap<NameMention, Group>): void {
  for (const group of [...groups.values()]) {
    const long = group.mentions.map((mention) => mention.shortFor).find((mention) => mention !== undefined);
    const target = long ? groupOf.get(long) : undefined;
    if (target && target !== group && groups.get(target.key) === target) {
      absorb(target, group);
      groups.delete(group.key);
    }
  }
  const keys = [...groups.keys()].sort((a, b) => b.length - a.length);
  // Each group's words, initials and words after a place, read once: an article may have many names.
  const forms = new Map(
    [...groups.values()].map((group) => {
      const common = mostCommonName(group.mentions);
      const full = fullName(group.mentions).split(/\s+/u);
      return [
        group,
        {
          common,
          words: common.split(/\s+/u).map(stem),
          initials: initialsOf(common),
          // "Qingdao Taekwang Shoes Co" is shortened "Taekwang": a name's words after a place it starts with.
          afterPlace:
            full.length > 2 && placeNamed(full[0]!)
              ? normaliseName(full.slice(1).join(' ')).squashed
              : undefined,
        },
      ] as const;
    }),
  );
  for (const short of keys) {
    const group = groups.get(short);
    if (!group) continue;
    const { common, words: shortWords } = forms.get(group)!;
    const acronym = /^[\p{Lu}&]{2,6}$/u.test(common) ? common.replace(/&/gu, '').toLowerCase() : undefined;
    const owner = keys.find((longKey) => {
      const candidate = groups.get(longKey);
      if (!candidate || longKey === short || longKey.length < short.length) return false;
      const form = forms.get(candidate)!;
      // "Lingolong Tire" beside "Linglong Tire", "Branfroth" beside "Branforth": a slip of one or two letters
      // in a long name (two written as often are two names; the one written first is kept).
      if (short.length >= MISSPELT_LENGTH && distance(short, form.afterPlace ?? longKey) <= MISSPELT_LETTERS)
        return true;
      if (longKey.length === short.length) return false;
      if (longKey.startsWith(short) || form.afterPlace?.startsWith(short)) return true;
      if (shortWords.length >= 2 && shortWords.every((word, index) => form.words[index] === word))
        return true;
      return acronym !== undefined && acronym.length >= 2 && form.initials === acronym;
    });
    if (!owner) continue;
    absorb(groups.get(owner)!, group);
    groups.delete(short);
  }
}

/**
 * The name to propose: the full name the article gives with its legal form or its short form in brackets
 * ("Techcom Construction Pte Ltd" rather than the "Techcom" used after it), else the way it writes it most often.
 */
export function fullName(mentions: NameMention[]): string {
  const shortened = new Set(mentions.map((mention) => mention.shortFor).filter((long) => long !== undefined));
  const byLength = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const full = byLength.find((mention) => shortened.has(mention) || hasLegalForm(mention.name));
  // An article gives the full name first and shortens it after.
  const first = mentions.reduce((a, b) => (b.start < a.start ? b : a));
  return full?.name ?? (first === byLength[0] ? first.name : mostCommonName(mentions));
}

const legalForms = new Map<string, boolean>();
/** Whether a name has a legal form, read once for each name (an article repeats its names). */
function hasLegalForm(name: string): boolean {
  let known = legalForms.get(name);
  if (known === undefined) {
    known = normaliseName(name).legalForms.length > 0;
    if (legalForms.size > 10_000) legalForms.clear();
    legalForms.set(name, known);
  }
  return known;
}

/** The way the article writes a name most often; the longer form when two are as frequent. */
function mostCommonName(mentions: NameMention[]): string {
  const counts = new Map<string, number>();
  for (const mention of mentions) counts.set(mention.name, (counts.get(mention.name) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]![0];
}
