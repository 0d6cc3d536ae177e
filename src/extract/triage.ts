import { z } from 'zod';
import { zodIssues, type InputIssue } from '../domain/errors.ts';
import { IsoDate, type RecordInput } from '../domain/record.ts';
import { ndjsonValues } from '../formats/json.ts';
import { normaliseName } from '../matching/normalise.ts';
import { contentWords, wordSetSimilarity } from '../search/similarity.ts';
import type { DuplicateCandidate } from '../domain/duplicate.ts';
import { extractDraft, type ExtractOptions } from './extract.ts';
import type { ExtractionResult } from './model.ts';

/**
 * Triage of many articles: each is read for a draft and a relevance score, articles about the same incident
 * are grouped, and a group that matches an existing record is flagged (add the article as a source there
 * rather than start a new record).
 */

/** One line of a triage file: an article with what the feed says of it. */
export const TriageArticle = z.object({
  url: z.url({ protocol: /^https?$/ }).optional(),
  headline: z.string().trim().min(1).max(1000).optional(),
  date: IsoDate.optional(),
  publisher: z.string().trim().min(1).max(300).optional(),
  text: z.string().min(1, 'the article has no text'),
});
export type TriageArticle = z.infer<typeof TriageArticle>;

/** Reads a triage file (NDJSON, one article per line), naming the line of every problem. */
export function parseTriageLines(
  text: string,
  file: string,
): { articles: TriageArticle[]; issues: InputIssue[] } {
  const { values, issues } = ndjsonValues(text, file);
  const articles: TriageArticle[] = [];
  for (const { value, line } of values) {
    const parsed = TriageArticle.safeParse(value);
    if (parsed.success) articles.push(parsed.data);
    else for (const issue of zodIssues(parsed.error, { file, line })) issues.push(issue);
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { articles, issues };
}

/** Articles this many days apart or more are not taken for reports of one incident. */
export const INCIDENT_WINDOW_DAYS = 30;
/** Share of content words two articles must have in common to be taken for one incident without a company. */
export const INCIDENT_SIMILARITY = 0.3;
/** Relevance from which an article is an allegation worth a look (and is grouped at all). */
export const RELEVANT = 0.5;

export interface TriageItem {
  /** Position of the article in the batch (from 0). */
  index: number;
  article: TriageArticle;
  result: ExtractionResult;
  /** Articles of one incident share a number (from 1); 0 for articles below the relevance bar. */
  incident: number;
  /** Existing records that the article's incident may already be (most similar first). */
  existing: DuplicateCandidate[];
}

const days = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

/** What two articles are compared by, read once per article (incidents compare every pair). */
interface Comparable {
  date?: string;
  country?: string;
  companies: Set<string>;
  words: Set<string>;
}

function comparableOf(item: TriageItem): Comparable {
  const { record } = item.result;
  return {
    ...(record.dateReported ? { date: record.dateReported } : {}),
    ...(record.location ? { country: record.location.country } : {}),
    companies: new Set(
      (record.companies ?? []).map((company) => normaliseName(company.name).squashed).filter(Boolean),
    ),
    words: contentWords(`${item.article.headline ?? ''}\n${item.result.text.slice(0, 3000)}`),
  };
}

/** Whether two relevant articles report the same incident: a shared company, or the same facts and words. */
export function sameIncident(a: Comparable, b: Comparable): boolean {
  if (a.date && b.date && days(a.date, b.date) > INCIDENT_WINDOW_DAYS) return false;
  if (a.country && b.country && a.country !== b.country) return false;
  for (const key of a.companies) if (b.companies.has(key)) return true;
  return wordSetSimilarity(a.words, b.words) >= INCIDENT_SIMILARITY;
}

/** Reads every article and numbers the incidents (articles joined through any shared incident). */
export function triageArticles(
  articles: readonly TriageArticle[],
  options: ExtractOptions = {},
): TriageItem[] {
  const items: TriageItem[] = articles.map((article, index) => ({
    index,
    article,
    result: extractDraft(article, options),
    incident: 0,
    existing: [],
  }));
  const relevant = items.filter((item) => item.result.relevance >= RELEVANT);
  const facts = relevant.map(comparableOf);
  const parent = relevant.map((_, index) => index);
  const root = (index: number): number =>
    parent[index] === index ? index : (parent[index] = root(parent[index]!));
  for (let i = 0; i < relevant.length; i++)
    for (let j = i + 1; j < relevant.length; j++)
      if (root(i) !== root(j) && sameIncident(facts[i]!, facts[j]!)) parent[root(j)] = root(i);
  const numbers = new Map<number, number>();
  relevant.forEach((item, index) => {
    const key = root(index);
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
    item.incident = numbers.get(key)!;
  });
  return items;
}

/** The draft as a record the duplicate finder can compare, when it has the date and country it needs. */
export function comparableRecord(result: ExtractionResult): RecordInput | undefined {
  const { record } = result;
  if (!record.dateReported || !record.location) return undefined;
  return {
    title: record.title ?? record.sources?.[0]?.headline ?? 'untitled',
    dateReported: record.dateReported,
    location: record.location,
    companies: record.companies ?? [],
    affected: record.affected ?? { total: null, groups: [] },
    issues: record.issues ?? [],
    response: { sought: false },
    sources: record.sources ?? [],
  };
}

/** Flags the relevant articles whose incident may already be a record, through `find` (the store's finder). */
export async function flagExisting(
  items: TriageItem[],
  find: (
    record: RecordInput,
    options: { limit: number; minSimilarity: number },
  ) => Promise<DuplicateCandidate[]>,
): Promise<void> {
  for (const item of items) {
    if (item.incident === 0) continue;
    const record = comparableRecord(item.result);
    // A shared company in the same country within weeks says much already: the words need agree only a little.
    const minSimilarity = record && record.companies.length > 0 ? 0.05 : 0.2;
    if (record) item.existing = await find(record, { limit: 3, minSimilarity });
  }
}
