import { Option, type Command } from 'commander';
import { InputError, zodIssues } from '../domain/errors.ts';
import { FACETS, SearchQuery, type Facet } from '../search/query.ts';

/**
 * The search filters as command-line options, the same as the URL query of the search page and the API:
 * `--country QA --country SA --issue wage-theft --from 2025-01-01`.
 */

const optionName = (facet: Facet) => facet.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const optionKey = (facet: Facet) => facet;

const collect = (value: string, previous: string[] = []) => [...previous, value];

const isFacet = (key: string): key is Facet => FACETS.some((facet) => facet === key);

export function addFilterOptions(command: Command): Command {
  command.option('--q <words>', 'words to find in titles, summaries, companies and sources');
  for (const facet of FACETS)
    command.addOption(
      new Option(
        `--${optionName(facet)} <value>`,
        `filter by ${optionName(facet).replace(/-/g, ' ')} (repeatable)`,
      ).argParser(collect),
    );
  command.addOption(
    new Option('--issue-mode <mode>', 'with several --issue: records with any of them, or with all').choices([
      'any',
      'all',
    ]),
  );
  command.option('--from <date>', 'first date reported, YYYY-MM-DD');
  command.option('--to <date>', 'last date reported, YYYY-MM-DD');
  return command;
}

/** The search query the options give; a bad value is an InputError naming the option. */
export function queryFromOptions(options: Record<string, unknown>): SearchQuery {
  const input: Record<string, unknown> = {};
  if (options.q) input.q = options.q;
  for (const facet of FACETS) if (options[optionKey(facet)]) input[facet] = options[optionKey(facet)];
  if (options.issueMode) input.issueMode = options.issueMode;
  if (options.from) input.from = options.from;
  if (options.to) input.to = options.to;
  const parsed = SearchQuery.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InputError(
    'invalid_options',
    zodIssues(parsed.error).map((issue) => {
      const key = issue.path?.split('/')[1] ?? '';
      const name = isFacet(key) ? optionName(key) : key;
      return { ...issue, message: `--${name}: ${issue.message}` };
    }),
  );
}
