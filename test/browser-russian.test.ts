import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTextForm } from '../src/formats/text/parse.ts';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { TEST_PASSWORD, aUser } from './support/accounts.ts';
import { browserAvailable, launchChromium } from './support/browser.ts';
import { CORPUS_DIR, corpusAvailable } from './support/shared.ts';

/**
 * A Russian reader sees Russian: every Latin-script word on a page read in Russian must come from the data
 * (a record's English title, a company's name, a source's headline) or be a name that is not translated
 * (BHR Tracker, JSON, CSV...). Any other is an interface string left in English.
 */

/** Names and formats that are the same in every language. */
const UNTRANSLATED = new Set(
  [
    'BHR',
    'Tracker',
    'JSON',
    'API',
    'CSV',
    'NDJSON',
    'Excel',
    'XLSX',
    'Atom',
    'RFC',
    'OpenAPI',
    'PDF',
    'HTML',
    'URL',
    'https',
    'http',
    'ISO',
    'SVG',
    'PNG',
    'name',
    'country',
    'id',
    'ru',
    'en',
    'ko',
    'English',
  ].map((word) => word.toLowerCase()),
);

const LATIN_WORD = /[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]/g;

/**
 * Literals written inside prose: addresses, "quoted" field names (Russian prose quotes with « »), file
 * extensions, identifiers such as records:read or migration_status.
 */
const LITERALS = [/\b\w+:\/\/\S+/g, /\S+@\S+/g, /"[^"\n]*"/g, /\.\w+\b/g, /\b[\w-]+[:_/][\w:_/-]+\b/g];

function latinWords(text: string): string[] {
  const prose = LITERALS.reduce((rest, literal) => rest.replace(literal, ' '), text);
  return (prose.match(LATIN_WORD) ?? []).map((word) => word.toLowerCase());
}

/** Every word the data holds: records' text fields, company names and aliases, as they are stored. */
function wordsOf(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') for (const word of latinWords(value)) into.add(word);
  else if (Array.isArray(value)) for (const item of value) wordsOf(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) wordsOf(item, into);
  return into;
}

describe.runIf(browserAvailable() && corpusAvailable())(
  'the interface in Russian, in headless Chromium',
  () => {
    let dir: string;
    let store: Stores;
    let app: FastifyInstance;
    let browser: Browser;
    let page: Page;
    let base: string;
    let dataWords: Set<string>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'bhr-russian-'));
      store = await openStores(join(dir, 'test.sqlite'));
      const records = readdirSync(CORPUS_DIR)
        .filter((file) => file.endsWith('.txt'))
        .map((file) => parseTextForm(readFileSync(join(CORPUS_DIR, file), 'utf8'))[0]!);
      await store.records.upsertRecords(
        records.map((record) => ({ ...record, status: 'published' as const })),
      );
      await aUser(store, 'editor');
      app = await buildServer(store);
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
      const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      dataWords = wordsOf((await store.records.listRecords({ limit: 100 })).records, new Set());
      // What the tests type and who signs in are data too.
      wordsOf(['qwzx wildberries', 'editor@test.invalid'], dataWords);
      wordsOf(
        (await store.companies.listCompanies({ statuses: ['published'], limit: 100 })).companies,
        dataWords,
      );
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** The words a reader meets on the page (text, labels, titles, placeholders) that are neither data nor names. */
    async function englishOn(path: string): Promise<string[]> {
      const response = await page.goto(`${base}${path}`);
      expect(response!.status(), path).toBeLessThan(500);
      return englishOnThisPage(path);
    }

    async function englishOnThisPage(name: string): Promise<string[]> {
      expect(await page.locator('html').getAttribute('lang'), name).toBe('ru');
      const texts = await page.evaluate(() => {
        // Literal text (code, file contents, the search aids of a datalist, which list names in every
        // language) is not interface prose.
        const body = document.body.cloneNode(true) as HTMLElement;
        for (const literal of Array.from(
          body.querySelectorAll('code, pre, kbd, samp, datalist, script, style'),
        ))
          literal.remove();
        const seen = [document.title, body.textContent ?? ''];
        for (const element of Array.from(
          body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'),
        ))
          for (const name of ['aria-label', 'title', 'placeholder', 'alt'])
            if (element.getAttribute(name)) seen.push(element.getAttribute(name)!);
        return seen;
      });
      return [...new Set(texts.flatMap(latinWords))].filter(
        (word) => !dataWords.has(word) && !UNTRANSLATED.has(word),
      );
    }

    it('would notice an English word among Russian ones, and not a literal', () => {
      expect(latinWords('Фильтры: Apply filters (`code` "field" records:read, .csv)')).toEqual([
        'apply',
        'filters',
        'code',
      ]);
    });

    it('public pages say nothing in English but the data', async () => {
      const record = (await store.records.listRecords({ limit: 1 })).records[0]!;
      const found: Record<string, string[]> = {};
      const companyId = record.companies.find((company) => company.companyId)!.companyId!;
      for (const path of [
        '/',
        '/search?q=wildberries',
        '/search?q=qwzx',
        `/records/${record.slug}`,
        `/companies/${companyId}`,
        '/issues/forced-labour-modern-slavery',
        '/countries/RU',
        '/analytics',
        '/screening',
        '/response-rates',
        '/api',
        '/sign-in',
        '/no-such-page',
      ]) {
        found[path] = await englishOn(path);
      }
      const english = Object.entries(found).filter(([, words]) => words.length > 0);
      if (english.length > 0) console.log(JSON.stringify(Object.fromEntries(english)));
      expect(Object.fromEntries(english)).toEqual({});
    });

    it('staff pages say nothing in English but the data', async () => {
      await page.goto(`${base}/sign-in`);
      await page.locator('[name=email]').fill('editor@test.invalid');
      await page.locator('[name=password]').fill(TEST_PASSWORD);
      await page.locator('form.narrow button[type=submit]').click();
      await page.waitForURL(`${base}/worklist`);
      const record = (await store.records.listRecords({ limit: 1 })).records[0]!;
      const found: Record<string, string[]> = {};
      for (const path of [
        '/worklist',
        '/records/new',
        `/records/${record.slug}`,
        `/records/${record.id}/edit`,
        `/records/${record.id}/history`,
        '/responses',
        '/records/from-article',
        '/triage',
        '/activity',
        '/admin/users',
        '/account',
      ]) {
        found[path] = await englishOn(path);
      }
      // The review of a draft read from an article: the article's words are data, the rest is interface.
      const article =
        'Forty Nepali packers at Mossbank Fruit Ltd, a packing house in Mildura, Australia, say the company withheld their wages for three months.';
      wordsOf([article], dataWords);
      await page.goto(`${base}/records/from-article`);
      await page.locator('#article-text').fill(article);
      await page.locator('form:has(#article-text) button[type=submit]').click();
      await page.locator('[data-row]').first().waitFor();
      found['article review'] = await englishOnThisPage('article review');
      const english = Object.entries(found).filter(([, words]) => words.length > 0);
      if (english.length > 0) console.log(JSON.stringify(Object.fromEntries(english)));
      expect(Object.fromEntries(english)).toEqual({});
    });
  },
);
