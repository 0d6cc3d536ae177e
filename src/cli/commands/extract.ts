import { readFile } from 'node:fs/promises';
import { type Command } from 'commander';
import { countryName } from '../../domain/countries.ts';
import { InputError, zodIssues } from '../../domain/errors.ts';
import { RECORD_STATUSES } from '../../domain/enumerations.ts';
import type { RecordStatus } from '../../domain/record.ts';
import type { KnownCompanies } from '../../extract/companies.ts';
import { extractDraft } from '../../extract/extract.ts';
import { knownCompaniesOf } from '../../extract/known-companies.ts';
import { ArticleInput, type ExtractionResult } from '../../extract/model.ts';
import {
  flagExisting,
  RELEVANT,
  parseTriageLines,
  triageArticles,
  type TriageItem,
} from '../../extract/triage.ts';
import { CompanyScreen } from '../../matching/screen.ts';
import { writeOut } from '../io.ts';
import { dbOption, withStore } from '../options.ts';
import { settings } from '../../settings.ts';

/**
 * `bhr extract FILE|-`: an article (text or HTML) to a draft record with evidence; `bhr triage FILE.ndjson`:
 * many articles scored for relevance, grouped by incident and matched against existing records.
 */

interface ExtractOptions {
  json?: boolean;
  headline?: string;
  date?: string;
  url?: string;
  publisher?: string;
  db?: string;
}

/** Reads a file or stdin as text without failing on bytes that are not UTF-8 (the extractor says why). */
async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  }
  try {
    return new TextDecoder('utf-8').decode(await readFile(file));
  } catch (error) {
    const code =
      error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    throw new InputError('unreadable_file', [
      {
        code: 'unreadable_file',
        file,
        message: code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`,
      },
    ]);
  }
}

/** Companies to link names to, from the database named by --db or $BHR_DATABASE; none otherwise. */
async function withKnownCompanies<T>(
  db: string | undefined,
  work: (known?: KnownCompanies) => Promise<T>,
): Promise<T> {
  if (!db && !settings().database) return work(undefined);
  return withStore(db, async ({ companies }) =>
    work(
      knownCompaniesOf(
        new CompanyScreen(await companies.matchableCompanies({ statuses: RESEARCH_STATUSES })),
      ),
    ),
  );
}

/** Researchers link articles to every company on record, drafts' included. */
const RESEARCH_STATUSES: readonly RecordStatus[] = RECORD_STATUSES;

const quote = (text: string, max = 110) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A draft for people: each proposal with its confidence and the words that support it. */
export function describeDraft(result: ExtractionResult): string {
  if (result.reason) return `No draft: ${result.reason}\n`;
  const lines = [
    `Relevance ${result.relevance.toFixed(2)} (${result.relevance >= RELEVANT ? 'likely an allegation of abuse linked to a business' : 'probably not an allegation'})`,
  ];
  for (const item of result.evidence) {
    const value =
      item.value === null
        ? 'unknown'
        : typeof item.value === 'string' && item.path.endsWith('country')
          ? `${item.value} ${countryName(item.value)}`
          : String(item.value);
    const words = item.end > item.start ? result.text.slice(item.start, item.end) : '';
    lines.push(
      `${item.path.padEnd(30)} ${quote(value, 60).padEnd(40)} ${item.confidence.toFixed(2)}  ${words ? `“${quote(words, 60)}”` : quote(item.sentence, 60)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function articleInput(text: string, options: ExtractOptions, file: string): ArticleInput {
  const parsed = ArticleInput.safeParse({
    text,
    ...(options.headline ? { headline: options.headline } : {}),
    ...(options.date ? { date: options.date } : {}),
    ...(options.url ? { url: options.url } : {}),
    ...(options.publisher ? { publisher: options.publisher } : {}),
  });
  if (!parsed.success) {
    throw new InputError(
      'invalid_options',
      zodIssues(parsed.error).map((issue) => ({
        ...issue,
        file,
        message: `--${issue.path?.slice(1)}: ${issue.message}`,
      })),
    );
  }
  return parsed.data;
}

function describeTriage(items: TriageItem[]): string {
  const lines: string[] = [];
  const relevant = items
    .filter((item) => item.incident > 0)
    .sort((a, b) => a.incident - b.incident || b.result.relevance - a.result.relevance);
  const incidents = new Set(relevant.map((item) => item.incident)).size;
  lines.push(
    `${items.length} articles: ${relevant.length} likely allegations in ${incidents} incidents, ${items.length - relevant.length} set aside`,
  );
  let incident = 0;
  for (const item of relevant) {
    if (item.incident !== incident) {
      incident = item.incident;
      const existing = item.existing[0];
      lines.push(
        '',
        `Incident ${incident}${existing ? `: may already be record ${existing.slug} ("${quote(existing.title, 70)}"); add as a source` : ': new'}`,
      );
    }
    const { record } = item.result;
    const facts = [
      record.location?.country,
      (record.companies ?? []).map((company) => company.name).join(', '),
      (record.issues ?? []).slice(0, 3).join(', '),
    ]
      .filter(Boolean)
      .join(' · ');
    lines.push(
      `  line ${item.index + 1}  ${item.result.relevance.toFixed(2)}  ${quote(item.article.headline ?? item.result.record.sources?.[0]?.headline ?? item.article.url ?? '', 70)}`,
    );
    if (facts) lines.push(`           ${facts}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('read news articles (text or HTML) and propose draft records, each value with its evidence')
    .argument(
      '<files...>',
      'article files, or - for stdin; text files may start with the headline and the date',
    )
    .option(
      '--json',
      'print JSON: {relevance, record, evidence, text}; several files give one object per line',
    )
    .option('--headline <text>', 'the headline, when the file does not start with it')
    .option('--date <YYYY-MM-DD>', "the article's date, when the file does not give it")
    .option('--url <url>', "the article's address")
    .option('--publisher <name>', 'who published the article')
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nCompanies are linked to known companies when --db or $BHR_DATABASE names a database. An empty, binary,\ntoo long or non-English article gives an empty draft and the reason (exit code 0).',
    )
    .action(async (files: string[], options: ExtractOptions) => {
      await withKnownCompanies(options.db, async (companies) => {
        for (const file of files) {
          const input = articleInput(await readInput(file), options, file);
          const result = extractDraft(input, companies ? { companies } : {});
          if (options.json) {
            await writeOut(
              files.length === 1
                ? `${JSON.stringify(result, null, 2)}\n`
                : `${JSON.stringify({ file, ...result })}\n`,
            );
          } else await writeOut(`${files.length > 1 ? `== ${file}\n` : ''}${describeDraft(result)}`);
        }
      });
    });

  program
    .command('triage')
    .description(
      'score many articles for relevance, group them by incident and flag those matching existing records',
    )
    .argument(
      '<file>',
      'NDJSON: one article per line, {"url", "headline", "date", "publisher", "text"}; - for stdin',
    )
    .option(
      '--json',
      'print one JSON object per article: {line, url, headline, relevance, incident, existing, record}',
    )
    .addOption(dbOption())
    .action(async (file: string, options: { json?: boolean; db?: string }) => {
      const { articles, issues } = parseTriageLines(await readInput(file), file);
      if (issues.length > 0) throw new InputError('invalid_triage_file', issues);
      await withStore(options.db, async ({ companies, search }) => {
        const screen = new CompanyScreen(await companies.matchableCompanies({ statuses: RESEARCH_STATUSES }));
        const items = triageArticles(articles, { companies: knownCompaniesOf(screen) });
        await flagExisting(items, (record, options) => search.findDuplicates(record, options));
        if (!options.json) return writeOut(describeTriage(items));
        const lines = items.map((item) =>
          JSON.stringify({
            line: item.index + 1,
            url: item.article.url,
            headline: item.article.headline ?? item.result.record.sources?.[0]?.headline,
            relevance: item.result.relevance,
            incident: item.incident || null,
            existing: item.existing.map(({ id, slug, title, similarity }) => ({
              id,
              slug,
              title,
              similarity,
            })),
            record: item.result.record,
            ...(item.result.reason ? { reason: item.result.reason } : {}),
          }),
        );
        return writeOut(`${lines.join('\n')}\n`);
      });
    });
}
