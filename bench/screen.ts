import Fuse from 'fuse.js';
import spread from '../src/demo/spread.json' with { type: 'json' };
import { inventCompany, seededRandom } from '../src/demo/synthetic.ts';
import { normaliseName } from '../src/matching/normalise.ts';
import { CompanyScreen } from '../src/matching/screen.ts';
import type { MatchableCompany } from '../src/matching/matchable.ts';

/**
 * Screening at scale: 10,000 names against 100,000 companies invented like the demo's, beside fuse.js on the
 * same data. Two thirds of the names are variants of known companies (upper case and another legal form, a
 * typing error, the name in Cyrillic letters, the trade word left out); a third are companies that are not
 * there, where any match is a false positive.
 */

const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а',
  b: 'б',
  c: 'к',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  j: 'дж',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  q: 'к',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  w: 'в',
  x: 'кс',
  y: 'й',
  z: 'з',
};

/**
 * The previous release's figures of this benchmark, shown beside each new run: docs/benchmarks.md as of
 * commit 87f53be (2026-11-28, matcher v2, same data and command, one run on the same 2-core machine).
 */
export const PREVIOUS_SCREENING = {
  date: '2026-11-28',
  commit: '87f53be',
  namesPerSecond: 2470,
  ours: { precision: 0.448, recall: 0.785, f1: 0.571 },
  buildSeconds: 4.6,
  heapMiB: 155,
  rssMiB: 388,
} as const;

export interface ScreenFigures {
  companies: number;
  names: number;
  buildSeconds: number;
  heapMiB: number;
  rssMiB: number;
  oursNamesPerSecond: number;
  ours: Quality;
  fuseSample: number;
  fuseBuildSeconds: number;
  fuseNamesPerSecond: number;
  fuse: Quality;
  oursOnSample: Quality;
}

interface Quality {
  precision: number;
  recall: number;
  f1: number;
}

interface Query {
  name: string;
  /** The company the name stands for, or undefined when it is not a known one. */
  truth?: string;
}

function quality(outcomes: { truth?: string; matched: string[] }[]): Quality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { truth, matched } of outcomes) {
    if (truth && matched.includes(truth)) tp++;
    else if (truth) fn++;
    fp += matched.filter((id) => id !== truth).length > 0 ? 1 : 0;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

function companies(count: number, seed: number): MatchableCompany[] {
  const random = seededRandom(seed);
  const countries = Object.keys(spread.legalForms).filter((code) => code !== 'default');
  const sectors = Object.keys(spread.tradeWords);
  const seen = new Set<string>();
  const list: MatchableCompany[] = [];
  while (list.length < count) {
    const country = countries[Math.floor(random() * countries.length)]!;
    const name = inventCompany(random, country, sectors[Math.floor(random() * sectors.length)]!);
    // One company per distinctive name: two companies that differ only by their legal form would make any
    // matcher's "right answer" a coin toss between namesakes.
    const distinctive = normaliseName(name).squashed;
    if (seen.has(distinctive)) continue;
    seen.add(distinctive);
    list.push({ id: `c${list.length}`, name, otherNames: [], country, parentId: null, allegations: 0 });
  }
  return list;
}

function variant(name: string, random: () => number): string {
  const words = name.split(' ');
  const stem = words[0]!;
  switch (Math.floor(random() * 4)) {
    case 0:
      return `${words.slice(0, -1).join(' ').toUpperCase()} LIMITED`;
    case 1: {
      const at = 1 + Math.floor(random() * (stem.length - 2));
      const typo = stem.slice(0, at) + 'aeiou'[Math.floor(random() * 5)] + stem.slice(at + 1);
      return [typo, ...words.slice(1)].join(' ');
    }
    case 2:
      return [...stem.toLowerCase()].map((char) => LATIN_TO_CYRILLIC[char] ?? char).join('') + ' ' + words[1];
    default:
      return `${stem} ${words.slice(2).join(' ')}`;
  }
}

export function measureScreening(
  options = { companies: 100_000, names: 10_000, fuseSample: 300 },
): ScreenFigures {
  const known = companies(options.companies, 11);
  // Other invented companies, of which those not among the known ones are strangers to the index.
  const knownNames = new Set(known.map((company) => normaliseName(company.name).squashed));
  const strangers = companies(options.names * 2, 97).filter(
    (company) => !knownNames.has(normaliseName(company.name).squashed),
  );
  const random = seededRandom(5);
  let stranger = 0;
  const queries: Query[] = [];
  for (let index = 0; queries.length < options.names; index++) {
    if (index % 3 === 2) {
      queries.push({ name: strangers[stranger++]!.name });
    } else {
      const company = known[Math.floor(random() * known.length)]!;
      queries.push({ name: variant(company.name, random), truth: company.id });
    }
  }

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const buildStarted = performance.now();
  const screen = new CompanyScreen(known);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  global.gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const started = performance.now();
  const ours = queries.map((query) => ({
    truth: query.truth,
    matched: screen
      .screen({ name: query.name })
      .matches.filter((match) => match.match)
      .map((match) => match.companyId),
  }));
  const oursSeconds = (performance.now() - started) / 1000;
  const rssMiB = process.memoryUsage().rss / 2 ** 20;

  // fuse.js scans every name for each query: a sample of the same queries keeps the run short.
  const sample = queries.slice(0, options.fuseSample);
  const fuseStarted = performance.now();
  const fuse = new Fuse(known.map((company) => company.name));
  const fuseBuildSeconds = (performance.now() - fuseStarted) / 1000;
  const searchStarted = performance.now();
  const theirs = sample.map((query) => ({
    truth: query.truth,
    matched: fuse.search(query.name).map((result) => known[result.refIndex]!.id),
  }));
  const fuseSeconds = (performance.now() - searchStarted) / 1000;

  return {
    companies: known.length,
    names: queries.length,
    buildSeconds,
    heapMiB,
    rssMiB,
    oursNamesPerSecond: queries.length / oursSeconds,
    ours: quality(ours),
    fuseSample: sample.length,
    fuseBuildSeconds,
    fuseNamesPerSecond: sample.length / fuseSeconds,
    fuse: quality(theirs),
    oursOnSample: quality(ours.slice(0, sample.length)),
  };
}
