import {
  COMPANY_ROLES,
  enumerationValues,
  GENDERS,
  isEnumerationName,
  MIGRATION_STATUSES,
} from '../../domain/enumerations.ts';
import { fieldValue, type RecordField } from '../../domain/record-fields.ts';
import { RECORD_FIELDS, type RecordInput } from '../../domain/record.ts';
import { groupTypeTerms, issueTerms, type Language } from '../../domain/taxonomy.ts';
import type { Evidence, ExtractionResult } from '../../extract/model.ts';
import { formFromRecord, REPEATED } from './record-form.ts';

/**
 * The review of an extracted draft: one row per proposal (a field, a company, a group, an issue, the source),
 * each with the record-form fields that hold its values, its evidence in the article, and a decision (accept
 * or reject). The field names are the record form's, so that the accepted rows are read by `readRecordForm`.
 */

export type Decision = 'accept' | 'reject';

export interface ReviewField {
  name: string;
  /** The translation key of the field's label. */
  label: string;
  value: string;
  kind: 'text' | 'date' | 'number' | 'textarea' | 'select';
  options?: { value: string; label: string }[];
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
  decision: Decision;
}

/** A draft made complete enough for the record form (blank where the article said nothing). */
export function draftAsRecord(result: ExtractionResult): RecordInput {
  const draft = result.record;
  return {
    title: draft.title ?? '',
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

const choices = (values: readonly string[]) => [
  { value: '', label: '—' },
  ...values.map((value) => ({ value, label: value })),
];

/** The fields an extraction proposes, with their labels in the review, in the model's order. */
const REVIEWED_FIELDS = RECORD_FIELDS.filter((field) => field.review !== undefined);

type Posted = {
  values: Record<string, string>;
  decisions: Record<string, Decision>;
  issues: Record<string, string>;
};

/** Builds the rows: each with its fields' values (posted, else the draft's), evidence and decision. */
class RowBuilder {
  readonly rows: ReviewRow[] = [];
  private readonly form: Record<string, string>;

  constructor(
    private readonly result: ExtractionResult,
    readonly record: RecordInput,
    readonly language: Language,
    readonly posted: Posted | undefined,
  ) {
    this.form = formFromRecord(record, language).values;
  }

  value(name: string): string {
    return this.posted?.values[name] ?? this.form[name] ?? '';
  }

  text(name: string, label: string, kind: ReviewField['kind'] = 'text'): ReviewField {
    return { name, label, value: this.value(name), kind };
  }

  select(name: string, label: string, options: ReviewField['options']): ReviewField {
    return { name, label, value: this.value(name), kind: 'select', options };
  }

  add(key: string, heading: string, fields: ReviewField[], pointer: string, number?: number): void {
    const evidence = this.result.evidence.flatMap((item: Evidence, index) =>
      item.path === pointer || item.path.startsWith(`${pointer}/`) ? [index] : [],
    );
    this.rows.push({
      key,
      heading,
      ...(number !== undefined ? { number } : {}),
      fields,
      confidence: this.confidenceOf(evidence),
      evidence,
      decision: this.posted?.decisions[key] ?? 'accept',
    });
  }

  private confidenceOf(indexes: number[]): number {
    if (indexes.length === 0) return 0;
    const sum = indexes.reduce((total, index) => total + this.result.evidence[index]!.confidence, 0);
    return Math.round((sum / indexes.length) * 100) / 100;
  }
}

/** A proposed single field's row, when the draft has a value for it. */
function addFieldRow(rows: RowBuilder, field: RecordField): void {
  const value = fieldValue(rows.record, field);
  if (value === undefined || value === null || value === '') return;
  const label = field.review!;
  const input = isEnumerationName(field.kind)
    ? rows.select(field.name, label, choices(enumerationValues(field.kind)))
    : rows.text(
        field.name,
        label,
        field.kind === 'date' ? 'date' : field.kind === 'count' ? 'number' : 'text',
      );
  rows.add(field.name, label, [input], field.pointer);
}

function addCompanyRows(rows: RowBuilder): void {
  rows.record.companies.forEach((_, index) => {
    const prefix = `companies.${index}`;
    rows.add(
      prefix,
      'article.field.company',
      [
        rows.text(`${prefix}.name`, 'article.field.companyName'),
        rows.select(`${prefix}.role`, 'article.field.companyRole', choices(COMPANY_ROLES)),
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
      if (name === 'gender') return rows.select(full, label, choices(GENDERS));
      if (name === 'migrationStatus') return rows.select(full, label, choices(MIGRATION_STATUSES));
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
    const value = rows.posted?.issues[name] ?? issue;
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
        rows.text(`${prefix}.excerpt`, 'article.field.source.excerpt', 'textarea'),
        rows.text(`${prefix}.companies`, 'article.field.source.companies', 'textarea'),
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

/** The rows of the review, from the draft (or from the values the researcher posted, when shown again). */
export function reviewRows(result: ExtractionResult, language: Language, posted?: Posted): ReviewRow[] {
  const rows = new RowBuilder(result, draftAsRecord(result), language, posted);
  for (const field of REVIEWED_FIELDS) {
    addFieldRow(rows, field);
    for (const addList of LIST_ROWS_AFTER[field.name] ?? []) addList(rows);
  }
  return rows.rows;
}

/**
 * The record form's body from a posted review: the fields of rejected rows dropped, the accepted issues
 * gathered into the form's `issues` list.
 */
export function acceptedFormBody(body: Record<string, unknown>): {
  form: Record<string, unknown>;
  decisions: Record<string, Decision>;
  issues: Record<string, string>;
  values: Record<string, string>;
} {
  const decisions: Record<string, Decision> = {};
  const values: Record<string, string> = {};
  const issues: Record<string, string> = {};
  for (const [name, raw] of Object.entries(body)) {
    const text = typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw[raw.length - 1] ?? '') : '';
    if (name.startsWith('decide.'))
      decisions[name.slice('decide.'.length)] = text === 'reject' ? 'reject' : 'accept';
    else if (/^issues\.\d+$/.test(name)) issues[name] = text;
    else values[name] = text;
  }
  const rejected = Object.entries(decisions)
    .filter(([, decision]) => decision === 'reject')
    .map(([key]) => key);
  const form: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(values)) {
    if (rejected.some((key) => name === key || name.startsWith(`${key}.`))) continue;
    form[name] = text;
  }
  form['issues'] = Object.entries(issues)
    .filter(([name, id]) => id && decisions[name] !== 'reject')
    .map(([, id]) => id);
  return { form, decisions, issues, values };
}

/** Article text cut into plain and highlighted pieces: each evidence span once, overlaps left to the first. */
export function highlightedArticle(
  result: ExtractionResult,
): { text: string; evidence?: number; title?: string }[] {
  const spans = result.evidence
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.end > item.start && item.end <= result.text.length)
    .sort((a, b) => a.item.start - b.item.start || b.item.end - a.item.end);
  const pieces: { text: string; evidence?: number; title?: string }[] = [];
  let cursor = 0;
  const seen = new Set<string>();
  for (const { item, index } of spans) {
    if (item.start < cursor || seen.has(`${item.start}:${item.end}`)) continue;
    seen.add(`${item.start}:${item.end}`);
    if (item.start > cursor) pieces.push({ text: result.text.slice(cursor, item.start) });
    pieces.push({
      text: result.text.slice(item.start, item.end),
      evidence: index,
      title: `${item.path}: ${String(item.value)}`,
    });
    cursor = item.end;
  }
  if (cursor < result.text.length) pieces.push({ text: result.text.slice(cursor) });
  return pieces;
}

/** Which evidence span a row can link to: its own, or the one shown for the same words. */
export function shownEvidence(result: ExtractionResult, index: number): number {
  const item = result.evidence[index]!;
  const first = result.evidence.findIndex((other) => other.start === item.start && other.end === item.end);
  return first >= 0 ? first : index;
}
