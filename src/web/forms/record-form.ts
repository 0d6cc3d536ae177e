import { countryCode, countryName } from '../../domain/countries.ts';
import { findEnumerationValue, isEnumerationName } from '../../domain/enumerations.ts';
import { zodIssues } from '../../domain/errors.ts';
import { RECORD_FIELDS, RecordInput } from '../../domain/record.ts';
import { fieldValue, setFieldValue, type RecordField } from '../../domain/record-fields.ts';
import {
  groupTypeTerms,
  issueTerms,
  sectorTerms,
  subsectorTerms,
  type Language,
} from '../../domain/taxonomy.ts';
import { readCount, readSector } from '../../formats/text/vocabulary.ts';
import { CHOICE_KINDS, fieldMessage, type FieldKind, type MessageContext } from './field-messages.ts';

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

/** The record's single-valued fields that the form edits, in the form's order. */
export const FORM_FIELDS = RECORD_FIELDS.filter((field) => field.form !== undefined);

/** The kind of message a field's refused value gets, from the kind of value the model says it holds. */
function messageKind(kind: RecordField['kind']): FieldKind | undefined {
  if (kind === 'date' || kind === 'count') return kind;
  return CHOICE_KINDS.find((choice) => choice === kind);
}

/** What each field holds, by its name with list positions as `*`: its errors are said in those words. */
const FIELD_KINDS: Record<string, FieldKind> = {
  ...Object.fromEntries(
    FORM_FIELDS.flatMap((field) => {
      const kind = messageKind(field.kind);
      return kind ? [[field.name, kind]] : [];
    }),
  ),
  'companies.*.role': 'companyRole',
  'affected.groups.*.type': 'groupType',
  'affected.groups.*.count': 'count',
  'affected.groups.*.origin': 'country',
  'affected.groups.*.sector': 'sector',
  'affected.groups.*.gender': 'gender',
  'affected.groups.*.migrationStatus': 'migrationStatus',
  'sources.*.url': 'url',
  'sources.*.published': 'date',
};
const kindOf = (field: string): FieldKind | undefined => FIELD_KINDS[field.replace(/\.\d+\./g, '.*.')];

/** A field's value as the form shows it: a country by its name, a flag as a ticked box. */
function shownValue(field: RecordField, value: unknown, language: Language): string | number | undefined {
  if (field.kind === 'flag') return value ? 'on' : undefined;
  if (field.kind === 'country' && typeof value === 'string') return countryName(value, language);
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** The form filled from a record (or empty), with one blank row in each list for adding. */
export function formFromRecord(record?: RecordInput, language: Language = 'en'): RecordFormState {
  const values: Record<string, string> = {};
  const set = (name: string, value: string | number | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') values[name] = String(value);
  };
  if (record) {
    for (const field of FORM_FIELDS) set(field.name, shownValue(field, fieldValue(record, field), language));
    record.companies.forEach((company, index) => {
      set(`companies.${index}.name`, company.name);
      set(`companies.${index}.role`, company.role);
    });
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

/** The values posted, trimmed, with the lists' blank rows dropped and the rest renumbered. */
function postedValues(body: Record<string, unknown>): {
  values: Record<string, string>;
  rows: Record<RepeatedList, number>;
} {
  const values: Record<string, string> = {};
  const field = (name: string) => text(body[name]).trim();
  const keep = (name: string, value: string) => {
    if (value) values[name] = value;
  };
  for (const single of FORM_FIELDS) {
    if (single.kind === 'flag') keep(single.name, text(body[single.name]) ? 'on' : '');
    else keep(single.name, single.form?.verbatim ? text(body[single.name]) : field(single.name));
  }
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
  return { values, rows };
}

/** Reads the values the form holds; one that cannot be read is refused (and read as blank). */
interface FormReader {
  values: Record<string, string>;
  count(name: string): number | null;
  refuse(name: string, kind: FieldKind): void;
}

/** A single field's value as typed, with a label resolved to its id; undefined leaves it out of the record. */
function typedValue(field: RecordField, read: FormReader): unknown {
  const typed = read.values[field.name] ?? '';
  if (field.kind === 'flag') return typed === 'on';
  if (field.kind === 'count') return read.count(field.name);
  if (field.optional && !typed.trim()) return undefined;
  if (field.kind === 'country') return countryCode(typed) ?? typed;
  if (isEnumerationName(field.kind)) return findEnumerationValue(field.kind, typed) ?? typed;
  return typed;
}

/** The lists of the record as typed, labels resolved to ids; what cannot be resolved is kept for zod. */
function typedLists(read: FormReader, rows: Record<RepeatedList, number>, issues: string[]) {
  const { values } = read;
  return {
    companies: Array.from({ length: rows.companies }, (_, index) => {
      const role = values[`companies.${index}.role`] ?? '';
      return {
        name: values[`companies.${index}.name`] ?? '',
        role: findEnumerationValue('companyRole', role) ?? role,
      };
    }),
    affected: {
      groups: Array.from({ length: rows.groups }, (_, index) => {
        const prefix = `affected.groups.${index}`;
        const type = values[`${prefix}.type`] ?? '';
        const origin = values[`${prefix}.origin`] ?? '';
        const sectorText = values[`${prefix}.sector`] ?? '';
        const sector = sectorText ? readSector(sectorText) : { sector: null, subsector: null };
        if (!sector) read.refuse(`${prefix}.sector`, 'sector');
        const gender = values[`${prefix}.gender`] ?? '';
        const status = values[`${prefix}.migrationStatus`] ?? '';
        return {
          type: groupTypeTerms.find(type)?.id ?? type,
          count: read.count(`${prefix}.count`),
          origin: origin ? (countryCode(origin) ?? origin) : null,
          sector: sector?.sector ?? null,
          subsector: sector?.subsector ?? null,
          gender: gender ? (findEnumerationValue('gender', gender) ?? gender) : null,
          migrationStatus: findEnumerationValue('migrationStatus', status) ?? status,
        };
      }),
    },
    issues,
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
  };
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
  const { values, rows } = postedValues(body);
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  const refuse = (field: string, kind: FieldKind) =>
    fail(field, fieldMessage(kind, values[field] ?? '', messages));
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
  const read: FormReader = { values, count, refuse };
  const issues = list(body.issues).map((issue) => issueTerms.find(issue)?.id ?? issue);
  // The single fields first: their refusals are listed before the lists'.
  const singles = FORM_FIELDS.map((field) => [field, typedValue(field, read)] as const);
  const candidate: Record<string, unknown> = typedLists(read, rows, issues);
  for (const [field, value] of singles) if (value !== undefined) setFieldValue(candidate, field, value);
  const state: RecordFormState = {
    values,
    issues,
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
        ? fieldMessage('issue', issues[Number(name.split('.')[1])] ?? '', messages)
        : kind
          ? fieldMessage(kind, values[fieldName] ?? '', messages)
          : issue.message;
      if (!(errors[fieldName] ?? []).includes(message)) fail(fieldName, message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { state };
  return { state, record: parsed.data };
}
