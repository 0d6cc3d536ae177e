import type { Command } from 'commander';
import { ResponseWorker, smtpTransport } from '../../responses/delivery.ts';
import { writeOut } from '../io.ts';
import { dbOption, withStore } from '../options.ts';
import { settings } from '../../settings.ts';

/**
 * `bhr responses run`: one round of the response worker (due reminders and deadlines, then the outbox), for a
 * deployment that runs it from cron rather than inside `bhr serve`, or to flush the outbox by hand. Safe to run
 * beside `bhr serve` and other runs: each mail and job is claimed by one process.
 */
export function registerResponses(program: Command): void {
  const responses = program
    .command('responses')
    .description('company responses: the outbox and the scheduler');
  responses
    .command('run')
    .description('send the e-mails and run the reminders and deadlines that are due, once')
    .addOption(dbOption())
    .action(async (options: { db?: string }) => {
      await withStore(options.db, async ({ records, responses: requests }) => {
        const { smtpUrl: smtp, organisation, mailFrom } = settings();
        const worker = new ResponseWorker(
          {
            store: { records, responses: requests },
            publicUrl: settings().publicUrl ?? 'http://127.0.0.1:8080',
            organisation,
          },
          {
            ...(smtp ? { transport: smtpTransport(smtp) } : {}),
            from: mailFrom ?? `${organisation} <no-reply@localhost>`,
            log: (message) => process.stderr.write(`${message}\n`),
          },
        );
        let jobs = 0;
        let sent = 0;
        let failed = 0;
        // Rounds until nothing more is due: a job may queue a mail; a mail that fails waits for a later run.
        for (;;) {
          const ran = await worker.runJobs(100);
          const delivered = await worker.deliver(100);
          jobs += ran;
          sent += delivered.sent;
          failed += delivered.failed;
          if (ran === 0 && delivered.sent + delivered.failed === 0) break;
        }
        await writeOut(`jobs run: ${jobs}; e-mails sent: ${sent}; not sent: ${failed}\n`);
      });
    });
}
