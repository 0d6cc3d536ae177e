import { allCountryCodes, countryName } from '../../domain/countries.ts';
import { enumerationLabel, enumerationValues, isEnumerationName } from '../../domain/enumerations.ts';
import type { FormSection, RecordField } from '../../domain/record-fields.ts';
import { LANGUAGES, sectorTerms, subsectorTerms } from '../../domain/taxonomy.ts';
import { FORM_FIELDS, type RecordFormState } from '../forms/record-form.ts';
import { isMessageKey } from '../i18n.ts';
import type { PageContext } from './context.ts';
import { Checkbox, Field } from './forms.tsx';

/** The parts of the record form that do not depend on its lists: pickers, datalists and the single fields. */

/** A label named by the model: a key of the translation table, else shown as it is. */
const translated = (context: PageContext, key: string) => (isMessageKey(key) ? context.t(key) : key);

/** Every label a term has, in every language, and its aliases: what the pickers search. */
export function searchableLabels(term: {
  id: string;
  label: Record<string, string | undefined>;
  aliases?: Record<string, string[] | undefined>;
}) {
  return [
    ...Object.values(term.label),
    ...Object.values(term.aliases ?? {}).flatMap((aliases) => aliases ?? []),
  ]
    .filter(Boolean)
    .join(' | ');
}

export function Select(props: {
  name: string;
  label: string;
  value?: string;
  options: { value: string; label: string }[];
  errors: Record<string, string[]>;
  blank?: string;
}) {
  const id = `f-${props.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const errors = props.errors[props.name] ?? [];
  return (
    <div class={errors.length ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {errors.length > 0 && (
        <p class="error" id={`${id}-error`}>
          {errors.join('; ')}
        </p>
      )}
      <select
        id={id}
        name={props.name}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
      >
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Lists the browser offers while typing: countries and sectors by their names in every language. */
export function Datalists(props: { context: PageContext }) {
  const { context } = props;
  const language = context.language;
  return (
    <>
      <datalist id="countries">
        {allCountryCodes().map((code) => (
          <option value={countryName(code, language)}>
            {[
              code,
              ...LANGUAGES.filter((other) => other !== language).map((other) => countryName(code, other)),
            ].join(' · ')}
          </option>
        ))}
      </datalist>
      <datalist id="sectors">
        {sectorTerms.terms.flatMap((sector) => [
          <option value={sectorTerms.label(sector.id, language)}>{searchableLabels(sector)}</option>,
          ...subsectorTerms.terms
            .filter((subsector) => subsector.sector === sector.id)
            .map((subsector) => (
              <option
                value={`${sectorTerms.label(sector.id, language)}: ${subsectorTerms.label(subsector.id, language)}`}
              >
                {searchableLabels(subsector)}
              </option>
            )),
        ])}
      </datalist>
      <datalist id="company-suggestions" />
    </>
  );
}

/** One single-valued field of the model, with the widget its kind calls for. */
function SingleField(props: { context: PageContext; state: RecordFormState; field: RecordField }) {
  const { context, state, field } = props;
  const label = translated(context, field.label);
  const value = state.values[field.name];
  const kind = field.kind;
  if (kind === 'flag') return <Checkbox name={field.name} label={label} checked={value === 'on'} />;
  if (isEnumerationName(kind)) {
    const options = enumerationValues(kind).map((option) => ({
      value: option,
      label: enumerationLabel(kind, option, context.language),
    }));
    return (
      <Select
        name={field.name}
        label={label}
        value={value}
        options={options}
        errors={state.errors}
        blank=""
      />
    );
  }
  const hint = field.form?.hint;
  return (
    <Field
      name={field.name}
      label={label}
      type={kind === 'date' ? 'date' : undefined}
      value={value}
      errors={state.errors}
      list={kind === 'country' ? 'countries' : undefined}
      required={!field.optional && kind !== 'count' ? true : undefined}
      inputmode={kind === 'count' ? 'numeric' : undefined}
      hint={hint ? translated(context, hint) : undefined}
      multiline={field.form?.rows}
    />
  );
}

/** The single-valued fields of one fieldset of the form, in the model's order. */
export function SingleFields(props: { context: PageContext; state: RecordFormState; section: FormSection }) {
  return (
    <>
      {FORM_FIELDS.filter((field) => field.form?.section === props.section).map((field) => (
        <SingleField context={props.context} state={props.state} field={field} />
      ))}
    </>
  );
}

/** What a field is called on the form, for the list of problems at the top ("Source 2: Address (URL)"). */
export function fieldLabel(context: PageContext, name: string): string {
  const { t } = context;
  const single: Record<string, string> = {
    ...Object.fromEntries(FORM_FIELDS.map((field) => [field.name, translated(context, field.label)])),
    issues: t('record.issues'),
  };
  if (single[name]) return single[name];
  const parts = /^(companies|affected\.groups|sources)\.(\d+)\.?(\w*)$/.exec(name);
  if (!parts) return name;
  const n = Number(parts[2]) + 1;
  const item = parts[3] ?? '';
  const labels: Record<string, Record<string, string>> = {
    companies: { name: t('form.companyName'), role: t('form.role') },
    'affected.groups': {
      type: t('form.groupType'),
      count: t('group.count'),
      origin: t('group.origin'),
      sector: t('group.sector'),
      subsector: t('group.sector'),
      gender: t('group.gender'),
      migrationStatus: t('group.migrationStatus'),
    },
    sources: {
      headline: t('form.headline'),
      publisher: t('form.publisher'),
      url: t('form.url'),
      published: t('form.published'),
      excerpt: t('form.excerpt'),
      companies: t('form.sourceCompanies'),
    },
  };
  const list = parts[1]!;
  const heading =
    list === 'companies'
      ? t('form.companyN', { n })
      : list === 'sources'
        ? t('form.sourceN', { n })
        : t('form.groupN', { n });
  const label = labels[list]?.[item];
  return label ? `${heading}: ${label}` : heading;
}
