import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { TEST_PASSWORD, aUser } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { accessibilityProblems, browserAvailable, launchChromium, SCREENSHOTS } from './support/browser.ts';

describe.runIf(browserAvailable())('researchers and editors in headless Chromium', () => {
  let dir: string;
  let store: Stores;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-browser-editorial-'));
    store = await openStores(join(dir, 'test.sqlite'));
    await store.records.upsertRecords([
      aRecord({ status: 'published', companies: [{ name: 'Penang Circuits Sdn Bhd', role: 'Employer' }] }),
    ]);
    await aUser(store, 'researcher');
    await aUser(store, 'editor');
    app = await buildServer(store);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh browser profile; axe-core is evaluated into pages, which the app's CSP rightly forbids otherwise. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  }

  async function signInAs(page: Page, email: string) {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/worklist`);
    await page.getByRole('link', { name: email, includeHidden: true }).waitFor({ state: 'attached' });
  }

  const title = 'Malaysia: glove factory workers say recruitment fees left them in debt';
  let recordUrl = '';

  it('a researcher creates a record through the form, fixing a validation error', async () => {
    const page = await newPage();
    await signInAs(page, 'researcher@test.invalid');
    await page
      .getByRole('navigation', { name: 'Account' })
      .getByRole('link', { name: 'New record', exact: true })
      .click();
    await page.waitForURL(/\/records\/new$/);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Country', { exact: true }).fill('Malaysia');
    await page.getByLabel('City').fill('Klang');
    // The company field offers known companies as the user types: by a part of their name, or by their name
    // written in another script.
    for (const typed of ['Penang', 'Пенанг Серкитс']) {
      await page.getByLabel('Company name').first().fill(typed);
      await expect
        .poll(() => page.locator('#company-suggestions option').first().getAttribute('value'), {
          timeout: 5000,
        })
        .toBe('Penang Circuits Sdn Bhd');
      await page.evaluate(() => document.getElementById('company-suggestions')!.replaceChildren());
    }
    // A name that shares only a place with a known company is offered none (it scores under the floor).
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/match'));
    await page.getByLabel('Company name').first().fill('Penang Bakery');
    await answered;
    // The page fills the list once it has read the answer: give it that moment before looking.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(await page.locator('#company-suggestions option').count()).toBe(0);
    await page.getByLabel('Company name').first().fill('Selangor Gloves Berhad');
    await page.getByLabel('Role').first().selectOption('Employer');
    await page.getByLabel('Number', { exact: true }).first().fill('340');
    await page.getByLabel('Group', { exact: true }).first().selectOption('migrant-immigrant-workers');
    await page.getByLabel('Origin').first().fill('Bangladesh');
    await page.getByLabel('Sector').first().fill('Manufacturing: Plastics & rubber');
    await page.getByLabel('Migration status').first().selectOption('Documented migrants');
    // The issue picker finds terms by their labels in other languages too.
    await page.getByLabel('Find an issue (any language)').fill('долг');
    await expect.poll(() => page.locator('#issue-recruitment-fees-debt-bondage').isVisible()).toBe(true);
    expect(await page.locator('#issue-wage-theft').isVisible()).toBe(false);
    await page.locator('#issue-recruitment-fees-debt-bondage').check();
    await page.getByLabel('Headline').first().fill('Glove workers still paying off recruitment debts');
    await page.getByLabel('Excerpt').first().fill('Workers said they paid fees of up to 4,000 dollars.');
    await page.getByLabel('Internal notes').fill('Interviewed two workers; names kept offline.');
    await page.getByLabel('Date reported').fill('');
    await page.getByRole('button', { name: 'Save draft' }).click();

    await page.locator('#f-dateReported-error').waitFor();
    expect(await page.locator('#f-dateReported-error').innerText()).toBe(
      'Give a date as year-month-day, e.g. 2024-03-15.',
    );
    expect(await page.getByLabel('Date reported').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Title').inputValue()).toBe(title);
    await page.screenshot({ path: join(SCREENSHOTS, 'record-form-error.png'), fullPage: false });

    // A misspelt country and a sector typed by one word of its name: each error says what was typed and
    // offers the value it most likely meant; everything else stays as typed.
    await page.getByLabel('Country', { exact: true }).fill('Malaysai');
    await page.getByLabel('Sector').first().fill('security');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('#f-location-country-error').waitFor();
    expect(await page.locator('#f-location-country-error').innerText()).toBe(
      '“Malaysai” is not a country name we know. Did you mean Malaysia?',
    );
    expect(await page.locator('#f-affected-groups-0-sector-error').innerText()).toBe(
      '“security” is not a sector in our list. Did you mean Security & facility services?',
    );
    expect(await page.getByLabel('Excerpt').first().inputValue()).toBe(
      'Workers said they paid fees of up to 4,000 dollars.',
    );
    expect(await page.locator('#issue-recruitment-fees-debt-bondage').isChecked()).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('Country', { exact: true }).fill('Malaysia');
    await page.getByLabel('Sector').first().fill('Manufacturing: Plastics & rubber');
    await page.getByLabel('Date reported').fill('2025-04-02');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/records\/malaysia-glove-factory/);
    recordUrl = page.url();
    expect(await page.locator('.status').innerText()).toBe('Draft');
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(await page.locator('.editorial .confidential').innerText()).toContain('names kept offline');
    await page.getByRole('button', { name: 'Ask for review' }).click();
    await page.waitForURL(recordUrl);
    expect(await page.locator('.status').innerText()).toBe('In review');
    await page.screenshot({ path: join(SCREENSHOTS, 'record-in-review.png') });
  });

  it('an editor reviews and publishes it, and the public sees it without the internal notes', async () => {
    const page = await newPage();
    await signInAs(page, 'editor@test.invalid');
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page.getByRole('link', { name: title }).click();
    await page.waitForURL(recordUrl);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(recordUrl);
    expect(await page.locator('.status').innerText()).toBe('Published');

    const visitor = await newPage();
    const response = await visitor.goto(recordUrl);
    expect(response!.status()).toBe(200);
    expect(await visitor.locator('h1').innerText()).toBe(title);
    expect(await visitor.content()).not.toContain('names kept offline');
    expect(await visitor.locator('.editorial').count()).toBe(0);
  });

  it('an edit shows in the history as a diff, and restoring the earlier version brings it back', async () => {
    const page = await newPage();
    await signInAs(page, 'editor@test.invalid');
    await page.goto(recordUrl);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Title').fill(`${title} (updated)`);
    await page.getByLabel('Why this change').fill('Added the date of the interviews');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(recordUrl);
    expect(await page.locator('h1').innerText()).toBe(`${title} (updated)`);

    await page.getByRole('link', { name: 'History' }).click();
    await page.waitForURL(/\/history$/);
    const latest = page.locator('ol.history > li').first();
    expect(await latest.innerText()).toContain('Added the date of the interviews');
    // In words, one numbering: the heading names the version, the list adds no number of its own.
    expect(await latest.locator('ul.changes li').first().innerText()).toBe(
      `Title changed from “${title}” to “${title} (updated)”`,
    );
    expect(await latest.locator('h2').innerText()).toMatch(/^Version \d+ · Edited$/);
    expect(await page.locator('ol.history').evaluate((list) => getComputedStyle(list).listStyleType)).toBe(
      'none',
    );
    const created = page.locator('ol.history > li').last();
    await created.locator('details.created summary').click();
    const told = await created.locator('ul.changes').innerText();
    expect(told).toContain('Country: “Malaysia”');
    expect(told).toContain('Affected group 1: origin: “Bangladesh”');
    expect(told).not.toMatch(/[{}]|\/title|"country"/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'record-history.png'), fullPage: false });

    const versions = await page.locator('ol.history > li').count();
    await page.getByRole('button', { name: `Restore version ${versions - 1}` }).click();
    await page.waitForURL(/\/history$/);
    expect(await page.locator('ol.history > li').first().innerText()).toContain(
      `restored version ${versions - 1}`,
    );

    const visitor = await newPage();
    await visitor.goto(recordUrl);
    expect(await visitor.locator('h1').innerText()).toBe(title);
  });

  it('an editor asks a company to respond without a mail server, and passes the private link on by hand', async () => {
    const page = await newPage();
    await signInAs(page, 'editor@test.invalid');
    await page.goto(recordUrl);
    const questions = '1. Did workers pay recruitment fees?\n\n2. Have the fees been repaid?';
    await page.locator('[name=contactEmail]').fill('press@gloves.test');
    await page.locator('[name=questions]').fill(questions);
    await page.locator('[name=deadline]').fill('2021-05-01');
    await page.getByRole('button', { name: 'Send the request' }).click();
    // A deadline gone by: the form is back as typed, the error beside the deadline.
    await page.locator('#f-deadline-error').waitFor();
    expect(await page.locator('#f-deadline-error').innerText()).toMatch(
      /^The deadline \(2021-05-01\) has to be after today/,
    );
    expect(await page.locator('[name=questions]').inputValue()).toBe(questions);
    expect(await page.locator('[name=contactEmail]').inputValue()).toBe('press@gloves.test');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'response-request-error.png') });
    await page.locator('[name=deadline]').fill('2099-06-30');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.waitForURL(`${recordUrl}#ask-title`);

    // No mail server: the request shows its private link and the e-mail's text, to send by hand.
    const unsent = page.locator('.unsent');
    expect(await unsent.locator('summary').innerText()).toBe('Not sent by e-mail yet');
    const link = await unsent.getByLabel("The company's private link").inputValue();
    expect(link).toMatch(/\/respond\//);
    expect(await unsent.locator('.mail-body').innerText()).toContain(link);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'response-private-link.png') });

    const company = await newPage();
    const privatePage = link.replace(/^https?:\/\/[^/]+/, base);
    // The company's page passes axe on a phone and wide, and fits the phone.
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    await phone.goto(privatePage);
    expect(await accessibilityProblems(phone)).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await company.goto(privatePage);
    expect(await accessibilityProblems(company)).toEqual([]);
    // The numbered questions keep their paragraphs.
    expect(await company.locator('blockquote.questions p').allInnerTexts()).toEqual([
      '1. Did workers pay recruitment fees?',
      '2. Have the fees been repaid?',
    ]);
    await company.getByLabel('Your response').fill('We repaid the fees in March.\n\nReceipts are available.');
    await company.getByRole('button', { name: 'Send' }).click();
    await company.locator('h1').waitFor();

    // Answered: the waiting e-mail is cancelled and the record no longer offers it.
    expect((await store.responses.outbox()).map((mail) => mail.status)).toEqual(['cancelled']);
    await page.goto(recordUrl);
    expect(await page.locator('.unsent').count()).toBe(0);
    await page.goto(`${base}/responses`);
    expect(await page.locator('.review blockquote p').allInnerTexts()).toEqual([
      'We repaid the fees in March.',
      'Receipts are available.',
    ]);
  });

  it('shows the record form at 390 and 1280 px in English and Russian (screenshots)', async () => {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true });
      contexts.push(context);
      const page = await context.newPage();
      await signInAs(page, 'researcher@test.invalid');
      for (const language of ['en', 'ru'] as const) {
        await page.goto(`${base}/records/new?lang=${language}`);
        expect(await page.locator('html').getAttribute('lang')).toBe(language);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: join(SCREENSHOTS, `record-form-${width}-${language}.png`) });
      }
    }
  });

  it('staff pages, the article review page included, fit 390 px and pass axe at 390 and 1280 px', async () => {
    const [record] = (await store.records.listRecords({ limit: 1 })).records;
    const article = [
      'Workers at a glove factory in Klang say they were not paid for three months',
      '',
      'Dozens of migrant workers from Nepal employed by Example Gloves Sdn Bhd said on Monday that their',
      'wages had been withheld since March and that their passports were kept by the company.',
    ].join('\n');
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true });
      contexts.push(context);
      const page = await context.newPage();
      await signInAs(page, 'editor@test.invalid');
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        const problems = await accessibilityProblems(page);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        found[name] = [...problems, ...(wide > width ? [`${wide} px wide`] : [])];
      };
      for (const path of [
        '/worklist',
        '/records/new',
        `/records/${record!.slug}`,
        `/records/${record!.id}/edit`,
        `/records/${record!.id}/history`,
        '/responses',
        '/triage',
        '/activity',
        '/account',
        '/records/from-article',
      ]) {
        await page.goto(`${base}${path}`);
        await check(path);
      }
      await page.getByLabel('Article text').fill(article);
      await page.getByRole('button', { name: 'Read the article' }).click();
      await page.getByRole('heading', { name: 'Review the proposed draft' }).waitFor();
      await check('article review');
      if (width === 390) await page.screenshot({ path: join(SCREENSHOTS, 'article-review-390.png') });
      expect(
        Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0)),
        `${width} px`,
      ).toEqual({});
    }
  });
});
