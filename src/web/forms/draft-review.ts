import {
  enumerationLabel,
  enumerationValues,
  isEnumerationName,
  type EnumerationName,
} from '../../domain/enumerations.ts';
import { fieldValue, type RecordField } from '../../domain/record-fields.ts';
import { RECORD_FIELDS, type RecordInput } from '../../domain/record.ts';
import { groupTypeTerms, issueTerms, type Language } from '../../domain/taxonomy.ts';
import { isFrameEvidence, sourceExcerpt } from '../../extract/excerpt.ts';
import type { Evidence, ExtractionResult } from '../../extract/model.ts';
import { formFromRecord, REPEATED } from './record-form.ts';

/**
 * The review of an extracted draft: one row per proposal (a field, a company, a group, an issue, the source),
 * each with the record-form fields that hold its values, its evidence in the article, and a decision (accept
 * or reject, or none yet). The field names are the record form's, so that the accepted rows are read by
 * `readRecordForm`.
 */

/**
 * Proposals at this confidence or more start accepted; the others start unaccepted, marked as low confidence,
 * and are saved only if the researcher accepts them (or changes their value). The extractor gives its guesses
 * 0.4 to 0.55 (a title made from the headline, a date read from the body, a source type assumed, an issue
 * from weak cues, the summary) and values it reads in explicit words 0.7 or more: 0.6 falls between.
 */
export const ACCEPTED_CONFIDENCE = 0.6;

export type Decision = 'accept' | 'reject';

export interface ReviewField {
  name: string;
  /** The translation key of the field's label. */
  label: string;
  value: string;
  kind: 'text' | 'date' | 'number' | 'textarea' | 'select';
  options?: { value: string; label: string }[];
  /** The translation key of a hint under the field. */
  hint?: string;
  /** A field made from the decisions (the source's excerpt and companies) that still holds what was made. */
  follows?: boolean;
}

export interface ReviewRow {
  /** The decision's key: a field name or a list item's prefix (`companies.0`). */
  key: string;
  /** The translation key of the row's heading. */
  heading: string;
  number?: number;
  fields: ReviewField[];
  confidence: number;
  /** Indexes of the evidence (into the result's evidence list) behind the row. */
  evidence: number[];
  /** Under `ACCEPTED_CONFIDENCE`: the proposal started unaccepted. */
  low: boolean;
  /** False for a field the draft needs but the article gave no value for: shown blank, to be written. */
  proposed: boolean;
  /** Accepted, rejected, or neither (an unaccepted proposal the researcher left alone: not saved). */
  decision?: Decision;
}

/** A draft made complete enough for the record form (blank where the article said nothing). */
export function draftAsRecord(result: ExtractionResult): RecordInput {
  const draft = result.record;
  return {
    title: draft.title ?? '',
    ...(draft.summary ? { summary: draft.summary } : {}),
    dateReported: draft.dateReported ?? '',
    location: draft.location ?? { country: '' },
    companies: draft.companies ?? [],
    affected: draft.affected ?? { total: null, groups: [] },
    issues: draft.issues ?? [],
    response: { sought: false },
    ...(draft.sourceType ? { sourceType: draft.sourceType } : {}),
    sources: draft.sources ?? [],
  };
}

/** An enumeration's values as the choices of a select, each under its label in the page's language. */
const choices = (name: EnumerationName, language: Language) => [
  { value: '', label: '—' },
  ...enumerationValues(name).map((value) => ({ value, label: enumerationLabel(name, value, language) })),
];

/** The fields an extraction proposes, with their labels in the review, in the model's order. */
const REVIEWED_FIELDS = RECORD_FIELDS.filter((field) => field.review !== undefined);

/** A posted review, read against the rows it was made of: their fields' values and their decisions. */
export interface PostedReview {
  values: Record<string, string>;
  decisions: Record<string, Decision>;
}

/** Builds the rows: each with its fields' values (posted, else the draft's), evidence and decision. */
class RowBuilder {
  readonly rows: ReviewRow[] = [];
  private readonly form: Record<string, string>;

  constructor(
    private readonly result: ExtractionResult,
    readonly record: RecordInput,
    readonly language: Language,
    readonly posted: PostedReview | undefined,
  ) {
    this.form = formFromRecord(record, language).values;
  }

  value(name: string): string {
    return this.posted?.values[name] ?? this.form[name] ?? '';
  }

  text(name: string, label: string, kind: ReviewField['kind'] = 'text', hint?: string): ReviewField {
    return { name, label, value: this.value(name), kind, ...(hint ? { hint } : {}) };
  }

  select(name: string, label: string, options: ReviewField['options']): ReviewField {
    return { name, label, value: this.value(name), kind: 'select', options };
  }

  add(
    key: string,
    heading: string,
    fields: ReviewField[],
    pointer: string,
    number?: number,
    proposed = true,
  ): void {
    const evidence = this.result.evidence.flatMap((item: Evidence, index) =>
      item.path === pointer || item.path.startsWith(`${pointer}/`) ? [index] : [],
    );
    const confidence = this.confidenceOf(evidence);
    const low = confidence < ACCEPTED_CONFIDENCE;
    const decision = this.posted ? this.posted.decisions[key] : low ? undefined : 'accept';
    this.rows.push({
      key,
      heading,
      ...(number !== undefined ? { number } : {}),
      fields,
      confidence,
      evidence,
      low,
      proposed,
      ...(decision ? { decision } : {}),
    });
  }

  private confidenceOf(indexes: number[]): number {
    if (indexes.length === 0) return 0;
    const sum = indexes.reduce((total, index) => total + this.result.evidence[index]!.confidence, 0);
    return Math.round((sum / indexes.length) * 100) / 100;
  }
}

/**
 * A single field's row, when the draft has a value for it, or when a draft cannot be saved without one (a
 * count may be unknown): blank then, for the researcher to write from the article.
 */
function addFieldRow(rows: RowBuilder, field: RecordField): void {
  const value = fieldValue(rows.record, field);
  const proposed = value !== undefined && value !== null && value !== '';
  if (!proposed && (field.optional || field.kind === 'count')) return;
  const label = field.review!;
  const input = isEnumerationName(field.kind)
    ? rows.select(field.name, label, choices(field.kind, rows.language))
    : rows.text(
        field.name,
        label,
        field.kind === 'date'
          ? 'date'
          : field.kind === 'count'
            ? 'number'
            : field.form?.rows
              ? 'textarea'
              : 'text',
        field.name === 'summary' ? 'article.summaryHint' : undefined,
      );
  rows.add(field.name, label, [input], field.pointer, undefined, proposed);
}

function addCompanyRows(rows: RowBuilder): void {
  rows.record.companies.forEach((_, index) => {
    const prefix = `companies.${index}`;
    rows.add(
      prefix,
      'article.field.company',
      [
        rows.text(`${prefix}.name`, 'article.field.companyName'),
        rows.select(`${prefix}.role`, 'article.field.companyRole', choices('companyRole', rows.language)),
      ],
      `/companies/${index}`,
      index + 1,
    );
  });
}

function addGroupRows(rows: RowBuilder): void {
  rows.record.affected.groups.forEach((_, index) => {
    const prefix = `affected.groups.${index}`;
    const fields = REPEATED.groups.map((name): ReviewField => {
      const full = `${prefix}.${name}`;
      const label = `article.field.group.${name}`;
      if (name === 'type')
        return rows.select(
          full,
          label,
          groupTypeTerms.terms.map((term) => ({
            value: term.id,
            label: groupTypeTerms.label(term.id, rows.language),
          })),
        );
      if (name === 'gender') return rows.select(full, label, choices('gender', rows.language));
      if (name === 'migrationStatus')
        return rows.select(full, label, choices('migrationStatus', rows.language));
      return rows.text(full, label, name === 'count' ? 'number' : 'text');
    });
    rows.add(prefix, 'article.field.group', fields, `/affected/groups/${index}`, index + 1);
  });
}

function addIssueRows(rows: RowBuilder): void {
  rows.record.issues.forEach((issue, index) => {
    const name = `issues.${index}`;
    const options = issueTerms.terms.map((term) => ({
      value: term.id,
      label: issueTerms.label(term.id, rows.language),
    }));
    const value = rows.posted?.values[name] ?? issue;
    rows.add(
      name,
      'article.field.issue',
      [{ name, label: 'article.field.issue', value, kind: 'select', options }],
      `/issues/${index}`,
      index + 1,
    );
  });
}

function addSourceRows(rows: RowBuilder): void {
  rows.record.sources.forEach((_, index) => {
    const prefix = `sources.${index}`;
    rows.add(
      prefix,
      'article.field.source',
      [
        rows.text(`${prefix}.headline`, 'article.field.source.headline'),
        rows.text(`${prefix}.publisher`, 'article.field.source.publisher'),
        rows.text(`${prefix}.url`, 'article.field.source.url'),
        rows.text(`${prefix}.published`, 'article.field.source.published', 'date'),
        rows.text(`${prefix}.excerpt`, 'article.field.source.excerpt', 'textarea', 'article.excerptHint'),
        rows.text(`${prefix}.companies`, 'article.field.source.companies', 'textarea', 'article.followsHint'),
      ],
      `/sources/${index}`,
    );
  });
}

/** The rows of the lists, each after the row of the field named. */
const LIST_ROWS_AFTER: Record<string, ((rows: RowBuilder) => void)[]> = {
  'location.city': [addCompanyRows],
  'affected.total': [addGroupRows, addIssueRows],
  sourceType: [addSourceRows],
};

/**
 * The rows of the review, from the draft, or from a posted review when shown again or saved. The source's
 * excerpt and its companies follow the decisions while they are left as proposed (see `followingValues`).
 */
export function reviewRows(result: ExtractionResult, language: Language, posted?: PostedReview): ReviewRow[] {
  const build = (review: PostedReview | undefined) => {
    const rows = new RowBuilder(result, draftAsRecord(result), language, review);
    for (const field of REVIEWED_FIELDS) {
      addFieldRow(rows, field);
      for (const addList of LIST_ROWS_AFTER[field.name] ?? []) addList(rows);
    }
    return rows.rows;
  };
  const proposed = build(undefined);
  setFollowingValues(result, proposed, proposed);
  if (!posted) return proposed;
  const rows = build(posted);
  setFollowingValues(result, rows, proposed);
  return rows;
}

/** Text as a browser posts it from a text area (CRLF line ends), made comparable. */
export const normalised = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/** What the following fields hold for the rows' decisions: the accepted evidence's paragraphs, companies. */
function followingValues(result: ExtractionResult, rows: ReviewRow[]): Record<string, string> {
  const accepted = rows.filter((row) => row.decision === 'accept');
  const evidence = [
    ...result.evidence.filter(isFrameEvidence),
    ...accepted.flatMap((row) => row.evidence.map((index) => result.evidence[index]!)),
  ];
  const companies = accepted
    .filter((row) => /^companies\.\d+$/.test(row.key))
    .map((row) => row.fields.find((field) => field.name.endsWith('.name'))?.value.trim() ?? '')
    .filter(Boolean);
  return {
    'sources.0.excerpt': sourceExcerpt(result.text, evidence),
    'sources.0.companies': companies.join('\n'),
  };
}

/**
 * The source's excerpt and companies, made from the accepted proposals: set on the proposed rows, and on
 * posted rows whose value is still what was proposed or made for their decisions (the researcher left it),
 * so that rejecting a company drops its paragraph and its name. A value the researcher wrote is kept.
 */
function setFollowingValues(result: ExtractionResult, rows: ReviewRow[], proposed: ReviewRow[]): void {
  const made = followingValues(result, rows);
  const first = rows === proposed ? made : followingValues(result, proposed);
  for (const row of rows)
    for (const field of row.fields) {
      const value = made[field.name];
      if (value === undefined) continue;
      field.follows =
        rows === proposed ||
        [first[field.name], value].some((text) => normalised(field.value) === normalised(text ?? ''));
      if (field.follows) field.value = value;
    }
}
