/**
 * Fitting the company-role model of extraction (extraction-model.json, `roles`): each company the extractor
 * proposes on a labelled article, with the features it logged, is paired with the label's company of the same
 * name (the evaluation's rule) and its role; a softmax over the roles (multinomial logistic regression with an
 * L2 penalty, fitted by plain gradient steps) learns which features say which role. `foldRoles` scores the
 * choice on held-out articles, five folds by article.
 *
 *   tsx scripts/extraction-fit-roles.ts [--real DIR] [--folds N] [--l2 X] [--write]
 *
 * prints the held-out figures (the own articles, and the real ones of ../shared/extraction/dev.json when DIR
 * holds their texts) and, with --write, fits on all of them and writes the `roles` part of the model file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { asFileText, ExtractionScore, sameCompany, type LabelledArticle } from '../src/extract/evaluate.ts';
import { extractDraft } from '../src/extract/extract.ts';
import type { ExtractionResult } from '../src/extract/model.ts';
import {
  choose,
  emptyFeatureLog,
  ExtractionModel,
  FITTED_EXTRACTION_MODEL,
  type ChoiceModel,
  type Features,
} from '../src/extract/fitted-model.ts';

export interface RoleExample {
  article: string;
  name: string;
  role: string;
  features: Features;
}

export interface FitOptions {
  /** The L2 penalty on the weights (not the biases), per example: towards the prior, not towards 0. */
  l2?: number;
  /**
   * The prior weight of the rule's choice for its own role (feature `rule:ROLE` for class ROLE): with few
   * examples of a role, the model keeps to the rule unless other features say otherwise.
   */
  rulePrior?: number;
  iterations?: number;
  rate?: number;
}

const DEFAULTS: Required<FitOptions> = { l2: 0.1, rulePrior: 5, iterations: 1500, rate: 0.5 };

const draftOf = (article: LabelledArticle, model: ExtractionModel, log = emptyFeatureLog()) =>
  extractDraft(
    { text: asFileText(article), ...(article.publisher ? { publisher: article.publisher } : {}) },
    { model, features: log },
  );

/**
 * The examples of labelled articles: each proposed company that the label names (matched as the evaluation
 * matches names, each label used once), with its features and the label's role. Companies the label does not
 * name teach nothing about roles and are left out.
 */
export function roleExamples(
  articles: readonly LabelledArticle[],
  model: ExtractionModel = FITTED_EXTRACTION_MODEL,
): RoleExample[] {
  const examples: RoleExample[] = [];
  for (const article of articles) {
    const expected = article.expect.companies ?? [];
    if (!article.expect.relevant || expected.length === 0) continue;
    const log = emptyFeatureLog();
    draftOf(article, model, log);
    const unmatched = [...expected];
    for (const company of log.companies) {
      const index = unmatched.findIndex((wanted) => sameCompany(company.name, wanted.name));
      if (index < 0) continue;
      examples.push({
        article: article.id,
        name: company.name,
        role: unmatched[index]!.role,
        features: company.features,
      });
      unmatched.splice(index, 1);
    }
  }
  return examples;
}

/**
 * A softmax model over the roles of the examples: minimises the mean cross-entropy plus l2/2 times the sum of
 * the squared weights, by full-batch gradient steps (a few hundred examples of a few dozen features each).
 */
export function fitRoles(examples: readonly RoleExample[], options: FitOptions = {}): ChoiceModel {
  const { l2, rulePrior, iterations, rate } = { ...DEFAULTS, ...options };
  const classes = [...new Set(examples.map((example) => example.role))].sort();
  if (classes.length === 0) return { classes: {} };
  const names = [...new Set(examples.flatMap((example) => Object.keys(example.features)))].sort();
  const column = new Map(names.map((name, index) => [name, index]));
  const rows = examples.map((example) => ({
    y: classes.indexOf(example.role),
    x: Object.entries(example.features)
      .filter(([, value]) => value !== 0)
      .map(([name, value]) => [column.get(name)!, value] as const),
  }));
  const priors = classes.map((role) => {
    const prior = new Float64Array(names.length);
    const index = column.get(`rule:${role}`);
    if (index !== undefined) prior[index] = rulePrior;
    return prior;
  });
  const weights = priors.map((prior) => Float64Array.from(prior));
  const biases = new Float64Array(classes.length);
  const n = rows.length;
  for (let step = 0; step < iterations; step++) {
    const gradient = classes.map(() => new Float64Array(names.length));
    const biasGradient = new Float64Array(classes.length);
    for (const row of rows) {
      const scores = classes.map((_, c) => {
        let score = biases[c]!;
        for (const [index, value] of row.x) score += weights[c]![index]! * value;
        return score;
      });
      const top = scores.reduce((max, score) => Math.max(max, score), -Infinity);
      const exps = scores.map((score) => Math.exp(score - top));
      const total = exps.reduce((sum, value) => sum + value, 0);
      for (let c = 0; c < classes.length; c++) {
        const error = exps[c]! / total - (c === row.y ? 1 : 0);
        biasGradient[c]! += error / n;
        for (const [index, value] of row.x) gradient[c]![index]! += (error * value) / n;
      }
    }
    for (let c = 0; c < classes.length; c++) {
      biases[c]! -= rate * biasGradient[c]!;
      for (let index = 0; index < names.length; index++)
        weights[c]![index]! -=
          rate * (gradient[c]![index]! + l2 * (weights[c]![index]! - priors[c]![index]!));
    }
  }
  // "|| 0": no -0, which JSON writes as 0.
  const round = (value: number) => Math.round(value * 1000) / 1000 || 0;
  return {
    classes: Object.fromEntries(
      classes.map((role, c) => [
        role,
        {
          bias: round(biases[c]!),
          weights: Object.fromEntries(
            names
              .map((name, index) => [name, round(weights[c]![index]!)] as const)
              .filter(([, weight]) => weight !== 0),
          ),
        },
      ]),
    ),
  };
}

/** A fold for each article, the same on every run: the articles in id order dealt out in turn. */
export function foldOf(articles: readonly LabelledArticle[], folds: number): Map<string, number> {
  const ids = [...new Set(articles.map((article) => article.id))].sort();
  return new Map(ids.map((id, index) => [id, index % folds]));
}

export interface FoldResult {
  /** Held-out choices of the examples: the label's role, the fitted model's, the rule's. */
  examples: { article: string; name: string; role: string; chosen: string; rule: string }[];
  /** The held-out articles' drafts, each made with the model of the other folds. */
  drafts: { article: LabelledArticle; result: ExtractionResult }[];
}

/** Drafts scored as the evaluation scores them. */
export function scoreDrafts(drafts: FoldResult['drafts']): ExtractionScore {
  const score = new ExtractionScore();
  for (const { article, result } of drafts) score.record(article, result);
  return score;
}

/**
 * Held-out figures of the role model: the articles dealt into folds, the model fitted on the examples of all
 * folds but one and used on that one's articles (both its examples' choices and the whole evaluation).
 */
export function foldRoles(
  articles: readonly LabelledArticle[],
  options: FitOptions & { folds?: number; base?: ExtractionModel } = {},
): FoldResult {
  const folds = options.folds ?? 5;
  const base = options.base ?? FITTED_EXTRACTION_MODEL;
  const foldOfArticle = foldOf(articles, folds);
  const examples = roleExamples(articles, base);
  const drafts: FoldResult['drafts'] = [];
  const held: FoldResult['examples'] = [];
  for (let fold = 0; fold < folds; fold++) {
    const roles = fitRoles(
      examples.filter((example) => foldOfArticle.get(example.article) !== fold),
      options,
    );
    const model: ExtractionModel = { ...base, roles };
    for (const example of examples.filter((example) => foldOfArticle.get(example.article) === fold)) {
      const rule =
        Object.keys(example.features)
          .find((name) => name.startsWith('rule:'))
          ?.slice(5) ?? 'Employer';
      held.push({
        article: example.article,
        name: example.name,
        role: example.role,
        chosen: choose(roles, example.features)?.choice ?? rule,
        rule,
      });
    }
    for (const article of articles.filter((article) => foldOfArticle.get(article.id) === fold))
      drafts.push({ article, result: draftOf(article, model) });
  }
  return { examples: held, drafts };
}

const MODEL_FILE = new URL('../src/extract/extraction-model.json', import.meta.url).pathname;

/**
 * Writes the `roles` part of extraction-model.json, leaving the other parts as they are, word for word: the
 * file's text is kept up to the top-level "roles" key, and from the end of its value on.
 */
export function writeRoles(roles: ChoiceModel, file = MODEL_FILE): void {
  const text = readFileSync(file, 'utf8');
  ExtractionModel.parse({ ...(JSON.parse(text) as object), roles });
  const key = text.indexOf('\n  "roles": ');
  if (key < 0) throw new Error(`${file}: no top-level "roles" to replace`);
  const start = key + '\n  "roles": '.length;
  let depth = 0;
  let end = start;
  do {
    if (text[end] === '{') depth++;
    else if (text[end] === '}') depth--;
    end++;
  } while (depth > 0 && end < text.length);
  const value = JSON.stringify(roles, null, 2).replace(/\n/gu, '\n  ');
  writeFileSync(file, text.slice(0, start) + value + text.slice(end));
}

async function main(): Promise<void> {
  const { loadLabelledArticles, corpusArticle } = await import('./eval-extraction.ts');
  const { loadRealArticles } = await import('./extraction-real.ts');
  const argument = (name: string) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  const own = loadLabelledArticles();
  const corpus = corpusArticle();
  if (corpus) own.push(corpus);
  const realFolder = argument('--real');
  const real = realFolder ? loadRealArticles(realFolder).articles : [];
  const options = {
    folds: Number(argument('--folds') ?? 5),
    ...(argument('--l2') ? { l2: Number(argument('--l2')) } : {}),
    ...(argument('--prior') ? { rulePrior: Number(argument('--prior')) } : {}),
  };
  // No roles in the base: the features do not depend on the model, and the rule is each fold's fallback.
  const base: ExtractionModel = { ...FITTED_EXTRACTION_MODEL, roles: { classes: {} } };
  const result = foldRoles([...own, ...real], { ...options, base });
  const realIds = new Set(real.map((article) => article.id));
  for (const [title, keep] of [
    ['own articles', (id: string) => !realIds.has(id)],
    ['real articles', (id: string) => realIds.has(id)],
  ] as const) {
    const held = result.examples.filter((example) => keep(example.article));
    if (held.length === 0) continue;
    const right = (pick: (example: (typeof held)[number]) => string) =>
      held.filter((example) => pick(example) === example.role).length;
    console.log(
      `${title}: ${held.length} companies; held-out role right ${right((e) => e.chosen)} (${(right((e) => e.chosen) / held.length).toFixed(3)}), rule alone ${right((e) => e.rule)} (${(right((e) => e.rule) / held.length).toFixed(3)})`,
    );
  }
  for (const [title, keep] of [
    ['own articles', (id: string) => !realIds.has(id)],
    ['real articles', (id: string) => realIds.has(id)],
  ] as const) {
    const drafts = result.drafts.filter(({ article }) => keep(article.id));
    if (drafts.length === 0) continue;
    const score = scoreDrafts(drafts);
    const roles = score.scores().get('company roles')!;
    const { right, of } = score.accuracies.get('company role')!;
    console.log(
      `${title}, held out: company roles P ${roles.precision.toFixed(3)} R ${roles.recall.toFixed(3)} F1 ${roles.f1.toFixed(3)}; company role accuracy ${score.accuracy('company role').toFixed(3)} (${right} of ${of})`,
    );
  }
  if (process.argv.includes('--verbose'))
    for (const example of result.examples.filter((example) => example.chosen !== example.role))
      console.log(
        `${example.article} ${example.name}: ${example.role}, chose ${example.chosen} (rule ${example.rule})`,
      );
  if (process.argv.includes('--write')) {
    const roles = fitRoles(roleExamples([...own, ...real], base), options);
    writeRoles(roles);
    console.log(`wrote the roles of ${Object.keys(roles.classes).length} classes to ${MODEL_FILE}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
