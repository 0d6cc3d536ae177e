import type { Command } from 'commander';
import { randomSecret } from '../../accounts/secrets.ts';
import { addUser } from '../../accounts/users.ts';
import { ROLES } from '../../domain/access.ts';
import { ResponseWorker, smtpTransport } from '../../responses/delivery.ts';
import { databaseLocation, openStores } from '../../store/open.ts';
import type { AccountStore } from '../../store/accounts.ts';
import { dbOption } from '../options.ts';
import { settings } from '../../settings.ts';
import { loadDemo } from './demo.ts';

interface ServeOptions {
  port?: string;
  host: string;
  db?: string;
  demo?: boolean;
  trustProxy?: boolean;
}

/** Demo accounts, one per role, created with the demo data; their passwords are random and printed once. */
async function addDemoAccounts(accounts: AccountStore): Promise<void> {
  const lines: string[] = [];
  for (const role of ROLES) {
    const email = `${role}@demo.invalid`;
    const password = randomSecret(12);
    await addUser(accounts, { email, role, password, name: `Demo ${role}` });
    lines.push(`  ${email.padEnd(26)} ${password}`);
  }
  process.stdout.write(`demo accounts (sign in at /sign-in; shown only now):\n${lines.join('\n')}\n`);
}

/** Addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The site's address for absolute links: BHR_PUBLIC_URL, which a server reachable from other machines must
 * set (its links would otherwise name an address nobody else can use, or whatever Host a client sent).
 */
function publicUrlOf(host: string, port: number): string {
  const configured = settings().publicUrl;
  if (configured) return configured;
  if (!isLoopback(host))
    throw new Error(
      `set BHR_PUBLIC_URL to the address people reach the site at (e.g. https://bhr.example.org): it is needed when serving on ${host}, not only on this machine`,
    );
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the web app and the JSON API')
    .option('--port <port>', 'port to listen on (default: $PORT, else 8080)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--demo',
      'if the database holds no records, fill it with the demo data and one demo account per role first',
    )
    .option('--trust-proxy', "behind a reverse proxy: take the client's address from X-Forwarded-For")
    .addOption(dbOption())
    .action(async (options: ServeOptions) => {
      const port = Number(options.port ?? settings().port ?? 8080);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error('--port expects a port number');
      // Checked before anything is opened: a server others can reach needs its public address.
      const publicUrl = publicUrlOf(options.host, port);
      const location = databaseLocation(options.db);
      const stores = await openStores(location);
      const { records, search, accounts, responses } = stores;
      if (options.demo && (await records.countRecords()) === 0) {
        process.stdout.write('empty database: loading the demo data\n');
        await loadDemo(stores, { synthetic: 2000, seed: 1 });
        if ((await accounts.listUsers()).length === 0) await addDemoAccounts(accounts);
      }
      const started = performance.now();
      await search.prepareSearch();
      process.stdout.write(`search index ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      // Loaded here so that other commands do not pay for the web stack at start-up.
      const { buildServer } = await import('../../web/server.tsx');
      const { organisation, smtpUrl: smtp, mailFrom } = settings();
      const app = await buildServer(stores, {
        logger: true,
        trustProxy: options.trustProxy ?? false,
        publicUrl,
        organisation,
        // Secure cookies are not sent over plain HTTP except to localhost: a server reached over plain HTTP
        // on a trusted network may turn the flag off. Never on the open internet.
        secureCookies: settings().secureCookies,
        // No worker thread is kept warm: one starts with the first upload, extraction or screening (about a
        // second) and stops after a minute without work, instead of holding some 50 MiB all the time.
        warmWorkers: false,
      });
      // Sends the outbox and runs reminders and deadlines; every process may run one (claims are exclusive).
      const worker = new ResponseWorker(
        { store: { records, responses }, publicUrl, organisation },
        {
          ...(smtp ? { transport: smtpTransport(smtp) } : {}),
          from: mailFrom ?? `${organisation} <no-reply@localhost>`,
          log: (message) => app.log.warn(message),
        },
      );
      if (!smtp) app.log.warn('BHR_SMTP_URL is not set: e-mails to companies wait in the outbox');
      worker.start();
      const shutdown = async () => {
        await worker.stop();
        await app.close();
        await stores.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
      await app.listen({ port, host: options.host });
      process.stdout.write(`BHR Tracker on http://${options.host}:${port}/ (database: ${location})\n`);
    });
}
