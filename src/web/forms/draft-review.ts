import { COMPANY_ROLES, GENDERS, MIGRATION_STATUSES, SOURCE_TYPES } from '../../domain/enumerations.ts';
import type { RecordInput } from '../../domain/record.ts';
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

/** The rows of the review, from the draft (or from the values the researcher posted, when shown again). */
export function reviewRows(
  result: ExtractionResult,
  language: Language,
  posted?: {
    values: Record<string, string>;
    decisions: Record<string, Decision>;
    issues: Record<string, string>;
  },
): ReviewRow[] {
  const record = draftAsRecord(result);
  const form = formFromRecord(record, language).values;
  const value = (name: string) => posted?.values[name] ?? form[name] ?? '';
  const evidenceOf = (prefix: string) =>
    result.evidence.flatMap((item: Evidence, index) =>
      item.path === prefix || item.path.startsWith(`${prefix}/`) ? [index] : [],
    );
  const confidenceOf = (indexes: number[]) =>
    indexes.length === 0
      ? 0
      : Math.round(
          (indexes.reduce((sum, index) => sum + result.evidence[index]!.confidence, 0) / indexes.length) *
            100,
        ) / 100;
  const rows: ReviewRow[] = [];
  const add = (key: string, heading: string, fields: ReviewField[], pointer: string, number?: number) => {
    const evidence = evidenceOf(pointer);
    rows.push({
      key,
      heading,
      ...(number !== undefined ? { number } : {}),
      fields,
      confidence: confidenceOf(evidence),
      evidence,
      decision: posted?.decisions[key] ?? 'accept',
    });
  };
  const text = (name: string, label: string, kind: ReviewField['kind'] = 'text'): ReviewField => ({
    name,
    label,
    value: value(name),
    kind,
  });
  const select = (name: string, label: string, options: ReviewField['options']): ReviewField => ({
    name,
    label,
    value: value(name),
    kind: 'select',
    options,
  });

  if (record.title) add('title', 'article.field.title', [text('title', 'article.field.title')], '/title');
  if (record.dateReported)
    add(
      'dateReported',
      'article.field.dateReported',
      [text('dateReported', 'article.field.dateReported', 'date')],
      '/dateReported',
    );
  if (record.location.country)
    add(
      'location.country',
      'article.field.country',
      [text('location.country', 'article.field.country')],
      '/location/country',
    );
  if (record.location.city)
    add(
      'location.city',
      'article.field.city',
      [text('location.city', 'article.field.city')],
      '/location/city',
    );
  record.companies.forEach((_, index) => {
    const prefix = `companies.${index}`;
    add(
      prefix,
      'article.field.company',
      [
        text(`${prefix}.name`, 'article.field.companyName'),
        select(`${prefix}.role`, 'article.field.companyRole', choices(COMPANY_ROLES)),
      ],
      `/companies/${index}`,
      index + 1,
    );
  });
  if (record.affected.total !== null)
    add(
      'affected.total',
      'article.field.total',
      [text('affected.total', 'article.field.total', 'number')],
      '/affected/total',
    );
  record.affected.groups.forEach((_, index) => {
    const prefix = `affected.groups.${index}`;
    const fields = REPEATED.groups.map((name): ReviewField => {
      const full = `${prefix}.${name}`;
      const label = `article.field.group.${name}`;
      if (name === 'type')
        return select(
          full,
          label,
          groupTypeTerms.terms.map((term) => ({
            value: term.id,
            label: groupTypeTerms.label(term.id, language),
          })),
        );
      if (name === 'gender') return select(full, label, choices(GENDERS));
      if (name === 'migrationStatus') return select(full, label, choices(MIGRATION_STATUSES));
      return text(full, label, name === 'count' ? 'number' : 'text');
    });
    add(prefix, 'article.field.group', fields, `/affected/groups/${index}`, index + 1);
  });
  record.issues.forEach((issue, index) => {
    const name = `issues.${index}`;
    const options = issueTerms.terms.map((term) => ({
      value: term.id,
      label: issueTerms.label(term.id, language),
    }));
    add(
      name,
      'article.field.issue',
      [{ name, label: 'article.field.issue', value: posted?.issues[name] ?? issue, kind: 'select', options }],
      `/issues/${index}`,
      index + 1,
    );
  });
  if (record.sourceType)
    add(
      'sourceType',
      'article.field.sourceType',
      [select('sourceType', 'article.field.sourceType', choices(SOURCE_TYPES))],
      '/sourceType',
    );
  record.sources.forEach((_, index) => {
    const prefix = `sources.${index}`;
    add(
      prefix,
      'article.field.source',
      [
        text(`${prefix}.headline`, 'article.field.source.headline'),
        text(`${prefix}.publisher`, 'article.field.source.publisher'),
        text(`${prefix}.url`, 'article.field.source.url'),
        text(`${prefix}.published`, 'article.field.source.published', 'date'),
        text(`${prefix}.excerpt`, 'article.field.source.excerpt', 'textarea'),
        text(`${prefix}.companies`, 'article.field.source.companies', 'textarea'),
      ],
      `/sources/${index}`,
    );
  });
  return rows;
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
