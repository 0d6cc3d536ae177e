import { createRequire } from 'node:module';
import isoCountries from 'i18n-iso-countries';
import aliasesFile from '../domain/vocabularies/country-aliases.json' with { type: 'json' };
import english from './cues/en.json' with { type: 'json' };
import { nameKey, type Token } from './tokens.ts';

const require = createRequire(import.meta.url);

interface WorldCountry {
  cca2: string;
  unMember?: boolean;
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: Record<string, { f: string; m: string }>;
}

export type MentionKind = 'name' | 'demonym' | 'people';

/** A country named in the text: by name ("Nepal"), adjective ("Nepali") or people ("Nepalis"). */
export interface CountryMention {
  code: string;
  kind: MentionKind;
  start: number;
  end: number;
  /** The mention's first and last token (inclusive) in the text's token list. */
  first: number;
  last: number;
}

interface Entry {
  code: string;
  kind: MentionKind;
}

const NO_PLURAL = new RegExp(`(${english.countries.noPluralEndings})$`);

/**
 * English country names and nationality words, keyed by their words as `tokenize` cuts them. Curated
 * entries from cues/en.json come first, then the names of i18n-iso-countries and world-countries and the
 * English demonyms of world-countries (United Nations members first where two countries share a word).
 */
function build(): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const skip = new Set(english.countries.notCountries);
  const add = (name: string, code: string, kind: MentionKind) => {
    const key = nameKey(name);
    if (!key || skip.has(key) || entries.has(key)) return;
    // Names must start with a capital (or be an abbreviation): "china" the word is not China.
    if (!/^\p{Lu}/u.test(key)) return;
    entries.set(key, { code, kind });
  };
  const addDemonym = (word: string, code: string) => {
    add(word, code, 'demonym');
    if (!NO_PLURAL.test(word)) add(`${word}s`, code, 'people');
  };
  // Regions and seas named after a country ("North America", "South China Sea") are read whole, first.
  for (const [name, code] of Object.entries(english.countries.notCountryNames)) add(name, code, 'name');
  for (const [name, code] of Object.entries(english.countries.names)) add(name, code, 'name');
  for (const [word, code] of Object.entries(english.countries.demonyms)) addDemonym(word, code);
  for (const [code, names] of Object.entries(aliasesFile.aliases))
    for (const name of names) if (/^[\p{Script=Latin}\s.'’-]+$/u.test(name)) add(name, code, 'name');
  const world = (require('world-countries') as WorldCountry[])
    .slice()
    .sort((a, b) => Number(b.unMember ?? false) - Number(a.unMember ?? false));
  const englishNames = isoCountries.getNames('en', { select: 'all' });
  for (const [code, names] of Object.entries(englishNames)) for (const name of names) add(name, code, 'name');
  for (const country of world) {
    add(country.name.common, country.cca2, 'name');
    add(country.name.official, country.cca2, 'name');
    for (const spelling of country.altSpellings.slice(1)) {
      if (spelling.length > 3 || /^[A-Z]{3}$/.test(spelling) || /^(?:[A-Z]\.){2,}$/.test(spelling))
        add(spelling, country.cca2, 'name');
    }
  }
  for (const country of world) {
    const demonym = country.demonyms?.['eng'];
    if (!demonym) continue;
    for (const word of new Set([demonym.m, demonym.f].flatMap((value) => value.split(/, | or /))))
      if (word.trim()) addDemonym(word.trim(), country.cca2);
  }
  return entries;
}

let gazetteer: Map<string, Entry> | undefined;
const LONGEST = 6;

/** Every country mention in the tokens, longest name first at each place ("North Korean" before "Korean"). */
export function findCountries(tokens: readonly Token[]): CountryMention[] {
  gazetteer ??= build();
  const found: CountryMention[] = [];
  for (let index = 0; index < tokens.length; index++) {
    if (!/^\p{Lu}/u.test(tokens[index]!.text)) continue;
    for (let length = Math.min(LONGEST, tokens.length - index); length >= 1; length--) {
      const words = tokens.slice(index, index + length);
      const entry = gazetteer.get(words.map((token) => token.text).join(' '));
      if (!entry) continue;
      const last = index + length - 1;
      if (entry.code)
        found.push({ ...entry, start: words[0]!.start, end: words[length - 1]!.end, first: index, last });
      index = last;
      break;
    }
  }
  return found;
}

/** A city or region named in the text, with the country it is in. */
export interface PlaceMention {
  code: string;
  name: string;
  kind: 'city' | 'region';
  start: number;
  end: number;
}

interface Place {
  code: string;
  kind: 'city' | 'region';
  population: number;
  /** Places of the same name in other countries ("Valencia" in Spain and in Venezuela). */
  namesakes?: Place[];
}

/** "Western" in "Western Ontario": a part of the place, not another name. */
const DIRECTION = new RegExp(`^(?:${english.places.directions})$`, 'u');

/** Cities with fewer people than this are left out: their names are too often something else. */
const CITY_POPULATION = 50_000;

/**
 * Cities (city-timezones: GeoNames cities with their population) and first-level regions
 * (country-region-data) by name; where a name is shared, the most populous city wins and a name that is
 * also a country or nationality is left to the country gazetteer.
 */
function buildPlaces(): Map<string, Place> {
  gazetteer ??= build();
  const places = new Map<string, Place>();
  const skip = new Set(english.places.notPlaces);
  const add = (name: string, place: Place) => {
    const key = nameKey(name);
    if (!key || skip.has(key) || gazetteer!.has(key) || !/^\p{Lu}/u.test(key)) return;
    const known = places.get(key);
    if (!known) places.set(key, place);
    else if (known.code !== place.code) {
      if (known.kind === place.kind && known.population < place.population) {
        const { namesakes, ...replaced } = known;
        places.set(key, { ...place, namesakes: [...(namesakes ?? []), replaced] });
      } else known.namesakes = [...(known.namesakes ?? []), place];
    } else if (known.kind === place.kind && known.population < place.population)
      places.set(key, { ...place, ...(known.namesakes ? { namesakes: known.namesakes } : {}) });
  };
  const cities = require('city-timezones') as {
    cityMapping: { city: string; iso2: string; pop: number; province: string }[];
  };
  for (const city of cities.cityMapping) {
    if (city.pop >= CITY_POPULATION) add(city.city, { code: city.iso2, kind: 'city', population: city.pop });
  }
  const regions = require('country-region-data') as { allCountries: [string, string, [string, string][]][] };
  for (const [, code, list] of regions.allCountries)
    for (const [name] of list) add(name, { code, kind: 'region', population: 0 });
  return places;
}

let places: Map<string, Place> | undefined;

/** Every known city or region named in the tokens, longest name first at each place. */
export function findPlaces(tokens: readonly Token[], text: string): PlaceMention[] {
  places ??= buildPlaces();
  const found: PlaceMention[] = [];
  let named: Set<string> | undefined;
  for (let index = 0; index < tokens.length; index++) {
    if (!/^\p{Lu}/u.test(tokens[index]!.text)) continue;
    for (let length = Math.min(4, tokens.length - index); length >= 1; length--) {
      const words = tokens.slice(index, index + length);
      let place = places.get(words.map((token) => token.text).join(' '));
      if (!place) continue;
      // A name shared by places of several countries is the one in a country the text names, if any.
      if (place.namesakes) {
        named ??= new Set(findCountries(tokens).map((mention) => mention.code));
        if (!named.has(place.code)) place = place.namesakes.find((other) => named!.has(other.code)) ?? place;
      }
      const start = words[0]!.start;
      const end = words[length - 1]!.end;
      // Part of a longer name ("Van Dalen Vlees", "Rift Valley Blooms") is not the place.
      const next = tokens[index + length];
      const previous = tokens[index - 1];
      if (next && /^\p{Lu}/u.test(next.text) && text.slice(end, next.start) === ' ') break;
      if (
        previous &&
        /^\p{Lu}/u.test(previous.text) &&
        !DIRECTION.test(previous.text) &&
        text.slice(previous.end, start) === ' ' &&
        index > 0 &&
        !/[.!?]\s*$/u.test(text.slice(0, previous.start))
      )
        break;
      found.push({ code: place.code, kind: place.kind, name: text.slice(start, end), start, end });
      index += length - 1;
      break;
    }
  }
  return found;
}

/** The city or region of this name ("Kuala Lumpur"), if known. */
export function placeNamed(name: string): { code: string; kind: 'city' | 'region' } | undefined {
  places ??= buildPlaces();
  const place = places.get(nameKey(name));
  return place ? { code: place.code, kind: place.kind } : undefined;
}

/** The country of this English name or nationality word, if known. */
export function countryNamed(name: string): string | undefined {
  gazetteer ??= build();
  return gazetteer.get(nameKey(name))?.code || undefined;
}
