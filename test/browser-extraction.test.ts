import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { TEST_PASSWORD, aUser } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import {
  accessibilityProblems,
  browserAvailable,
  desktopPage,
  launchChromium,
  SCREENSHOTS,
} from './support/browser.ts';

const ARTICLE = [
  'Nepali workers at Klang glove factory say passports were confiscated',
  '',
  'More than 200 Nepali workers at a rubber glove factory in Klang, Malaysia, say their employer, Harbour Gloves Sdn Bhd, confiscated their passports and made them work 12-hour shifts.',
  'The workers told investigators they had paid recruitment fees of up to US$4,000 to agents in Kathmandu. Harbour Gloves denied the allegations in a statement.',
].join('\n');

/** The article with background paragraphs that carry no evidence: the excerpt must leave them out. */
const ARTICLE_WITH_BACKGROUND = [
  ...ARTICLE.split('\n').slice(0, 3),
  'The factory was built in 1995 and makes gloves for hospitals in many countries.',
  ARTICLE.split('\n')[3]!,
  'Klang is a port city west of the capital and has many factories.',
].join('\n');

describe.runIf(browserAvailable())(
  'a researcher drafts a record from an article in headless Chromium',
  () => {
    let dir: string;
    let store: Stores;
    let app: FastifyInstance;
    let browser: Browser;
    let base: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'bhr-browser-extraction-'));
      store = await openStores(join(dir, 'test.sqlite'));
      // A published record of the same incident, for the triage queue to find.
      await store.records.upsertRecords([
        aRecord({
          status: 'published',
          title: 'Malaysia: Harbour Gloves workers say passports confiscated and fees charged',
          dateReported: '2024-03-10',
          location: { country: 'MY' },
          companies: [{ name: 'Harbour Gloves Sdn Bhd', role: 'Employer' }],
        }),
      ]);
      await aUser(store, 'researcher');
      await aUser(store, 'editor');
      app = await buildServer(store);
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function signedInPage(email = 'researcher@test.invalid'): Promise<Page> {
      const page = await desktopPage(browser);
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/worklist`);
      return page;
    }

    it('pastes an article, sees low-confidence proposals unaccepted and the excerpt trimmed, decides and saves', async () => {
      const page = await signedInPage();
      await page.getByRole('link', { name: 'New record from article' }).click();
      await page.waitForURL(/\/records\/from-article$/);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByLabel('Article text').fill(ARTICLE_WITH_BACKGROUND);
      await page.getByLabel(/Date of the article/).fill('2024-03-12');
      await page.getByRole('button', { name: 'Read the article' }).click();
      await page.getByRole('heading', { name: 'Review the proposed draft' }).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);

      // The evidence is highlighted in the article, and each proposal links to its words.
      const country = page.locator('fieldset[data-row="location.country"]');
      await expect.poll(() => country.getByLabel('Country', { exact: true }).inputValue()).toBe('Malaysia');
      const link = country.locator('.evidence-list a').first();
      expect(await link.textContent()).toBe('“Malaysia”');
      const target = (await link.getAttribute('href'))!;
      expect(await page.locator(`${target}.evidence`).textContent()).toBe('Malaysia');
      expect(await country.getByLabel('Accept').isChecked()).toBe(true);

      // The title, made from the headline at 40%, starts unaccepted, and says so in words.
      const title = page.locator('fieldset[data-row="title"]');
      expect(await title.locator('.low-confidence').innerText()).toContain('Low confidence: not accepted.');
      expect(await title.getByLabel('Accept').isChecked()).toBe(false);
      expect(await title.getByLabel('Reject').isChecked()).toBe(false);
      const summary = page.locator('fieldset[data-row="summary"]');
      expect(await summary.locator('legend').innerText()).toContain(
        "Summary (proposed from the article's lead)",
      );
      expect(await summary.getByLabel('Accept').isChecked()).toBe(false);

      // The excerpt: the paragraphs with evidence, not the headline nor the background.
      const source = page.locator('fieldset[data-row="sources.0"]');
      const excerpt = await source.getByLabel('Excerpt').inputValue();
      expect(excerpt).toContain('More than 200 Nepali workers');
      expect(excerpt).toContain('\n…The workers told investigators');
      expect(excerpt).not.toContain('built in 1995');
      expect(excerpt).not.toContain('port city');
      expect(excerpt).not.toContain('say passports were confiscated\n');
      expect(excerpt.length).toBeLessThan(ARTICLE_WITH_BACKGROUND.length / 2 + 200);
      await title.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'extraction-review.png'), fullPage: false });
      await source.screenshot({ path: join(SCREENSHOTS, 'extraction-review-excerpt.png') });

      // Accept the title; fix the company's name; reject the city and the fees issue; rewrite the summary,
      // which ticks its Accept.
      await title.getByLabel('Accept').check();
      const company = page.locator('fieldset[data-row="companies.0"]');
      expect(await company.getByLabel('Name', { exact: true }).inputValue()).toBe('Harbour Gloves Sdn Bhd');
      await company.getByLabel('Name', { exact: true }).fill('Harbour Gloves');
      await page.locator('fieldset[data-row="location.city"]').getByLabel('Reject').check();
      const issues = page.locator('fieldset[data-row^="issues."]');
      for (let index = 0; index < (await issues.count()); index += 1) {
        const issue = issues.nth(index);
        if ((await issue.getByRole('combobox').inputValue()) === 'recruitment-fees-debt-bondage')
          await issue.getByLabel('Reject').check();
      }
      await summary
        .getByRole('textbox')
        .fill('Workers at a glove factory in Malaysia say their passports were taken.');
      expect(await summary.getByLabel('Accept').isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Save as a draft record' }).click();
      await page.waitForURL(/\/records\/(?!from-article)[^/]+$/);

      const drafts = await store.records.listRecords({ statuses: ['draft'], confidential: true, limit: 10 });
      expect(drafts.records).toHaveLength(1);
      const saved = drafts.records[0]!;
      expect(saved.status).toBe('draft');
      expect(saved.location).toEqual({ country: 'MY' });
      expect(saved.dateReported).toBe('2024-03-12');
      expect(saved.title).toBe(
        'Malaysia: Nepali workers at Klang glove factory say passports were confiscated',
      );
      expect(saved.summary).toBe('Workers at a glove factory in Malaysia say their passports were taken.');
      expect(saved.companies.map((item) => [item.name, item.role])).toEqual([['Harbour Gloves', 'Employer']]);
      expect(saved.affected.groups[0]).toMatchObject({ origin: 'NP', count: 200 });
      expect(saved.issues).toContain('passport-document-retention');
      expect(saved.issues).not.toContain('recruitment-fees-debt-bondage');
      expect(saved.sources[0]!.headline).toBe(
        'Nepali workers at Klang glove factory say passports were confiscated',
      );
      // The excerpt followed the decisions: the rejected fees issue took its paragraph with it.
      expect(saved.sources[0]!.excerpt).toBe(
        'More than 200 Nepali workers at a rubber glove factory in Klang, Malaysia, say their employer, Harbour Gloves Sdn Bhd, confiscated their passports and made them work 12-hour shifts.',
      );
      expect(saved.sources[0]!.companies).toEqual(['Harbour Gloves']);
      expect(saved.internalNotes).toMatch(/assisted extraction; saved by Test researcher/);
      expect(saved.internalNotes).toContain('- Title (40%, low confidence): accepted by the researcher');
      expect(saved.internalNotes).toContain('- City (70%): rejected: “Klang”');
    });

    it('triages a file of articles: relevance, incidents, the existing record flagged, its sources proposed and added by an editor', async () => {
      const page = await signedInPage('researcher@test.invalid');
      await page.goto(`${base}/triage`);
      expect(await accessibilityProblems(page)).toEqual([]);
      const file = join(dir, 'articles.ndjson');
      const lines = [
        {
          url: 'https://news.example/glove-passports',
          headline: 'Nepali workers at Klang glove factory say passports were confiscated',
          date: '2024-03-12',
          text: ARTICLE,
        },
        {
          url: 'https://news.example/glove-denial',
          headline: 'Glove maker denies taking workers’ passports',
          date: '2024-03-14',
          text: 'Harbour Gloves Sdn Bhd denied that it confiscated the passports of Nepali workers at its factory in Klang, Malaysia, after workers said they paid recruitment fees to agents.',
        },
        {
          url: 'https://news.example/football',
          headline: 'Late goal wins the title',
          date: '2024-03-13',
          text: 'A late header gave the home side the league title on Saturday, and fans celebrated in the streets.',
        },
      ];
      writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
      await page.getByLabel('Articles as NDJSON').setInputFiles(file);
      await page.getByRole('button', { name: 'Triage the articles' }).click();
      await page.getByRole('heading', { name: 'Open articles in the queue (3)' }).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await expect
        .poll(() => page.getByRole('heading', { name: /Incident 1 \(2 articles\)/ }).count())
        .toBe(1);
      expect(
        await page.getByRole('link', { name: /Harbour Gloves workers say passports confiscated/ }).count(),
      ).toBe(1);
      expect(
        await page.getByRole('heading', { name: /Set aside as probably not allegations \(1\)/ }).count(),
      ).toBe(1);
      await page.screenshot({ path: join(SCREENSHOTS, 'triage.png'), fullPage: true });

      // The record is published: the researcher proposes the two articles as its sources; nothing changes yet.
      expect(await page.getByRole('button', { name: /Add these 2 articles/ }).count()).toBe(0);
      const before = (
        await store.records.listRecords({ statuses: ['published'], confidential: true, limit: 10 })
      ).records[0]!;
      await page.getByRole('button', { name: 'Propose these 2 articles as sources of that record' }).click();
      await page.getByRole('heading', { name: 'Open articles in the queue (1)' }).waitFor();
      expect(await page.getByText('2 articles are proposed as sources and wait for an editor.').count()).toBe(
        1,
      );
      expect((await store.records.getRecord(before.id, { confidential: true }))!.version).toBe(
        before.version,
      );
      await page.goto(`${base}/records/${before.slug}`);
      expect(await page.locator('.proposed-sources').innerText()).toContain('An editor decides on them.');
      expect(await page.locator('.proposed-sources button').count()).toBe(0);

      // An editor adds them from the record's page: one edit, in the history, naming who proposed them.
      const editor = await signedInPage('editor@test.invalid');
      await editor.goto(`${base}/records/${before.slug}`);
      const proposals = editor.locator('.proposed-sources');
      expect(await proposals.locator('li').count()).toBe(2);
      expect(await proposals.innerText()).toContain('proposed by Test researcher');
      expect(await accessibilityProblems(editor)).toEqual([]);
      await editor.screenshot({ path: join(SCREENSHOTS, 'proposed-sources.png') });
      await proposals.getByRole('button', { name: 'Add them as sources' }).click();
      await editor.waitForURL(/\/records\/malaysia-harbour-gloves/);
      const after = (await store.records.getRecord(before.id, { confidential: true }))!;
      expect(after.sources.map((source) => source.url)).toEqual(
        expect.arrayContaining(['https://news.example/glove-passports', 'https://news.example/glove-denial']),
      );
      const [latest] = await store.revisions.listRevisions(before.id);
      expect(latest!.reason).toBe('added 2 sources found by triage, proposed by Test researcher');
      expect(await editor.locator('.proposed-sources').count()).toBe(0);

      // Back in the queue, the incident is done; the article set aside by triage is set aside by hand too.
      await page.goto(`${base}/triage`);
      await page.getByRole('heading', { name: 'Open articles in the queue (1)' }).waitFor();
      await page.getByRole('button', { name: 'Set aside' }).click();
      await page.getByRole('heading', { name: 'Open articles in the queue (0)' }).waitFor();
      expect((await store.triage.list({ statuses: ['added'], limit: 10 })).map((item) => item.line)).toEqual([
        1, 2,
      ]);
      expect(
        (await store.triage.list({ statuses: ['dismissed'], limit: 10 })).map((item) => item.line),
      ).toEqual([3]);
    });
  },
);
