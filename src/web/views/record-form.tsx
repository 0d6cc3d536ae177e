import { allCountryCodes, countryName } from '../../domain/countries.ts';
import { COMPANY_ROLES, GENDERS, MIGRATION_STATUSES, SOURCE_TYPES } from '../../domain/enumerations.ts';
import {
  LANGUAGES,
  groupTypeTerms,
  issueCategories,
  issueTerms,
  sectorTerms,
  subsectorTerms,
} from '../../domain/taxonomy.ts';
import type { DuplicateCandidate } from '../../domain/duplicate.ts';
import type { RecordFormState } from '../forms/record-form.ts';
import type { PageContext } from './context.ts';
import { Checkbox, CsrfField, Field, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';
import { DuplicateList } from './record-panel.tsx';

/** Every label a term has, in every language, and its aliases: what the pickers search. */
function searchableLabels(term: {
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

function Select(props: {
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
function Datalists(props: { context: PageContext }) {
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

/** What a field is called on the form, for the list of problems at the top ("Source 2: Address (URL)"). */
function fieldLabel(context: PageContext, name: string): string {
  const { t } = context;
  const single: Record<string, string> = {
    title: t('form.title'),
    dateReported: t('record.dateReported'),
    'location.country': t('form.country'),
    'location.city': t('form.city'),
    summary: t('record.summary'),
    'affected.total': t('record.total'),
    issues: t('record.issues'),
    sourceType: t('record.sourceType'),
    internalNotes: t('form.internalNotes'),
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

export interface RecordFormData {
  mode: 'create' | 'edit';
  action: string;
  state: RecordFormState;
  version?: number;
  reason?: string;
  /** Messages that belong to no one field (a version conflict, a slug clash, a text form that did not parse). */
  messages: string[];
  pastedText?: string;
  duplicates?: DuplicateCandidate[];
  title: string;
}

/** The record form: every field of the model, with errors beside the fields and pickers that find labels in any language. */
export function RecordFormPage(props: { context: PageContext; data: RecordFormData }) {
  const { context, data } = props;
  const { t, labels } = context;
  const { state } = data;
  const value = (name: string) => state.values[name];
  const errors = state.errors;
  const fieldMessages = Object.entries(errors).flatMap(([name, messages]) =>
    messages.map((message) =>
      name ? { text: `${fieldLabel(context, name)}: ${message}`, field: name } : message,
    ),
  );
  const roles = COMPANY_ROLES.map((role) => ({ value: role, label: labels.role(role) }));
  return (
    <Layout context={context} title={data.title}>
      <h1>{data.title}</h1>
      <FormErrors title={t('form.problems')} messages={[...data.messages, ...fieldMessages]} />
      {data.duplicates && data.duplicates.length > 0 && (
        <DuplicateList context={context} duplicates={data.duplicates} />
      )}
      {data.mode === 'create' && (
        <details class="paste" open={data.pastedText !== undefined}>
          <summary>{t('form.paste')}</summary>
          <form method="post" action={data.action}>
            <CsrfField context={context} />
            <Field
              name="textForm"
              label={t('form.pasteLabel')}
              hint={t('form.pasteHint')}
              value={data.pastedText ?? ''}
              multiline={10}
            />
            <button type="submit" name="_intent" value="parse">
              {t('form.pasteSubmit')}
            </button>
          </form>
        </details>
      )}
      <form method="post" action={data.action} class="record-form" novalidate>
        <CsrfField context={context} />
        {data.version !== undefined && <input type="hidden" name="version" value={String(data.version)} />}
        <Datalists context={context} />
        <fieldset>
          <legend>{t('record.summary')}</legend>
          <Field name="title" label={t('form.title')} value={value('title')} errors={errors} required />
          <Field
            name="dateReported"
            label={t('record.dateReported')}
            type="date"
            value={value('dateReported')}
            errors={errors}
            required
            hint={t('form.dateHint')}
          />
          <Field
            name="location.country"
            label={t('form.country')}
            value={value('location.country')}
            errors={errors}
            list="countries"
            required
            hint={t('form.countryHint')}
          />
          <Field name="location.city" label={t('form.city')} value={value('location.city')} errors={errors} />
          <Field
            name="summary"
            label={t('record.summary')}
            value={value('summary')}
            errors={errors}
            multiline={5}
          />
        </fieldset>

        <fieldset>
          <legend>{t('record.companies')}</legend>
          <p class="hint">{t('form.companiesHint')}</p>
          {Array.from({ length: state.rows.companies }, (_, index) => (
            <div class="row" role="group" aria-label={t('form.companyN', { n: index + 1 })}>
              <Field
                name={`companies.${index}.name`}
                label={t('form.companyName')}
                value={value(`companies.${index}.name`)}
                errors={errors}
                list="company-suggestions"
                autocomplete="off"
                companyLookup
              />
              <Select
                name={`companies.${index}.role`}
                label={t('form.role')}
                value={value(`companies.${index}.role`)}
                options={roles}
                errors={errors}
                blank=""
              />
            </div>
          ))}
          <button type="submit" name="_intent" value="add-companies" class="secondary">
            {t('form.addCompany')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('record.affected')}</legend>
          <Field
            name="affected.total"
            label={t('record.total')}
            value={value('affected.total')}
            errors={errors}
            inputmode="numeric"
            hint={t('form.countHint')}
          />
          {Array.from({ length: state.rows.groups }, (_, index) => {
            const prefix = `affected.groups.${index}`;
            return (
              <div class="row" role="group" aria-label={t('form.groupN', { n: index + 1 })}>
                <Select
                  name={`${prefix}.type`}
                  label={t('form.groupType')}
                  value={value(`${prefix}.type`)}
                  errors={errors}
                  blank=""
                  options={groupTypeTerms.terms.map((term) => ({
                    value: term.id,
                    label: labels.groupType(term.id),
                  }))}
                />
                <Field
                  name={`${prefix}.count`}
                  label={t('group.count')}
                  value={value(`${prefix}.count`)}
                  errors={errors}
                  inputmode="numeric"
                />
                <Field
                  name={`${prefix}.origin`}
                  label={t('group.origin')}
                  value={value(`${prefix}.origin`)}
                  errors={errors}
                  list="countries"
                />
                <Field
                  name={`${prefix}.sector`}
                  label={t('group.sector')}
                  value={value(`${prefix}.sector`)}
                  errors={errors}
                  list="sectors"
                />
                <Select
                  name={`${prefix}.gender`}
                  label={t('group.gender')}
                  value={value(`${prefix}.gender`)}
                  errors={errors}
                  blank={t('form.unknown')}
                  options={GENDERS.map((gender) => ({ value: gender, label: labels.gender(gender) }))}
                />
                <Select
                  name={`${prefix}.migrationStatus`}
                  label={t('group.migrationStatus')}
                  value={value(`${prefix}.migrationStatus`)}
                  errors={errors}
                  blank=""
                  options={MIGRATION_STATUSES.map((status) => ({
                    value: status,
                    label: labels.migrationStatus(status),
                  }))}
                />
              </div>
            );
          })}
          <button type="submit" name="_intent" value="add-groups" class="secondary">
            {t('form.addGroup')}
          </button>
        </fieldset>

        <fieldset class="issues-picker">
          <legend>{t('record.issues')}</legend>
          {(errors.issues ?? []).length > 0 && <p class="error">{errors.issues!.join('; ')}</p>}
          <div class="field" hidden data-term-filter="true">
            <label for="issue-filter">{t('form.issueFilter')}</label>
            <input type="search" id="issue-filter" autocomplete="off" />
          </div>
          <div class="categories">
            {issueCategories.terms.map((category) => (
              <fieldset class="category">
                <legend>{labels.category(category.id)}</legend>
                {issueTerms.terms
                  .filter((issue) => issue.category === category.id)
                  .map((issue) => (
                    <div class="checkbox" data-terms={searchableLabels(issue).toLowerCase()}>
                      <input
                        type="checkbox"
                        id={`issue-${issue.id}`}
                        name="issues"
                        value={issue.id}
                        checked={state.issues.includes(issue.id)}
                      />
                      <label for={`issue-${issue.id}`}>{labels.issue(issue.id)}</label>
                    </div>
                  ))}
              </fieldset>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('record.response')}</legend>
          <Checkbox
            name="response.sought"
            label={t('record.responseSought')}
            checked={value('response.sought') === 'on'}
          />
          <Select
            name="sourceType"
            label={t('record.sourceType')}
            value={value('sourceType')}
            errors={errors}
            blank=""
            options={SOURCE_TYPES.map((type) => ({ value: type, label: labels.sourceType(type) }))}
          />
        </fieldset>

        <fieldset>
          <legend>{t('record.sources')}</legend>
          {Array.from({ length: state.rows.sources }, (_, index) => {
            const prefix = `sources.${index}`;
            return (
              <div class="source-row" role="group" aria-label={t('form.sourceN', { n: index + 1 })}>
                <Field
                  name={`${prefix}.headline`}
                  label={t('form.headline')}
                  value={value(`${prefix}.headline`)}
                  errors={errors}
                />
                <Field
                  name={`${prefix}.publisher`}
                  label={t('form.publisher')}
                  value={value(`${prefix}.publisher`)}
                  errors={errors}
                />
                <Field
                  name={`${prefix}.url`}
                  label={t('form.url')}
                  type="url"
                  value={value(`${prefix}.url`)}
                  errors={errors}
                />
                <Field
                  name={`${prefix}.published`}
                  label={t('form.published')}
                  type="date"
                  value={value(`${prefix}.published`)}
                  errors={errors}
                />
                <Field
                  name={`${prefix}.companies`}
                  label={t('form.sourceCompanies')}
                  hint={t('form.onePerLine')}
                  value={value(`${prefix}.companies`)}
                  errors={errors}
                  multiline={2}
                />
                <Field
                  name={`${prefix}.excerpt`}
                  label={t('form.excerpt')}
                  value={value(`${prefix}.excerpt`)}
                  errors={errors}
                  multiline={5}
                />
                <Checkbox
                  name={`${prefix}.restricted`}
                  label={t('form.restricted')}
                  checked={value(`${prefix}.restricted`) === 'on'}
                />
              </div>
            );
          })}
          <button type="submit" name="_intent" value="add-sources" class="secondary">
            {t('form.addSource')}
          </button>
        </fieldset>

        <fieldset class="confidential">
          <legend>{t('form.confidential')}</legend>
          <Field
            name="internalNotes"
            label={t('form.internalNotes')}
            hint={t('form.internalNotesHint')}
            value={value('internalNotes')}
            errors={errors}
            multiline={4}
          />
        </fieldset>

        {data.mode === 'edit' && (
          <Field
            name="reason"
            label={t('form.reason')}
            value={data.reason ?? ''}
            hint={t('form.reasonHint')}
          />
        )}
        <p class="actions">
          <button type="submit" name="_intent" value="save">
            {data.mode === 'create' ? t('form.saveDraft') : t('form.save')}
          </button>
        </p>
      </form>
      <script src="/static/forms.js" defer />
    </Layout>
  );
}
