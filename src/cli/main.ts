import { Command } from 'commander';
import { registerCompanies, registerScreening } from './commands/companies.ts';
import { registerDb } from './commands/db.ts';
import { registerDemo } from './commands/demo.ts';
import { registerExport } from './commands/export.ts';
import { registerExtract } from './commands/extract.ts';
import { registerImport } from './commands/import.ts';
import { registerParse } from './commands/parse.ts';
import { registerRender } from './commands/render.ts';
import { registerReport } from './commands/report.ts';
import { registerServe } from './commands/serve.ts';
import { registerStats } from './commands/stats.ts';
import { registerResponses } from './commands/responses.ts';
import { registerToken, registerUser } from './commands/user.ts';
import { reportFailure } from './io.ts';

// A reader that stops early (`bhr export | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command()
  .name('bhr')
  .description(
    'BHR Tracker: record, research and act on allegations of corporate human-rights abuse against workers',
  )
  .version('0.1.0')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nThe database: --db LOCATION, else $BHR_DATABASE, else data/bhr.sqlite; a LOCATION is a SQLite file path or a postgres:// URL.',
  );

registerParse(program);
registerRender(program);
registerImport(program);
registerExport(program);
registerDemo(program);
registerServe(program);
registerDb(program);
registerUser(program);
registerToken(program);
registerResponses(program);
registerCompanies(program);
registerScreening(program);
registerStats(program);
registerReport(program);
registerExtract(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportFailure(error);
}
