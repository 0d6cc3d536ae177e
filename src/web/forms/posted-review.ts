import { normalised, type Decision, type PostedReview, type ReviewRow } from './draft-review.ts';

/** A posted review of a draft: read against the rows proposed, and turned into the record form's body. */

/** A posted value: the last of repeated names, as text, line ends made plain. */
const postedText = (raw: unknown): string | undefined => {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : undefined;
};

/**
 * A posted review read against the proposed rows: only their fields and decisions, nothing else the body
 * holds (no internal note, status or field the review did not show). A row left without a decision whose
 * values the researcher changed counts as accepted: changing a proposal is taking it.
 */
export function readReview(body: Record<string, unknown>, proposed: ReviewRow[]): PostedReview {
  const values: Record<string, string> = {};
  const decisions: Record<string, Decision> = {};
  for (const row of proposed) {
    let changed = false;
    for (const field of row.fields) {
      // A field the body leaves out is taken as left as proposed.
      const value = postedText(body[field.name]) ?? field.value;
      values[field.name] = value;
      if (normalised(value) !== normalised(field.value)) changed = true;
    }
    const decision = postedText(body[`decide.${row.key}`]);
    if (decision === 'accept' || decision === 'reject') decisions[row.key] = decision;
    else if (changed) decisions[row.key] = 'accept';
  }
  return { values, decisions };
}

/** The record form's body from the reviewed rows: the fields of the accepted rows, their issues as a list. */
export function acceptedForm(rows: ReviewRow[]): Record<string, unknown> {
  const form: Record<string, unknown> = { issues: [] as string[] };
  for (const row of rows) {
    if (row.decision !== 'accept') continue;
    for (const field of row.fields) {
      if (/^issues\.\d+$/.test(field.name)) {
        if (field.value) (form['issues'] as string[]).push(field.value);
      } else form[field.name] = field.value;
    }
  }
  return form;
}
