import { InputError, type InputIssue } from '../domain/errors.ts';
import type { ArticleInput, ExtractionResult } from '../extract/model.ts';
import type { TriageItem } from '../extract/triage.ts';
import { readNameList, rowsLeftOut, type ListRow, type NameList } from '../formats/name-list.ts';
import type { WorkbookBounds } from '../formats/spreadsheet.ts';
import { CompanyScreen, type ScreenInput, type ScreenResult } from '../matching/screen.ts';
import { companiesOf, type SharedCompanies } from './shared-companies.ts';

/**
 * The CPU-heavy work that runs on worker threads, away from the event loop: reading an uploaded list and
 * screening it, screening names, reading an article for a draft, triaging a file of articles. Each task is a
 * pure function of its message; the known companies come as shared memory (see shared-companies.ts). The
 * extractor (seconds to load its gazetteers) and the workbook reader are loaded by the first task that needs
 * them, so that a thread that only screens starts fast.
 */

const extraction = () =>
  Promise.all([
    import('../extract/extract.ts'),
    import('../extract/known-companies.ts'),
    import('../extract/triage.ts'),
  ]).then(([extract, known, triage]) => ({ ...extract, ...known, ...triage }));

export interface ListColumns {
  required: string[];
  optional: string[];
}

export type ListSource = { file: { name: string; bytes: Uint8Array } } | { pasted: string };

export interface Tasks {
  'screen-list': {
    input: {
      list: ListSource;
      columns: ListColumns;
      bounds: WorkbookBounds;
      threshold: number;
      companies: SharedCompanies;
    };
    output: { list: NameList; results: ScreenResult[] };
  };
  'screen-names': {
    input: {
      names: ScreenInput[];
      threshold: number;
      reviewThreshold?: number;
      limit: number;
      companies: SharedCompanies;
    };
    output: ScreenResult[];
  };
  extract: {
    input: { article: ArticleInput; companies: SharedCompanies };
    output: ExtractionResult;
  };
  triage: {
    input: { text: string; file: string; maxArticles: number; companies: SharedCompanies };
    output: { items: TriageItem[]; issues: InputIssue[]; tooMany: boolean };
  };
}

export type TaskName = keyof Tasks;
export type TaskMessage = { [K in TaskName]: { name: K; input: Tasks[K]['input'] } }[TaskName];

/** What a task answers: its value, or the input's problems (an InputError does not survive the thread's edge). */
export type TaskOutcome<K extends TaskName> =
  { ok: true; value: Tasks[K]['output'] } | { ok: false; code: string; issues: InputIssue[] };

/** The matcher over a version of the known companies; the last few versions are kept. */
const screens = new Map<string, CompanyScreen>();
const SCREENS_KEPT = 2;

function screenOf(shared: SharedCompanies): CompanyScreen {
  const known = screens.get(shared.key);
  if (known) return known;
  const screen = new CompanyScreen(companiesOf(shared));
  screens.set(shared.key, screen);
  for (const key of screens.keys()) if (screens.size > SCREENS_KEPT) screens.delete(key);
  return screen;
}

/** Pasted names, one a line; like a file's, the rows past the bound are left out, and a problem says so. */
function pastedList(text: string, bounds: WorkbookBounds): NameList {
  const rows = text
    .split(/\r?\n/)
    .map((line, index): ListRow => ({ line: index + 1, values: { name: line.trim() } }))
    .filter((row) => row.values.name);
  const extra = rows[bounds.rows];
  return { rows: rows.slice(0, bounds.rows), problems: extra ? [rowsLeftOut(extra.line, bounds)] : [] };
}

async function readList(source: ListSource, columns: ListColumns, bounds: WorkbookBounds): Promise<NameList> {
  if ('pasted' in source) return pastedList(source.pasted, bounds);
  const { name, bytes } = source.file;
  if (!/\.xlsx$/i.test(name)) return readNameList(bytes, name, columns, bounds);
  const { readSpreadsheetList } = await import('../formats/spreadsheet.ts');
  return readSpreadsheetList(bytes, name, columns, bounds);
}

const run: { [K in TaskName]: (input: Tasks[K]['input']) => Promise<Tasks[K]['output']> } = {
  async 'screen-list'({ list: source, columns, bounds, threshold, companies }) {
    const list = await readList(source, columns, bounds);
    const rows = list.rows.slice(0, bounds.rows);
    const screen = rows.length > 0 ? screenOf(companies) : undefined;
    const results = rows.map((row) =>
      screen!.screen(
        {
          name: row.values.name ?? '',
          ...(row.values.country ? { country: row.values.country } : {}),
          ...(row.values.id ? { id: row.values.id } : {}),
        },
        { threshold },
      ),
    );
    return { list: { ...list, rows }, results };
  },
  async 'screen-names'({ names, threshold, reviewThreshold, limit, companies }) {
    const screen = screenOf(companies);
    return names.map((input) =>
      screen.screen(input, {
        threshold,
        limit,
        ...(reviewThreshold === undefined ? {} : { reviewThreshold }),
      }),
    );
  },
  async extract({ article, companies }) {
    const { extractDraft, knownCompaniesOf } = await extraction();
    return extractDraft(article, { companies: knownCompaniesOf(screenOf(companies)) });
  },
  async triage({ text, file, maxArticles, companies }) {
    const { parseTriageLines, triageArticles, knownCompaniesOf } = await extraction();
    const { articles, issues } = parseTriageLines(text, file);
    const tooMany = articles.length > maxArticles;
    if (tooMany || issues.length > 0 || articles.length === 0) return { items: [], issues, tooMany };
    return {
      items: triageArticles(articles, { companies: knownCompaniesOf(screenOf(companies)) }),
      issues,
      tooMany,
    };
  },
};

/** The worker's entry: runs one task. */
export async function runTask(message: TaskMessage): Promise<TaskOutcome<TaskName>> {
  try {
    const task = run[message.name] as (input: TaskMessage['input']) => Promise<Tasks[TaskName]['output']>;
    return { ok: true, value: await task(message.input) };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, code: error.code, issues: error.issues };
    throw error;
  }
}
