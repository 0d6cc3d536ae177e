import { cpus, totalmem } from 'node:os';
import { runMixedLoad, type LatencyFigures } from './mixed-load.ts';
import { writeSection } from './sections.ts';

/** `npm run bench:mixed`: reads and writes on one `bhr serve`, without and with large extractions. */
const seconds = Number(process.env.MIXED_SECONDS ?? 60);
const connections = Number(process.env.MIXED_CONNECTIONS ?? 100);
const extractionCharacters = Number(process.env.MIXED_EXTRACT_CHARS ?? 20_000);
const hugeCharacters = Number(process.env.MIXED_HUGE_CHARS ?? 1_000_000);
const figures = await runMixedLoad({ seconds, connections, extractionCharacters, hugeCharacters });
const { baseline: a, withExtractions: b } = figures;

const ms = (value: number) => `${Math.round(value)} ms`;
const row = (label: string, x: LatencyFigures, y: LatencyFigures) =>
  `| ${label} | ${x.requests} / ${y.requests} | ${ms(x.p50)} / ${ms(y.p50)} | ${ms(x.p90)} / ${ms(y.p90)} | ${ms(x.p99)} / ${ms(y.p99)} | ${ms(x.max)} / ${ms(y.max)} |`;

const title = 'Mixed load with large extractions';
const section = `## ${title}

- Date: ${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; the load generator (autocannon) runs on the same machine.
- Command: \`npm run bench:mixed\` (MIXED_SECONDS=${seconds}, MIXED_CONNECTIONS=${connections}, MIXED_EXTRACT_CHARS=${extractionCharacters}, MIXED_HUGE_CHARS=${hugeCharacters}): one \`bhr serve\` on a SQLite file seeded with 2,000 synthetic published records (default settings: one worker thread on this machine).
- Phase A (baseline): ${seconds} s, ${Math.round(connections * 0.9)} connections reading (search pages, record pages, API lists, the home page) and ${connections - Math.round(connections * 0.9)} writing (a new record through \`POST /api/v1/records\` with an editor's token).
- Phase B: the same, and an extraction of a ${extractionCharacters.toLocaleString('en')}-character article posted through \`POST /api/v1/extract\` every second.
- Then one extraction of ${figures.huge.characters.toLocaleString('en')} characters, with \`/healthz\` asked every 100 ms while it runs.

| requests (A / B) | count | p50 | p90 | p99 | max |
|---|---:|---:|---:|---:|---:|
${row('reads', a.reads, b.reads)}
${row('writes', a.writes, b.writes)}

| measure | A | B |
|---|---:|---:|
| read p99, B as a multiple of A | | ${(b.reads.p99 / Math.max(1, a.reads.p99)).toFixed(2)}× |
| errors (failed, or answered neither 2xx nor 503), of which timeouts (no answer in 10 s) | ${a.errors} (${a.timeouts}) | ${b.errors} (${b.timeouts}) |
| 503 "busy" refusals of reads and writes | ${a.busy} | ${b.busy} |
| extractions sent / answered 200 / 503 busy / failed | | ${b.extractions.sent} / ${b.extractions.succeeded} / ${b.extractions.busy} / ${b.extractions.failed} |
| median extraction time | | ${ms(b.extractions.medianMs)} |
| server RSS, highest | ${Math.round(a.rssMaxMb)} MiB | ${Math.round(b.rssMaxMb)} MiB |

The ${figures.huge.characters.toLocaleString('en')}-character extraction answered ${figures.huge.status} after ${figures.huge.seconds.toFixed(1)} s; the slowest of ${figures.huge.healthzChecks} \`/healthz\` answers meanwhile took ${ms(figures.huge.healthzMaxMs)}. Server RSS at the end: ${Math.round(figures.rssFinalMb)} MiB.
`;
writeSection(title, section);
console.log(section);
