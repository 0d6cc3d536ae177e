import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { NamedOption } from './closest.ts';
import { foldLabel } from './slug.ts';
import aliasesFile from './vocabularies/country-aliases.json' with { type: 'json' };
import { LANGUAGES, type Language } from './taxonomy.ts';

// world-countries ships JSON whose typings do not load under NodeNext, hence createRequire (see STACK.md).
const require = createRequire(import.meta.url);

interface WorldCountry {
  cca2: string;
  name: {
    common: string;
    official: string;
    nativeName?: Record<string, { common: string; official: string }>;
  };
  altSpellings: string[];
  translations: Record<string, { common: string; official: string }>;
  demonyms?: Record<string, { f: string; m: string }>;
}

let nameIndex: Map<string, string> | undefined;
let worldCountries: Map<string, WorldCountry> | undefined;

function world(): Map<string, WorldCountry> {
  worldCountries ??= new Map((require('world-countries') as WorldCountry[]).map((c) => [c.cca2, c]));
  return worldCountries;
}
let registered = false;

function registerLocales(): void {
  if (registered) return;
  registered = true;
  const langsDir = require.resolve('i18n-iso-countries/langs/en.json').replace(/en\.json$/, '');
  const fs = require('node:fs') as typeof import('node:fs');
  for (const file of fs.readdirSync(langsDir)) {
    if (file.endsWith('.json')) countries.registerLocale(require(langsDir + file));
  }
}

/** Every country name we know, in every language the packages carry, folded, to its alpha-2 code. */
function buildIndex(): Map<string, string> {
  registerLocales();
  const index = new Map<string, string>();
  const add = (name: string | undefined, code: string) => {
    if (!name) return;
    const key = foldLabel(name);
    if (key && !index.has(key)) index.set(key, code);
  };
  const codes = Object.keys(countries.getAlpha2Codes());
  // Curated aliases and English names first: they decide where two sources disagree.
  for (const [code, names] of Object.entries(aliasesFile.aliases)) for (const name of names) add(name, code);
  for (const code of codes) {
    const names = countries.getNames('en', { select: 'all' })[code] ?? [];
    for (const name of names) add(name, code);
  }
  for (const country of world().values()) {
    add(country.name.common, country.cca2);
    add(country.name.official, country.cca2);
    for (const spelling of country.altSpellings.slice(1))
      if (spelling.length > 3) add(spelling, country.cca2);
    for (const native of Object.values(country.name.nativeName ?? {})) {
      add(native.common, country.cca2);
      add(native.official, country.cca2);
    }
    for (const translation of Object.values(country.translations)) {
      add(translation.common, country.cca2);
      add(translation.official, country.cca2);
    }
  }
  for (const language of countries.langs()) {
    const all = countries.getNames(language, { select: 'all' });
    for (const [code, names] of Object.entries(all)) for (const name of names) add(name, code);
  }
  return index;
}

/** The ISO 3166-1 alpha-2 code of a country named in any language ("Россия", "러시아", "RU"), or undefined. */
export function countryCode(name: string): string | undefined {
  const trimmed = name.trim();
  if (/^[A-Z]{2}$/.test(trimmed) && isCountryCode(trimmed)) return trimmed;
  nameIndex ??= buildIndex();
  return nameIndex.get(foldLabel(trimmed));
}

let allOptions: NamedOption[] | undefined;
let interfaceOptions: NamedOption[] | undefined;

/**
 * Each country with the names we know it by, for suggestions: `interface` gives its names in the languages
 * of the interface and the vocabularies (English, Russian, Korean) and our aliases, `all` every name in every
 * language the packages carry (which finds more, and more that were not meant: "Malaysai" is a letter from
 * a Lithuanian name of the Maldives).
 */
export function countryOptions(names: 'interface' | 'all'): NamedOption[] {
  if (names === 'all') {
    nameIndex ??= buildIndex();
    allOptions ??= groupByCode(nameIndex);
    return allOptions;
  }
  if (!interfaceOptions) {
    registerLocales();
    const index = new Map<string, string>();
    for (const [code, list] of Object.entries(aliasesFile.aliases))
      for (const name of list) index.set(name, code);
    for (const language of LANGUAGES) {
      for (const [code, list] of Object.entries(countries.getNames(language, { select: 'all' })))
        for (const name of list) index.set(name, code);
      for (const code of Object.keys(countries.getAlpha2Codes()))
        index.set(countryName(code, language), code);
    }
    interfaceOptions = groupByCode(index);
  }
  return interfaceOptions;
}

function groupByCode(index: Map<string, string>): NamedOption[] {
  const names = new Map<string, string[]>();
  for (const [name, code] of index) (names.get(code) ?? names.set(code, []).get(code)!).push(name);
  return [...names].map(([id, list]) => ({ id, names: list }));
}

export function isCountryCode(code: string): boolean {
  return countries.isValid(code) || code === 'XK';
}

const WORLD_LANGUAGE: Record<Language, string | undefined> = { en: undefined, ru: 'rus', ko: 'kor' };

/** The short common name of a country, as record pages write it ("Russia", "Россия"). */
export function countryName(code: string, language: Language = 'en'): string {
  registerLocales();
  const country = world().get(code);
  const translation = WORLD_LANGUAGE[language];
  const common = translation ? country?.translations[translation]?.common : country?.name.common;
  return common ?? countries.getName(code, language, { select: 'official' }) ?? country?.name.common ?? code;
}

export function allCountryCodes(): string[] {
  return Object.keys(countries.getAlpha2Codes());
}
