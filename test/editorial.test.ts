import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { aUser, signIn, type TestSession } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { CORPUS_DIR, corpusAvailable } from './support/shared.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/** A filled record form, as a browser posts it. */
function recordForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Qatar: guards at Desert Shield Services report months of unpaid wages',
    dateReported: '2025-02-10',
    'location.country': 'Катар',
    'location.city': 'Doha',
    summary: 'Guards say wages were withheld for four months.',
    'companies.0.name': 'Desert Shield Services',
    'companies.0.role': 'Employer',
    'affected.total': '1,200',
    'affected.groups.0.type': 'migrant-immigrant-workers',
    'affected.groups.0.count': '1,200',
    'affected.groups.0.origin': 'Nepal',
    'affected.groups.0.sector': 'Security & facility services',
    'affected.groups.0.gender': 'Men',
    'affected.groups.0.migrationStatus': 'Documented migrants',
    issues: ['wage-theft', 'Recruitment fees & debt bondage'],
    'response.sought': 'on',
    sourceType: 'NGO',
    'sources.0.headline': 'Guards unpaid for months',
    'sources.0.publisher': 'Gulf Labour Watch',
    'sources.0.url': 'https://example.org/guards',
    'sources.0.published': '2025-02-10',
    'sources.0.companies': 'Desert Shield Services',
    'sources.0.excerpt': 'Guards said they had not been paid since October.',
    internalNotes: 'Contact: a guard who asked not to be named.',
    _intent: 'save',
    ...overrides,
  };
}

const locationOf = (response: { headers: Record<string, unknown> }) => String(response.headers.location);

describe.each(STORE_BACKENDS)('editorial workflow through the web forms on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let researcher: TestSession;
  let editor: TestSession;
  let secondEditor: TestSession;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    await aUser(store, 'researcher');
    await aUser(store, 'editor');
    await aUser(store, 'editor', 'editor2@test.invalid');
    app = await buildServer(store);
    researcher = await signIn(app, 'researcher@test.invalid');
    editor = await signIn(app, 'editor@test.invalid');
    secondEditor = await signIn(app, 'editor2@test.invalid');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('shows validation errors beside the fields, keeps what was typed, then saves the fixed form as a draft', async () => {
    const wrong = await researcher.post(
      '/records/new',
      recordForm({
        dateReported: '10/02/2025',
        'affected.groups.0.origin': 'Atlantis',
        'sources.0.url': 'not a url',
      }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(
      /id="f-dateReported-error"[^>]*>“10\/02\/2025” is not a date: write it as year-month-day/,
    );
    expect(wrong.body).toMatch(
      /id="f-affected-groups-0-origin-error"[^>]*>“Atlantis” is not a country name we know\. Type the country/,
    );
    expect(wrong.body).toMatch(/id="f-sources-0-url-error"[^>]*>“not a url” is not a web address/);
    expect(wrong.body).toContain('value="Guards unpaid for months"');
    expect(await store.records.countRecords()).toBe(0);

    const saved = await researcher.post('/records/new', recordForm());
    expect(saved.statusCode).toBe(303);
    const record = (await store.records.getRecord(locationOf(saved).split('/').pop()!, {
      confidential: true,
    }))!;
    expect(record).toMatchObject({
      status: 'draft',
      location: { country: 'QA', city: 'Doha' },
      affected: { total: 1200 },
      issues: ['wage-theft', 'recruitment-fees-debt-bondage'],
      internalNotes: 'Contact: a guard who asked not to be named.',
    });
    expect(record.affected.groups[0]).toMatchObject({
      origin: 'NP',
      sector: 'security-facility-services',
      count: 1200,
    });
    const [revision] = await store.revisions.listRevisions(record.id);
    expect(revision!.author.name).toBe('Test researcher');
  });

  it('adds a row without saving, and starts a record from a pasted text form', async () => {
    const grown = await researcher.post('/records/new', recordForm({ _intent: 'add-companies' }));
    expect(grown.statusCode).toBe(200);
    expect(grown.body).toContain('name="companies.1.name"');
    expect(grown.body).toContain('name="companies.2.name"');
    expect(grown.body).not.toContain('name="companies.3.name"');

    if (!corpusAvailable()) return; // outside CI without ../shared: the part above has run
    const text = readFileSync(`${CORPUS_DIR}/001-wildberries-en.txt`, 'utf8');
    const filled = await researcher.post('/records/new', { textForm: text, _intent: 'parse' });
    expect(filled.statusCode).toBe(200);
    expect(filled.body).toContain('value="Wildberries"');
    expect(filled.body).toMatch(/id="issue-forced-labour-modern-slavery"[^>]*checked/);
    const broken = await researcher.post('/records/new', { textForm: 'not a record page', _intent: 'parse' });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('The text form could not be read');
    // The parser's messages name labels as code for the command line; the page quotes them instead.
    const badDate = await researcher.post('/records/new', {
      textForm: text.replace(/Date Reported:.*\n?.*\d{4}/, 'Date Reported: someday'),
      _intent: 'parse',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('after “Date Reported:”');
    expect(badDate.body).not.toMatch(/`/);
  });

  it('takes a record through review to publication, records each step, and warns of a duplicate', async () => {
    const first = await researcher.post(
      '/records/new',
      recordForm({ title: 'Qatar: Desert Shield guards unpaid', dateReported: '2025-03-01' }),
    );
    const draftId = locationOf(first).split('/').pop()!;
    const duplicate = await researcher.post(
      '/records/new',
      recordForm({
        title: 'Qatar: Desert Shield guards say wages unpaid for months',
        dateReported: '2025-03-20',
      }),
    );
    const duplicatePage = await researcher.get(locationOf(duplicate));
    expect(duplicatePage.body).toContain('Possible duplicates');
    expect(duplicatePage.body).toContain('Qatar: Desert Shield guards unpaid');

    const draft = (await store.records.getRecord(draftId))!;
    expect(
      (await researcher.post(`/records/${draft.id}/transition`, { transition: 'request-review' })).statusCode,
    ).toBe(303);
    // The researcher may not publish; the editor sends it back with a comment, then publishes the next round.
    expect(
      (await researcher.post(`/records/${draft.id}/transition`, { transition: 'publish' })).statusCode,
    ).toBe(403);
    const noComment = await editor.post(`/records/${draft.id}/transition`, { transition: 'send-back' });
    expect(noComment.statusCode).toBe(400);
    await editor.post(`/records/${draft.id}/transition`, {
      transition: 'send-back',
      reason: 'Name the source of the figure',
    });
    const sentBack = await researcher.get(`/records/${draft.slug}`);
    expect(sentBack.body).toContain('Name the source of the figure');
    await researcher.post(`/records/${draft.id}/transition`, { transition: 'request-review' });
    expect((await app.inject(`/records/${draft.slug}`)).statusCode).toBe(404);
    await editor.post(`/records/${draft.id}/transition`, { transition: 'publish' });
    const published = await app.inject(`/records/${draft.slug}`);
    expect(published.statusCode).toBe(200);
    expect(published.body).not.toContain('asked not to be named');

    // The review's comment stays in the history, not on the published record, even for staff.
    expect((await researcher.get(`/records/${draft.slug}`)).body).not.toContain(
      'Name the source of the figure',
    );
    const history = await editor.get(`/records/${draft.id}/history`);
    expect(history.body).toContain('Name the source of the figure');
    expect((await store.revisions.listRevisions(draft.id)).map((revision) => revision.action)).toEqual([
      'transition',
      'transition',
      'transition',
      'transition',
      'create',
    ]);
    const activity = await editor.get('/activity');
    expect(activity.body).toContain('Qatar: Desert Shield guards unpaid');

    // The editor merges the duplicate into the published record: its page now leads there.
    const duplicateId = locationOf(duplicate).split('/').pop()!;
    const merged = await editor.post(`/records/${duplicateId}/merge`, { into: draft.id });
    expect(merged.statusCode).toBe(303);
    const gone = await app.inject(`/records/${duplicateId}`);
    expect(gone.statusCode).toBe(301);
    expect(locationOf(gone)).toBe(`/records/${draft.slug}`);

    // Retraction needs a public reason, which the record's page then shows.
    await editor.post(`/records/${draft.id}/transition`, {
      transition: 'retract',
      reason: 'The source withdrew its report',
    });
    const retracted = await app.inject(`/records/${draft.slug}`);
    expect(retracted.statusCode).toBe(410);
    expect(retracted.body).toContain('The source withdrew its report');
    expect(retracted.body).not.toContain('Guards said they had not been paid');
  });

  it('lists each user’s own drafts first on the worklist, marked as theirs', async () => {
    for (let index = 0; index < 3; index++)
      await editor.post(
        '/records/new',
        recordForm({
          title: `Editor draft ${index} about port workers`,
          dateReported: `2025-04-0${index + 1}`,
        }),
      );
    await researcher.post(
      '/records/new',
      recordForm({ title: 'Researcher draft about port workers', dateReported: '2025-01-01' }),
    );
    const order = (body: string) =>
      [...body.matchAll(/>((?:Editor|Researcher) draft[^<]*)<\/a> (<span class="badge">)?/g)].map(
        (match) => `${match[1]}${match[2] ? ' (yours)' : ''}`,
      );
    const researcherList = order((await researcher.get('/worklist')).body);
    expect(researcherList[0]).toBe('Researcher draft about port workers (yours)');
    expect(researcherList.filter((item) => item.endsWith('(yours)'))).toHaveLength(1);
    const editorList = order((await editor.get('/worklist')).body);
    expect(
      editorList.slice(0, 3).every((item) => item.startsWith('Editor draft') && item.endsWith('(yours)')),
    ).toBe(true);
    expect(editorList[3]).toBe('Researcher draft about port workers');
  });

  it('suggests the known company a name may be, and links the record to it as a change', async () => {
    await store.companies.importCompanies([
      {
        name: 'Gulf Guarding Services W.L.L.',
        aliases: ['GGS Qatar'],
        previousNames: [],
        identifiers: {},
        country: 'QA',
      },
    ]);
    const saved = await researcher.post(
      '/records/new',
      recordForm({
        title: 'Qatar: guards of Gulf Guarding unpaid',
        dateReported: '2025-11-01',
        'companies.0.name': 'GULF GUARDING SERVICES WLL',
        'sources.0.companies': 'GULF GUARDING SERVICES WLL',
      }),
    );
    const page = await researcher.get(locationOf(saved));
    expect(page.body).toContain('Known companies these names may be');
    expect(page.body).toContain('Gulf Guarding Services W.L.L.');
    const draft = (await store.records.getRecord(locationOf(saved).split('/').pop()!))!;
    const company = (await store.companies.matchableCompanies({ statuses: ['published'] })).find(
      (known) => known.name === 'Gulf Guarding Services W.L.L.',
    )!;
    const linked = await researcher.post(`/records/${draft.id}/link-company`, {
      position: '0',
      companyId: company.id,
      version: String(draft.version),
    });
    expect(linked.statusCode).toBe(303);
    const after = (await store.records.getRecord(draft.id))!;
    expect(after.companies[0]).toMatchObject({
      name: 'Gulf Guarding Services W.L.L.',
      companyId: company.id,
    });
    expect(after.sources[0]!.companies).toEqual(['Gulf Guarding Services W.L.L.']);
    expect((await store.revisions.listRevisions(draft.id))[0]!.reason).toContain(
      'linked to the known company',
    );
  });

  it('lets an editor merge two companies, mark two as different, and split a name off again', async () => {
    await store.records.upsertRecords([
      aRecord({
        title: 'Merge case one',
        dateReported: '2024-02-02',
        companies: [{ name: 'Northwind Garments Ltd', role: 'Employer' }],
      }),
      aRecord({
        title: 'Merge case two',
        dateReported: '2024-03-03',
        companies: [{ name: 'NORTHWIND GARMENTS LIMITED', role: 'Supplier' }],
      }),
      aRecord({
        title: 'Different case',
        dateReported: '2024-04-04',
        companies: [{ name: 'Northwind Garment Traders', role: 'Buyer' }],
      }),
    ]);
    const idOf = async (name: string) =>
      (await store.companies.matchableCompanies({ statuses: ['published'] })).find(
        (company) => company.name === name,
      )?.id;
    const kept = (await idOf('Northwind Garments Ltd'))!;
    const duplicate = (await idOf('NORTHWIND GARMENTS LIMITED'))!;
    const traders = (await idOf('Northwind Garment Traders'))!;

    const page = await editor.get(`/companies/${duplicate}`);
    expect(page.body).toContain('Possibly the same company');
    expect(page.body).toContain('Merge this company into Northwind Garments Ltd');
    expect((await researcher.post(`/companies/${duplicate}/merge`, { into: kept })).statusCode).toBe(403);
    expect((await editor.post(`/companies/${duplicate}/merge`, { into: kept })).statusCode).toBe(303);
    const merged = (await store.companies.getCompany(kept, { statuses: ['published'] }))!;
    expect(merged.records).toHaveLength(2);
    expect(merged.otherNames).toContainEqual({ name: 'NORTHWIND GARMENTS LIMITED', kind: 'alias' });
    expect(await store.companies.getCompany(duplicate, { statuses: ['published'] })).toBeUndefined();
    // A new record giving the merged name is linked to the company kept.
    const { ids } = await store.records.upsertRecords([
      aRecord({
        title: 'Merge case three',
        dateReported: '2024-05-05',
        companies: [{ name: 'NORTHWIND GARMENTS LIMITED', role: 'Employer' }],
      }),
    ]);
    expect((await store.records.getRecord(ids[0]!))!.companies[0]!.companyId).toBe(kept);

    expect((await editor.get(`/companies/${kept}`)).body).toContain('Northwind Garment Traders');
    expect((await editor.post(`/companies/${kept}/not-same`, { other: traders })).statusCode).toBe(303);
    const after = await editor.get(`/companies/${kept}`);
    expect(after.body).not.toContain('Merge this company into Northwind Garment Traders');
    expect(after.body).toContain('are not the same company');
    expect(after.body).toContain('was merged into Northwind Garments Ltd');

    const split = await editor.post(`/companies/${kept}/split`, { name: 'NORTHWIND GARMENTS LIMITED' });
    expect(split.statusCode).toBe(303);
    const newId = locationOf(split).split('/').pop()!;
    expect((await store.companies.getCompany(newId, { statuses: ['published'] }))!.records).toHaveLength(2);
    expect((await store.companies.getCompany(kept, { statuses: ['published'] }))!.records).toHaveLength(1);
  });

  it('lets an administrator add a user, change a role and disable an account, but not their own', async () => {
    await aUser(store, 'admin');
    const admin = await signIn(app, 'admin@test.invalid');
    const added = await admin.post('/admin/users', {
      email: 'New.Person@Test.invalid',
      role: 'viewer',
      name: 'New person',
    });
    expect(added.statusCode).toBe(201);
    const password = /<code>([^<]+)<\/code>/.exec(added.body)![1]!;
    const newcomer = await signIn(app, 'new.person@test.invalid', password);
    expect((await newcomer.get('/records/new')).statusCode).toBe(403);
    const user = (await store.accounts.findUserByEmail('new.person@test.invalid'))!;
    expect(
      (await admin.post(`/admin/users/${user.id}`, { action: 'role', role: 'researcher' })).statusCode,
    ).toBe(303);
    // A role change ends the user's sessions: they sign in again with the new role.
    expect((await newcomer.get('/records/new')).statusCode).toBe(303);
    const again = await signIn(app, 'new.person@test.invalid', password);
    expect((await again.get('/records/new')).statusCode).toBe(200);
    await admin.post(`/admin/users/${user.id}`, { action: 'disable' });
    await expect(signIn(app, 'new.person@test.invalid', password)).rejects.toThrow(/401/);
    const self = (await store.accounts.findUserByEmail('admin@test.invalid'))!;
    expect((await admin.post(`/admin/users/${self.id}`, { action: 'disable' })).statusCode).toBe(400);
    const duplicate = await admin.post('/admin/users', { email: 'new.person@test.invalid', role: 'viewer' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('already exists');
  });

  it('refuses the second of two editors saving the same version, and restores an earlier version as a new change', async () => {
    const created = await store.records.saveRecord({
      record: aRecord({ title: 'Conflict case', dateReported: '2025-06-06', status: 'published' }),
      author: { userId: null, name: 'import' },
      action: 'create',
    });
    const formA = await editor.get(`/records/${created.id}/edit`);
    const formB = await secondEditor.get(`/records/${created.id}/edit`);
    expect(formA.body).toContain('name="version" value="1"');
    expect(formB.body).toContain('name="version" value="1"');
    const fields = (title: string) =>
      recordForm({
        title,
        'location.country': 'MY',
        version: '1',
        reason: 'clearer title',
      });
    expect(
      (await editor.post(`/records/${created.id}/edit`, fields('Conflict case, first edit'))).statusCode,
    ).toBe(303);
    const second = await secondEditor.post(
      `/records/${created.id}/edit`,
      fields('Conflict case, second edit'),
    );
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this record');
    expect(second.body).toContain('value="Conflict case, second edit"');
    expect((await store.records.getRecord(created.id))!.title).toBe('Conflict case, first edit');

    const history = await editor.get(`/records/${created.id}/history`);
    expect(history.body).toContain('clearer title');
    expect(history.body).toContain('Conflict case, first edit');
    expect(history.body).toContain('Restore version 1');
    const restored = await editor.post(`/records/${created.id}/restore`, { version: '1' });
    expect(restored.statusCode).toBe(303);
    const now = (await store.records.getRecord(created.id))!;
    expect(now.title).toBe('Conflict case');
    expect(now.version).toBe(3);
    const [latest] = await store.revisions.listRevisions(created.id);
    expect(latest).toMatchObject({ action: 'restore', reason: 'restored version 1' });
    expect(latest!.changes).toContainEqual({
      path: '/title',
      before: 'Conflict case, first edit',
      after: 'Conflict case',
    });
  });
});
