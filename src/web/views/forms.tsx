import { SUGGESTION_FLOOR } from '../../matching/score.ts';
import type { ComponentChildren } from 'preact';
import type { PageContext } from './context.ts';

/** Building blocks of every form: the CSRF field, a labelled field with its errors, and an action button. */

export function CsrfField(props: { context: PageContext; token?: string }) {
  const token = props.token ?? props.context.viewer?.csrfToken ?? '';
  return <input type="hidden" name="_csrf" value={token} />;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  errors?: Record<string, string[]>;
  hint?: string;
  type?: 'text' | 'date' | 'url' | 'email' | 'password' | 'search';
  required?: boolean;
  list?: string;
  autocomplete?: string;
  multiline?: boolean | number;
  inputmode?: 'numeric';
  /** Asks the page script to fill the list from the company index as the user types. */
  companyLookup?: boolean;
}

/** A labelled input (or textarea) with its hint and its validation errors, tied together for screen readers. */
export function Field(props: FieldProps) {
  const id = fieldId(props.name);
  const errors = props.errors?.[props.name] ?? [];
  const described = [props.hint ? `${id}-hint` : '', errors.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name: props.name,
    'aria-invalid': errors.length ? ('true' as const) : undefined,
    'aria-describedby': described || undefined,
    required: props.required,
  };
  return (
    <div class={errors.length ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {errors.length > 0 && (
        <p class="error" id={`${id}-error`}>
          {errors.join('; ')}
        </p>
      )}
      {props.multiline ? (
        <textarea {...common} rows={typeof props.multiline === 'number' ? props.multiline : 4}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          list={props.list}
          autocomplete={props.autocomplete}
          inputMode={props.inputmode}
          data-company-lookup={props.companyLookup ? String(SUGGESTION_FLOOR) : undefined}
        />
      )}
    </div>
  );
}

export function Checkbox(props: { name: string; label: string; checked: boolean; value?: string }) {
  const id = fieldId(`${props.name}-${props.value ?? 'on'}`);
  return (
    <div class="checkbox">
      <input type="checkbox" id={id} name={props.name} value={props.value ?? 'on'} checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/** A form that changes something: POST, with the CSRF token. */
export function ActionForm(props: {
  context: PageContext;
  action: string;
  children: ComponentChildren;
  class?: string;
}) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <CsrfField context={props.context} />
      {props.children}
    </form>
  );
}

/** A list of messages for the whole form, announced when the page loads; each links to its field. */
export function FormErrors(props: {
  title: string;
  messages: (string | { text: string; field: string })[];
  /** The id of a field's input, when the form does not name them as `Field` does. */
  idOf?: (field: string) => string;
}) {
  const idOf = props.idOf ?? fieldId;
  if (props.messages.length === 0) return null;
  return (
    <div class="form-errors" role="alert">
      <h2>{props.title}</h2>
      <ul>
        {props.messages.map((message) => (
          <li>
            {typeof message === 'string' ? message : <a href={`#${idOf(message.field)}`}>{message.text}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What a field shows of its errors, for forms whose inputs are not `Field`s (file inputs, inputs named by
 * their own ids): the error paragraph beside the input, the attributes that tie them together, and the
 * wrapper's class.
 */
export function fieldErrorParts(messages: readonly string[], id: string, hint?: string) {
  const errorId = `${id}-error`;
  const invalid = messages.length > 0;
  return {
    paragraph: invalid ? (
      <p class="error" id={errorId}>
        {messages.join(' ')}
      </p>
    ) : null,
    attributes: {
      'aria-invalid': invalid ? ('true' as const) : undefined,
      'aria-describedby': [hint, invalid ? errorId : ''].filter(Boolean).join(' ') || undefined,
    },
    wrapper: invalid ? 'field invalid' : 'field',
  };
}
