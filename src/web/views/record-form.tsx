import { COMPANY_ROLES, GENDERS, MIGRATION_STATUSES } from '../../domain/enumerations.ts';
import { groupTypeTerms, issueCategories, issueTerms } from '../../domain/taxonomy.ts';
import type { DuplicateCandidate } from '../../domain/duplicate.ts';
import type { RecordFormState } from '../forms/record-form.ts';
import type { PageContext } from './context.ts';
import { Checkbox, CsrfField, Field, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';
import { DuplicateList } from './record-panel.tsx';
import { Datalists, fieldLabel, searchableLabels, Select, SingleFields } from './record-form-fields.tsx';

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

interface PartProps {
  context: PageContext;
  state: RecordFormState;
}

/** A new record's form offers to read a pasted text form first. */
function PasteForm(props: { context: PageContext; data: RecordFormData }) {
  const { context, data } = props;
  const { t } = context;
  return (
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
  );
}

function CompanyRows({ context, state }: PartProps) {
  const { t, labels } = context;
  const roles = COMPANY_ROLES.map((role) => ({ value: role, label: labels.role(role) }));
  return (
    <>
      {Array.from({ length: state.rows.companies }, (_, index) => (
        <div class="row" role="group" aria-label={t('form.companyN', { n: index + 1 })}>
          <Field
            name={`companies.${index}.name`}
            label={t('form.companyName')}
            value={state.values[`companies.${index}.name`]}
            errors={state.errors}
            list="company-suggestions"
            autocomplete="off"
            companyLookup
          />
          <Select
            name={`companies.${index}.role`}
            label={t('form.role')}
            value={state.values[`companies.${index}.role`]}
            options={roles}
            errors={state.errors}
            blank=""
          />
        </div>
      ))}
    </>
  );
}

function GroupRows({ context, state }: PartProps) {
  const { t, labels } = context;
  const { errors } = state;
  return (
    <>
      {Array.from({ length: state.rows.groups }, (_, index) => {
        const prefix = `affected.groups.${index}`;
        const value = (name: string) => state.values[`${prefix}.${name}`];
        return (
          <div class="row" role="group" aria-label={t('form.groupN', { n: index + 1 })}>
            <Select
              name={`${prefix}.type`}
              label={t('form.groupType')}
              value={value('type')}
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
              value={value('count')}
              errors={errors}
              inputmode="numeric"
            />
            <Field
              name={`${prefix}.origin`}
              label={t('group.origin')}
              value={value('origin')}
              errors={errors}
              list="countries"
            />
            <Field
              name={`${prefix}.sector`}
              label={t('group.sector')}
              value={value('sector')}
              errors={errors}
              list="sectors"
            />
            <Select
              name={`${prefix}.gender`}
              label={t('group.gender')}
              value={value('gender')}
              errors={errors}
              blank={t('form.unknown')}
              options={GENDERS.map((gender) => ({ value: gender, label: labels.gender(gender) }))}
            />
            <Select
              name={`${prefix}.migrationStatus`}
              label={t('group.migrationStatus')}
              value={value('migrationStatus')}
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
    </>
  );
}

/** The issues as checkboxes by category, with a filter the page script shows. */
function IssuesPicker({ context, state }: PartProps) {
  const { t, labels } = context;
  const errors = state.errors.issues ?? [];
  return (
    <fieldset class="issues-picker">
      <legend>{t('record.issues')}</legend>
      {errors.length > 0 && <p class="error">{errors.join('; ')}</p>}
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
  );
}

function SourceRows({ context, state }: PartProps) {
  const { t } = context;
  const { errors } = state;
  return (
    <>
      {Array.from({ length: state.rows.sources }, (_, index) => {
        const prefix = `sources.${index}`;
        const value = (name: string) => state.values[`${prefix}.${name}`];
        return (
          <div class="source-row" role="group" aria-label={t('form.sourceN', { n: index + 1 })}>
            <Field
              name={`${prefix}.headline`}
              label={t('form.headline')}
              value={value('headline')}
              errors={errors}
            />
            <Field
              name={`${prefix}.publisher`}
              label={t('form.publisher')}
              value={value('publisher')}
              errors={errors}
            />
            <Field
              name={`${prefix}.url`}
              label={t('form.url')}
              type="url"
              value={value('url')}
              errors={errors}
            />
            <Field
              name={`${prefix}.published`}
              label={t('form.published')}
              type="date"
              value={value('published')}
              errors={errors}
            />
            <Field
              name={`${prefix}.companies`}
              label={t('form.sourceCompanies')}
              hint={t('form.onePerLine')}
              value={value('companies')}
              errors={errors}
              multiline={2}
            />
            <Field
              name={`${prefix}.excerpt`}
              label={t('form.excerpt')}
              value={value('excerpt')}
              errors={errors}
              multiline={5}
            />
            <Checkbox
              name={`${prefix}.restricted`}
              label={t('form.restricted')}
              checked={value('restricted') === 'on'}
            />
          </div>
        );
      })}
    </>
  );
}

/** The record form: every field of the model, with errors beside the fields and pickers that find labels in any language. */
export function RecordFormPage(props: { context: PageContext; data: RecordFormData }) {
  const { context, data } = props;
  const { t } = context;
  const { state } = data;
  const parts = { context, state };
  const fieldMessages = Object.entries(state.errors).flatMap(([name, messages]) =>
    messages.map((message) =>
      name ? { text: `${fieldLabel(context, name)}: ${message}`, field: name } : message,
    ),
  );
  return (
    <Layout context={context} title={data.title}>
      <h1>{data.title}</h1>
      <FormErrors title={t('form.problems')} messages={[...data.messages, ...fieldMessages]} />
      {data.duplicates && data.duplicates.length > 0 && (
        <DuplicateList context={context} duplicates={data.duplicates} />
      )}
      {data.mode === 'create' && <PasteForm context={context} data={data} />}
      <form method="post" action={data.action} class="record-form" novalidate>
        <CsrfField context={context} />
        {data.version !== undefined && <input type="hidden" name="version" value={String(data.version)} />}
        <Datalists context={context} />
        <fieldset>
          <legend>{t('record.summary')}</legend>
          <SingleFields {...parts} section="summary" />
        </fieldset>

        <fieldset>
          <legend>{t('record.companies')}</legend>
          <p class="hint">{t('form.companiesHint')}</p>
          <CompanyRows {...parts} />
          <button type="submit" name="_intent" value="add-companies" class="secondary">
            {t('form.addCompany')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('record.affected')}</legend>
          <SingleFields {...parts} section="affected" />
          <GroupRows {...parts} />
          <button type="submit" name="_intent" value="add-groups" class="secondary">
            {t('form.addGroup')}
          </button>
        </fieldset>

        <IssuesPicker {...parts} />

        <fieldset>
          <legend>{t('record.response')}</legend>
          <SingleFields {...parts} section="response" />
        </fieldset>

        <fieldset>
          <legend>{t('record.sources')}</legend>
          <SourceRows {...parts} />
          <button type="submit" name="_intent" value="add-sources" class="secondary">
            {t('form.addSource')}
          </button>
        </fieldset>

        <fieldset class="confidential">
          <legend>{t('form.confidential')}</legend>
          <SingleFields {...parts} section="confidential" />
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
