import { Option, type Command } from 'commander';
import { computeFigures, FigureOptions, type Figures } from '../../analytics/figures.ts';
import { PERIODS, type Period } from '../../analytics/periods.ts';
import { RECORD_STATUSES } from '../../domain/enumerations.ts';
import { InputError, zodIssues } from '../../domain/errors.ts';
import { FACETS, type Facet } from '../../search/query.ts';
import { translator } from '../../web/i18n.ts';
import { labelsFor } from '../../web/labels.ts';
import { addFilterOptions, queryFromOptions } from '../filters.ts';
import { writeOut } from '../io.ts';
import { dbOption, withStore } from '../options.ts';

/**
 * `bhr stats`: the figures of the analytics (the same function as the dashboard and `GET /api/v1/stats`) for
 * the published records a search matches, as a summary, one breakdown (`--by`), or JSON.
 */

const BY = [
  'issue',
  'category',
  'country',
  'origin',
  'corridor',
  'sector',
  'company',
  'role',
  'gender',
  'migration-status',
  'source-type',
  'response',
  ...PERIODS,
] as const;
type By = (typeof BY)[number];

const isPeriod = (by: string | undefined): by is Period => PERIODS.some((period) => period === by);
const isFacet = (by: string): by is Facet => FACETS.some((facet) => facet === by);

const FACET_OF: Partial<Record<By, Facet>> = {
  'migration-status': 'migrationStatus',
  'source-type': 'sourceType',
};

interface StatsOptions extends Record<string, unknown> {
  by?: By;
  json?: boolean;
  period?: string;
  limit?: string;
  all?: boolean;
  db?: string;
}

const english = labelsFor('en', translator('en'));
const number = new Intl.NumberFormat('en-GB');

export interface StatsRow {
  value: string;
  label: string;
  records: number;
}

/** The rows of one breakdown, a time series or the response outcomes. */
export function statsRows(figures: Figures, by: By): StatsRow[] {
  if (isPeriod(by))
    return figures.series.map((point) => ({
      value: point.period,
      label: `${point.start} to ${point.end}`,
      records: point.records,
    }));
  if (by === 'response')
    return (['responded', 'declined', 'noResponse', 'awaited'] as const).map((outcome) => ({
      value: outcome,
      label: outcome,
      records: figures.responses[outcome],
    }));
  const facet = FACET_OF[by] ?? (isFacet(by) ? by : undefined);
  if (!facet) return [];
  return figures.breakdowns[facet].values.map((item) => ({
    value: item.value,
    label: english.facetValue(facet, item.value, item.label),
    records: item.records,
  }));
}

function summary(figures: Figures): string {
  const lines: [string, string][] = [
    ['Records', number.format(figures.records)],
    [
      'Companies named',
      `${number.format(figures.companiesNamed)} (${number.format(figures.recordsWithoutCompany)} records name no identified company)`,
    ],
    [
      'Individuals affected',
      `at least ${number.format(figures.individuals.total)} (${number.format(figures.individuals.recordsWithoutNumber)} records give no number)`,
    ],
    [
      'Records of deaths',
      `${number.format(figures.deaths.records)} (at least ${number.format(figures.deaths.individuals)} people affected in them; ${number.format(figures.deaths.recordsWithoutNumber)} give no number)`,
    ],
    [
      'Response requests',
      `${number.format(figures.responses.requested)} (${number.format(figures.responses.responded)} responded, rate ${figures.responses.rate === null ? '-' : `${(figures.responses.rate * 100).toFixed(1)}%`})`,
    ],
  ];
  const width = lines.reduce((widest, [label]) => Math.max(widest, label.length), -Infinity);
  return lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}

function table(rows: StatsRow[], by: By): string {
  const head: [string, string, string] = [by, 'label', 'records'];
  const cells = rows.map((row) => [row.value, row.label, number.format(row.records)] as const);
  const widths = [0, 1].map((column) =>
    cells.reduce((widest, cell) => Math.max(widest, cell[column]!.length), head[column]!.length),
  );
  const recordsWidth = cells.reduce((widest, cell) => Math.max(widest, cell[2].length), 7);
  const line = (cell: readonly string[]) =>
    `${cell[0]!.padEnd(widths[0]!)}  ${cell[1]!.padEnd(widths[1]!)}  ${cell[2]!.padStart(recordsWidth)}`.trimEnd();
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}

export function registerStats(program: Command): void {
  const command = program
    .command('stats')
    .description(
      'figures over the published records a search matches: a summary, one breakdown (--by), or JSON',
    );
  command
    .addOption(
      new Option(
        '--by <breakdown>',
        'list one breakdown, a time series (month, quarter, year) or the response outcomes',
      ).choices(BY),
    )
    .option('--json', 'print JSON: {query, figures} as GET /api/v1/stats gives, or with --by {by, rows}')
    .addOption(new Option('--period <period>', 'period of the time series in --json').choices(PERIODS))
    .option('--limit <n>', 'values per breakdown, most frequent first', '20')
    .option('--all', 'every record whatever its status (drafts, in review, retracted too)');
  addFilterOptions(command);
  command.addOption(dbOption()).action(async (options: StatsOptions) => {
    const query = queryFromOptions(options);
    const parsed = FigureOptions.safeParse({ limit: options.limit, period: options.period });
    if (!parsed.success)
      throw new InputError(
        'invalid_options',
        zodIssues(parsed.error).map((issue) => ({
          ...issue,
          message: `--${issue.path?.slice(1)}: ${issue.message}`,
        })),
      );
    const by = options.by;
    const period: Period | undefined = isPeriod(by) ? by : parsed.data.period;
    await withStore(options.db, async ({ search, companies }) => {
      const figures = await computeFigures({ search, companies }, query, {
        statuses: options.all ? [...RECORD_STATUSES] : ['published'],
        limit: parsed.data.limit,
        ...(period ? { period } : {}),
      });
      if (!by) {
        const { page: _page, pageSize: _pageSize, sort: _sort, ...filters } = query;
        await writeOut(
          options.json
            ? `${JSON.stringify({ query: { ...filters, limit: parsed.data.limit }, figures }, null, 2)}\n`
            : summary(figures),
        );
        return;
      }
      const rows = statsRows(figures, by);
      await writeOut(options.json ? `${JSON.stringify({ by, rows }, null, 2)}\n` : table(rows, by));
    });
  });
}
