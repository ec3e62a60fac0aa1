import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildService } from '../serve/app.js';
import { openDossierStore } from '../store/index.js';
import type { DossierStore } from '../store/types.js';
import type { DossierInput } from '../api/dossier.js';
import { findPostgresBin, startTestPostgres } from './postgres-cluster.js';
import { formatBenchTable } from './format.js';
import { benchSections } from './sections.js';
import type { BenchRow } from './format.js';

/**
 * The HTTP service under load (`npm run bench`, after bench/run.ts; writes
 * bench/RESULTS-serve.md): POST /dossiers/{id}/events from 50 concurrent connections
 * (autocannon), embedded and on a PostgreSQL server, against the store's own intake
 * with 50 concurrent callers, on the same store, in the same run. `BENCH_QUICK=1`: a
 * short smoke run that writes no file; `BENCH_ONLY` without `serve` skips it.
 */

const quick = process.env.BENCH_QUICK === '1';
const CONNECTIONS = 50;
const SECONDS = quick ? 2 : 10;
const DOSSIERS = quick ? 50 : 500;
const INPUT: DossierInput = { calendar: 'FR', training: { start: '2031-05-05', end: '2031-05-16' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' };
/** A TICK: an event every dossier takes in any state, again and again, through the whole intake (log row, snapshot, version, wake-up). */
const EVENT = JSON.stringify({ type: 'TICK' });

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function createDossiers(store: DossierStore, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: DOSSIERS }, (_, index) => `${prefix}-${index}`);
  for (const id of ids) {
    const created = await store.create(id, INPUT);
    if (!created.ok) throw new Error(created.error.message);
  }
  return ids;
}

/** The store alone: CONNECTIONS callers applying TICKs to the dossiers in turn for SECONDS. */
async function storeIntake(store: DossierStore, ids: readonly string[]): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const id = ids[next++ % ids.length]!;
        const started = process.hrtime.bigint();
        const result = await store.apply(id, { type: 'TICK' });
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (!result.ok || !result.accepted) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / SECONDS, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

type Figures = { perSecond: number; p50: number; p99: number; errors: number };

/**
 * The same through HTTP: autocannon's CONNECTIONS keep-alive connections, each request to
 * the next dossier, from a process of its own (bench/load.ts) on the same cores.
 */
async function httpIntake(store: DossierStore, ids: readonly string[]): Promise<Figures> {
  const app = await buildService({ store, access: null, simulatedClock: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const load = fileURLToPath(new URL('./load.js', import.meta.url));
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [load, url, String(CONNECTIONS), String(SECONDS), JSON.stringify(ids), EVENT], (error, stdout, stderr) =>
        error ? reject(new Error(`the load generator failed: ${stderr || error.message}`)) : resolve(stdout),
      );
    });
    return JSON.parse(output) as Figures;
  } finally {
    await app.close();
  }
}

async function benchBackend(name: string, store: DossierStore, rows: BenchRow[]): Promise<void> {
  const ids = await createDossiers(store, name);
  // An untimed warm-up of both paths, so that neither pays the first compilations.
  await Promise.all(ids.slice(0, CONNECTIONS).map((id) => store.apply(id, { type: 'TICK' })));
  const direct = await storeIntake(store, ids);
  const http = await httpIntake(store, ids);
  const section = `POST /dossiers/{id}/events, ${CONNECTIONS} connections: ${name}`;
  const errors = direct.errors + http.errors ? `; errors: HTTP ${http.errors}, store ${direct.errors}` : '';
  rows.push(
    { section, name: 'events/s', value: http.perSecond, unit: 'events/s', baseline: direct.perSecond, ratio: http.perSecond / direct.perSecond, note: `baseline: store.apply, ${CONNECTIONS} concurrent callers${errors}` },
    { section, name: 'p50 latency', value: http.p50, unit: 'ms', baseline: direct.p50, ratio: direct.p50 / http.p50, note: 'baseline: one store.apply under the same load' },
    { section, name: 'p99 latency', value: http.p99, unit: 'ms', baseline: direct.p99, ratio: direct.p99 / http.p99, note: name === 'postgres' ? 'target < 50 ms' : '' },
  );
}

if (!benchSections(process.argv, process.env).has('serve')) process.exit(0);

const started = Date.now();
const loadAtStart = loadavg();
const rows: BenchRow[] = [];
const notes: string[] = [];

const dir = mkdtempSync(join(tmpdir(), 'cpf-bench-serve-'));
try {
  const opened = await openDossierStore({ data: dir });
  if (!opened.ok) throw new Error(opened.error.message);
  await benchBackend('embedded', opened.store, rows);
  await opened.store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const postgres = findPostgresBin();
if (postgres.ok) {
  // Durable (fsync, synchronous commit): the figures a production server would give on this disk.
  const server = await startTestPostgres(postgres.bin, { durable: true });
  try {
    const opened = await openDossierStore({ database: await server.createDatabase('bench_serve'), poolSize: 20 });
    if (!opened.ok) throw new Error(opened.error.message);
    await benchBackend('postgres', opened.store, rows);
    await opened.store.close();
  } finally {
    server.stop();
  }
} else notes.push(`PostgreSQL skipped: ${postgres.reason}`);

const p99 = rows.find((row) => row.section.endsWith('postgres') && row.name === 'p99 latency');
const loadAtEnd = loadavg();
const output =
  `cpf-dossier serve benchmark (bench/serve.ts${quick ? ', BENCH_QUICK=1' : ''})\n` +
  `Node ${process.version}; CPU ${cpus()[0]?.model.trim() ?? 'unknown'} (${cpus().length} logical cores); load average ${loadAtStart[0]!.toFixed(1)} at start, ${loadAtEnd[0]!.toFixed(1)} at end\n` +
  `${DOSSIERS} dossiers per backend, TICK events, ${SECONDS} s per figure; autocannon runs in a process of its own on the same cores as the service (and the server).\n\n` +
  formatBenchTable(rows) +
  `\nTargets\n  p99 of POST /dossiers/{id}/events on PostgreSQL < 50 ms  ${p99 ? `${p99.value < 50 ? 'met   ' : 'MISSED'}  ${p99.value.toFixed(1)} ms` : 'not measured'}\n` +
  notes.map((note) => `${note}\n`).join('') +
  `\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s\n`;
process.stdout.write(output);
if (!quick) {
  writeFileSync(
    new URL('../../bench/RESULTS-serve.md', import.meta.url),
    `# Service benchmark results\n\nThe latest output of bench/serve.ts (the second part of \`npm run bench\`), written by the benchmark itself.\n\n\`\`\`text\n${output}\`\`\`\n`,
  );
}
