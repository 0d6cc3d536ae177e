import { countryCode, countryName } from '../../domain/countries.ts';
import { findEnumerationValue } from '../../domain/enumerations.ts';
import { zodIssues } from '../../domain/errors.ts';
import { RecordInput } from '../../domain/record.ts';
import {
  groupTypeTerms,
  issueTerms,
  sectorTerms,
  subsectorTerms,
  type Language,
} from '../../domain/taxonomy.ts';
import { readCount, readSector } from '../../formats/text/vocabulary.ts';
import { fieldMessage, type FieldKind, type MessageContext } from './field-messages.ts';

/**
 * The record form: HTML field names are the record's JSON paths with dots (`affected.groups.0.origin`), so
 * that a validation issue at `/affected/groups/0/origin` lands beside its field. Values may be typed as ids,
 * codes or labels in any language the vocabularies know; the server resolves them.
 */

export const REPEATED = {
  companies: ['name', 'role'],
  groups: ['type', 'count', 'origin', 'sector', 'gender', 'migrationStatus'],
  sources: ['headline', 'publisher', 'url', 'published', 'excerpt', 'companies', 'restricted'],
} as const;
export type RepeatedList = keyof typeof REPEATED;

/** Where each repeated list lives in the record, as a field-name prefix. */
export const LIST_PREFIX: Record<RepeatedList, string> = {
  companies: 'companies',
  groups: 'affected.groups',
  sources: 'sources',
};

export interface RecordFormState {
  values: Record<string, string>;
  issues: string[];
  rows: Record<RepeatedList, number>;
  /** Messages by field name; '' holds those that belong to no one field. */
  errors: Record<string, string[]>;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? String(value[value.length - 1] ?? '') : '';
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];

/** What each field holds, by its name with list positions as `*`: its errors are said in those words. */
const FIELD_KINDS: Record<string, FieldKind> = {
  dateReported: 'date',
  'location.country': 'country',
  'companies.*.role': 'companyRole',
  'affected.total': 'count',
  'affected.groups.*.type': 'groupType',
  'affected.groups.*.count': 'count',
  'affected.groups.*.origin': 'country',
  'affected.groups.*.sector': 'sector',
  'affected.groups.*.gender': 'gender',
  'affected.groups.*.migrationStatus': 'migrationStatus',
  sourceType: 'sourceType',
  'sources.*.url': 'url',
  'sources.*.published': 'date',
};
const kindOf = (field: string): FieldKind | undefined => FIELD_KINDS[field.replace(/\.\d+\./g, '.*.')];

/** The form filled from a record (or empty), with one blank row in each list for adding. */
export function formFromRecord(record?: RecordInput, language: Language = 'en'): RecordFormState {
  const values: Record<string, string> = {};
  const set = (name: string, value: string | number | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') values[name] = String(value);
  };
  if (record) {
    set('title', record.title);
    set('summary', record.summary);
    set('dateReported', record.dateReported);
    set('location.country', countryName(record.location.country, language));
    set('location.city', record.location.city);
    record.companies.forEach((company, index) => {
      set(`companies.${index}.name`, company.name);
      set(`companies.${index}.role`, company.role);
    });
    set('affected.total', record.affected.total);
    record.affected.groups.forEach((group, index) => {
      const prefix = `affected.groups.${index}`;
      set(`${prefix}.type`, group.type);
      set(`${prefix}.count`, group.count);
      set(`${prefix}.origin`, group.origin ? countryName(group.origin, language) : '');
      set(
        `${prefix}.sector`,
        group.sector
          ? group.subsector
            ? `${sectorTerms.label(group.sector, language)}: ${subsectorTerms.label(group.subsector, language)}`
            : sectorTerms.label(group.sector, language)
          : '',
      );
      set(`${prefix}.gender`, group.gender);
      set(`${prefix}.migrationStatus`, group.migrationStatus);
    });
    if (record.response.sought) values['response.sought'] = 'on';
    set('sourceType', record.sourceType);
    record.sources.forEach((source, index) => {
      const prefix = `sources.${index}`;
      set(`${prefix}.headline`, source.headline);
      set(`${prefix}.publisher`, source.publisher);
      set(`${prefix}.url`, source.url);
      set(`${prefix}.published`, source.published);
      set(`${prefix}.excerpt`, source.excerpt);
      set(`${prefix}.companies`, source.companies.join('\n'));
      if (source.restricted) values[`${prefix}.restricted`] = 'on';
    });
    set('internalNotes', record.internalNotes);
  }
  return {
    values,
    issues: record?.issues ?? [],
    rows: {
      companies: (record?.companies.length ?? 0) + 1,
      groups: (record?.affected.groups.length ?? 0) + 1,
      sources: (record?.sources.length ?? 0) + 1,
    },
    errors: {},
  };
}

/** How many rows of a list the posted form has (the highest index present, plus one). */
function postedRows(body: Record<string, unknown>, prefix: string): number {
  let rows = 0;
  const pattern = new RegExp(`^${prefix.replace('.', '\\.')}\\.(\\d+)\\.`);
  for (const key of Object.keys(body)) {
    const index = pattern.exec(key)?.[1];
    if (index !== undefined) rows = Math.max(rows, Math.min(Number(index) + 1, 200));
  }
  return rows;
}

/**
 * Reads a posted form into a record, or the issues that stop it. Blank rows are dropped and the rest
 * renumbered, so that the form shown again lines up with the issues' paths.
 */
export function readRecordForm(
  body: Record<string, unknown>,
  messages: MessageContext,
): {
  state: RecordFormState;
  record?: RecordInput;
} {
  const values: Record<string, string> = {};
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  const refuse = (field: string, kind: FieldKind) =>
    fail(field, fieldMessage(kind, values[field] ?? '', messages));
  const field = (name: string) => text(body[name]).trim();
  const keep = (name: string, value: string) => {
    if (value) values[name] = value;
  };
  for (const name of [
    'title',
    'summary',
    'dateReported',
    'location.country',
    'location.city',
    'affected.total',
  ]) {
    keep(name, field(name));
  }
  keep('sourceType', field('sourceType'));
  keep('internalNotes', text(body.internalNotes));
  if (text(body['response.sought'])) values['response.sought'] = 'on';

  const rows = { companies: 0, groups: 0, sources: 0 };
  for (const listName of Object.keys(REPEATED) as RepeatedList[]) {
    const prefix = LIST_PREFIX[listName];
    for (let index = 0; index < postedRows(body, prefix); index++) {
      const row = REPEATED[listName].map((name) => [name, field(`${prefix}.${index}.${name}`)] as const);
      if (row.every(([name, value]) => !value || name === 'restricted')) continue;
      for (const [name, value] of row) keep(`${prefix}.${rows[listName]}.${name}`, value);
      rows[listName]++;
    }
  }
  const issues = list(body.issues);

  // The record as typed, with labels resolved to ids; what cannot be resolved is kept for zod to report.
  const country = values['location.country'] ?? '';
  const count = (name: string): number | null => {
    const raw = values[name];
    if (!raw) return null;
    const read = readCount(raw);
    if (read === undefined) {
      refuse(name, 'count');
      return null;
    }
    return read;
  };
  const candidate = {
    title: values.title ?? '',
    ...(values.summary ? { summary: values.summary } : {}),
    dateReported: values.dateReported ?? '',
    location: {
      country: countryCode(country) ?? country,
      ...(values['location.city'] ? { city: values['location.city'] } : {}),
    },
    companies: Array.from({ length: rows.companies }, (_, index) => {
      const role = values[`companies.${index}.role`] ?? '';
      return {
        name: values[`companies.${index}.name`] ?? '',
        role: findEnumerationValue('companyRole', role) ?? role,
      };
    }),
    affected: {
      total: count('affected.total'),
      groups: Array.from({ length: rows.groups }, (_, index) => {
        const prefix = `affected.groups.${index}`;
        const type = values[`${prefix}.type`] ?? '';
        const origin = values[`${prefix}.origin`] ?? '';
        const sectorText = values[`${prefix}.sector`] ?? '';
        const sector = sectorText ? readSector(sectorText) : { sector: null, subsector: null };
        if (!sector) refuse(`${prefix}.sector`, 'sector');
        const gender = values[`${prefix}.gender`] ?? '';
        const status = values[`${prefix}.migrationStatus`] ?? '';
        return {
          type: groupTypeTerms.find(type)?.id ?? type,
          count: count(`${prefix}.count`),
          origin: origin ? (countryCode(origin) ?? origin) : null,
          sector: sector?.sector ?? null,
          subsector: sector?.subsector ?? null,
          gender: gender ? (findEnumerationValue('gender', gender) ?? gender) : null,
          migrationStatus: findEnumerationValue('migrationStatus', status) ?? status,
        };
      }),
    },
    issues: issues.map((issue) => issueTerms.find(issue)?.id ?? issue),
    response: { sought: values['response.sought'] === 'on' },
    ...(values.sourceType
      ? { sourceType: findEnumerationValue('sourceType', values.sourceType) ?? values.sourceType }
      : {}),
    sources: Array.from({ length: rows.sources }, (_, index) => {
      const prefix = `sources.${index}`;
      const optional = (name: string) =>
        values[`${prefix}.${name}`] ? { [name]: values[`${prefix}.${name}`] } : {};
      return {
        companies: (values[`${prefix}.companies`] ?? '')
          .split('\n')
          .map((name) => name.trim())
          .filter(Boolean),
        headline: values[`${prefix}.headline`] ?? '',
        ...optional('publisher'),
        ...optional('url'),
        ...optional('published'),
        excerpt: values[`${prefix}.excerpt`] ?? '',
        ...(values[`${prefix}.restricted`] ? { restricted: true } : {}),
      };
    }),
    ...(values.internalNotes?.trim() ? { internalNotes: values.internalNotes } : {}),
  };
  const state: RecordFormState = {
    values,
    issues: candidate.issues,
    rows: { companies: rows.companies + 1, groups: rows.groups + 1, sources: rows.sources + 1 },
    errors,
  };
  const parsed = RecordInput.safeParse(candidate);
  if (!parsed.success) {
    const refusedBefore = new Set(Object.keys(errors));
    for (const issue of zodIssues(parsed.error)) {
      const name = (issue.path ?? '').slice(1).replace(/\//g, '.');
      // An issue of a list item's field, or of the list of issues, shows beside the field it concerns.
      // The sector field carries the subsector too.
      const fieldName = name.startsWith('issues.') ? 'issues' : name.replace(/\.subsector$/, '.sector');
      if (refusedBefore.has(fieldName)) continue;
      const kind = kindOf(fieldName);
      const message = name.startsWith('issues.')
        ? fieldMessage('issue', candidate.issues[Number(name.split('.')[1])] ?? '', messages)
        : kind
          ? fieldMessage(kind, values[fieldName] ?? '', messages)
          : issue.message;
      if (!(errors[fieldName] ?? []).includes(message)) fail(fieldName, message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { state };
  return { state, record: parsed.data };
}
