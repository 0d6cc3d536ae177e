import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { editorToken } from './editor-token.ts';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import { openStores } from '../src/store/open.ts';
import { aRecord } from '../test/support/records.ts';

export interface LoadFigures {
  seconds: number;
  workers: number;
  requests: number;
  reads: number;
  writes: number;
  errors: number;
  /** Writes answered 201 by one process but not found at once through the other. */
  unseen: number;
  /** Records in the database after the run, against those seeded plus those written. */
  recordsAfter: number;
  recordsExpected: number;
  /** Rows of load-test records, and how many distinct titles they have: equal when nothing was doubled. */
  loadRows: number;
  distinctWritten: number;
  requestsPerSecond: number;
}

function serve(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/bhr.js', 'serve', '--db', url, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('BHR Tracker on')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server on port ${port} exited with ${code}`)));
  });
}

/**
 * Two `bhr serve` processes on one fresh PostgreSQL database, and `workers` clients that for `seconds` mix
 * reads (search pages, record pages, API lists) with writes (new published records) on either process; after
 * each write, the other process must return the record at once. Then every write is counted in the database.
 */
export async function runLoadTest(
  adminUrl: string,
  options: { seconds: number; workers: number; ports?: [number, number] },
): Promise<LoadFigures> {
  const name = `bhr_load_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = url.toString();
  const servers: ChildProcess[] = [];
  try {
    const seed = await openStores(database);
    const seeded = (
      await seed.records.upsertRecords(
        [...syntheticRecords({ count: 2000, seed: 9 })].map((r) => ({ ...r, status: 'published' as const })),
      )
    ).added;
    // Writes come from an editor's API token: each creates a draft, asks for review and publishes it.
    const token = await editorToken(seed.accounts, 'load@test.invalid', ['records:write', 'records:publish']);
    await seed.close();
    const [portA, portB] = options.ports ?? [18801, 18802];
    servers.push(await serve(database, portA), await serve(database, portB));
    const bases = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];

    const figures = { requests: 0, reads: 0, writes: 0, errors: 0, unseen: 0 };
    const written = new Set<string>();
    const slugs: string[] = [];
    const deadline = Date.now() + options.seconds * 1000;
    const reads = ['/search?q=wage&country=QA', '/search?issue=deaths', '/api/v1/records?pageSize=5', '/'];
    const worker = async (number: number) => {
      for (let iteration = 0; Date.now() < deadline; iteration++) {
        const server = (number + iteration) % 2;
        try {
          if (iteration % 3 === 2) {
            const title = `Load test record ${number}-${iteration}`;
            const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
            const response = await fetch(`${bases[server]}/api/v1/records`, {
              method: 'POST',
              headers,
              body: JSON.stringify(aRecord({ title })),
            });
            figures.requests++;
            if (response.status !== 201) {
              figures.errors++;
              continue;
            }
            const { id } = (await response.json()) as { id: string };
            let moved = true;
            for (const transition of ['request-review', 'publish']) {
              const step = await fetch(`${bases[server]}/api/v1/records/${id}/transitions`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ transition }),
              });
              figures.requests++;
              await step.arrayBuffer();
              if (step.status !== 200) moved = false;
            }
            if (!moved) {
              figures.errors++;
              continue;
            }
            const ids = [id];
            figures.writes++;
            written.add(title);
            const seen = await fetch(`${bases[1 - server]}/api/v1/records/${ids[0]}`);
            figures.requests++;
            const body = (await seen.json()) as { title?: string; slug?: string };
            if (seen.status !== 200 || body.title !== title) figures.unseen++;
            else if (body.slug) slugs.push(body.slug);
          } else {
            const path =
              slugs.length > 0 && iteration % 3 === 1
                ? `/records/${slugs[iteration % slugs.length]}`
                : reads[iteration % reads.length]!;
            const response = await fetch(`${bases[server]}${path}`);
            await response.arrayBuffer();
            figures.requests++;
            figures.reads++;
            if (response.status !== 200) figures.errors++;
          }
        } catch {
          figures.errors++;
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: options.workers }, (_, number) => worker(number)));
    const elapsed = (Date.now() - started) / 1000;

    const check = await openStores(database);
    const recordsAfter = await check.records.countRecords();
    await check.close();
    const counter = new pg.Client({ connectionString: database });
    await counter.connect();
    const { rows } = await counter.query(
      "SELECT count(*) AS rows, count(DISTINCT title) AS titles FROM records WHERE title LIKE 'Load test record %'",
    );
    await counter.end();
    return {
      seconds: options.seconds,
      workers: options.workers,
      ...figures,
      recordsAfter,
      recordsExpected: seeded + figures.writes,
      loadRows: Number(rows[0].rows),
      distinctWritten: Number(rows[0].titles),
      requestsPerSecond: figures.requests / elapsed,
    };
  } finally {
    for (const server of servers) server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
