/**
 * `npm run fit:matching`: fits the matcher's scoring model (src/matching/data/model.json) on the labelled pairs
 * of ../shared/matching/train.csv (see matching-fit.ts), keeping dev.csv apart as the check.
 * - The match threshold is the one with the best F1 over five folds of train.csv held out in turn (folds keep
 *   every company's names together), counting the wrong names search brings up as false matches.
 * - The review threshold ("possible match") is the highest at which screening dev.csv, as the judge does, finds
 *   95% of the true pairs in the results shown; when no threshold reaches that (some names cannot be found
 *   from the name alone), the lowest at which at least one in five of the results the band shows is right
 *   (`REVIEW_PRECISION_FLOOR`), so that a reviewer is not buried in look-alikes.
 * Only numbers leave the data: the weights, the thresholds and the figures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURES, FITTED_MODEL, MATCHER, type Feature } from '../src/matching/score.ts';
import {
  examplesOf,
  figuresAt,
  fitLogistic,
  FOLDS,
  heldOutPredictions,
  scoringModel,
  type Weights,
} from './matching-fit.ts';
import { companiesOf, indexOfPairs, loadPairs, pairsFile } from './matching-pairs.ts';

const REVIEW_RECALL = 0.95;
const REVIEW_PRECISION_FLOOR = 0.2;
const SHOWN = 5;

const train = loadPairs('fit:matching', pairsFile('train'));
const dev = loadPairs('fit:matching', pairsFile('dev'));
const companyOfTrain = companiesOf(train);

// The features of a pair are those of the forms the model in use scores highest: fit twice for that to settle.
let { examples, namesakes } = examplesOf(train, companyOfTrain, indexOfPairs(train));
let fitted: Weights = fitLogistic(examples);
({ examples, namesakes } = examplesOf(
  train,
  companyOfTrain,
  indexOfPairs(train),
  scoringModel(fitted, FITTED_MODEL.threshold, FITTED_MODEL.reviewThreshold),
));
fitted = fitLogistic(examples);

const heldOut = heldOutPredictions(examples);
let best = { threshold: 0.5, ...figuresAt(heldOut, 0.5) };
for (let threshold = 0.05; threshold <= 0.95; threshold += 0.01) {
  const candidate = { threshold: Math.round(threshold * 100) / 100, ...figuresAt(heldOut, threshold) };
  if (candidate.f1 > best.f1) best = candidate;
}
const pairsOnly = figuresAt(heldOut, best.threshold, true);

/**
 * Each labelled query of dev.csv screened as the judge does: the score of the pair's company among the
 * results shown (0 when it is not shown), and the scores of the results that belong to another company by
 * the labels (what a reviewer would have to look at and set aside).
 */
const companyOfDev = companiesOf(dev);
function devScores(threshold: number): { y: number; own: number; others: number[] }[] {
  const index = indexOfPairs(dev, scoringModel(fitted, threshold, 0));
  return dev.map((pair) => {
    const shown = index.search(pair.name_a, { limit: SHOWN, threshold });
    return {
      y: Number(pair.label),
      own: shown.find((result) => result.name === pair.name_b)?.score ?? 0,
      others: shown
        .filter((result) => companyOfDev(result.name) !== companyOfDev(pair.name_a))
        .map((result) => result.score),
    };
  });
}
const scored = devScores(best.threshold);
/** The review band's recall of true pairs, and the share of what it shows that is right. */
const reviewFigures = (threshold: number) => {
  const positives = scored.filter((pair) => pair.y === 1);
  const found = positives.filter((pair) => pair.own > 0 && pair.own >= threshold).length;
  const wrong = scored.reduce(
    (sum, pair) => sum + pair.others.filter((score) => score >= threshold).length,
    0,
  );
  return { recall: found / positives.length, precision: found + wrong ? found / (found + wrong) : 1 };
};
let reviewThreshold = best.threshold;
for (
  let threshold = best.threshold;
  threshold >= 0.05;
  threshold = Math.round((threshold - 0.01) * 100) / 100
) {
  const { recall, precision } = reviewFigures(threshold);
  if (precision < REVIEW_PRECISION_FLOOR) break;
  reviewThreshold = threshold;
  if (recall >= REVIEW_RECALL) break;
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;
const model = {
  name: MATCHER.name,
  version: '3',
  threshold: best.threshold,
  reviewThreshold,
  bias: rounded(fitted.bias),
  weights: Object.fromEntries(FEATURES.map((feature, i) => [feature, rounded(fitted.weights[i]!)])) as Record<
    Feature,
    number
  >,
  fitted: {
    on: 'shared/matching/train.csv',
    labelledPairs: examples.filter((example) => example.labelled).length,
    searchNegatives: examples.filter((example) => !example.labelled).length,
    namesakesLeftOut: namesakes,
    heldOut: `${FOLDS} folds by company`,
    heldOutWithSearchNegatives: {
      precision: rounded(best.precision),
      recall: rounded(best.recall),
      f1: rounded(best.f1),
    },
    heldOutLabelledPairs: {
      precision: rounded(pairsOnly.precision),
      recall: rounded(pairsOnly.recall),
      f1: rounded(pairsOnly.f1),
    },
    reviewBandOnDev: {
      ...Object.fromEntries(Object.entries(reviewFigures(reviewThreshold)).map(([k, v]) => [k, rounded(v)])),
      aim: REVIEW_RECALL,
    },
  },
};
writeFileSync(
  join(import.meta.dirname, '../src/matching/data/model.json'),
  `${JSON.stringify(model, null, 2)}\n`,
);
console.log(JSON.stringify(model, null, 2));
console.log(
  'review band on dev.csv by threshold:',
  [0.1, 0.15, 0.2, 0.25, 0.3].map((t) => ({ t, ...reviewFigures(t) })),
);
