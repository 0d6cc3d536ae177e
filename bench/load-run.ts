import { cpus, totalmem } from 'node:os';
import { POSTGRES_ADMIN_URL } from '../test/support/stores.ts';
import { runLoadTest } from './load.ts';
import { writeSection } from './sections.ts';

/** `npm run bench:load`: the 60-second load test of two app processes on one PostgreSQL database. */
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const workers = Number(process.env.LOAD_WORKERS ?? 16);
const figures = await runLoadTest(POSTGRES_ADMIN_URL, { seconds, workers });
const section = `## Two app processes on one PostgreSQL

- Date: ${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on loopback
- Command: \`npm run bench:load\` (LOAD_SECONDS=${seconds}, LOAD_WORKERS=${workers}): two \`bhr serve\` processes on one fresh database seeded with 2,000 records; ${workers} clients on loopback alternate between the processes: two reads (search pages, record pages, API lists) for every write (a new published record through \`POST /api/v1/records\`); after each write the other process is asked for the record at once.

| measure | value |
|---|---:|
| requests | ${figures.requests} (${figures.requestsPerSecond.toFixed(0)}/s) |
| reads / writes | ${figures.reads} / ${figures.writes} |
| errors (non-2xx or failed requests) | ${figures.errors} |
| writes not seen at once by the other process | ${figures.unseen} |
| records after the run / seeded + written | ${figures.recordsAfter} / ${figures.recordsExpected} |
| rows of written records / distinct titles | ${figures.loadRows} / ${figures.distinctWritten} |
`;
writeSection('Two app processes on one PostgreSQL', section);
console.log(section);
