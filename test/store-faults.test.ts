/**
 * runtime.md section 6 under faults: a process killed with SIGKILL at random points and
 * restarted, schedulers and writers racing on one server, the server restarted mid-work.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import type { DossierStore } from '../store/index.js';
import { embeddedBackend, INPUT, openOrThrow, postgres, postgresBackend, stopSharedPostgres, testClock } from './support/store.js';
import type { Backend } from './support/store.js';

const child = fileURLToPath(new URL('./support/store-child.mjs', import.meta.url));
const built = fileURLToPath(new URL('../dist/store/index.js', import.meta.url));
const BACKENDS: Array<Backend['name']> = postgres.ok ? ['embedded', 'postgres'] : ['embedded'];
const KILLS = 3;

afterAll(stopSharedPostgres);

if (!postgres.ok) {
  const { reason } = postgres;
  describe('store faults on postgres', () => {
    it.skip(`skipped: ${reason}`, () => {});
  });
}

async function backendNamed(name: Backend['name']) {
  return name === 'embedded' ? embeddedBackend() : postgresBackend((postgres as { bin: string }).bin);
}


/** Runs the child; with `killAfterLines`, SIGKILLs it once it printed that many lines (or finished first). */
function runChild(args: string[], killAfterLines?: number): Promise<{ killed: boolean; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let buffered = '';
    let killed = false;
    process_.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
      if (killAfterLines !== undefined && !killed && lines.length >= killAfterLines) {
        killed = true;
        process_.kill('SIGKILL');
      }
    });
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process_.on('error', reject);
    process_.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', lines });
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

async function countsOf(sql: Db, query: string): Promise<Array<Record<string, unknown>>> {
  return sql.query(query);
}

describe.each(BACKENDS)('a process killed with SIGKILL and restarted, on %s', (name) => {
  it.skipIf(!existsSync(built))('during intake: every accepted event in the log once, every notification once', async () => {
    const backend = await backendNamed(name);
    const dossiers = 12;
    const options = JSON.stringify({ ...backend.where, clockAt: '2026-03-04T13:00:00+01:00' });
    for (let run = 0; run < KILLS; run++) {
      // After the store opened, at a random step of the intake.
      const outcome = await runChild([options, 'intake', String(dossiers)], 2 + Math.floor(Math.random() * dossiers * 2));
      expect(outcome.lines[0]).toBe('open');
    }
    const finished = await runChild([options, 'intake', String(dossiers)]);
    expect(finished.lines.at(-1)).toBe('done');
    const sql = await backend.sql();
    try {
      const log = await countsOf(sql, `SELECT dossier_id, count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys, bool_and(accepted) AS ok FROM cpf_log GROUP BY dossier_id`);
      expect(log).toHaveLength(dossiers);
      for (const row of log) expect(row).toMatchObject({ n: 3, keys: 3, ok: true });
      const states = await countsOf(sql, `SELECT state, version, count(*)::int AS n FROM cpf_dossiers GROUP BY state, version`);
      expect(states).toEqual([{ state: 'validated', version: 4, n: dossiers }]);
      const notifications = await countsOf(sql, `SELECT type, count(*)::int AS n, count(DISTINCT id)::int AS ids FROM cpf_notifications GROUP BY type ORDER BY type`);
      // Delivered late (the clock is at 2026-03-04T13:00), SUBMIT also sends the organisation's two reminders.
      expect(notifications).toEqual([
        { type: 'deadline.approaching', n: dossiers * 2, ids: dossiers * 2 },
        { type: 'dossier.changed', n: dossiers * 3, ids: dossiers * 3 },
        { type: 'dossier.created', n: dossiers, ids: dossiers },
      ]);
    } finally {
      await sql.close();
    }
    const store = await backend.open();
    expect(await store.check()).toMatchObject({ ok: true, checked: dossiers, differences: [] });
    await store.close();
  });

  it.skipIf(!existsSync(built))('during a catch-up: every expiry applied once, every notification id once', async () => {
    const backend = await backendNamed(name);
    const dossiers = 30;
    const store = await openOrThrow({ ...backend.where, clock: testClock('2026-03-02T12:00:00+01:00') });
    for (let d = 0; d < dossiers; d++) {
      await store.create(`due-${d}`, INPUT);
      await store.apply(`due-${d}`, { type: 'SUBMIT' });
    }
    await store.close();
    // The children run on the system clock: every dossier is long due.
    const options = JSON.stringify(backend.where);
    for (let run = 0; run < KILLS; run++) {
      const outcome = await runChild([options, 'catch-up'], 2 + Math.floor(Math.random() * 4));
      expect(outcome.lines[0]).toBe('open');
    }
    expect((await runChild([options, 'catch-up'])).lines.at(-1)).toBe('done');
    const sql = await backend.sql();
    try {
      const expiries = await countsOf(sql, `SELECT dossier_id, count(*)::int AS n FROM cpf_log WHERE type = 'DEADLINE_PASSED' GROUP BY dossier_id`);
      expect(expiries).toHaveLength(dossiers);
      for (const row of expiries) expect(row.n).toBe(1);
      expect(await countsOf(sql, `SELECT state, version, count(*)::int AS n FROM cpf_dossiers GROUP BY state, version`)).toEqual([{ state: 'expired', version: 3, n: dossiers }]);
      expect(await countsOf(sql, `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM cpf_notifications WHERE type = 'dossier.expired'`)).toEqual([{ n: dossiers, ids: dossiers }]);
    } finally {
      await sql.close();
    }
  });
});

describe.skipIf(!postgres.ok)('on one PostgreSQL server', () => {
  it('two schedulers and two writers racing on the same dossiers: no lost update, nothing done twice', async () => {
    const backend = await postgresBackend((postgres as { bin: string }).bin);
    const clock = testClock('2026-03-02T12:00:00+01:00');
    const setup = await backend.open({ clock });
    const dossiers = 40;
    for (let d = 0; d < dossiers; d++) {
      await setup.create(`race-${d}`, INPUT);
      await setup.apply(`race-${d}`, { type: 'SUBMIT' });
    }
    await setup.close();
    clock.reset('2026-03-05T09:00:00+01:00');
    const stores: DossierStore[] = await Promise.all([0, 1, 2, 3].map(() => backend.open({ clock })));
    const writes = 6;
    const writer = async (store: DossierStore, w: number) => {
      for (let round = 0; round < writes; round++) {
        for (let d = 0; d < dossiers; d++) {
          const result = await store.apply(`race-${d}`, { type: 'TICK', at: Date.parse('2026-03-05T08:00:00+01:00') + round * 60_000 + w });
          expect(result.ok).toBe(true);
        }
      }
    };
    await Promise.all([stores[0]!.runDue(), stores[1]!.runDue(), writer(stores[2]!, 0), writer(stores[3]!, 1), stores[0]!.runDue(), stores[1]!.runDue()]);
    await Promise.all(stores.map((store) => store.close()));
    const sql = await backend.sql();
    try {
      const rows = await countsOf(
        sql,
        `SELECT dossier_id, count(*)::int AS n, max(seq) AS last, count(*) FILTER (WHERE type = 'DEADLINE_PASSED')::int AS expiries FROM cpf_log GROUP BY dossier_id`,
      );
      expect(rows).toHaveLength(dossiers);
      // SUBMIT, one expiry, and every write of both writers: none lost, none twice.
      for (const row of rows) expect(row).toMatchObject({ n: 2 + 2 * writes, last: 2 + 2 * writes, expiries: 1 });
      expect(await countsOf(sql, `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM cpf_notifications WHERE type = 'dossier.expired'`)).toEqual([{ n: dossiers, ids: dossiers }]);
    } finally {
      await sql.close();
    }
    const checker = await backend.open({ clock });
    expect(await checker.check()).toMatchObject({ ok: true, checked: dossiers, differences: [] });
    await checker.close();
  });

  it('the server restarted in the middle: the store reconnects and goes on, nothing lost', async () => {
    const backend = await postgresBackend((postgres as { bin: string }).bin);
    const clock = testClock('2026-03-02T12:00:00+01:00');
    const store = await backend.open({ clock });
    const dossiers = 30;
    for (let run = 0; run < 2; run++) {
      const work = (async () => {
        const results = [];
        for (let d = 0; d < dossiers; d++) {
          const id = `restart-${run}-${d}`;
          results.push(await store.create(id, INPUT));
          results.push(await store.apply(id, { type: 'SUBMIT' }));
        }
        return results;
      })();
      await new Promise((resolve) => setTimeout(resolve, 150));
      backend.server.restart();
      const results = await work;
      for (const result of results) expect(result).toMatchObject({ ok: true });
    }
    clock.reset('2026-03-06T00:00:00+01:00');
    const due = await store.runDue();
    expect(due.ok && due.notifications.filter((n) => n.type === 'dossier.expired')).toHaveLength(dossiers * 2);
    const checked = await store.check();
    expect(checked).toMatchObject({ ok: true, checked: dossiers * 2, differences: [] });
    const log = await store.log('restart-1-29');
    expect(log.ok && log.entries.map((entry) => entry.type)).toEqual(['SUBMIT', 'DEADLINE_PASSED']);
    await store.close();
  });
});
