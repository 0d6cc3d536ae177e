#!/usr/bin/env node
// Derives the matcher's tables from the reference files in ../shared/reference (OpenSanctions' rigour, MIT):
//   src/matching/data/legal-forms.json   legal-form words and abbreviations -> their generic type
//   src/matching/data/symbols.json       descriptors (company, bank, holding, motor...) in many scripts -> a symbol
//   src/matching/data/stopwords.json     name prefixes that carry no meaning ("the", "le", "la")
// Run: node scripts/derive-matching-data.mjs [path/to/shared/reference]
// Keys are folded the way src/matching/normalise.ts folds names (foldKey), so the two must agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import anyAscii from 'any-ascii';

const reference = process.argv[2] ?? join(import.meta.dirname, '../../shared/reference');
const out = join(import.meta.dirname, '../src/matching/data');
const NOTICE =
  'Derived by scripts/derive-matching-data.mjs from opensanctions/rigour resources/names (org_types.yml, symbols.yml, stopwords.yml), MIT licence, (c) OpenSanctions Datenbanken GmbH. Do not edit by hand: rerun the script.';

/** Lower case, NFKC, punctuation to spaces, single spaces: the same folding as foldKey in normalise.ts. */
const fold = (text) =>
  String(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
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

const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  join(out, 'legal-forms.json'),
  JSON.stringify({ $comment: NOTICE, forms: sorted(legalForms) }, null, 0) + '\n',
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
  `legal forms: ${Object.keys(legalForms).length} keys; symbols: ${Object.keys(symbols).length} keys; stop words: ${stopwords.length}`,
);
