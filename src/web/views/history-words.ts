import type { FieldChange } from '../../domain/record-diff.ts';
import { enumerationLabel } from '../../domain/enumerations.ts';
import { RECORD_FIELDS } from '../../domain/record.ts';
import { isMessageKey, type MessageKey } from '../i18n.ts';
import type { PageContext } from './context.ts';

/**
 * A record's changes said in words, as the record page names its fields: "Affected group 2: origin",
 * "Nepal" rather than `/affected/groups/1/origin` and `"NP"`. A change that sets or removes a whole part
 * (a company, a source, the record's creation) is told field by field.
 */

export interface ChangeInWords {
  field: string;
  before?: string;
  after?: string;
}

type Path = (string | number)[];

/** The name of each field, by its path with list positions as `#`. */
const FIELD_NAMES: Record<string, MessageKey> = {
  title: 'form.title',
  summary: 'record.summary',
  dateReported: 'record.dateReported',
  'location.country': 'form.country',
  'location.city': 'form.city',
  'companies.#.name': 'form.companyName',
  'companies.#.role': 'form.role',
  'companies.#.companyId': 'history.companyLink',
  'affected.total': 'record.total',
  'affected.groups.#.type': 'form.groupType',
  'affected.groups.#.count': 'group.count',
  'affected.groups.#.origin': 'group.origin',
  'affected.groups.#.sector': 'group.sector',
  'affected.groups.#.subsector': 'history.subsector',
  'affected.groups.#.gender': 'group.gender',
  'affected.groups.#.migrationStatus': 'group.migrationStatus',
  issues: 'record.issues',
  'response.sought': 'record.responseSought',
  sourceType: 'record.sourceType',
  'sources.#.headline': 'form.headline',
  'sources.#.publisher': 'form.publisher',
  'sources.#.url': 'form.url',
  'sources.#.published': 'form.published',
  'sources.#.excerpt': 'form.excerpt',
  'sources.#.companies': 'form.sourceCompanies',
  'sources.#.restricted': 'record.restrictedSource',
  internalNotes: 'form.internalNotes',
  status: 'history.status',
  retractionReason: 'history.retractionReason',
  mergedInto: 'history.mergedInto',
  slug: 'history.slug',
  id: 'history.id',
};

/** The item of a list a path is in, named as the form names it ("Company 2"). */
const LIST_ITEMS: Record<string, MessageKey> = {
  companies: 'form.companyN',
  'affected.groups': 'form.groupN',
  sources: 'form.sourceN',
};

const pattern = (path: Path) => path.map((part) => (typeof part === 'number' ? '#' : part)).join('.');

/** Splits a JSON pointer into its keys, numbers for list positions. */
function keysOf(pointer: string): Path {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The leaves of a value set or removed whole: each field of an object, a list of plain values as one. */
function leaves(path: Path, value: unknown): [Path, unknown][] {
  const plainList = Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object');
  if (value === null || typeof value !== 'object' || plainList) return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves([...path, index], item));
  return Object.entries(value).flatMap(([key, item]) => leaves([...path, key], item));
}

/** An issue's position in the list says nothing: the list of issues is one field. */
function fieldPath(path: Path): Path {
  return path[0] === 'issues' ? ['issues'] : path;
}

/** A single-valued field not named above is named by its label in the model (`RECORD_FIELDS`). */
const MODEL_FIELD_NAMES = new Map(RECORD_FIELDS.map((field) => [field.name, field.label]));

function fieldName(path: Path, context: PageContext): string {
  const { t } = context;
  const modelLabel = MODEL_FIELD_NAMES.get(pattern(path));
  const name =
    FIELD_NAMES[pattern(path)] ?? (modelLabel && isMessageKey(modelLabel) ? modelLabel : undefined);
  const own = name ? t(name) : path.join('.');
  for (const [list, item] of Object.entries(LIST_ITEMS)) {
    const depth = list.split('.').length;
    if (pattern(path.slice(0, depth)) === list && typeof path[depth] === 'number') {
      return `${t(item, { n: (path[depth] as number) + 1 })}: ${own.charAt(0).toLowerCase()}${own.slice(1)}`;
    }
  }
  return own;
}

/** A value as the record page writes it: labels for ids and codes, "Yes"/"No", "unknown" for none. */
export function valueInWords(path: Path, value: unknown, context: PageContext): string {
  const { t, labels } = context;
  if (value === null || value === undefined) return t('form.unknown');
  if (Array.isArray(value)) {
    return value.length === 0
      ? t('history.none.value')
      : value.map((item) => valueInWords(path, item, context)).join(', ');
  }
  if (typeof value === 'boolean') return value ? t('value.yes') : t('value.no');
  const text = String(value);
  const last = path.at(-1);
  const key = typeof last === 'number' ? path.at(-2) : last;
  switch (key) {
    case 'country':
    case 'origin':
      return labels.country(text);
    case 'issues':
      return labels.issue(text);
    case 'sector':
      return labels.sector(text);
    case 'subsector':
      return labels.subsector(text);
    case 'type':
      return labels.groupType(text);
    case 'role':
      return labels.role(text);
    case 'gender':
      return labels.gender(text);
    case 'migrationStatus':
      return labels.migrationStatus(text);
    case 'sourceType':
      return labels.sourceType(text);
    case 'status':
      return enumerationLabel('status', text, context.language);
    default:
      return typeof value === 'number' ? context.formatNumber(value) : text;
  }
}

export function changesInWords(changes: readonly FieldChange[], context: PageContext): ChangeInWords[] {
  // Each change, told by its leaves; one field may gather several (the issues), in order of first mention.
  const fields = new Map<string, { path: Path; before: unknown[]; after: unknown[] }>();
  const add = (side: 'before' | 'after', path: Path, value: unknown) => {
    const field = fieldPath(path);
    const key = pattern(field) + JSON.stringify(field.filter((part) => typeof part === 'number'));
    const entry = fields.get(key) ?? { path: field, before: [], after: [] };
    fields.set(key, entry);
    entry[side].push(value);
  };
  for (const change of changes) {
    const path = keysOf(change.path);
    if (change.before !== undefined)
      for (const [at, value] of leaves(path, change.before)) add('before', at, value);
    if (change.after !== undefined)
      for (const [at, value] of leaves(path, change.after)) add('after', at, value);
  }
  return [...fields.values()].map(({ path, before, after }) => {
    const said = (values: unknown[]) =>
      values.length === 0 ? undefined : values.map((value) => valueInWords(path, value, context)).join(', ');
    const told: ChangeInWords = { field: fieldName(path, context) };
    const was = said(before);
    const now = said(after);
    if (was !== undefined) told.before = was;
    if (now !== undefined) told.after = now;
    return told;
  });
}
