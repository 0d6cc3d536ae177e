import { describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../../extract/model.ts';
import { translator } from '../i18n.ts';
import { ACCEPTED_CONFIDENCE, reviewRows } from './draft-review.ts';
import { acceptedForm, readReview } from './posted-review.ts';
import { provenanceNote, reviewOutcomes } from './review-note.ts';

/** A draft as the extractor gives it, built by hand: each value with its confidence. */
function aDraft(): ExtractionResult {
  const text = [
    'Cooks at Saltmarsh Kitchens say tips were kept',
    '',
    'Twelve cooks at Saltmarsh Kitchens Ltd in Testport say managers kept their tips.',
    'The restaurant opened in 2001 and seats ninety.',
    'The cooks also said they worked 70 hours a week.',
  ].join('\n');
  const span = (words: string) => ({ start: text.indexOf(words), end: text.indexOf(words) + words.length });
  const item = (path: string, value: unknown, confidence: number, words: string) => ({
    path,
    value,
    confidence,
    ...span(words),
    sentence: words,
  });
  return {
    relevance: 0.9,
    text,
    record: {
      title: 'Testland: cooks at Saltmarsh Kitchens say tips were kept',
      dateReported: '2024-06-01',
      location: { country: 'GB' },
      companies: [{ name: 'Saltmarsh Kitchens Ltd', role: 'Employer' }],
      issues: ['wage-theft', 'excessive-working-hours'],
      sources: [
        {
          companies: ['Saltmarsh Kitchens Ltd'],
          headline: 'Cooks at Saltmarsh Kitchens say tips were kept',
          excerpt: '',
        },
      ],
    },
    evidence: [
      item('/title', 'Testland: cooks', 0.4, 'Cooks at Saltmarsh Kitchens say tips were kept'),
      { path: '/dateReported', value: '2024-06-01', confidence: 0.95, start: 0, end: 0, sentence: 'given' },
      item('/location/country', 'GB', 0.8, 'Testport'),
      item('/companies/0/name', 'Saltmarsh Kitchens Ltd', 0.9, 'Saltmarsh Kitchens Ltd'),
      item('/issues/0', 'wage-theft', 0.85, 'kept their tips'),
      item('/issues/1', 'excessive-working-hours', 0.55, '70 hours a week'),
      item('/sources/0/headline', 'Cooks', 0.9, 'Cooks at Saltmarsh Kitchens say tips were kept'),
    ],
  };
}

describe('the review of a draft', () => {
  const result = aDraft();
  const proposed = reviewRows(result, 'en');
  const row = (key: string, rows = proposed) => rows.find((item) => item.key === key)!;

  it('starts a proposal under the threshold unaccepted and marked low, one at or above it accepted', () => {
    expect(ACCEPTED_CONFIDENCE).toBe(0.6);
    expect(row('title')).toMatchObject({ low: true, confidence: 0.4 });
    expect(row('title').decision).toBeUndefined();
    expect(row('issues.1').decision).toBeUndefined();
    expect(row('issues.0')).toMatchObject({ low: false, decision: 'accept' });
    expect(row('location.country').decision).toBe('accept');
  });

  it('proposes the excerpt from the accepted proposals’ paragraphs only, never the headline or the background', () => {
    const excerpt = row('sources.0').fields.find((field) => field.name === 'sources.0.excerpt')!.value;
    expect(excerpt).toBe('Twelve cooks at Saltmarsh Kitchens Ltd in Testport say managers kept their tips.');
  });

  it('reads only the proposals’ fields from a posted body, and takes a changed proposal as accepted', () => {
    const posted = readReview(
      {
        title: 'Testland: Saltmarsh Kitchens cooks say managers kept tips',
        'issues.1': 'excessive-working-hours',
        'decide.issues.1': 'accept',
        'decide.location.country': 'maybe',
        internalNotes: 'Every value was confirmed.',
        status: 'published',
      },
      proposed,
    );
    expect(posted.decisions).toMatchObject({ title: 'accept', 'issues.1': 'accept' });
    expect(posted.decisions['location.country']).toBeUndefined();
    expect(Object.keys(posted.values)).not.toContain('internalNotes');
    const form = acceptedForm(reviewRows(result, 'en', posted));
    expect(form['internalNotes']).toBeUndefined();
    expect(form['status']).toBeUndefined();
    expect(form['title']).toBe('Testland: Saltmarsh Kitchens cooks say managers kept tips');
    expect(form['issues']).toEqual(['excessive-working-hours']);
  });

  it('writes the note from the proposals and the review: accepted, changed, rejected, left, by whom and when', () => {
    const body: Record<string, string> = {};
    for (const item of proposed) for (const field of item.fields) body[field.name] = field.value;
    for (const item of proposed) if (item.decision) body[`decide.${item.key}`] = item.decision;
    body['decide.title'] = 'accept';
    body['companies.0.name'] = 'Saltmarsh Kitchens';
    body['decide.location.country'] = 'reject';
    const reviewed = reviewRows(result, 'en', readReview(body, proposed));
    const note = provenanceNote(reviewOutcomes(proposed, reviewed), {
      who: 'Ana Researcher (ana@example.org)',
      when: new Date('2024-06-03T09:15:00Z'),
      excerpt: 'made',
      t: translator('en'),
    });
    expect(note.split('\n')).toEqual([
      'Drafted from an article with assisted extraction; saved by Ana Researcher (ana@example.org) on 2024-06-03 09:15 UTC. Proposals at 60% confidence or more started accepted, the others unaccepted.',
      '7 proposals: 3 kept as proposed, 1 accepted by the researcher, 1 changed, 1 rejected, 1 left unaccepted (not saved).',
      '- Title (40%, low confidence): accepted by the researcher: “Testland: cooks at Saltmarsh Kitchens say tips were kept”',
      '- Date reported (95%): kept as proposed: “2024-06-01”',
      '- Country (80%): rejected: “United Kingdom”',
      '- Company 1 (90%): changed by the researcher: Name: “Saltmarsh Kitchens Ltd” → “Saltmarsh Kitchens”',
      '- Issue 1 (85%): kept as proposed: “Wage theft”',
      '- Issue 2 (55%, low confidence): left unaccepted, not saved: “Excessive working hours”',
      '- Source (90%): kept as proposed: “Cooks at Saltmarsh Kitchens say tips were kept”',
      'Source excerpt: the paragraphs that carry the accepted proposals.',
    ]);
    // The source is filed under the company as renamed, and only the accepted issue is saved; the excerpt
    // left as made follows: the unaccepted issue's paragraph stays out, until it is accepted.
    const form = acceptedForm(reviewed);
    expect(form['sources.0.companies']).toBe('Saltmarsh Kitchens');
    expect(form['issues']).toEqual(['wage-theft']);
    expect(form['location.country']).toBeUndefined();
    expect(form['sources.0.excerpt']).toBe(
      'Twelve cooks at Saltmarsh Kitchens Ltd in Testport say managers kept their tips.',
    );
    const withHours = acceptedForm(
      reviewRows(result, 'en', readReview({ ...body, 'decide.issues.1': 'accept' }, proposed)),
    );
    expect(withHours['sources.0.excerpt']).toBe(
      'Twelve cooks at Saltmarsh Kitchens Ltd in Testport say managers kept their tips.\n…The cooks also said they worked 70 hours a week.',
    );
  });

  it('writes the note in the page’s language', () => {
    const note = provenanceNote(reviewOutcomes(proposed, proposed), {
      who: 'Ана',
      when: new Date('2024-06-03T09:15:00Z'),
      excerpt: 'written',
      t: translator('ru'),
    });
    expect(note).toContain('сохранил Ана, 2024-06-03 09:15 UTC');
    expect(note).toContain('Выдержка источника: написана или исправлена исследователем.');
  });
});
