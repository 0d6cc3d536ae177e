import { z } from 'zod';
import { CompanyRole, CountryCode, Gender } from '../domain/record.ts';
import { normaliseName } from '../matching/normalise.ts';
import { formatLongDate } from '../formats/text/dates.ts';
import { extractDraft } from './extract.ts';
import type { ExtractionModel } from './fitted-model.ts';
import type { ExtractionResult } from './model.ts';

/**
 * The labelled articles of eval/extraction and how a draft is scored against them: precision and recall per
 * field, counting values (each origin, company, issue) across all articles.
 */

export const LabelledArticle = z.object({
  id: z.string(),
  /** Given apart from the text, as a researcher pastes it; absent when the text is a page as found. */
  headline: z.string().optional(),
  /** The publication date the article shows; null when it shows none (then any date proposed is wrong). */
  date: z.string().nullable(),
  publisher: z.string().optional(),
  text: z.string(),
  expect: z.object({
    relevant: z.boolean(),
    country: CountryCode.optional(),
    origins: z.array(CountryCode).optional(),
    companies: z.array(z.object({ name: z.string(), role: CompanyRole })).optional(),
    issues: z.array(z.string()).optional(),
    count: z.number().int().optional(),
    gender: Gender.optional(),
    sector: z.string().optional(),
  }),
  /** Labels that leave a mixed group's gender unstated: a proposed "Mixed" is then neither right nor wrong. */
  mixedGenderUnstated: z.boolean().optional(),
  /** Labels whose count is all the affected people (the draft's total), not the first group's. */
  countIsTotal: z.boolean().optional(),
});
export type LabelledArticle = z.infer<typeof LabelledArticle>;

export const FIELDS = [
  'relevance',
  'date',
  'country',
  'origin',
  'companies',
  'company roles',
  'issues',
  'count',
  'gender',
  'sector',
] as const;
export type Field = (typeof FIELDS)[number];

export interface Tally {
  truePositives: number;
  predicted: number;
  expected: number;
}

export interface FieldScore extends Tally {
  precision: number;
  recall: number;
  f1: number;
}

export interface Mistake {
  id: string;
  field: Field;
  expected: unknown;
  found: unknown;
}

/** One company for the evaluation: the same name after the matcher's normalisation, or one the other's start. */
export const sameCompany = (a: string, b: string) => {
  const left = normaliseName(a).squashed;
  const right = normaliseName(b).squashed;
  return left.length > 0 && (left === right || left.startsWith(right) || right.startsWith(left));
};

/**
 * The article as `bhr extract FILE` reads it: headline and long date lines when the label gives them, then the
 * text; a page as found is given as it is.
 */
export function asFileText(article: Pick<LabelledArticle, 'headline' | 'date' | 'text'>): string {
  if (article.headline === undefined) return article.text;
  const dateLine = article.date ? `${formatLongDate(article.date)}\n` : '';
  return `${article.headline}\n${dateLine}\n${article.text.trim()}\n`;
}

/** Whole-article judgements beside the per-value tallies: how often the one answer was right. */
export interface Accuracy {
  right: number;
  of: number;
}

export const ACCURACIES = ['relevance', 'company role', 'count', 'no date when none shown'] as const;
export type AccuracyName = (typeof ACCURACIES)[number];

/** Scores drafts against labels; `record` adds one article's draft. */
export class ExtractionScore {
  readonly tallies = new Map<Field, Tally>(
    FIELDS.map((field) => [field, { truePositives: 0, predicted: 0, expected: 0 }]),
  );
  readonly mistakes: Mistake[] = [];
  readonly accuracies = new Map<AccuracyName, Accuracy>(
    ACCURACIES.map((name) => [name, { right: 0, of: 0 }]),
  );

  private judge(name: AccuracyName, right: boolean) {
    const accuracy = this.accuracies.get(name)!;
    accuracy.of++;
    if (right) accuracy.right++;
  }

  private add(
    id: string,
    field: Field,
    found: unknown[],
    expected: unknown[],
    same: (a: unknown, b: unknown) => boolean = Object.is,
  ) {
    const tally = this.tallies.get(field)!;
    const unmatched = [...expected];
    let hits = 0;
    for (const value of found) {
      const index = unmatched.findIndex((wanted) => same(value, wanted));
      if (index >= 0) {
        hits++;
        unmatched.splice(index, 1);
      }
    }
    tally.truePositives += hits;
    tally.predicted += found.length;
    tally.expected += expected.length;
    if (hits !== found.length || hits !== expected.length) this.mistakes.push({ id, field, expected, found });
  }

  record(article: LabelledArticle, result: ExtractionResult): void {
    const { expect } = article;
    const relevant = result.relevance >= 0.5;
    this.add(article.id, 'relevance', relevant ? [true] : [], expect.relevant ? [true] : []);
    this.judge('relevance', relevant === expect.relevant);
    // The record's fields are judged on allegations only: a researcher drops the rest.
    if (!expect.relevant) return;
    const draft = result.record;
    const groups = draft.affected?.groups ?? [];
    this.add(
      article.id,
      'date',
      draft.dateReported ? [draft.dateReported] : [],
      article.date ? [article.date] : [],
    );
    if (!article.date) this.judge('no date when none shown', !draft.dateReported);
    if (expect.country)
      this.add(article.id, 'country', draft.location ? [draft.location.country] : [], [expect.country]);
    if (expect.origins) {
      const origins = [
        ...new Set(groups.map((group) => group.origin).filter((origin): origin is string => Boolean(origin))),
      ];
      this.add(article.id, 'origin', origins, expect.origins);
    }
    if (expect.companies) {
      const companies = draft.companies ?? [];
      this.add(
        article.id,
        'companies',
        companies.map((c) => c.name),
        expect.companies.map((c) => c.name),
        (a, b) => sameCompany(String(a), String(b)),
      );
      this.add(
        article.id,
        'company roles',
        companies.map((c) => `${c.name}\u0000${c.role}`),
        expect.companies.map((c) => `${c.name}\u0000${c.role}`),
        (a, b) => {
          const [nameA, roleA] = String(a).split('\u0000');
          const [nameB, roleB] = String(b).split('\u0000');
          return roleA === roleB && sameCompany(nameA!, nameB!);
        },
      );
      // Of the companies found that were expected, how many have the expected role.
      const unmatched = [...expect.companies];
      for (const company of companies) {
        const index = unmatched.findIndex((wanted) => sameCompany(company.name, wanted.name));
        if (index < 0) continue;
        this.judge('company role', unmatched[index]!.role === company.role);
        unmatched.splice(index, 1);
      }
    }
    if (expect.issues) this.add(article.id, 'issues', draft.issues ?? [], expect.issues);
    // The number the label gives: all the affected people's, or (the project's own labels) the first group's.
    const firstGroup = groups.find((group) => group.count !== null)?.count ?? null;
    const total = draft.affected?.total ?? null;
    const firstCount = article.countIsTotal ? (total ?? firstGroup) : (firstGroup ?? total);
    this.add(
      article.id,
      'count',
      firstCount === null ? [] : [firstCount],
      expect.count === undefined ? [] : [expect.count],
    );
    this.judge('count', (firstCount ?? undefined) === expect.count);
    const genders = [
      ...new Set(
        groups
          .map((group) => group.gender)
          .filter((gender) => gender && !(article.mixedGenderUnstated && gender === 'Mixed')),
      ),
    ];
    this.add(article.id, 'gender', genders.slice(0, 1), expect.gender ? [expect.gender] : []);
    const sectors = [...new Set(groups.map((group) => group.sector).filter(Boolean))];
    this.add(article.id, 'sector', sectors.slice(0, 1), expect.sector ? [expect.sector] : []);
  }

  scores(): Map<Field, FieldScore> {
    const scores = new Map<Field, FieldScore>();
    for (const [field, tally] of this.tallies) {
      const precision = tally.predicted === 0 ? 1 : tally.truePositives / tally.predicted;
      const recall = tally.expected === 0 ? 1 : tally.truePositives / tally.expected;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      scores.set(field, { ...tally, precision, recall, f1 });
    }
    return scores;
  }

  accuracy(name: AccuracyName): number {
    const { right, of } = this.accuracies.get(name)!;
    return of === 0 ? 1 : right / of;
  }
}

/** Runs the extractor over labelled articles, each given as a file would give it (headline and date lines first). */
export function evaluateExtraction(
  articles: readonly LabelledArticle[],
  model?: ExtractionModel,
): ExtractionScore {
  const score = new ExtractionScore();
  for (const article of articles) {
    const result = extractDraft(
      { text: asFileText(article), ...(article.publisher ? { publisher: article.publisher } : {}) },
      model ? { model } : {},
    );
    score.record(article, result);
  }
  return score;
}
