/**
 * `npm run eval:matching [-- --pairs dev|train|FILE] [--json]`: the company-name matcher on labelled pairs,
 * beside the baseline a user would otherwise reach for (fuse.js with its defaults), measured in the same run.
 * As the project's judge does, every `name_b` becomes a company and every `name_a` is screened: a positive
 * pair is found when a match carries its `name_b`; a negative pair is a false positive when one does.
 * - `dev` (the default) is held out from fitting: it is scored with the shipped model.
 * - `train` is what the model is fitted on: it is scored in five folds (every name of one company in one
 *   fold), each with a model fitted on the other four, so that no pair is scored by a model that saw it.
 * Prints precision, recall and F1 by source, stratum and script pair; the pairs names can decide apart from
 * the namesakes (two companies of one name, told apart only by country or identifier); the review band's
 * recall (a match or a possible match among the results shown); and the candidate recall.
 */
import Fuse from 'fuse.js';
import { NameIndex } from '../src/matching/name-index.ts';
import { FITTED_MODEL, MATCHER } from '../src/matching/score.ts';
import { candidateRecall } from './candidate-recall.ts';
import { examplesOf, fitLogistic, foldOf, FOLDS, scoringModel } from './matching-fit.ts';
import {
  companiesOf,
  indexOfNames,
  indexOfPairs,
  loadPairs,
  pairsFile,
  type Pair,
} from './matching-pairs.ts';
import { printTable, tallyOf, type Verdict } from './matching-report.ts';

const argument = (flag: string) => {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const which = argument('--pairs') ?? 'dev';
const file = pairsFile(which);
const pairs = loadPairs('eval:matching', file);
const companyOf = companiesOf(pairs);
const names = [...new Set(pairs.map((pair) => pair.name_b))].sort();
const SHOWN = 5;

/** The verdicts of screening each query with `index`: which names were matched, and in which band. */
function screen(index: NameIndex, queries: readonly Pair[]): Verdict[] {
  return queries.map((pair) => {
    const results = index.search(pair.name_a, { limit: SHOWN });
    const own = results.find((result) => result.name === pair.name_b);
    return {
      pair,
      found: own?.match ?? false,
      reviewed: own !== undefined && (own.match || own.score >= index.reviewThreshold),
      stray: results.filter(
        (result) =>
          result.match && result.name !== pair.name_b && companyOf(result.name) !== companyOf(pair.name_a),
      ).length,
    };
  });
}

/** Five folds of the pairs by company, each screened with a model fitted on the other four. */
function screenInFolds(): Verdict[] {
  const verdicts: Verdict[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const fitOn = pairs.filter((pair) => foldOf(companyOf(pair.name_a)) !== fold);
    const held = pairs.filter((pair) => foldOf(companyOf(pair.name_a)) === fold);
    const fitIndex = indexOfPairs(fitOn);
    const { examples } = examplesOf(fitOn, companyOf, fitIndex);
    const scoring = scoringModel(fitLogistic(examples), FITTED_MODEL.threshold, FITTED_MODEL.reviewThreshold);
    for (const verdict of screen(indexOfNames(names, scoring), held)) verdicts.push(verdict);
  }
  return verdicts;
}

const started = performance.now();
const ours = which === 'train' ? screenInFolds() : screen(indexOfNames(names), pairs);
const oursSeconds = (performance.now() - started) / 1000;
const fuse = new Fuse(names);
const fuseStarted = performance.now();
// fuse.js reads every name for each query: on the larger set it is measured on every fifth pair.
const fuseSample = pairs.length > 2000 ? pairs.filter((_, position) => position % 5 === 0) : pairs;
const baseline: Verdict[] = fuseSample.map((pair) => {
  const found = fuse.search(pair.name_a).map((result) => result.item);
  return {
    pair,
    found: found.includes(pair.name_b),
    reviewed: found.includes(pair.name_b),
    stray: found.filter((name) => name !== pair.name_b && companyOf(name) !== companyOf(pair.name_a)).length,
  };
});
const fuseSeconds = (performance.now() - fuseStarted) / 1000;
const candidates = candidateRecall(pairs, indexOfNames(names), {
  reviewThreshold: FITTED_MODEL.reviewThreshold,
});

printTable({
  title: `${MATCHER.name} v${MATCHER.version} (match ≥ ${FITTED_MODEL.threshold}, possible match ≥ ${FITTED_MODEL.reviewThreshold}) on ${pairs.length} pairs of ${file}${which === 'train' ? `, ${FOLDS} folds by company, each scored by a model fitted on the others` : ''}`,
  speed: `screening: ours ${(pairs.length / oursSeconds).toFixed(0)} names/s${which === 'train' ? ' (fitting included)' : ''}, fuse.js ${(fuseSample.length / fuseSeconds).toFixed(0)} names/s${fuseSample.length < pairs.length ? ` (fuse.js on every fifth pair: ${fuseSample.length})` : ''}`,
  ours: tallyOf(ours),
  fuse: tallyOf(baseline),
  stray: {
    ours: ours.reduce((sum, v) => sum + v.stray, 0),
    fuse: baseline.reduce((sum, v) => sum + v.stray, 0),
  },
  candidates,
  json: process.argv.includes('--json'),
});
