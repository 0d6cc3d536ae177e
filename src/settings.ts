import { cpus } from 'node:os';
import { z } from 'zod';

/**
 * Every setting and limit, read once from the environment (`BHR_*`) and checked here; no other module reads
 * `process.env`. docs/deploy.md lists the variables, docs/security.md says why each limit is what it is.
 */

const MB = 2 ** 20;

const flag = (defaultValue: boolean) =>
  z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? defaultValue : value === '1' || value === 'true'));

const positive = (defaultValue: number) => z.coerce.number().int().positive().default(defaultValue);

const Environment = z.object({
  BHR_DATABASE: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  BHR_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'BHR_PUBLIC_URL must be an http:// or https:// address' })
    .optional(),
  BHR_ORGANISATION: z.string().min(1).default('BHR Tracker'),
  BHR_INSECURE_COOKIES: flag(false),
  BHR_SMTP_URL: z.string().min(1).optional(),
  BHR_MAIL_FROM: z.string().min(1).optional(),
  BHR_CHROMIUM: z.string().min(1).optional(),
  BHR_ANALYTICS_CACHE: flag(true),
  BHR_JAPANESE_READINGS: flag(true),
  BHR_WORKERS: positive(Math.max(1, cpus().length - 1)),
  BHR_UPLOAD_MB: positive(5),
  BHR_UNZIPPED_MB: positive(32),
  BHR_LIST_ROWS: positive(2000),
  BHR_TASK_SECONDS: positive(30),
});

export interface Limits {
  /** The largest file a form takes. */
  uploadBytes: number;
  /** The most an uploaded workbook (.xlsx, a zip) may hold once decompressed, all its parts together. */
  unzippedBytes: number;
  /** The most parts (zip entries) a workbook may have; a real one has a few dozen. */
  zipEntries: number;
  /** The most names a list (screening upload or paste) is read for; rows past it are not read. */
  listRows: number;
  /** The longest cell of a list: a name, a country or an id. */
  cellCharacters: number;
  /** How long one task off the event loop (reading a list, extracting an article, screening) may run. */
  taskMilliseconds: number;
  /** Tasks waiting for a worker beyond which new ones are refused as "busy". */
  queuedTasks: number;
  /** The heap a worker may use before it is stopped (and its task refused). */
  workerHeapMb: number;
}

export interface Settings {
  database?: string;
  port?: number;
  /** The site's own address: every absolute link (feed, e-mails, API documents) is built from it. */
  publicUrl?: string;
  organisation: string;
  secureCookies: boolean;
  smtpUrl?: string;
  mailFrom?: string;
  chromium?: string;
  analyticsCache: boolean;
  japaneseReadings: boolean;
  /** Worker threads for CPU-heavy work. */
  workers: number;
  limits: Limits;
}

/** The settings of an environment; a bad value is an error naming the variable. */
export function settingsOf(environment: Record<string, string | undefined>): Settings {
  // A variable set to nothing is a variable not set.
  const given = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = Environment.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid settings: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  return {
    ...(env.BHR_DATABASE ? { database: env.BHR_DATABASE } : {}),
    ...(env.PORT !== undefined ? { port: env.PORT } : {}),
    ...(env.BHR_PUBLIC_URL ? { publicUrl: env.BHR_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    organisation: env.BHR_ORGANISATION,
    secureCookies: !env.BHR_INSECURE_COOKIES,
    ...(env.BHR_SMTP_URL ? { smtpUrl: env.BHR_SMTP_URL } : {}),
    ...(env.BHR_MAIL_FROM ? { mailFrom: env.BHR_MAIL_FROM } : {}),
    ...(env.BHR_CHROMIUM ? { chromium: env.BHR_CHROMIUM } : {}),
    analyticsCache: env.BHR_ANALYTICS_CACHE,
    japaneseReadings: env.BHR_JAPANESE_READINGS,
    workers: env.BHR_WORKERS,
    limits: {
      uploadBytes: env.BHR_UPLOAD_MB * MB,
      unzippedBytes: env.BHR_UNZIPPED_MB * MB,
      zipEntries: 1000,
      listRows: env.BHR_LIST_ROWS,
      cellCharacters: 1000,
      taskMilliseconds: env.BHR_TASK_SECONDS * 1000,
      queuedTasks: 16,
      workerHeapMb: 512,
    },
  };
}

let current: Settings | undefined;

/** This process's settings, read from its environment on first use. */
export function settings(): Settings {
  current ??= settingsOf(process.env);
  return current;
}

/**
 * Bounds fixed in code rather than by the environment, in one place so that none hides in the module that
 * applies it. Each says what it bounds and why it is what it is (docs/security.md for the security ones).
 */
export const BOUNDS = {
  /** The last page a search may ask for: deeper paging is a download's job (the facet index cuts pages by a
   * partial selection, which grows with the page number). */
  searchPages: 500,
  /** Records or companies in one page of the JSON API, and how many by default. */
  apiPage: { max: 500, default: 50 },
  /** Values in one breakdown of the figures (`bhr stats`, the API's stats), and how many by default. */
  figureValues: { max: 1000, default: 50 },
  /** Names screened in one API request (larger lists: `bhr screen` or the page's upload). */
  namesPerRequest: 1000,
  /** Entries of an Atom feed: the newest, as feed readers poll. */
  feedEntries: 50,
  /** Above this many text matches, relevance order falls back to newest first (docs/architecture.md). */
  rankedMatches: 50_000,
  /** Record keys kept in the cache of text matches before it is emptied (4 bytes a key: 32 MB). */
  cachedMatchKeys: 8_000_000,
  /** Characters of an article read for extraction; past it the article is refused, not cut. */
  articleCharacters: 1_000_000,
  /** Articles in one triage upload, and the open articles the triage page lists. */
  triageArticles: 500,
  triageQueueShown: 1000,
  /** The largest file `bhr import`, `bhr parse` and `bhr render` read (`--max-mb` raises it). */
  commandInputBytes: 512 * MB,
} as const;

/** The default limits, for code that is given none (the CLI, tests). */
export const DEFAULT_LIMITS: Limits = settingsOf({}).limits;
