import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, signIn, type TestSession } from './support/accounts.ts';
import { proposalFields, unescapeHtml } from './support/review-form.ts';
import { STORE_BACKENDS } from './support/stores.ts';

const LEAD =
  'About 80 Cambodian packers at Mossbank Fruit Ltd, a packing house in Mildura, Australia, say the company withheld their wages for three months.';

/** An article of our own: two paragraphs of background carry no evidence and must stay out of the excerpt. */
const ARTICLE = [
  'Packers at Mossbank Fruit say wages were withheld',
  '2 May 2024',
  '',
  LEAD,
  'The packing house was founded in 1970 and ships citrus across the region.',
  'Its new cold store opened last year beside the river.',
  'The packers said a supervisor kept their passports in a locked office.',
  'Mossbank Fruit did not respond to questions.',
].join('\n');

/** The row of the review page with this key: its fieldset's HTML. */
function rowOf(html: string, key: string): string {
  const start = html.indexOf(`data-row="${key}"`);
  if (start < 0) throw new Error(`no row ${key}`);
  return html.slice(html.lastIndexOf('<fieldset', start), html.indexOf('</fieldset>', start));
}

describe.each(STORE_BACKENDS)('the review of a draft read from an article on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let researcher: TestSession;
  let viewer: TestSession;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await aUser(store, 'researcher');
    await aUser(store, 'viewer');
    app = await buildServer(store);
    researcher = await signIn(app, 'researcher@test.invalid');
    viewer = await signIn(app, 'viewer@test.invalid');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('starts low-confidence proposals unaccepted and marked, and proposes an excerpt of the evidence’s paragraphs', async () => {
    const read = await researcher.post('/records/from-article/read', { text: ARTICLE });
    expect(read.statusCode).toBe(200);
    const title = rowOf(read.body, 'title');
    expect(title).toMatch(/class="proposal low"/);
    expect(title).toContain('Low confidence: not accepted.');
    expect(title).not.toMatch(/value="accept" checked/);
    const country = rowOf(read.body, 'location.country');
    expect(country).not.toContain('Low confidence');
    expect(country).toMatch(/value="accept" checked/);
    // The summary is proposed from the lead, marked as a proposal, and starts unaccepted.
    const summary = rowOf(read.body, 'summary');
    expect(summary).toContain("Summary (proposed from the article's lead)");
    expect(summary).toContain('About 80 Cambodian packers at Mossbank Fruit Ltd');
    expect(summary).toMatch(/class="proposal low"/);
    // The excerpt: the paragraphs of the accepted proposals, a gap marked; no background, no headline.
    const excerpt = unescapeHtml(proposalFields(read.body)['sources.0.excerpt'] ?? '');
    expect(excerpt.startsWith(`${LEAD}\n…`)).toBe(true);
    expect(excerpt).toContain('kept their passports');
    expect(excerpt).not.toMatch(/founded in 1970|cold store|^Packers at/m);
  });

  it('saves only what was accepted, the excerpt following the decisions, and writes the note itself', async () => {
    const read = await researcher.post('/records/from-article/read', { text: ARTICLE });
    const form: Record<string, string> = {
      text: ARTICLE,
      _csrf: researcher.csrf,
      ...proposalFields(read.body),
    };
    // The researcher rejects the passports issue and renames the company; the title, proposed at 40%, is left
    // unaccepted at first: the save is refused, saying so, and what was typed is kept.
    const passports = Object.keys(form).find((name) => form[name] === 'passport-document-retention')!;
    form[`decide.${passports}`] = 'reject';
    form['companies.0.name'] = 'Mossbank Fruit Pty';
    form['decide.companies.0'] = 'accept';
    // What a forged body might add: a note of its own, a status, a field the review does not show.
    form['internalNotes'] = 'Every value was confirmed.';
    form['status'] = 'published';
    form['response.sought'] = 'on';
    const refused = await researcher.post('/records/from-article', form);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Title: the proposal is not accepted, and a draft needs it.');
    expect(rowOf(refused.body, 'companies.0')).toContain('value="Mossbank Fruit Pty"');
    expect(rowOf(refused.body, passports)).toMatch(/value="reject" checked/);
    expect(rowOf(refused.body, 'title')).not.toMatch(/value="accept" checked/);

    form['decide.title'] = 'accept';
    form['decide.location.city'] = 'reject';
    const saved = await researcher.post('/records/from-article', form);
    expect(saved.statusCode).toBe(303);
    const { records } = await store.records.listRecords({
      statuses: ['draft'],
      confidential: true,
      limit: 10,
    });
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.status).toBe('draft');
    expect(record.response.sought).toBe(false);
    expect(record.location).toEqual({ country: 'AU' });
    expect(record.companies.map((company) => company.name)).toEqual(['Mossbank Fruit Pty']);
    expect(record.issues).toContain('wage-theft');
    expect(record.issues).not.toContain('passport-document-retention');
    // Unaccepted proposals are not saved: the summary and the assumed source type.
    expect(record.summary).toBeUndefined();
    expect(record.sourceType).toBeUndefined();
    // The excerpt followed the decisions: the rejected issue's paragraph went; the company followed its name.
    expect(record.sources[0]!.excerpt.startsWith(LEAD)).toBe(true);
    expect(record.sources[0]!.excerpt).not.toContain('passports');
    expect(record.sources[0]!.companies).toEqual(['Mossbank Fruit Pty']);

    const note = record.internalNotes ?? '';
    expect(note).not.toContain('Every value was confirmed');
    expect(note).toMatch(
      /saved by Test researcher \(researcher@test\.invalid\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    expect(note).toContain(
      '- Title (40%, low confidence): accepted by the researcher: “Australia: Packers at',
    );
    expect(note).toMatch(/- City \(\d+%\): rejected: “Mildura”/);
    expect(note).toMatch(
      /- Company 1 \(\d+%(, low confidence)?\): changed by the researcher: Name: “Mossbank Fruit( Ltd)?” → “Mossbank Fruit Pty”/,
    );
    expect(note).toMatch(/- Issue \d \(\d+%(, low confidence)?\): rejected: “Passport & document retention”/);
    expect(note).toMatch(
      /- Summary \(proposed from the article's lead\) \(45%, low confidence\): left unaccepted, not saved/,
    );
    expect(note).toMatch(/- Country \(\d+%\): kept as proposed: “Australia”/);
    expect(note).toContain('Source excerpt: the paragraphs that carry the accepted proposals.');
  });

  it('keeps an excerpt the researcher wrote, and says so', async () => {
    const read = await researcher.post('/records/from-article/read', { text: ARTICLE });
    const form: Record<string, string> = {
      text: ARTICLE,
      _csrf: researcher.csrf,
      ...proposalFields(read.body),
    };
    // Another title: the record of the test before has this one for the same date.
    form['title'] = 'Australia: Mossbank Fruit packers say wages were withheld';
    form['sources.0.excerpt'] = 'Packers say their wages were withheld for three months.';
    expect((await researcher.post('/records/from-article', form)).statusCode).toBe(303);
    const { records } = await store.records.listRecords({
      statuses: ['draft'],
      confidential: true,
      limit: 10,
    });
    const record = records.find((item) => item.sources[0]?.excerpt.startsWith('Packers say'))!;
    expect(record.internalNotes).toContain('Source excerpt: written or edited by the researcher.');
    // Changing a proposal takes it: the title was not accepted, but changed.
    expect(record.title).toBe('Australia: Mossbank Fruit packers say wages were withheld');
    expect(record.internalNotes).toMatch(
      /- Title \(40%\): changed by the researcher: Title: “Australia: Packers/,
    );
  });

  it('refuses a viewer and a post without the form’s token, and escapes the article', async () => {
    expect((await viewer.post('/records/from-article/read', { text: ARTICLE })).statusCode).toBe(403);
    const read = await researcher.post('/records/from-article/read', { text: ARTICLE });
    const form = { text: ARTICLE, ...proposalFields(read.body), 'decide.title': 'accept' };
    expect((await viewer.post('/records/from-article', { ...form, _csrf: viewer.csrf })).statusCode).toBe(
      403,
    );
    expect((await researcher.post('/records/from-article', { ...form, _csrf: 'forged' })).statusCode).toBe(
      403,
    );
    const hostile = `${ARTICLE}\n<script>alert(1)</script> Packers at Mossbank Fruit Ltd said "<img src=x onerror=alert(2)>".`;
    const page = await researcher.post('/records/from-article/read', { text: hostile });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
  });
});
