import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CompanyInput } from '../../domain/company.ts';
import { countryCode } from '../../domain/countries.ts';
import { InputError, type InputIssue, zodIssues } from '../../domain/errors.ts';
import { readNameList, type ListProblem } from '../../formats/name-list.ts';
import { reportedName, screeningReportCsv } from '../../formats/screening-report.ts';
import { CompanyScreen } from '../../matching/screen.ts';
import { DEFAULT_THRESHOLD, MATCHER, REVIEW_THRESHOLD, scoreNames } from '../../matching/score.ts';
import { writeOut } from '../io.ts';
import { dbOption, withStore } from '../options.ts';

/** `bhr companies import`, `bhr screen` and `bhr compare`: company identities and name matching. */

const COMPANY_COLUMNS = {
  required: ['name'],
  optional: ['aliases', 'previous_names', 'country', 'lei', 'wikidata', 'registration', 'website', 'parent'],
};
const SCREEN_COLUMNS = { required: ['name'], optional: ['country', 'id'] };
const split = (cell: string | undefined) =>
  (cell ?? '')
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean);

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new InputError('unreadable_file', [
      { code: 'unreadable_file', file, message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

function reportProblems(file: string, problems: ListProblem[]): void {
  for (const problem of problems) process.stderr.write(`${file}:${problem.line}: ${problem.message}\n`);
}

const parseThreshold = (value: string, option = '--threshold') => {
  const threshold = Number(value);
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`${option} expects a number from 0 to 1`);
  return threshold;
};

export function registerCompanies(program: Command): void {
  const companies = program.command('companies').description('company identities');
  companies
    .command('import')
    .description(
      'add or update companies from CSV: name, aliases (|-separated), previous_names, country, lei, wikidata, registration, website, parent; one transaction',
    )
    .argument('<file>', 'a CSV file with a header row')
    .addOption(dbOption())
    .action(async (file: string, options: { db?: string }) => {
      const list = readNameList(await readBytes(file), file, COMPANY_COLUMNS);
      const issues: InputIssue[] = list.problems.map((problem) => ({
        code: 'invalid_row',
        file,
        line: problem.line,
        message: problem.message,
      }));
      const inputs: CompanyInput[] = [];
      for (const row of list.rows) {
        const country = row.values.country
          ? (countryCode(row.values.country) ?? row.values.country)
          : undefined;
        const parsed = CompanyInput.safeParse({
          name: row.values.name ?? '',
          aliases: split(row.values.aliases),
          previousNames: split(row.values.previous_names),
          ...(country ? { country } : {}),
          identifiers: Object.fromEntries(
            (['lei', 'wikidata', 'registration'] as const)
              .filter((key) => row.values[key])
              .map((key) => [key, row.values[key]]),
          ),
          ...(row.values.website ? { website: row.values.website } : {}),
          ...(row.values.parent ? { parent: row.values.parent } : {}),
        });
        if (parsed.success) inputs.push(parsed.data);
        else for (const issue of zodIssues(parsed.error, { file, line: row.line })) issues.push(issue);
      }
      // Like record imports, a company file with any bad row is rejected whole, every problem listed.
      if (issues.length > 0) throw new InputError('invalid_companies', issues);
      await withStore(options.db, async ({ companies }) => {
        const summary = await companies.importCompanies(inputs);
        await writeOut(`${file}: ${summary.added} companies added, ${summary.updated} updated\n`);
      });
    });
}

/** `bhr screen` and `bhr compare`: names against the known companies, and one pair of names. */
export function registerScreening(program: Command): void {
  program
    .command('screen')
    .description(
      'screen a list of names (CSV: name, optional country and id) against the known companies; a row that cannot be screened is reported and the rest are',
    )
    .argument('<file>', 'a CSV file with a header row')
    .option('--threshold <score>', 'the score from which a result is a match', String(DEFAULT_THRESHOLD))
    .option(
      '--review-threshold <score>',
      'the score from which a result that is not a match is a possible match to review (band "review")',
      String(REVIEW_THRESHOLD),
    )
    .option('--limit <n>', 'results per name', '5')
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'ndjson', 'csv']).default('json'),
    )
    .addOption(dbOption())
    .action(
      async (
        file: string,
        options: { threshold: string; reviewThreshold: string; limit: string; format: string; db?: string },
      ) => {
        const threshold = parseThreshold(options.threshold);
        const reviewThreshold = parseThreshold(options.reviewThreshold, '--review-threshold');
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100)
          throw new Error('--limit expects a whole number from 1 to 100');
        const list = readNameList(await readBytes(file), file, SCREEN_COLUMNS);
        reportProblems(file, list.problems);
        await withStore(options.db, async ({ companies }) => {
          const screen = new CompanyScreen(await companies.matchableCompanies({ statuses: ['published'] }));
          const results = list.rows.map((row) => {
            const result = screen.screen(
              {
                name: row.values.name ?? '',
                ...(row.values.country ? { country: row.values.country } : {}),
                ...(row.values.id ? { id: row.values.id } : {}),
              },
              { threshold, reviewThreshold, limit },
            );
            if (result.error) process.stderr.write(`${file}:${row.line}: ${result.error}\n`);
            return result;
          });
          if (options.format === 'csv') await writeOut(screeningReportCsv(results.map(reportedName)));
          else if (options.format === 'ndjson')
            await writeOut(results.map((result) => JSON.stringify(result) + '\n').join(''));
          else await writeOut(JSON.stringify(results, null, 1) + '\n');
        });
      },
    );

  program
    .command('compare')
    .description("one pair of names: the matcher's score with the features that fired")
    .argument('<nameA>')
    .argument('<nameB>')
    .option('--threshold <score>', 'the score from which the pair is a match', String(DEFAULT_THRESHOLD))
    .option('--json', 'print JSON')
    .action(async (nameA: string, nameB: string, options: { threshold: string; json?: boolean }) => {
      const threshold = parseThreshold(options.threshold);
      // Without an index every word weighs the same.
      const { score, explanations, problems } = scoreNames(nameA, nameB, () => 1);
      if (problems.length > 0)
        throw new InputError(
          'invalid_name',
          problems.map((message) => ({ code: 'invalid_name', message })),
        );
      const match = score >= threshold;
      if (options.json) {
        await writeOut(
          JSON.stringify(
            { a: nameA, b: nameB, score, match, threshold, matcher: MATCHER, explanations },
            null,
            1,
          ) + '\n',
        );
        return;
      }
      const lines = [
        `${score.toFixed(3)} ${match ? 'match' : 'no match'} (threshold ${threshold}; ${MATCHER.name} v${MATCHER.version})`,
        ...explanations.map(
          (explanation) =>
            `  ${explanation.feature} ${explanation.score >= 0 ? '+' : ''}${explanation.score}: ${explanation.detail}`,
        ),
      ];
      await writeOut(lines.join('\n') + '\n');
    });
}
