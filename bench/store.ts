import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServerDb } from '../store/db.js';
import { openDossierStore, simulatedClock } from '../store/index.js';
import type { DossierEventInput } from '../api/events.js';
import type { DossierStore, OpenStoreOptions } from '../store/index.js';
import { formatBenchTable, formatNumber } from './format.js';
import type { BenchRow } from './format.js';
import { median } from './measure.js';
import { findPostgresBin, startTestPostgres } from './postgres-cluster.js';
import type { TestPostgres } from './postgres-cluster.js';

/**
 * `npm run bench -- store`: the runtime on PGlite and on a PostgreSQL server started for
 * the run (durable: fsync on), against pgbench -N on that same server in the same run.
 * BENCH_QUICK=1 runs a small version.
 */

const quick = process.env.BENCH_QUICK === '1';
const INTAKE_SECONDS = quick ? 3 : 10;
const CATCH_UP_DOSSIERS = quick ? 5_000 : 100_000;
const WORKLIST_DOSSIERS = quick ? 50_000 : 1_000_000;
const INPUT = { training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' };
const CLOCK = Date.parse('2026-03-04T13:00:00+01:00');
/** A dossier's journey as intake sees it: create, then five events (the model accepts each). */
const JOURNEY: DossierEventInput[] = [
  { type: 'SUBMIT', at: '2026-03-02T12:00:00+01:00' },
  { type: 'ORGANISATION_ACCEPTS', at: '2026-03-03T12:00:00+01:00' },
  { type: 'HOLDER_VALIDATES', at: '2026-03-04T12:00:00+01:00' },
  { type: 'TICK', at: '2026-03-04T12:30:00+01:00' },
  { type: 'HOLDER_CANCELS', at: '2026-03-04T12:45:00+01:00' },
];

async function open(options: OpenStoreOptions): Promise<DossierStore> {
  const opened = await openDossierStore(options);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.store;
}

/** Store calls per second: `writers` loops, each through whole journeys of its own dossiers, for `seconds`. */
async function intake(store: DossierStore, writers: number, seconds: number, prefix: string): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let calls = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let d = 0; Date.now() < until; d++) {
        const id = `${prefix}-${w}-${d}`;
        const created = await store.create(id, INPUT);
        if (!created.ok) throw new Error(created.error.message);
        calls++;
        for (const [s, event] of JOURNEY.entries()) {
          const applied = await store.apply(id, event, { idempotencyKey: `k${s}` });
          if (!applied.ok) throw new Error(applied.error.message);
          calls++;
        }
      }
    }),
  );
  return calls / (Number(process.hrtime.bigint() - started) / 1e9);
}

function pgbenchTps(server: TestPostgres, clients: number, seconds: number): number {
  const output = server.run('pgbench', ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-N', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), 'pgbench']);
  const tps = /tps = ([\d.]+)/.exec(output);
  if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(tps[1]);
}

/** Workers (real processes: `cpf-dossier worker`) until no dossier is due; the seconds it took. */
async function catchUp(url: string, workers: number): Promise<number> {
  const sql = await openServerDb(url, 1);
  const binary = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const started = Date.now();
  const processes = Array.from({ length: workers }, () => spawn(process.execPath, [binary, 'worker', '--database', url, '--poll', '50'], { stdio: 'ignore' }));
  try {
    for (;;) {
      const [row] = await sql.query<{ due: string | number }>('SELECT count(*) AS due FROM cpf_dossiers WHERE wake_at <= $1', [Date.now()]);
      if (Number(row!.due) === 0) return (Date.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    for (const child of processes) child.kill('SIGTERM');
    await sql.close();
  }
}

/** A requested dossier, due since 2026-03-05T00:15+01:00: its stored row, to copy. */
async function dueTemplate(url: string): Promise<Record<string, unknown>> {
  const store = await open({ database: url, clock: simulatedClock(Date.parse('2026-03-02T12:00:00+01:00')) });
  await store.create('template', INPUT);
  await store.apply('template', { type: 'SUBMIT' });
  await store.close();
  const sql = await openServerDb(url, 1);
  const [row] = await sql.query<Record<string, unknown>>("SELECT * FROM cpf_dossiers WHERE id = 'template'");
  await sql.query("DELETE FROM cpf_notifications WHERE dossier_id = 'template'");
  await sql.query("DELETE FROM cpf_log WHERE dossier_id = 'template'");
  await sql.query("DELETE FROM cpf_dossiers WHERE id = 'template'");
  await sql.close();
  return row!;
}

/** `count` copies of the template, loaded with SQL (not through intake), after the previous run's are removed. */
async function loadDueDossiers(url: string, template: Record<string, unknown>, count: number): Promise<void> {
  const sql = await openServerDb(url, 1);
  await sql.query("DELETE FROM cpf_notifications WHERE dossier_id LIKE 'due-%'");
  await sql.query("DELETE FROM cpf_log WHERE dossier_id LIKE 'due-%'");
  await sql.query("DELETE FROM cpf_dossiers WHERE id LIKE 'due-%'");
  await sql.query(
    `INSERT INTO cpf_dossiers (id, setup, snapshot, version, log_seq, created_at, state, must_act, running_deadline, last_day, entered_at, wake_done, wake_at)
     SELECT 'due-' || n, $2::jsonb, $3::jsonb, $4, 0, $5, $6, $7, $8, $9, $10, $11, $12 FROM generate_series(1, $1) AS n`,
    [count, JSON.stringify(template.setup), JSON.stringify(template.snapshot), template.version, template.created_at, template.state, template.must_act,
      template.running_deadline, template.last_day, template.entered_at, template.wake_done, template.wake_at],
  );
  await sql.query('ANALYZE cpf_dossiers');
  await sql.close();
}

async function worklistTimes(store: DossierStore): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const first = await store.worklist({ limit: 100 });
  const deep = first.ok ? first.next : null;
  const queries: Array<[string, Parameters<DossierStore['worklist']>[0]]> = [
    ['first page of 100', { limit: 100 }],
    ['mustAct=organisation', { mustAct: 'organisation', limit: 100 }],
    ['state=validated, deadlineBefore', { state: 'validated', deadlineBefore: '2026-06-01', limit: 100 }],
    ['next page (after cursor)', { limit: 100, after: deep ?? undefined }],
  ];
  for (const [name, query] of queries) {
    const times: number[] = [];
    for (let run = 0; run < 21; run++) {
      const started = process.hrtime.bigint();
      const result = await store.worklist(query);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (!result.ok || result.items.length === 0) throw new Error(`worklist ${name} gave nothing`);
    }
    rows.push({ section: `store: worklist, ${WORKLIST_DOSSIERS.toLocaleString('en-US')} dossiers`, name, value: median(times), unit: 'ms', note: 'median of 21, through the store (pool, SQL, JSON)' });
  }
  return rows;
}

export async function benchStore(): Promise<string> {
  const found = findPostgresBin();
  if (!found.ok) return `store benchmark skipped: ${found.reason}\n`;
  const rows: BenchRow[] = [];
  // Each figure also goes to stderr as it is measured: the whole run takes minutes.
  const record = (...added: BenchRow[]) => {
    for (const row of added) process.stderr.write(`${row.section} | ${row.name}: ${formatNumber(row.value)} ${row.unit}${row.ratio === undefined ? '' : ` (${formatNumber(row.ratio)}x)`}\n`);
    rows.push(...added);
  };
  const targets: string[] = [];
  const loadAtStart = loadavg();
  const started = Date.now();

  const data = mkdtempSync(join(tmpdir(), 'cpf-bench-store-'));
  try {
    const embedded = await open({ data, clock: simulatedClock(CLOCK) });
    for (const writers of [1, 8]) {
      record({ section: 'store: intake, embedded (PGlite)', name: `${writers} writer${writers > 1 ? 's' : ''}`, value: await intake(embedded, writers, INTAKE_SECONDS, `e${writers}`), unit: 'calls/s', note: 'create or apply, each one transaction' });
    }
    await embedded.close();
  } finally {
    rmSync(data, { recursive: true, force: true });
  }

  const server = await startTestPostgres(found.bin, { durable: true });
  try {
    await server.createDatabase('pgbench');
    server.run('pgbench', ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-i', '-q', '-s', '1', 'pgbench']);
    const url = await server.createDatabase('cpf');
    const store = await open({ database: url, clock: simulatedClock(CLOCK) });
    for (const writers of [1, 8]) {
      const tps = pgbenchTps(server, writers, INTAKE_SECONDS);
      const calls = await intake(store, writers, INTAKE_SECONDS, `s${writers}`);
      record({ section: 'store: intake, PostgreSQL server', name: `${writers} writer${writers > 1 ? 's' : ''} vs pgbench -N -c ${writers}`, value: calls, unit: 'calls/s', baseline: tps, ratio: calls / tps, note: 'ratio: share of pgbench tps' });
      targets.push(`  intake on the server, ${writers} writer(s) >= 50% of pgbench -N  ${calls / tps >= 0.5 ? 'met   ' : 'MISSED'}  ${formatNumber((100 * calls) / tps)}%`);
    }
    await store.close();

    const template = await dueTemplate(url);
    for (const workers of [1, 2]) {
      await loadDueDossiers(url, template, CATCH_UP_DOSSIERS);
      const seconds = await catchUp(url, workers);
      record({ section: `store: catch-up of ${CATCH_UP_DOSSIERS.toLocaleString('en-US')} due dossiers`, name: `${workers} worker process${workers > 1 ? 'es' : ''}`, value: seconds, unit: 's', note: `${formatNumber(CATCH_UP_DOSSIERS / seconds)} dossiers/s, process start-up included` });
      if (workers === 2) targets.push(`  catch-up of ${CATCH_UP_DOSSIERS.toLocaleString('en-US')} due dossiers, 2 workers < 60 s  ${seconds < 60 ? 'met   ' : 'MISSED'}  ${formatNumber(seconds)} s`);
    }

    const sql = await openServerDb(url, 1);
    // Bulk-loaded with SQL: the worklist reads only its columns, so the snapshots are left empty.
    await sql.query(
      `INSERT INTO cpf_dossiers (id, setup, snapshot, version, log_seq, created_at, state, must_act, running_deadline, last_day, entered_at, wake_done, wake_at)
       SELECT 'wl-' || n, '{}', '{}', 1 + n % 5, 0, 0, (ARRAY['draft','requested','accepted','validated','in-training','expired'])[1 + n % 6],
         (ARRAY['holder','organisation','holder','holder','holder','nobody'])[1 + n % 6],
         (ARRAY['registration','organisationResponse','holderValidation','entryDeclaration','exitDeclaration',NULL])[1 + n % 6],
         CASE WHEN n % 6 = 5 THEN NULL ELSE to_char(date '2026-01-01' + (n % 400), 'YYYY-MM-DD') END, 0, 0, NULL
       FROM generate_series(1, $1) AS n`,
      [WORKLIST_DOSSIERS],
    );
    await sql.query('ANALYZE cpf_dossiers');
    await sql.close();
    const reader = await open({ database: url });
    const worklist = await worklistTimes(reader);
    record(...worklist);
    const slowest = Math.max(...worklist.map((row) => row.value));
    targets.push(`  worklist with ${WORKLIST_DOSSIERS.toLocaleString('en-US')} dossiers < 20 ms  ${slowest < 20 ? 'met   ' : 'MISSED'}  slowest query ${formatNumber(slowest)} ms`);
    await reader.close();
  } finally {
    server.stop();
  }

  const cores = cpus();
  const loadAtEnd = loadavg();
  return (
    `cpf-dossier store benchmark (bench/store.ts: npm run bench, or npm run bench -- store alone${quick ? '; BENCH_QUICK=1' : ''})\n` +
    `Node ${process.version}; CPU ${cores[0]?.model.trim() ?? 'unknown'} (${cores.length} logical cores); load average ${loadAtStart[0]!.toFixed(1)} at start, ${loadAtEnd[0]!.toFixed(1)} at end\n` +
    `PostgreSQL ${found.bin} started for the run, fsync on; pgbench -N (no updates of the branch and teller rows) on the same server just before each intake figure.\n\n` +
    `${formatBenchTable(rows)}\nTargets\n${targets.join('\n')}\n\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s\n`
  );
}
