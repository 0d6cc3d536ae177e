import { countryName } from '../domain/countries.ts';
import { readArticle, type Article } from './article.ts';
import { companyEvidence, proposeCompanies, type KnownCompanies } from './companies.ts';
import { cues } from './cues.ts';
import { proposeDate } from './dates.ts';
import { sourceExcerpt } from './excerpt.ts';
import {
  METADATA_EVIDENCE,
  type ArticleInput,
  type DraftRecord,
  type Evidence,
  type ExtractionResult,
} from './model.ts';
import { proposeLocation } from './places.ts';
import { evidenceAt, readText } from './reading.ts';
import {
  allegationCount,
  announcementCount,
  issueCandidates,
  issueEvidence,
  proposeIssues,
  proposeSector,
  scoreIssues,
} from './topics.ts';
import { findPeople, originMentionsOf } from './people.ts';
import { proposeSummary, SUMMARY_CONFIDENCE } from './summary.ts';
import { proposeGroups } from './workers.ts';
import {
  FITTED_EXTRACTION_MODEL,
  probability,
  type BinaryModel,
  type ExtractionModel,
  type FeatureLog,
  type Features,
} from './fitted-model.ts';

export interface ExtractOptions {
  /** Known companies, to link the names found to company records. */
  companies?: KnownCompanies;
  /** The learnt weights (default: the fitted model of extraction-model.json); the folds of the evaluation give others. */
  model?: ExtractionModel;
  /** Filled with the features of the learnt choices, for fitting. */
  features?: FeatureLog;
}

/** Issues and allegation phrases count up to these many towards relevance. */
const ISSUES_COUNTED = 3;
const PHRASES_COUNTED = 4;

/** What relevance is judged on; the weights are fitted (`fitted-model.ts`). */
interface RelevanceSigns {
  /** The fitted probabilities of the issues whose cues the article uses. */
  issueProbabilities: number[];
  issuesProposed: number;
  workers: boolean;
  company: boolean;
  allegations: number;
  announcements: number;
}

/**
 * Relevance features: what the draft found (issues, the strongest sign, with how sure each is; affected
 * workers; a business), the language of allegation and the language of news that is not one.
 */
function relevanceFeatures(signs: RelevanceSigns): Features {
  const strength = signs.issueProbabilities.reduce((sum, p) => sum + p, 0);
  return {
    issues: Math.min(signs.issuesProposed, ISSUES_COUNTED),
    issueStrength: Math.min(strength, ISSUES_COUNTED),
    strongestIssue: signs.issueProbabilities.reduce((best, p) => Math.max(best, p), 0),
    workers: signs.workers ? 1 : 0,
    company: signs.company ? 1 : 0,
    allegations: Math.min(signs.allegations, PHRASES_COUNTED),
    announcements: Math.min(signs.announcements, PHRASES_COUNTED),
  };
}

/** The fitted relevance, rescaled so that 0.5 is its threshold (callers judge relevance at 0.5). */
function relevanceOf(model: BinaryModel, features: Features): number {
  return Math.round(rescaled(probability(model, features), model.threshold) * 1000) / 1000;
}

/** A probability moved so that the threshold falls at one half, keeping 0 and 1 where they are. */
function rescaled(p: number, threshold: number): number {
  if (threshold <= 0 || threshold >= 1) return p;
  return p < threshold ? (p / threshold) * 0.5 : 0.5 + ((p - threshold) / (1 - threshold)) * 0.5;
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

  const date = proposeDate(reading);
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

  const model = options.model ?? FITTED_EXTRACTION_MODEL;
  const companies = proposeCompanies(reading, {
    ...(options.companies ? { known: options.companies } : {}),
    ...(location.country ? { country: location.country.code } : {}),
    ...(location.city ? { places: [location.city.name] } : {}),
    roles: model.roles,
    ...(options.features ? { log: options.features } : {}),
  });
  record.companies = companies.map((company) => ({
    name: company.name,
    role: company.role,
    ...(company.companyId ? { companyId: company.companyId } : {}),
  }));
  for (const item of companyEvidence(reading, companies)) evidence.push(item);

  const candidates = issueCandidates(reading);
  const sector = proposeSector(reading);
  const groups = proposeGroups(reading, people, location.country?.code, sector, {
    model: model.counts,
    issueHits: candidates.flatMap((candidate) => candidate.hits),
    ...(options.features ? { log: options.features } : {}),
  });
  record.affected = { total: groups.total, groups: groups.groups };
  for (const item of groups.evidence) evidence.push(item);
  groups.groups.forEach((_, index) => {
    for (const item of sector.evidence ?? [])
      evidence.push({ ...item, path: item.path.replace('/groups/0/', `/groups/${index}/`) });
  });

  if (options.features)
    for (const { issue, features } of candidates) options.features.issues.push({ issue, features });
  const scoredIssues = scoreIssues(model.issues, candidates);
  const issues = proposeIssues(model.issues, scoredIssues);
  record.issues = issues.map((proposal) => proposal.issue);
  for (const item of issueEvidence(reading, issues)) evidence.push(item);

  const sourceType = sourceTypeOf(article);
  record.sourceType = sourceType.type;
  const headline = article.headline ?? '';
  const headSpan = article.headlineSpan ?? { start: 0, end: 0 };
  evidence.push({
    ...evidenceAt(reading, '/sourceType', sourceType.type, sourceType.confidence, 0, 0),
    // Told by who published the article, not by its words: no span in the text.
    sentence: article.publisher ?? article.url ?? METADATA_EVIDENCE.noPublisher,
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
        excerpt: '',
      },
    ];
    evidence.push({
      ...evidenceAt(reading, '/sources/0/headline', headline, 0.9, headSpan.start, headSpan.end),
      sentence: headline,
    });
  }

  // Once all evidence is in (the headline's too, which keeps the headline out): the lead sentences and the
  // paragraphs that carry it.
  const summary = proposeSummary(reading.text, reading.sentences, evidence);
  if (summary) {
    record.summary = summary.text;
    evidence.push(
      evidenceAt(reading, '/summary', summary.text, SUMMARY_CONFIDENCE, summary.start, summary.end),
    );
  }
  if (record.sources?.[0]) record.sources[0].excerpt = sourceExcerpt(article.text, evidence);

  const features = relevanceFeatures({
    issueProbabilities: scoredIssues.map((scored) => scored.probability),
    issuesProposed: issues.length,
    workers: groups.workerMentions > 0 || groups.groups.length > 0,
    company: companies.length > 0,
    allegations: allegationCount(reading),
    announcements: announcementCount(reading),
  });
  if (options.features) options.features.relevance = features;
  return {
    relevance: relevanceOf(model.relevance, features),
    record,
    evidence,
    text: article.text,
    ...(article.language ? { language: article.language } : {}),
  };
}
