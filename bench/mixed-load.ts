import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { editorToken } from './editor-token.ts';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import type { RecordInput } from '../src/domain/record.ts';
import { openStores } from '../src/store/open.ts';

/**
 * One `bhr serve` on a seeded SQLite file under 100 connections of reads and writes for a phase, run twice:
 * once alone, once with a large extraction posted every second and one extraction of a million characters
 * in the middle. The read latencies of the two phases show whether the extractions, which run in the
 * server's worker pool, hold up the requests around them.
 */

export interface LatencyFigures {
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface PhaseFigures {
  reads: LatencyFigures;
  writes: LatencyFigures;
  /** Answers that are neither 2xx nor a 503 "busy" refusal, plus failed connections and timeouts. */
  errors: number;
  /** Of the errors, requests unanswered after autocannon's 10 s timeout. */
  timeouts: number;
  /** 503 answers of the worker pool (the queue was full): a refusal the client is told to retry. */
  busy: number;
  extractions: { sent: number; succeeded: number; busy: number; failed: number; medianMs: number };
  rssMaxMb: number;
}

export interface MixedLoadFigures {
  seconds: number;
  connections: number;
  extractionCharacters: number;
  baseline: PhaseFigures;
  withExtractions: PhaseFigures;
  huge: { characters: number; status: number; seconds: number; healthzMaxMs: number; healthzChecks: number };
  rssFinalMb: number;
}

function serve(database: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/bhr.js', 'serve', '--db', database, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BHR_PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('BHR Tracker on')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** The resident set of a process, in MiB, from /proc. */
function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : 0;
}

/** An article of at least `characters` characters, made of the synthetic records' titles and summaries. */
function articleOf(records: RecordInput[], characters: number, offset: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  for (let index = offset; length < characters; index++) {
    const record = records[index % records.length]!;
    const paragraph = `${record.title}. ${record.summary ?? ''}`;
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n').slice(0, characters);
}

const median = (values: number[]) =>
  values.length === 0 ? 0 : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const latency = (result: autocannon.Result): LatencyFigures => ({
  requests: result.requests.total,
  p50: result.latency.p50,
  p90: result.latency.p90,
  p99: result.latency.p99,
  max: result.latency.max,
});

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

const statusCount = (result: autocannon.Result, status: number) =>
  (result.statusCodeStats as Record<string, { count: number }> | undefined)?.[String(status)]?.count ?? 0;

/** Failed and unexpected answers of one autocannon run, with 503s counted apart. */
function failures(result: autocannon.Result): { errors: number; timeouts: number; busy: number } {
  const busy = statusCount(result, 503);
  return { errors: result.errors + result.non2xx - busy, timeouts: result.timeouts, busy };
}

export async function runMixedLoad(options: {
  seconds: number;
  connections: number;
  extractionCharacters: number;
  hugeCharacters: number;
  port?: number;
}): Promise<MixedLoadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bhr-mixed-'));
  const database = join(dir, 'mixed.sqlite');
  let server: ChildProcess | undefined;
  try {
    const records = [...syntheticRecords({ count: 2000, seed: 11 })].map((record) => ({
      ...record,
      status: 'published' as const,
    }));
    const seed = await openStores(database);
    await seed.records.upsertRecords(records);
    const slugs = (await seed.records.listRecords({ statuses: ['published'], limit: 200 })).records.map(
      (r) => r.slug,
    );
    const token = await editorToken(seed.accounts, 'mixed-load@test.invalid', ['records:write']);
    await seed.close();

    const port = options.port ?? 18803;
    const base = `http://127.0.0.1:${port}`;
    server = await serve(database, port);
    const pid = server.pid!;
    const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const words = ['wages', 'forced labour', 'recruitment fees', 'passport', 'Malaysia', 'construction'];
    const reads: autocannon.Request[] = [
      ...words.map((word) => ({ method: 'GET' as const, path: `/search?q=${encodeURIComponent(word)}` })),
      ...slugs.slice(0, 20).map((slug) => ({ method: 'GET' as const, path: `/records/${slug}` })),
      { method: 'GET', path: '/api/v1/records?limit=20' },
      { method: 'GET', path: '/api/v1/records?q=wages' },
      { method: 'GET', path: '/' },
    ];
    let written = 0;
    const writeRequest: autocannon.Request = {
      method: 'POST',
      path: '/api/v1/records',
      headers: bearer,
      setupRequest: (request) => {
        const record = records[written % records.length]!;
        written += 1;
        const title = `Mixed load ${written} ${randomBytes(4).toString('hex')}: ${record.title}`.slice(
          0,
          300,
        );
        const { slug: _slug, status: _status, ...rest } = record as RecordInput & { slug?: string };
        return { ...request, body: JSON.stringify({ ...rest, title }) };
      },
    };
    const readConnections = Math.round(options.connections * 0.9);
    const writeConnections = options.connections - readConnections;

    // Warm-up: the search index, the company list and the worker pool are ready before anything is timed.
    await run({ url: base, connections: 10, duration: 5, requests: reads });
    await fetch(`${base}/api/v1/extract`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ text: articleOf(records, 5000, 0) }),
    });

    async function phase(withExtractions: boolean): Promise<PhaseFigures> {
      let rssMaxMb = rssMb(pid);
      const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(pid))), 250);
      const extractionTimes: number[] = [];
      const extraction = { sent: 0, succeeded: 0, busy: 0, failed: 0 };
      const pending: Promise<void>[] = [];
      const ticker = withExtractions
        ? setInterval(() => {
            const text = articleOf(records, options.extractionCharacters, extraction.sent * 37);
            extraction.sent += 1;
            const started = performance.now();
            pending.push(
              fetch(`${base}/api/v1/extract`, {
                method: 'POST',
                headers: bearer,
                body: JSON.stringify({ text }),
              })
                .then(async (response) => {
                  await response.arrayBuffer();
                  if (response.status === 200) {
                    extraction.succeeded += 1;
                    extractionTimes.push(performance.now() - started);
                  } else if (response.status === 503) extraction.busy += 1;
                  else extraction.failed += 1;
                })
                .catch(() => void (extraction.failed += 1)),
            );
          }, 1000)
        : undefined;
      try {
        const [readResult, writeResult] = await Promise.all([
          run({ url: base, connections: readConnections, duration: options.seconds, requests: reads }),
          run({
            url: base,
            connections: writeConnections,
            duration: options.seconds,
            requests: [writeRequest],
          }),
        ]);
        clearInterval(ticker);
        await Promise.all(pending);
        const readFailures = failures(readResult);
        const writeFailures = failures(writeResult);
        return {
          reads: latency(readResult),
          writes: latency(writeResult),
          errors: readFailures.errors + writeFailures.errors + extraction.failed,
          timeouts: readFailures.timeouts + writeFailures.timeouts,
          busy: readFailures.busy + writeFailures.busy,
          extractions: { ...extraction, medianMs: median(extractionTimes) },
          rssMaxMb,
        };
      } finally {
        clearInterval(ticker);
        clearInterval(sampler);
      }
    }

    const baseline = await phase(false);
    const withExtractions = await phase(true);

    // One extraction of a million characters, and how long /healthz takes meanwhile.
    const hugeText = articleOf(records, options.hugeCharacters, 5);
    const started = performance.now();
    let done = false;
    const huge = fetch(`${base}/api/v1/extract`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ text: hugeText }),
    }).then(async (response) => {
      await response.arrayBuffer();
      done = true;
      return response.status;
    });
    const healthTimes: number[] = [];
    while (!done) {
      const asked = performance.now();
      await (await fetch(`${base}/healthz`)).arrayBuffer();
      healthTimes.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const hugeStatus = await huge;
    return {
      seconds: options.seconds,
      connections: options.connections,
      extractionCharacters: options.extractionCharacters,
      baseline,
      withExtractions,
      huge: {
        characters: hugeText.length,
        status: hugeStatus,
        seconds: (performance.now() - started) / 1000,
        healthzMaxMs: healthTimes.reduce((most, time) => Math.max(most, time), 0),
        healthzChecks: healthTimes.length,
      },
      rssFinalMb: rssMb(pid),
    };
  } finally {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
