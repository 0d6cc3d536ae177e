import type { AffectedGroup } from '../domain/record.ts';
import { countBefore, singleBefore } from './counts.ts';
import { cues } from './cues.ts';
import type { CountryMention } from './gazetteer.ts';
import type { Evidence } from './model.ts';
import { evidenceAt, firstSpanFrom, type Reading } from './reading.ts';
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

export interface GroupsProposal {
  groups: AffectedGroup[];
  total: number | null;
  evidence: Evidence[];
  /** Country mentions that say where workers come from, not where the abuse happened. */
  workerMentions: number;
}

/** The country mentions that say where people come from ("Nepali workers", "migrants from India"). */
export function originMentionsOf(mentions: readonly PeopleMention[]): Set<CountryMention> {
  return new Set(mentions.flatMap((mention) => mention.origins));
}

function firstLabel(reading: Reading, list: { label: string; pattern: RegExp }[]) {
  for (const { label, pattern } of list) {
    pattern.lastIndex = 0;
    const match = pattern.exec(reading.text);
    if (match) return { label, start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

/**
 * The affected groups: one per country of origin (or one of unknown origin), each with the count of its first
 * counted mention (the lead reports the incident; "hundreds" stays unknown), its gender when every mention that
 * gives one agrees, and the article's sector and migration status.
 */
export function proposeGroups(
  reading: Reading,
  mentions: readonly PeopleMention[],
  location: string | undefined,
  sector: { sector: string | null; subsector: string | null },
  basePath = '/affected',
): GroupsProposal {
  const byOrigin = new Map<string | null, PeopleMention[]>();
  for (const mention of mentions) {
    const origins = [...new Set(mention.origins.map((origin) => origin.code))];
    if (origins.length === 0) {
      if (!mention.worker) continue;
      const list = byOrigin.get(null) ?? [];
      list.push(mention);
      byOrigin.set(null, list);
    }
    for (const code of origins) {
      // People of the country the abuse happens in are that country's workers, not an origin, unless migrants.
      const list = byOrigin.get(code) ?? [];
      list.push(mention);
      byOrigin.set(code, list);
    }
  }
  // A group of unknown origin is kept only when no origin is known at all; when the article speaks of one
  // group, its other mentions ("the 70 men", "the women") tell the group's count and gender.
  if (byOrigin.size > 1) byOrigin.delete(null);
  const single = byOrigin.size === 1;
  const unplaced = mentions.filter((mention) => mention.origins.length === 0);
  const status = firstLabel(reading, cues.migrationStatus);
  const typeCue = firstLabel(reading, cues.groupTypes);
  const groups: AffectedGroup[] = [];
  const evidence: Evidence[] = [];
  const anyMigrant = mentions.some((mention) => mention.migrant);
  for (const [origin, list] of byOrigin) {
    if (origin !== null && origin === location && !list.some((mention) => mention.migrant)) {
      if (byOrigin.size > 1) continue;
    }
    const index = groups.length;
    const path = `${basePath}/groups/${index}`;
    const all = single
      ? [...list, ...unplaced.filter((mention) => !list.includes(mention))].sort((a, b) => a.start - b.start)
      : list;
    const counted =
      list.find((mention) => mention.count) ?? all.find((mention) => mention.count && mention.worker);
    let genders = new Set(all.map((mention) => mention.gender).filter(Boolean));
    // Several groups: "the men said..." speaks of all of them when no group says otherwise.
    if (genders.size === 0) genders = new Set(unplaced.map((mention) => mention.gender).filter(Boolean));
    const gender = genders.size === 1 ? [...genders][0]! : genders.size > 1 ? 'Mixed' : null;
    const foreign = origin !== null && origin !== location;
    let type = 'workers';
    if (typeCue?.label === 'refugees-asylum-seekers' || status?.label === 'Refugees & asylum seekers')
      type = 'refugees-asylum-seekers';
    else if (typeCue?.label === 'internal-migrant-workers') type = 'internal-migrant-workers';
    else if (foreign || anyMigrant) type = 'migrant-immigrant-workers';
    const migrationStatus = (status?.label ?? 'Unknown migration status') as AffectedGroup['migrationStatus'];
    groups.push({
      type,
      count: counted?.count?.value ?? null,
      origin: foreign ? origin : null,
      sector: sector.sector,
      subsector: sector.subsector,
      gender,
      migrationStatus,
    });
    const first = list[0]!;
    const originMention = first.origins.find((mention) => mention.code === origin);
    evidence.push(evidenceAt(reading, `${path}/type`, type, typeCue ? 0.75 : 0.55, first.start, first.end));
    if (foreign && originMention) {
      const strength = list.filter((mention) => mention.worker || mention.migrant).length;
      evidence.push(
        evidenceAt(
          reading,
          `${path}/origin`,
          origin,
          Math.min(0.95, 0.6 + 0.12 * list.length + 0.1 * strength),
          originMention.start,
          originMention.end,
        ),
      );
    }
    if (counted?.count) {
      const confidence = counted.count.value === null ? 0.5 : 0.75;
      evidence.push(
        evidenceAt(
          reading,
          `${path}/count`,
          counted.count.value,
          confidence,
          counted.count.start,
          counted.count.end,
        ),
      );
    }
    const gendered = all.find((mention) => mention.gender === gender);
    if (gender && gendered)
      evidence.push(
        evidenceAt(
          reading,
          `${path}/gender`,
          gender,
          gender === 'Mixed' ? 0.6 : 0.75,
          gendered.phraseStart,
          gendered.end,
        ),
      );
    if (status)
      evidence.push(
        evidenceAt(reading, `${path}/migrationStatus`, migrationStatus, 0.6, status.start, status.end),
      );
  }
  const counts = groups.map((group) => group.count);
  const total =
    counts.length > 0 && counts.every((count) => count !== null)
      ? counts.reduce((sum, count) => sum! + count!, 0)
      : null;
  if (total !== null) {
    const counted = evidence.filter((item) => item.path.endsWith('/count'));
    const first = counted[0]!;
    evidence.push({
      ...first,
      path: `${basePath}/total`,
      value: total,
      confidence: counted.length === 1 ? first.confidence : 0.5,
    });
  }
  return { groups, total, evidence, workerMentions: mentions.filter((mention) => mention.worker).length };
}
