import * as chrono from 'chrono-node';
import { countryName } from '../domain/countries.ts';
import { readArticle, type Article } from './article.ts';
import { companyEvidence, proposeCompanies, type KnownCompanies } from './companies.ts';
import { cues } from './cues.ts';
import type { ArticleInput, DraftRecord, Evidence, ExtractionResult } from './model.ts';
import { proposeLocation } from './places.ts';
import { evidenceAt, readText, type Reading } from './reading.ts';
import { allegationCount, issueEvidence, proposeIssues, proposeSector } from './topics.ts';
import { findPeople, originMentionsOf } from './people.ts';
import { proposeGroups } from './workers.ts';
import {
  FITTED_EXTRACTION_MODEL,
  probability,
  type ExtractionModel,
  type FeatureLog,
  type Features,
} from './fitted-model.ts';

export interface ExtractOptions {
  /** Known companies, to link the names found to company records. */
  companies?: KnownCompanies;
  /** The day relative dates are read against when the article has no date (default: today). */
  today?: Date;
  /** The learnt weights (default: the fitted model of extraction-model.json); the folds of the evaluation give others. */
  model?: ExtractionModel;
  /** Filled with the features of the learnt choices, for fitting. */
  features?: FeatureLog;
}

/** How much of the article the draft's source excerpt keeps. */
const EXCERPT_CHARACTERS = 1500;

/** Issues and allegation phrases count up to these many towards relevance. */
const ISSUES_COUNTED = 3;
const ALLEGATIONS_COUNTED = 4;

/**
 * What relevance is judged on: what the draft found (issues, the strongest sign; affected workers; a business)
 * and the language of allegation. The weights are fitted (`fitted-model.ts`).
 */
function relevanceFeatures(
  issues: number,
  workers: boolean,
  company: boolean,
  allegations: number,
): Features {
  return {
    issues: Math.min(issues, ISSUES_COUNTED),
    workers: workers ? 1 : 0,
    company: company ? 1 : 0,
    allegations: Math.min(allegations, ALLEGATIONS_COUNTED),
  };
}

const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** A probability moved so that the threshold falls at one half, keeping 0 and 1 where they are. */
function rescaled(p: number, threshold: number): number {
  if (threshold <= 0 || threshold >= 1) return p;
  return p < threshold ? (p / threshold) * 0.5 : 0.5 + ((p - threshold) / (1 - threshold)) * 0.5;
}

/** The date reported: the article's own date, else the latest full date it writes that is not in the future. */
function proposeDate(reading: Reading, today: Date): Evidence | undefined {
  const { article } = reading;
  if (article.date) {
    const span = article.dateSpan ?? { start: 0, end: 0 };
    return {
      ...evidenceAt(reading, '/dateReported', article.date, 0.95, span.start, span.end),
      ...(article.dateSpan ? {} : { sentence: 'the date given with the article' }),
    };
  }
  let best: { date: string; start: number; end: number } | undefined;
  for (const found of chrono.en.parse(reading.text.slice(0, 20_000), today, { forwardDate: false })) {
    if (!found.start.isCertain('day') || !found.start.isCertain('month') || !found.start.isCertain('year'))
      continue;
    const date = isoDay(found.start.date());
    if (date > isoDay(today)) continue;
    if (!best || date > best.date) best = { date, start: found.index, end: found.index + found.text.length };
  }
  return best ? evidenceAt(reading, '/dateReported', best.date, 0.4, best.start, best.end) : undefined;
}

/** The source excerpt: the article's opening paragraphs, headline and date lines left out. */
function excerptOf(article: Article): string {
  const skip = new Set([
    article.headline?.trim(),
    ...(article.dateSpan ? [article.text.slice(article.dateSpan.start, article.dateSpan.end).trim()] : []),
  ]);
  // The excerpt needs only the opening paragraphs.
  const paragraphs = article.text
    .split('\n', 60)
    .map((line) => line.trim())
    .filter(
      (line) =>
        line &&
        !skip.has(line) &&
        !(article.dateSpan && article.text.indexOf(line) <= article.dateSpan.start && line.length < 80),
    );
  let excerpt = '';
  for (const paragraph of paragraphs) {
    if (excerpt && excerpt.length + paragraph.length > EXCERPT_CHARACTERS) break;
    excerpt = excerpt ? `${excerpt}\n${paragraph}` : paragraph;
  }
  return excerpt.length > EXCERPT_CHARACTERS * 2 ? `${excerpt.slice(0, EXCERPT_CHARACTERS)}…` : excerpt;
}

function sourceTypeOf(article: Article): {
  type: NonNullable<DraftRecord['sourceType']>;
  confidence: number;
} {
  const said = `${article.publisher ?? ''} ${article.url ?? ''}`;
  for (const { label, pattern } of cues.sourceTypes) {
    pattern.lastIndex = 0;
    if (said.trim() && pattern.test(said)) return { type: label, confidence: 0.7 };
  }
  return { type: 'News outlet', confidence: 0.5 };
}

/** An empty draft that says why nothing was proposed. */
function emptyDraft(reason: string, text: string): ExtractionResult {
  return { relevance: 0, record: {}, evidence: [], text, reason };
}

/**
 * Reads an article (plain text or an HTML page) and proposes a draft record: when, where, which companies in
 * which role, which workers, which issues, and the source. Every proposed value comes with the words of the
 * article that support it and a confidence. Pure: the only collaborator is the optional list of known companies.
 */
export function extractDraft(input: ArticleInput, options: ExtractOptions = {}): ExtractionResult {
  const read = readArticle(input);
  if ('reason' in read) return emptyDraft(read.reason, read.text);
  const { article } = read;
  const reading = readText(article);
  const evidence: Evidence[] = [];
  const record: DraftRecord = {};

  const date = proposeDate(reading, options.today ?? new Date());
  if (date) {
    record.dateReported = String(date.value);
    evidence.push(date);
  }

  const people = findPeople(reading);
  const location = proposeLocation(reading, originMentionsOf(people));
  if (location.country) {
    record.location = {
      country: location.country.code,
      ...(location.city ? { city: location.city.name } : {}),
    };
    evidence.push(location.country.evidence);
    if (location.city) evidence.push(location.city.evidence);
  }

  const companies = proposeCompanies(reading, {
    ...(options.companies ? { known: options.companies } : {}),
    ...(location.country ? { country: location.country.code } : {}),
    ...(location.city ? { places: [location.city.name] } : {}),
    roles: (options.model ?? FITTED_EXTRACTION_MODEL).roles,
    ...(options.features ? { log: options.features.companies } : {}),
  });
  record.companies = companies.map((company) => ({
    name: company.name,
    role: company.role,
    ...(company.companyId ? { companyId: company.companyId } : {}),
  }));
  for (const item of companyEvidence(reading, companies)) evidence.push(item);

  const sector = proposeSector(reading);
  const groups = proposeGroups(reading, people, location.country?.code, sector);
  record.affected = { total: groups.total, groups: groups.groups };
  for (const item of groups.evidence) evidence.push(item);
  groups.groups.forEach((_, index) => {
    for (const item of sector.evidence ?? [])
      evidence.push({ ...item, path: item.path.replace('/groups/0/', `/groups/${index}/`) });
  });

  const issues = proposeIssues(reading);
  record.issues = issues.map((proposal) => proposal.issue);
  for (const item of issueEvidence(reading, issues)) evidence.push(item);

  const sourceType = sourceTypeOf(article);
  record.sourceType = sourceType.type;
  const headline = article.headline ?? '';
  const headSpan = article.headlineSpan ?? { start: 0, end: 0 };
  evidence.push({
    ...evidenceAt(reading, '/sourceType', sourceType.type, sourceType.confidence, 0, 0),
    // Told by who published the article, not by its words: no span in the text.
    sentence: article.publisher ?? article.url ?? 'no publisher given: a news outlet is assumed',
  });
  if (headline) {
    record.title = location.country ? `${countryName(location.country.code)}: ${headline}` : headline;
    evidence.push({
      ...evidenceAt(reading, '/title', record.title, 0.4, headSpan.start, headSpan.end),
      sentence: headline,
    });
    record.sources = [
      {
        companies: companies.map((company) => company.name),
        headline,
        ...(article.publisher ? { publisher: article.publisher } : {}),
        ...(article.url ? { url: article.url } : {}),
        ...(record.dateReported ? { published: record.dateReported } : {}),
        excerpt: excerptOf(article),
      },
    ];
    evidence.push({
      ...evidenceAt(reading, '/sources/0/headline', headline, 0.9, headSpan.start, headSpan.end),
      sentence: headline,
    });
  }

  const model = options.model ?? FITTED_EXTRACTION_MODEL;
  const features = relevanceFeatures(
    issues.length,
    groups.workerMentions > 0 || groups.groups.length > 0,
    companies.length > 0,
    allegationCount(reading),
  );
  if (options.features) options.features.relevance = features;
  // Rescaled so that 0.5 is the fitted threshold: callers judge relevance at 0.5.
  const relevance = rescaled(probability(model.relevance, features), model.relevance.threshold);
  return {
    relevance: Math.round(relevance * 1000) / 1000,
    record,
    evidence,
    text: article.text,
    ...(article.language ? { language: article.language } : {}),
  };
}
