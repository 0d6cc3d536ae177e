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

const MODIFIER_WINDOW = 90;

function genderOf(words: string): 'Women' | 'Men' | undefined {
  for (const { label, pattern } of cues.gender) {
    pattern.lastIndex = 0;
    if (pattern.test(words) && (label === 'Women' || label === 'Men')) return label;
  }
  return undefined;
}

/**
 * The phrases of an article that name affected people: a noun of people with its count and nationalities
 * ("about 100 North Korean women"), a nationality alone ("Nepalis"), and origins said of people named earlier
 * in the sentence ("most of them from Nepal").
 */
export function findPeople(reading: Reading): PeopleMention[] {
  const covered = new Set<number>();
  const mentions = [...peopleByNoun(reading, covered), ...peopleByNationality(reading, covered)];
  originsSaidOfPeople(reading, mentions, covered);
  return mentions.sort((a, b) => a.start - b.start);
}

/**
 * Where the clause that ends at `position` starts: the words ahead of a noun, back to the last break. A comma
 * or point between digits ("10,614", "2.5") is part of a number, not a break.
 */
function clauseStart(text: string, position: number): number {
  const windowStart = Math.max(0, position - MODIFIER_WINDOW);
  return windowStart + text.slice(windowStart, position).search(/(?:[^,;:.()\n!?]|(?<=\d)[,.](?=\d))*$/u);
}

/** Nouns of people ("workers", "maids", "women"), each with the count, gender and origins said with it. */
function peopleByNoun(reading: Reading, covered: Set<number>): PeopleMention[] {
  const { text } = reading;
  const mentions: PeopleMention[] = [];
  const countryEndingAt = new Map(reading.countries.map((country) => [country.end, country]));
  for (const match of text.matchAll(cues.workerNoun)) {
    const start = match.index;
    const end = start + match[0].length;
    const ownStart = clauseStart(text, start);
    const own = text.slice(ownStart, start);
    const headNoun = match[0].split(/\s+/).pop()!;
    const mention: PeopleMention = {
      start,
      end,
      phraseStart: start,
      origins: [],
      worker: !cues.peopleOnly.test(headNoun),
      migrant: cues.migrantNoun.test(match[0]),
    };
    nationalitiesBefore(reading, countryEndingAt, mention, ownStart);
    for (const country of originsAfter(reading, end)) mention.origins.push(country);
    // "a worker complaint": the noun qualifies another and counts no one.
    const singular = !cues.pluralNoun.test(headNoun) && !cues.modifierOf.test(text.slice(end, end + 40));
    const count = countBefore(own, ownStart) ?? (singular ? singleBefore(own, ownStart) : undefined);
    if (count) {
      mention.count = count;
      mention.phraseStart = Math.min(mention.phraseStart, count.start);
    }
    const gender = genderOf(text.slice(mention.phraseStart, end));
    if (gender) mention.gender = gender;
    if (cues.migrantBefore.test(own)) mention.migrant = true;
    for (const origin of mention.origins) covered.add(origin.start);
    mentions.push(mention);
    for (const part of breakdownBefore(reading, countryEndingAt, mention, ownStart)) {
      covered.add(part.start);
      mentions.push(part);
    }
  }
  return mentions;
}

/**
 * Nationalities right before the noun ("Nepali and Indian workers", "Bangladesh migrant workers"): read
 * backwards over at most two plain words next to the noun, then a list of nationalities.
 */
function nationalitiesBefore(
  reading: Reading,
  countryEndingAt: ReadonlyMap<number, CountryMention>,
  mention: PeopleMention,
  ownStart: number,
): void {
  const { text, tokens } = reading;
  let cursor = firstTokenAt(reading, mention.start) - 1;
  let plain = 0;
  while (
    cursor >= 0 &&
    plain < 2 &&
    /^\p{Ll}/u.test(tokens[cursor]!.text) &&
    !cues.notModifier.test(tokens[cursor]!.text)
  ) {
    if (tokens[cursor]!.start < ownStart) break;
    cursor--;
    plain++;
  }
  while (cursor >= 0 && tokens[cursor]!.start >= ownStart) {
    const token = tokens[cursor]!;
    const country = countryEndingAt.get(token.end);
    // "Canada's seasonal worker scheme": a possessive country is not the workers' origin.
    if (country && /^['’]/u.test(text.slice(country.end, country.end + 1))) break;
    if (country) {
      mention.origins.push(country);
      mention.phraseStart = Math.min(mention.phraseStart, country.start);
      cursor = country.first - 1;
      continue;
    }
    if (cues.nationalityListWord.test(token.text) && mention.origins.length > 0) {
      cursor--;
      continue;
    }
    break;
  }
}

/**
 * The other parts of a breakdown before a counted phrase ("17 Chinese and one Laotian worker": the 17 Chinese
 * workers), each a mention of the same noun with its own count and origin.
 */
function breakdownBefore(
  reading: Reading,
  countryEndingAt: ReadonlyMap<number, CountryMention>,
  mention: PeopleMention,
  ownStart: number,
): PeopleMention[] {
  const { text } = reading;
  const parts: PeopleMention[] = [];
  let edge = mention.count ? mention.count.start : -1;
  while (edge > ownStart) {
    const joint = /(?:,|\band)\s*$/u.exec(text.slice(ownStart, edge));
    if (!joint) break;
    const countryEnd = ownStart + joint.index;
    const country =
      countryEndingAt.get(countryEnd) ?? countryEndingAt.get(text.slice(0, countryEnd).trimEnd().length);
    if (!country) break;
    const count = countBefore(text.slice(ownStart, country.start), ownStart);
    if (!count || !/^\s*$/u.test(text.slice(count.end, country.start))) break;
    parts.push({
      start: country.start,
      end: country.end,
      phraseStart: count.start,
      origins: [country],
      count,
      worker: mention.worker,
      migrant: mention.migrant,
      ...(mention.gender ? { gender: mention.gender } : {}),
    });
    edge = count.start;
  }
  return parts;
}

/** "... from Nepal, India and Bangladesh", "nationals of Ghana": the countries named after the noun. */
function originsAfter(reading: Reading, end: number): CountryMention[] {
  const { text, countries } = reading;
  const origins: CountryMention[] = [];
  let after = end;
  for (let index = firstSpanFrom(countries, end); index < countries.length; index++) {
    const country = countries[index]!;
    if (country.start < after) continue;
    if (country.start > after + 60) break;
    const gap = text.slice(after, country.start);
    const fits =
      after === end
        ? cues.originRightAfter.test(gap) || cues.originAfterClause.test(gap)
        : cues.originList.test(gap);
    if (!fits) break;
    if (country.kind === 'name') origins.push(country);
    after = country.end;
  }
  return origins;
}

/** People named by nationality alone: "hundreds of North Koreans", "Nepalis". */
function peopleByNationality(reading: Reading, covered: Set<number>): PeopleMention[] {
  const { text } = reading;
  const mentions: PeopleMention[] = [];
  for (const country of reading.countries) {
    if (country.kind !== 'people' || covered.has(country.start)) continue;
    const ownStart = clauseStart(text, country.start);
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
  return mentions;
}

/**
 * "..., most of them from Nepal and Kenya", "Many of those detained were from Guatemala": an origin said of
 * people named earlier in the sentence (or of no one in particular, when none is). Adds to `mentions`.
 */
function originsSaidOfPeople(reading: Reading, mentions: PeopleMention[], covered: Set<number>): void {
  const { text } = reading;
  let listEnd = -1;
  let listOwner: PeopleMention | undefined;
  for (const country of reading.countries) {
    if (country.kind !== 'name' || covered.has(country.start)) continue;
    const before = text.slice(Math.max(0, country.start - 60), country.start);
    const continues =
      listOwner &&
      country.start - listEnd < 8 &&
      cues.saidOfPeopleList.test(text.slice(listEnd, country.start));
    if (!continues && !cues.saidOfPeople.test(before)) continue;
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
}

/** The country mentions that say where people come from ("Nepali workers", "migrants from India"). */
export function originMentionsOf(mentions: readonly PeopleMention[]): Set<CountryMention> {
  return new Set(mentions.flatMap((mention) => mention.origins));
}
