import { describe, expect, it } from 'vitest';
import { extractDraft } from './extract.ts';
import { splitSentences } from './sentences.ts';
import { LEAD_SENTENCES, proposeSummary, SUMMARY_CHARACTERS, SUMMARY_CONFIDENCE } from './summary.ts';

function at(text: string, words: string, path = '/issues/0') {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`not in the text: ${words}`);
  return { path, start, end: start + words.length };
}

const summaryOf = (text: string, evidence: { path: string; start: number; end: number }[]) =>
  proposeSummary(text, splitSentences(text), evidence)?.text;

describe('proposeSummary: the lead sentences that carry the evidence', () => {
  const text = [
    'Pickers at Greenrow Farms say wages were withheld',
    '',
    'The harvest was late this year. Fifty pickers at Greenrow Farms say the company withheld their wages for the whole season. They say the farm manager took their passports.',
    'A photo shows the packing shed at dawn.',
    'Greenrow Farms denied the claims.',
  ].join('\n');
  const evidence = [
    at(text, 'Pickers at Greenrow Farms say wages were withheld', '/title'),
    at(text, 'Fifty pickers', '/affected/total'),
    at(text, 'withheld their wages', '/issues/0'),
    at(text, 'took their passports', '/issues/1'),
    at(text, 'Greenrow Farms denied', '/companies/0/name'),
  ];

  it('starts at the first sentence with evidence and goes on in its paragraph, never the headline', () => {
    expect(summaryOf(text, evidence)).toBe(
      'Fifty pickers at Greenrow Farms say the company withheld their wages for the whole season. They say the farm manager took their passports.',
    );
  });

  it('does not run into the next paragraph (a caption, a later turn of the story)', () => {
    const shorter = evidence.filter((item) => item.path !== '/issues/1');
    expect(summaryOf(text, shorter)).toBe(
      'Fifty pickers at Greenrow Farms say the company withheld their wages for the whole season.',
    );
  });

  it('skips lines that do not end as sentences do, such as a second headline', () => {
    const withDeck = `Drivers strike at Fastlane Haulage\nUnpaid overtime at Fastlane Haulage\nDrivers at Fastlane Haulage walked out over unpaid overtime.`;
    expect(
      summaryOf(withDeck, [
        at(withDeck, 'Drivers strike at Fastlane Haulage', '/title'),
        at(withDeck, 'Unpaid overtime', '/issues/0'),
        at(withDeck, 'walked out over unpaid overtime', '/issues/0'),
      ]),
    ).toBe('Drivers at Fastlane Haulage walked out over unpaid overtime.');
  });

  it('proposes nothing when the lead carries no evidence, and stays short', () => {
    const quiet = `${'The weather was mild. '.repeat(LEAD_SENTENCES)}Workers at Example Works were not paid.`;
    expect(summaryOf(quiet, [at(quiet, 'not paid')])).toBeUndefined();
    const long = `Workers at Example Works said ${'that they were not paid and '.repeat(30)}left.`;
    const summary = summaryOf(long, [at(long, 'not paid')])!;
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_CHARACTERS);
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('extractDraft proposes the summary', () => {
  it('as the record’s summary with evidence at a modest confidence', () => {
    const text = [
      'Welders at Ironleaf Yards say fees left them in debt',
      '',
      'Thirty welders from Bangladesh at Ironleaf Yards in Johor, Malaysia, say they paid recruitment fees of 4,000 dollars and are still in debt.',
      'The yard builds ferries.',
    ].join('\n');
    const result = extractDraft({ text, date: '2024-02-01' });
    expect(result.record.summary).toBe(
      'Thirty welders from Bangladesh at Ironleaf Yards in Johor, Malaysia, say they paid recruitment fees of 4,000 dollars and are still in debt.',
    );
    const item = result.evidence.find((evidence) => evidence.path === '/summary');
    expect(item?.confidence).toBe(SUMMARY_CONFIDENCE);
    expect(text.slice(item!.start, item!.end)).toBe(result.record.summary);
  });
});
