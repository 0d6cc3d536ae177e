import type { MessageKey, Translate } from '../i18n.ts';
import { ACCEPTED_CONFIDENCE, type ReviewField, type ReviewRow } from './draft-review.ts';

/**
 * The internal note of a draft saved from a review: what was proposed, what the researcher did with each
 * proposal, who saved it and when. Computed on the server from the proposals (the article read again) and the
 * review as posted; nothing the browser writes is taken for the note.
 */

/** What became of a proposal. */
export type Outcome =
  /** Started accepted (confident enough) and saved as proposed. */
  | 'kept'
  /** Started unaccepted (low confidence) and accepted by the researcher as proposed. */
  | 'accepted'
  /** Saved with values the researcher changed. */
  | 'changed'
  | 'rejected'
  /** Started unaccepted and left so: not saved. */
  | 'unaccepted'
  /** Nothing was proposed; the researcher wrote the value. */
  | 'written';

export interface FieldChange {
  /** The translation key of the field's label. */
  label: string;
  from: string;
  to: string;
}

export interface ProposalOutcome {
  key: string;
  heading: string;
  number?: number;
  confidence: number;
  low: boolean;
  outcome: Outcome;
  /** The proposal's values as the review showed them; for a field written by the researcher, what they wrote. */
  value: string;
  changes: FieldChange[];
}

/** The fields that follow the decisions rather than being proposed on their own: said apart. */
const FOLLOWING = new Set(['sources.0.excerpt', 'sources.0.companies']);

/** A field's value as the researcher saw it: a choice by its label. */
function shown(field: ReviewField): string {
  const value = field.value.trim();
  return field.options?.find((option) => option.value === value)?.label ?? value;
}

const rowText = (row: ReviewRow) =>
  row.fields
    .filter((field) => !FOLLOWING.has(field.name))
    .map(shown)
    .filter((value) => value && value !== '—')
    .join(', ');

/** Each proposal with what became of it: the proposed rows beside the same rows as reviewed. */
export function reviewOutcomes(proposed: ReviewRow[], reviewed: ReviewRow[]): ProposalOutcome[] {
  return proposed.flatMap((row) => {
    const after = reviewed.find((other) => other.key === row.key);
    const changes: FieldChange[] = [];
    for (const field of row.fields) {
      if (FOLLOWING.has(field.name)) continue;
      const now = after?.fields.find((other) => other.name === field.name);
      if (now && shown(now) !== shown(field))
        changes.push({ label: field.label, from: shown(field), to: shown(now) });
    }
    const decision = after?.decision;
    if (!row.proposed && (decision !== 'accept' || !after || !rowText(after))) return [];
    const outcome: Outcome = !row.proposed
      ? 'written'
      : decision === 'reject'
        ? 'rejected'
        : decision !== 'accept'
          ? 'unaccepted'
          : changes.length > 0
            ? 'changed'
            : row.low
              ? 'accepted'
              : 'kept';
    return {
      key: row.key,
      heading: row.heading,
      ...(row.number !== undefined ? { number: row.number } : {}),
      confidence: row.confidence,
      low: row.low,
      outcome,
      value: rowText(row.proposed || !after ? row : after),
      changes,
    };
  });
}

/** How the saved excerpt came about: made from the accepted proposals' paragraphs, or written by hand. */
export type ExcerptOrigin = 'made' | 'written' | 'none';

export interface NoteContext {
  /** Who saved the draft: their name and e-mail address. */
  who: string;
  when: Date;
  excerpt: ExcerptOrigin;
  t: Translate;
}

const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;
const quoted = (text: string) => `“${text.length > 160 ? `${text.slice(0, 159)}…` : text}”`;

/** The note, one line per proposal after a heading line, in the language of `t`. */
export function provenanceNote(outcomes: ProposalOutcome[], context: NoteContext): string {
  const { t } = context;
  const count = (outcome: Outcome) => outcomes.filter((item) => item.outcome === outcome).length;
  const proposals = outcomes.filter((item) => item.outcome !== 'written');
  const lines = [
    t('article.note.heading', {
      who: context.who,
      when: `${context.when.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      threshold: percent(ACCEPTED_CONFIDENCE),
    }),
    t('article.note.counts', {
      proposed: proposals.length,
      kept: count('kept'),
      accepted: count('accepted'),
      changed: count('changed'),
      rejected: count('rejected'),
      unaccepted: count('unaccepted'),
    }),
  ];
  for (const item of outcomes) {
    const field = `${t(item.heading as MessageKey)}${item.number ? ` ${item.number}` : ''}`;
    const changes = item.changes
      .map((change) => `${t(change.label as MessageKey)}: ${quoted(change.from)} → ${quoted(change.to)}`)
      .join('; ');
    lines.push(
      `- ${t(`article.note.${item.outcome}`, {
        field,
        confidence: percent(item.confidence),
        value: item.value ? quoted(item.value) : '—',
        changes,
      })}`,
    );
  }
  if (context.excerpt !== 'none') lines.push(t(`article.note.excerpt.${context.excerpt}`));
  return lines.join('\n');
}
