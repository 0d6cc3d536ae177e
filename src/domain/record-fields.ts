import { z } from 'zod';
import type { EnumerationName } from './enumerations.ts';

/**
 * What the record's single-valued fields say about themselves, attached to their zod schemas in `record.ts`:
 * the kind of value, where the field stands among the others, its label, and whether the spreadsheet, the
 * record form and the draft review show it. The table's columns, the form's fields, the review's rows and
 * the store's record columns are generated from this; the lists (companies, groups, issues, sources) keep
 * their own code.
 */

/** The kind of value a field holds, which decides how each place writes and reads it. */
export type FieldKind = 'text' | 'date' | 'country' | 'count' | 'flag' | 'integer' | EnumerationName;

/** The fieldsets of the record form. */
export type FormSection = 'summary' | 'affected' | 'response' | 'confidential';

export interface FieldInfo {
  kind: FieldKind;
  /** The field's place among the single-valued fields: the spreadsheet's column order and the form's. */
  order: number;
  /** The translation key of its label; by default `field.NAME`, from `vocabularies/field-labels.json`. */
  label?: string;
  /** Whether the spreadsheet has a column for it: always (the default), only for unpublished records, never. */
  table?: 'always' | 'unpublishedOnly' | 'never';
  /** Its place on the record form, if the form edits it. */
  form?: {
    section: FormSection;
    /** The translation key of a hint under the label. */
    hint?: string;
    /** A text area of this many rows, not a line. */
    rows?: number;
    /** Kept as typed, spaces included, rather than trimmed. */
    verbatim?: true;
  };
  /** The translation key of its label in the draft review, if an extraction proposes it. */
  review?: string;
  /**
   * `summary`: the record page lists it under the summary, its value in words (a field with a layout of its
   * own on the page, such as the title or the location, leaves this out). Never for a confidential field.
   */
  page?: 'summary';
}

export const recordFieldInfo = z.registry<FieldInfo>();

/** A copy of a schema with its field metadata: a copy, so that a schema used in several places stays bare. */
export function described<T extends z.ZodType>(schema: T, info: FieldInfo): T {
  const copy = schema.clone();
  const registered: z.ZodType = copy;
  recordFieldInfo.add(registered, info);
  return copy;
}

export interface RecordField extends Required<Pick<FieldInfo, 'kind' | 'order' | 'label' | 'table'>> {
  form?: FieldInfo['form'];
  review?: string;
  page?: FieldInfo['page'];
  /** The field's keys from the record's root (`['location', 'country']`). */
  path: readonly string[];
  /** The path joined with dots: the record form's field name (`location.country`). */
  name: string;
  /** The JSON pointer of the field (`/location/country`): where evidence and validation issues point. */
  pointer: string;
  /** The path in camelCase: the spreadsheet column (`locationCountry`). */
  column: string;
  /** The path in snake_case: the store's column of the records table (`location_country`). */
  storeColumn: string;
  /** Whether a record may leave the field out. */
  optional: boolean;
  /** The field's value in a record (or a record being built). */
  get(record: object): unknown;
}

const camel = (path: readonly string[]) =>
  path.map((key, index) => (index === 0 ? key : key[0]!.toUpperCase() + key.slice(1))).join('');
const snake = (path: readonly string[]) =>
  path.map((key) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)).join('_');

/** Every described field of an object schema and the objects inside it, in the order of their `order`. */
export function describedFields(schema: z.ZodObject): RecordField[] {
  const fields: RecordField[] = [];
  const visit = (shape: z.ZodRawShape, parents: string[]) => {
    for (const [key, child] of Object.entries(shape)) {
      const path = [...parents, key];
      const info = recordFieldInfo.get(child);
      if (info) {
        fields.push({
          ...info,
          label: info.label ?? `field.${path.join('.')}`,
          table: info.table ?? 'always',
          path,
          name: path.join('.'),
          pointer: `/${path.join('/')}`,
          column: camel(path),
          storeColumn: snake(path),
          optional: child instanceof z.ZodOptional,
          get: getterOf(path),
        });
      } else if (child instanceof z.ZodObject) {
        visit(child.shape, path);
      }
    }
  };
  visit(schema.shape, []);
  return fields.sort((a, b) => a.order - b.order);
}

/** Reads the value at a path; made once per field, as records are read by the million. */
function getterOf(path: readonly string[]): (record: object) => unknown {
  const [first = '', second = ''] = path;
  const inner = (value: unknown, key: string) =>
    typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  if (path.length === 1) return (record) => Reflect.get(record, first);
  if (path.length === 2) return (record) => inner(Reflect.get(record, first), second);
  return (record) => path.reduce<unknown>(inner, record);
}

/** A field's value in a record (or a record being built). */
export function fieldValue(record: object, field: RecordField): unknown {
  return field.get(record);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets a field's value in a record being built, making the objects on its path. */
export function setFieldValue(into: Record<string, unknown>, field: RecordField, value: unknown): void {
  let target = into;
  for (const key of field.path.slice(0, -1)) {
    const next = target[key];
    target = isObject(next) ? next : (target[key] = {});
  }
  target[field.path[field.path.length - 1]!] = value;
}
