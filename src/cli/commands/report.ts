import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { UI_LANGUAGES, type UiLanguage } from '../../web/i18n.ts';
import { documentContext } from '../../web/page-context.ts';
import { htmlToPdf } from '../../web/pdf.ts';
import { reportData, reportDocument } from '../../web/report.tsx';
import { addFilterOptions, queryFromOptions } from '../filters.ts';
import { writeOut } from '../io.ts';
import { dbOption, withStore } from '../options.ts';
import { settings } from '../../settings.ts';

/**
 * `bhr report --from D --to D --out FILE.pdf`: the analysis report of the web page `/analytics/report` for a
 * period and a filter (published records), printed to PDF by headless Chromium, or written as HTML.
 */

interface ReportOptions extends Record<string, unknown> {
  from?: string;
  to?: string;
  out: string;
  lang: UiLanguage;
  db?: string;
}

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description(
      'write the analysis report of a period (published records) as PDF, or as HTML when --out ends in .html',
    );
  addFilterOptions(command);
  command
    .requiredOption('--out <file>', 'the file to write: FILE.pdf, or FILE.html')
    .addOption(new Option('--lang <language>', 'language of the report').choices(UI_LANGUAGES).default('en'))
    .addOption(dbOption())
    .action(async (options: ReportOptions) => {
      if (!options.from || !options.to)
        throw new InputError('invalid_options', [
          {
            code: 'missing',
            path: options.from ? '/to' : '/from',
            message: 'a report needs --from and --to',
          },
        ]);
      const query = queryFromOptions(options);
      await withStore(options.db, async ({ search, companies }) => {
        const organisation = settings().organisation;
        const data = await reportData({ search, companies }, query, organisation);
        const context = documentContext(options.lang);
        const html = reportDocument(context, data);
        if (options.out.toLowerCase().endsWith('.html')) writeFileSync(options.out, html);
        else
          await htmlToPdf(
            html,
            options.out,
            `${organisation} · ${context.t('report.title')} · ${data.query.from} – ${data.query.to}`,
          );
        await writeOut(
          `report of ${data.query.from} to ${data.query.to} (${data.current.records} records; previous period ${data.previous.records}) written to ${options.out}\n`,
        );
      });
    });
}
