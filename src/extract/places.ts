import { cues } from './cues.ts';
import { countryNamed, placeNamed, type CountryMention } from './gazetteer.ts';
import type { Evidence } from './model.ts';
import { evidenceAt, firstSpanFrom, inHeadline, leftContext, rightContext, type Reading } from './reading.ts';
import { isCapitalised } from './tokens.ts';

export interface LocationProposal {
  country?: { code: string; evidence: Evidence };
  city?: { name: string; evidence: Evidence };
}

/**
 * Where the abuse happened: the country the article places things in ("in Malaysia", "a Malaysian factory",
 * "Russia's largest retailer", a headline "Qatar: ..."), leaving aside the countries the workers come from.
 */
export function proposeLocation(reading: Reading, origins: ReadonlySet<CountryMention>): LocationProposal {
  const scores = new Map<string, { score: number; best: CountryMention; bestWeight: number }>();
  for (const mention of reading.countries) {
    // Where workers come from says little about where the abuse happened, but not nothing ("Dutch workers").
    const originFactor = origins.has(mention) ? 0.25 : 1;
    const before = leftContext(reading, mention.start, 40);
    const after = rightContext(reading, mention.end, 60);
    let weight = mention.kind === 'name' ? 1 : 0.6;
    if (
      mention.kind === 'name' &&
      (cues.location.inBefore.test(before) || cues.location.inPlaceBefore.test(before))
    )
      weight += 1.5;
    // "US$4,000" is money, not a place.
    if (/^\$|^\s?\d/u.test(after)) continue;
    if (mention.kind === 'name' && cues.location.fromBefore.test(before)) weight -= 0.8;
    if (mention.kind === 'name' && cues.location.toBefore.test(before)) weight += 1.5;
    if (
      /^['’]s?(?![\p{L}])/u.test(after) &&
      !cues.location.officialAfter.test(rightContext(reading, mention.end, 60))
    )
      weight += 1;
    if (mention.kind === 'demonym' && cues.location.placeNoun.test(after)) weight += 1;
    if (/^-based/u.test(after)) weight += 0.5;
    if (inHeadline(reading, mention.start)) weight += /^\s*:/u.test(after) ? 3 : 0.8;
    if (mention.kind === 'people') weight = 0.2;
    weight *= originFactor;
    if (weight <= 0) continue;
    const entry = scores.get(mention.code);
    if (!entry) scores.set(mention.code, { score: weight, best: mention, bestWeight: weight });
    else {
      entry.score += weight;
      if (weight > entry.bestWeight) Object.assign(entry, { best: mention, bestWeight: weight });
    }
  }
  // Cities and regions count for their country when the article places something there; less so for the
  // workers' home countries (where they were recruited).
  const homes = new Set([...origins].map((mention) => mention.code));
  for (const place of reading.places) {
    const before = leftContext(reading, place.start, 40);
    const after = reading.text.slice(place.end, place.end + 3);
    const placed = cues.location.inBefore.test(before)
      ? 1.2
      : cues.location.toBefore.test(before)
        ? 1.5
        : /^,\s/u.test(after)
          ? 0.6
          : 0.3;
    const weight = placed * (homes.has(place.code) ? 0.4 : 1);
    const mention: CountryMention = {
      code: place.code,
      kind: 'name',
      start: place.start,
      end: place.end,
      first: -1,
      last: -1,
    };
    const entry = scores.get(place.code);
    if (!entry) scores.set(place.code, { score: weight, best: mention, bestWeight: weight * 0.5 });
    else entry.score += weight;
  }
  // A wire dateline opens the story where it was filed: "KUALA LUMPUR, March 5 (Reuters) -".
  const dateline = datelineOf(reading);
  if (dateline) {
    const weight = 2.5;
    const mention: CountryMention = {
      code: dateline.code,
      kind: 'name',
      start: dateline.start,
      end: dateline.end,
      first: -1,
      last: -1,
    };
    const entry = scores.get(dateline.code);
    if (!entry) scores.set(dateline.code, { score: weight, best: mention, bestWeight: weight });
    else {
      entry.score += weight;
      if (weight > entry.bestWeight) Object.assign(entry, { best: mention, bestWeight: weight });
    }
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
  /^(\p{Lu}[\p{Lu}\s.'’-]{1,40}?)(?:,\s*(\p{Lu}[\p{L}\s.]{1,30}?))?(?:,?\s+(?:\p{L}+\.?\s+\d{1,2}|\d{1,2}\s+\p{L}+))?\s*(?:\([^)]{1,40}\))?\s*[-–—:]\s/u;

/** The place of a dateline at the start of the article's first paragraph, with its country. */
function datelineOf(
  reading: Reading,
): { code: string; name: string; start: number; end: number } | undefined {
  const bodyStart = reading.article.headlineSpan
    ? reading.text.indexOf('\n', reading.article.headlineSpan.end) + 1
    : 0;
  let offset = bodyStart;
  // Past the date line and blank lines.
  for (const line of reading.text.slice(bodyStart, bodyStart + 400).split('\n')) {
    const trimmed = line.trim();
    if (
      trimmed &&
      !(
        reading.article.dateSpan &&
        offset <= reading.article.dateSpan.start &&
        offset + line.length >= reading.article.dateSpan.end
      )
    )
      break;
    offset += line.length + 1;
  }
  const match = DATELINE.exec(reading.text.slice(offset, offset + 120));
  if (!match) return undefined;
  const written = match[1]!.trim();
  const name = written
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
  const code =
    countryNamed(name) ?? placeNamed(name)?.code ?? (match[2] ? countryNamed(match[2].trim()) : undefined);
  if (!code) return undefined;
  return { code, name, start: offset, end: offset + written.length };
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
