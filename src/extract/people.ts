import { countBefore, singleBefore } from './counts.ts';
import { cues } from './cues.ts';
import type { CountryMention } from './gazetteer.ts';
import { firstSpanFrom, type Reading } from './reading.ts';
import { sentenceAt } from './sentences.ts';

/** A phrase naming affected people: "about 100 North Korean women", "migrants from Nepal and India". */
export interface PeopleMention {
  start: number;
  end: number;
  /** Where the phrase starts, count and nationality included. */
  phraseStart: number;
  origins: CountryMention[];
  count?: { value: number | null; start: number; end: number };
  gender?: 'Women' | 'Men';
  /** Whether the noun says work ("workers", "maids"), not only people ("women", "citizens"). */
  worker: boolean;
  migrant: boolean;
}

/** Words that end a run of modifiers before a noun of people: verbs, prepositions, determiners. */
const NOT_MODIFIER =
  /^(?:the|a|an|of|in|at|on|by|for|from|to|with|and|or|said|says|found|were|was|are|is|have|has|had|who|that|which|their|its|his|her|our|these|those|some|many|all|most|other|several|hired|employed|recruited|rescued|detained|including)$/u;

/** The index of the first token starting at or after a position. */
function firstTokenAt(reading: Reading, position: number): number {
  let low = 0;
  let high = reading.tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (reading.tokens[middle]!.start < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

const PEOPLE_ONLY =
  /^(?:women|men|girls|boys|children|teenagers|people|victims|survivors|citizens|nationals|hands)$/iu;
const MODIFIER_WINDOW = 90;

function genderOf(words: string): 'Women' | 'Men' | undefined {
  for (const { label, pattern } of cues.gender) {
    pattern.lastIndex = 0;
    if (pattern.test(words)) return label as 'Women' | 'Men';
  }
  return undefined;
}

export function findPeople(reading: Reading): PeopleMention[] {
  const { text, countries } = reading;
  const mentions: PeopleMention[] = [];
  const covered = new Set<number>();
  const countryEndingAt = new Map(countries.map((country) => [country.end, country]));
  for (const match of text.matchAll(cues.workerNoun)) {
    const start = match.index;
    const end = start + match[0].length;
    // The words ahead of the noun, back to the last clause break.
    const windowStart = Math.max(0, start - MODIFIER_WINDOW);
    const before = text.slice(windowStart, start);
    const clause = before.search(/[^,;:.()\n!?]*$/u);
    const ownStart = windowStart + clause;
    const own = text.slice(ownStart, start);
    const headNoun = match[0].split(/\s+/).pop()!;
    const mention: PeopleMention = {
      start,
      end,
      phraseStart: start,
      origins: [],
      worker: !PEOPLE_ONLY.test(headNoun),
      migrant: /migrant|immigrant|foreign|guest|overseas|refugee|asylum/iu.test(match[0]),
    };
    // Nationalities right before the noun ("Nepali and Indian workers", "Bangladesh migrant workers"): read
    // backwards over at most two plain words next to the noun, then a list of nationalities.
    const tokenIndex = firstTokenAt(reading, start);
    let cursor = tokenIndex - 1;
    let plain = 0;
    while (
      cursor >= 0 &&
      plain < 2 &&
      /^\p{Ll}/u.test(reading.tokens[cursor]!.text) &&
      !NOT_MODIFIER.test(reading.tokens[cursor]!.text)
    ) {
      if (reading.tokens[cursor]!.start < ownStart) break;
      cursor--;
      plain++;
    }
    while (cursor >= 0 && reading.tokens[cursor]!.start >= ownStart) {
      const token = reading.tokens[cursor]!;
      const country = countryEndingAt.get(token.end);
      // "Canada's seasonal worker scheme": a possessive country is not the workers' origin.
      if (country && /^['’]/u.test(text.slice(country.end, country.end + 1))) break;
      if (country) {
        mention.origins.push(country);
        mention.phraseStart = Math.min(mention.phraseStart, country.start);
        cursor = country.first - 1;
        continue;
      }
      if (/^(?:and|or)$/u.test(token.text) && mention.origins.length > 0) {
        cursor--;
        continue;
      }
      break;
    }
    // "... from Nepal, India and Bangladesh", "nationals of Ghana".
    let after = end;
    for (let index = firstSpanFrom(countries, end); index < countries.length; index++) {
      const country = countries[index]!;
      if (country.start < after) continue;
      if (country.start > after + 60) break;
      const gap = text.slice(after, country.start);
      const first = after === end;
      const fits = first
        ? /^\s+(?:from|of)\s+(?:the\s+)?$/u.test(gap) ||
          /^\s*,?\s+(?:[\p{Ll}-]+,?\s+){0,5}?(?:from|hailing from|originating from)\s+(?:the\s+)?$/u.test(gap)
        : /^\s*(?:,|and|or|&|, and)\s*(?:the\s+)?$/u.test(gap);
      if (!fits) break;
      if (country.kind === 'name') mention.origins.push(country);
      after = country.end;
    }
    const singular = !/s$|men$|children$|people$|staff$|crew$/iu.test(headNoun);
    const count = countBefore(own, ownStart) ?? (singular ? singleBefore(own, ownStart) : undefined);
    if (count) {
      mention.count = count;
      mention.phraseStart = Math.min(mention.phraseStart, count.start);
    }
    const gender = genderOf(text.slice(mention.phraseStart, end));
    if (gender) mention.gender = gender;
    if (/migrant|immigrant|foreign|guest worker|overseas worker/iu.test(own)) mention.migrant = true;
    for (const origin of mention.origins) covered.add(origin.start);
    mentions.push(mention);
  }
  // People named by nationality alone: "hundreds of North Koreans", "Nepalis".
  for (const country of countries) {
    if (country.kind !== 'people' || covered.has(country.start)) continue;
    const windowStart = Math.max(0, country.start - MODIFIER_WINDOW);
    const before = text.slice(windowStart, country.start);
    const ownStart = windowStart + before.search(/[^,;:.()\n!?]*$/u);
    const count = countBefore(text.slice(ownStart, country.start), ownStart);
    mentions.push({
      start: country.start,
      end: country.end,
      phraseStart: count?.start ?? country.start,
      origins: [country],
      ...(count ? { count } : {}),
      worker: false,
      migrant: false,
    });
  }
  // "..., most of them from Nepal and Kenya", "Many of those detained were from Guatemala": an origin said of
  // people named earlier in the sentence (or of no one in particular, when none is).
  let listEnd = -1;
  let listOwner: PeopleMention | undefined;
  for (const country of countries) {
    if (country.kind !== 'name' || covered.has(country.start)) continue;
    const before = text.slice(Math.max(0, country.start - 60), country.start);
    const continues =
      listOwner &&
      country.start - listEnd < 8 &&
      /^\s*(?:,|and|or|, and)\s*(?:the\s+)?$/u.test(text.slice(listEnd, country.start));
    if (!continues && !SAID_OF_PEOPLE.test(before)) continue;
    const sentence = sentenceAt(reading.sentences, country.start);
    let owner = continues ? listOwner : undefined;
    if (!owner) {
      owner = mentions
        .filter(
          (mention) =>
            mention.end <= country.start && sentence && mention.start >= sentence.start && mention.worker,
        )
        .pop();
      if (!owner) {
        owner = {
          start: country.start,
          end: country.end,
          phraseStart: country.start,
          origins: [],
          worker: false,
          migrant: false,
        };
        mentions.push(owner);
      }
    }
    owner.origins.push(country);
    covered.add(country.start);
    listOwner = owner;
    listEnd = country.end;
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** Words before a country that say people come from it, away from the noun naming them. */
const SAID_OF_PEOPLE =
  /(?:(?:most|many|some|all|half|several|the majority|none|both|each|one|two|three|\d+)\s+of\s+(?:them|whom|those(?:\s+[\p{Ll}]+){0,2})(?:\s+(?:are|were|being|coming|came|come|hailing|hail|originally))?|(?:who|they|those|these)\s+(?:are|were|come|came|had come|have come|hail|hailed)(?:\s+(?:mostly|mainly|largely|all|originally))?|(?:are|were)\s+(?:mostly|mainly|largely|all|originally)|(?:mostly|mainly|largely))\s+from\s+(?:the\s+)?$/iu;

/** The country mentions that say where people come from ("Nepali workers", "migrants from India"). */
export function originMentionsOf(mentions: readonly PeopleMention[]): Set<CountryMention> {
  return new Set(mentions.flatMap((mention) => mention.origins));
}
