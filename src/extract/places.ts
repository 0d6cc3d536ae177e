import { cues } from './cues.ts';
import { countryNamed, placeNamed, type CountryMention } from './gazetteer.ts';
import type { Evidence } from './model.ts';
import {
  coveredBy,
  evidenceAt,
  firstSpanFrom,
  inHeadline,
  leftContext,
  rightContext,
  type Reading,
} from './reading.ts';
import { isPerson, linesLeftOut, surnamesOf } from './not-places.ts';
import { isCapitalised } from './tokens.ts';

export interface LocationProposal {
  country?: { code: string; evidence: Evidence };
  city?: { name: string; evidence: Evidence };
}

type Scores = Map<string, { score: number; best: CountryMention; bestWeight: number }>;

function addScore(scores: Scores, mention: CountryMention, weight: number, bestWeight = weight): void {
  const entry = scores.get(mention.code);
  if (!entry) scores.set(mention.code, { score: weight, best: mention, bestWeight });
  else {
    entry.score += weight;
    if (bestWeight > entry.bestWeight) Object.assign(entry, { best: mention, bestWeight });
  }
}

const mentionAt = (code: string, start: number, end: number): CountryMention => ({
  code,
  kind: 'name',
  start,
  end,
  first: -1,
  last: -1,
});

/**
 * A dateline says where the story was filed: often the place, but news hubs (London, Geneva, Washington) file
 * stories about other countries. It weighs a little less than one "in <country>", and half that when the
 * story places things in other countries but never again in the dateline's.
 */
const DATELINE_WEIGHT = 2;
const HUB_DATELINE_WEIGHT = 1;

/** A legal form used in one country ("Sdn Bhd", "Pte Ltd") counts this much for it, at most twice. */
const LEGAL_FORM_WEIGHT = 0.4;
const LEGAL_FORMS_COUNTED = 2;

/**
 * Where the abuse happened: the country the article places things in ("in Malaysia", "a Malaysian factory",
 * "Russia's largest retailer", a headline "Qatar: ..."), leaving aside the countries the workers come from,
 * the countries of state bodies ("the Nepali embassy", "US Customs"), picture captions and people's names.
 */
export function proposeLocation(reading: Reading, origins: ReadonlySet<CountryMention>): LocationProposal {
  const scores: Scores = new Map();
  const leftOut = linesLeftOut(reading.text);
  const surnames = surnamesOf(reading, [
    ...reading.countries.filter((mention) => mention.kind === 'name'),
    ...reading.places,
  ]);
  const dateline = datelineOf(reading);
  // The dateline's own words are counted once, as the dateline.
  const counted = (start: number, end: number) =>
    !coveredBy(leftOut, start, end) &&
    !isPerson(reading, surnames, start, end) &&
    !(dateline && start >= dateline.start && end <= dateline.end);
  for (const mention of reading.countries) {
    if (!counted(mention.start, mention.end)) continue;
    const before = leftContext(reading, mention.start, 40);
    const after = rightContext(reading, mention.end, 60);
    // Where workers come from says little about where the abuse happened, but not nothing ("Dutch workers").
    const home = mention.kind === 'name' && cues.location.homeBefore.test(before);
    const originFactor = origins.has(mention) || home ? 0.25 : 1;
    let weight = mention.kind === 'name' ? 1 : 0.6;
    if (
      mention.kind === 'name' &&
      !home &&
      (cues.location.inBefore.test(before) || cues.location.inPlaceBefore.test(before))
    )
      weight += 1.5;
    // "US$4,000" is money, not a place.
    if (/^\$|^\s?\d/u.test(after)) continue;
    if (mention.kind === 'name' && cues.location.fromBefore.test(before)) weight -= 0.8;
    if (mention.kind === 'name' && cues.location.toBefore.test(before)) weight += 1.5;
    const official =
      cues.location.officialNoun.test(after) ||
      cues.location.officialAfter.test(after) ||
      cues.location.officialBefore.test(before);
    if (/^['’]s?(?![\p{L}])/u.test(after) && !official) weight += 1;
    if (mention.kind === 'demonym' && cues.location.placeNoun.test(after)) weight += 1;
    if (/^-based/u.test(after)) weight += 0.5;
    if (inHeadline(reading, mention.start)) weight += /^\s*:/u.test(after) ? 3 : 0.8;
    if (mention.kind === 'people') weight = 0.2;
    // A state body's country is where it sits, not where the abuse was ("US Customs", "the Nepali embassy").
    if (official && !inHeadline(reading, mention.start)) weight = Math.min(weight, 0.2);
    weight *= originFactor;
    if (weight <= 0) continue;
    addScore(scores, mention, weight);
  }
  // Cities and regions count for their country when the article places something there; less so for the
  // workers' home countries (where they were recruited).
  const homes = new Set([...origins].map((mention) => mention.code));
  for (const place of reading.places) {
    if (!counted(place.start, place.end)) continue;
    const before = leftContext(reading, place.start, 40);
    const after = reading.text.slice(place.end, place.end + 3);
    const placed = cues.location.homeBefore.test(before)
      ? 0.2
      : cues.location.inBefore.test(before)
        ? 1.2
        : cues.location.toBefore.test(before)
          ? 1.5
          : /^,\s/u.test(after)
            ? 0.6
            : 0.3;
    // A state body's seat: "a London court", "the embassy in Doha".
    const official =
      cues.location.officialBefore.test(before) ||
      cues.location.officialNoun.test(rightContext(reading, place.end, 60));
    // "Ontario's largest outbreak" places something there.
    const possessive = /^['’]s(?![\p{L}])/u.test(after) ? 0.5 : 0;
    const weight = official ? 0.1 : (placed + possessive) * (homes.has(place.code) ? 0.4 : 1);
    addScore(scores, mentionAt(place.code, place.start, place.end), weight, weight * 0.5);
  }
  // A legal form used in one country only: weak, for articles that name no country ("Pte Ltd").
  for (const { pattern, code } of cues.location.legalForms) {
    let found = 0;
    for (const match of reading.text.matchAll(pattern)) {
      if (found++ >= LEGAL_FORMS_COUNTED) break;
      const end = match.index + match[0].length;
      addScore(scores, mentionAt(code, match.index, end), LEGAL_FORM_WEIGHT, LEGAL_FORM_WEIGHT * 0.1);
    }
  }
  // A wire dateline opens the story where it was filed: "KUALA LUMPUR, March 5 (Reuters) -". When the story
  // places things elsewhere but nothing else in the dateline's country, it may be a news hub's.
  if (dateline) {
    const confirmed = scores.size === 0 || scores.has(dateline.code);
    const weight = confirmed ? DATELINE_WEIGHT : HUB_DATELINE_WEIGHT;
    addScore(scores, mentionAt(dateline.code, dateline.start, dateline.end), weight);
  }
  const ranked = [...scores.entries()].sort(
    (a, b) => b[1].score - a[1].score || a[1].best.start - b[1].best.start,
  );
  const proposal: LocationProposal = {};
  const top = ranked[0];
  if (!top) return proposal;
  const total = ranked.reduce((sum, [, entry]) => sum + entry.score, 0);
  const share = top[1].score / total;
  const confidence = 0.45 + 0.5 * share * Math.min(1, top[1].score / 3);
  proposal.country = {
    code: top[0],
    evidence: evidenceAt(
      reading,
      '/location/country',
      top[0],
      confidence,
      top[1].best.start,
      top[1].best.end,
    ),
  };
  const datelineCity =
    dateline && dateline.code === top[0] && placeNamed(dateline.name)?.kind === 'city'
      ? {
          name: dateline.name,
          evidence: evidenceAt(reading, '/location/city', dateline.name, 0.6, dateline.start, dateline.end),
        }
      : undefined;
  const city = namedCity(reading, top[0]) ?? datelineCity ?? findCity(reading, top[0]);
  if (city) proposal.city = city;
  return proposal;
}

const DATELINE =
  /^(\p{Lu}[\p{Lu}\s.'’-]{1,40}?)(?:,\s*(\p{Lu}[\p{L}\s.]{1,30}?))?(?:,?\s+(?:\p{L}+\.?\s+\d{1,2}|\d{1,2}\s+\p{L}+)(?:,?\s+\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[-–—:]\s/u;

/** The dateline is looked for in the first lines of the body, past navigation and date lines. */
const DATELINE_LINES = 10;
/** A body paragraph ends the search: the dateline opens the first one. */
const PARAGRAPH = 150;

/** The place of a dateline at the start of one of the first paragraphs, with its country. */
function datelineOf(
  reading: Reading,
): { code: string; name: string; start: number; end: number } | undefined {
  const bodyStart = reading.article.headlineSpan
    ? reading.text.indexOf('\n', reading.article.headlineSpan.end) + 1
    : 0;
  let offset = bodyStart;
  let lines = 0;
  for (const line of reading.text.slice(bodyStart, bodyStart + 3000).split('\n')) {
    const trimmed = line.trim();
    if (trimmed) {
      const start = offset + line.indexOf(trimmed);
      const found = placeOfDateline(trimmed, start);
      if (found) return found;
      if (++lines >= DATELINE_LINES || trimmed.length > PARAGRAPH) return undefined;
    }
    offset += line.length + 1;
  }
  return undefined;
}

function placeOfDateline(
  line: string,
  start: number,
): { code: string; name: string; start: number; end: number } | undefined {
  const match = DATELINE.exec(line.slice(0, 120));
  if (!match) return undefined;
  const written = match[1]!.trim();
  const name = written
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
  const code =
    countryNamed(name) ?? placeNamed(name)?.code ?? (match[2] ? countryNamed(match[2].trim()) : undefined);
  if (!code) return undefined;
  return { code, name, start, end: start + written.length };
}

/** The first known city of the country that the article places something in ("in Klang", "near Foggia"). */
function namedCity(reading: Reading, country: string): LocationProposal['city'] {
  for (const place of reading.places) {
    if (place.kind !== 'city' || place.code !== country) continue;
    if (!cues.location.inBefore.test(leftContext(reading, place.start, 40))) continue;
    return {
      name: place.name,
      evidence: evidenceAt(reading, '/location/city', place.name, 0.7, place.start, place.end),
    };
  }
  return undefined;
}

/** A capitalised place name after "the city of", or before "province", or before ", <country>". */
function findCity(reading: Reading, country: string): LocationProposal['city'] {
  const { tokens, text } = reading;
  const countryNames = new Set(reading.countries.map((mention) => mention.start));
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (!isCapitalised(token.text) || countryNames.has(token.start) || cues.leadingWord.test(token.text))
      continue;
    let last = index;
    while (
      last + 1 < tokens.length &&
      isCapitalised(tokens[last + 1]!.text) &&
      /^\s$/.test(text.slice(tokens[last]!.end, tokens[last + 1]!.start))
    )
      last++;
    const end = tokens[last]!.end;
    const name = text.slice(token.start, end);
    const before = leftContext(reading, token.start, 60);
    const after = text.slice(end, end + 40);
    const following = reading.countries[firstSpanFrom(reading.countries, end + 1)];
    const next = following && following.start <= end + 3 ? following : undefined;
    const byCountry =
      next?.code === country &&
      /^,\s*$/.test(text.slice(end, next.start)) &&
      cues.location.cityByCountry.test(before);
    if (cues.cityBefore.test(before) || cues.cityAfter.test(after) || byCountry) {
      if (cues.notCompanyWord.test(name) || name.length < 3) continue;
      return {
        name,
        evidence: evidenceAt(reading, '/location/city', name, byCountry ? 0.7 : 0.6, token.start, end),
      };
    }
    index = last;
  }
  return undefined;
}
