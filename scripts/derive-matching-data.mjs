#!/usr/bin/env node
// Derives the matcher's tables from the reference files in ../shared/reference (OpenSanctions' rigour, MIT, and
// GLEIF's ISO 20275 Entity Legal Forms list, free to use):
//   src/matching/data/legal-forms.json   legal-form words and abbreviations -> their generic type
//   src/matching/data/symbols.json       descriptors (company, bank, holding, motor...) in many scripts -> a symbol
//   src/matching/data/stopwords.json     name prefixes that carry no meaning ("the", "le", "la")
// Run: node scripts/derive-matching-data.mjs [path/to/shared/reference]
// Keys are folded the way src/matching/normalise.ts folds names (foldKey), so the two must agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'yaml';
import anyAscii from 'any-ascii';

const reference = process.argv[2] ?? join(import.meta.dirname, '../../shared/reference');
const out = join(import.meta.dirname, '../src/matching/data');
const NOTICE =
  'Derived by scripts/derive-matching-data.mjs from opensanctions/rigour resources/names (org_types.yml, symbols.yml, stopwords.yml), MIT licence, (c) OpenSanctions Datenbanken GmbH. Do not edit by hand: rerun the script.';
const LEGAL_FORMS_NOTICE = `${NOTICE.replace('. Do not edit', '; abbreviations rigour lacks from the GLEIF ISO 20275 Entity Legal Forms code list 2026-02-19 v1.6 (published by GLEIF), typed ELF. Do not edit')}`;

/** Lower case, NFKC, punctuation to spaces, single spaces: the same folding as foldKey in normalise.ts. */
const fold = (text) =>
  String(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
/** The ASCII form as well, so that "ООО" and "OOO" are the same key. */
const keys = (text) => {
  const folded = fold(text);
  const ascii = fold(anyAscii(folded));
  return [...new Set([folded, ascii])].filter(Boolean);
};

const orgTypes = parse(readFileSync(join(reference, 'rigour_org_types.yml'), 'utf8')).types;
const legalForms = {};
for (const type of orgTypes) {
  const tag = type.generic ?? type.compare ?? type.display;
  if (!tag) continue;
  for (const alias of [...(type.aliases ?? []), type.display, type.compare].filter(Boolean)) {
    for (const key of keys(alias)) {
      // Keys of one letter would strip initials from names ("A" in "A & B Ltd"): left out.
      if (key.replace(/ /g, '').length < 2) continue;
      legalForms[key] ??= String(tag).toUpperCase();
    }
  }
}

const symbolsFile = parse(readFileSync(join(reference, 'rigour_symbols.yml'), 'utf8'));
const symbols = {};
for (const group of ['org_symbols', 'org_domains']) {
  for (const [symbol, terms] of Object.entries(symbolsFile[group] ?? {})) {
    for (const term of [symbol, ...(terms ?? [])]) {
      for (const key of keys(term)) if (key.length >= 2) symbols[key] ??= symbol.toUpperCase();
    }
  }
}

const stop = parse(readFileSync(join(reference, 'rigour_stopwords.yml'), 'utf8'));
const stopwords = [
  ...new Set(
    [
      ...stop.ORG_NAME_PREFIXES,
      'and',
      'of',
      'for',
      'the',
      'und',
      'et',
      'de',
      'del',
      'della',
      'des',
      'du',
      'y',
    ].flatMap(keys),
  ),
];

// GLEIF's list adds the abbreviations of many countries' forms ("S.L.", "S.A.L."). Only abbreviations, and only
// short ones (a few letters in at most three parts): the forms' full names are often ordinary words. A key
// rigour has keeps rigour's type; the others are typed ELF, which conflicts with no other type.
const stopSet = new Set(stopwords);
const gleif = parseCsv(readFileSync(join(reference, 'gleif_elf_code_list_2026-02-19_v1.6.csv'), 'utf8'), {
  columns: true,
});
let fromGleif = 0;
for (const row of gleif) {
  if (row['ELF Status ACTV/INAC'] !== 'ACTV') continue;
  const abbreviations = [row['Abbreviations Local language'], row['Abbreviations transliterated']]
    .flatMap((list) => String(list ?? '').split(';'))
    .map((abbreviation) => abbreviation.trim())
    .filter(Boolean);
  // Only abbreviations written with dots ("S.L.", "S.A.L.", "Sp. j."): the column also holds words ("Bezirk",
  // "MULTI") that end company names as often as forms do.
  const isAbbreviation = (text) => text.includes('.');
  for (const abbreviation of abbreviations.filter(isAbbreviation)) {
    for (const key of keys(abbreviation)) {
      const parts = key.split(' ');
      const letters = key.replace(/ /g, '');
      if (letters.length < 2 || letters.length > 8 || parts.length > 3) continue;
      // A one-word abbreviation of a few letters is too often a word ("Gen.", "Sec."); "S.L." is also
      // written "SL", but "Z o.o." is not "zoo".
      if (parts.length === 1 && letters.length < 4) continue;
      const forms = letters.length <= 2 && parts.length > 1 ? [key, letters] : [key];
      for (const form of forms) {
        if (legalForms[form] || symbols[form] || stopSet.has(form)) continue;
        legalForms[form] = 'ELF';
        fromGleif++;
      }
    }
  }
}

const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  join(out, 'legal-forms.json'),
  JSON.stringify({ $comment: LEGAL_FORMS_NOTICE, forms: sorted(legalForms) }, null, 0) + '\n',
);
// Descriptors that only say "this is an organisation" weigh little; the others (bank, mining, holding...) tell
// companies apart and weigh more. The list is ours.
const weak = ['CO', 'CORP', 'ORG', 'ENTERPRISE', 'BUSINESS', 'CONCERN', 'FIRM'].filter((symbol) =>
  Object.values(symbols).includes(symbol),
);
writeFileSync(
  join(out, 'symbols.json'),
  JSON.stringify({ $comment: NOTICE, weak, symbols: sorted(symbols) }, null, 0) + '\n',
);
writeFileSync(
  join(out, 'stopwords.json'),
  JSON.stringify({ $comment: NOTICE, stopwords: stopwords.sort() }, null, 0) + '\n',
);
console.log(
  `legal forms: ${Object.keys(legalForms).length} keys (${fromGleif} from GLEIF); symbols: ${Object.keys(symbols).length} keys; stop words: ${stopwords.length}`,
);
