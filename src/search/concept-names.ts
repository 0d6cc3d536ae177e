import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { allCountryCodes } from '../domain/countries.ts';
import { issueTerms, LANGUAGES } from '../domain/taxonomy.ts';
import aliasesFile from '../domain/vocabularies/country-aliases.json' with { type: 'json' };
import formerFile from './former-country-names.json' with { type: 'json' };

/**
 * Everything a country or an issue is called, from the data the project already has: the ISO names of
 * i18n-iso-countries and the common, official and translated names and English demonyms of world-countries
 * (in the languages of the interface), the curated aliases, former names; an issue's labels and aliases in
 * every language of the vocabularies. Which of these a search treats as the same thing is text-query's job.
 */

/** A value of the country or issue facet that a query's words can name. */
export interface Concept {
  facet: 'country' | 'issue';
  value: string;
}

export interface ConceptNames {
  concept: Concept;
  names: string[];
}

const require = createRequire(import.meta.url);

interface WorldCountry {
  cca2: string;
  name: { common: string; official: string };
  altSpellings: string[];
  translations: Record<string, { common: string; official: string }>;
  demonyms?: Record<string, { f: string; m: string }>;
}

/** world-countries' codes of the interface's languages. */
const WORLD_TRANSLATIONS = ['rus', 'kor'];

const NamesByCode = z.record(z.string().regex(/^[A-Z]{2}$/), z.array(z.string().min(1)));

function countryNames(): ConceptNames[] {
  for (const language of LANGUAGES) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`) as countries.LocaleData);
  }
  const world = new Map(
    (require('world-countries') as WorldCountry[]).map((country) => [country.cca2, country]),
  );
  const aliases = NamesByCode.parse(aliasesFile.aliases);
  const former = NamesByCode.parse(formerFile.names);
  return allCountryCodes().map((code) => {
    const names: string[] = [];
    for (const language of LANGUAGES)
      for (const name of countries.getNames(language, { select: 'all' })[code] ?? []) names.push(name);
    const country = world.get(code);
    if (country) {
      names.push(country.name.common, country.name.official);
      for (const spelling of country.altSpellings) if (spelling.length > 3) names.push(spelling);
      for (const language of WORLD_TRANSLATIONS) {
        const translation = country.translations[language];
        if (translation) names.push(translation.common, translation.official);
      }
      const demonym = country.demonyms?.eng;
      if (demonym) names.push(demonym.m, demonym.f);
    }
    for (const name of [aliases[code] ?? [], former[code] ?? []].flat()) names.push(name);
    return { concept: { facet: 'country', value: code }, names: [...new Set(names)] };
  });
}

function issueNames(): ConceptNames[] {
  return issueTerms.terms.map((term) => ({
    concept: { facet: 'issue', value: term.id },
    names: [
      ...new Set([
        ...Object.values(term.label).filter((label): label is string => Boolean(label)),
        ...Object.values(term.aliases ?? {}).flat(),
      ]),
    ],
  }));
}

/** Every country's and every issue's names. */
export function conceptNames(): ConceptNames[] {
  return [...countryNames(), ...issueNames()];
}
