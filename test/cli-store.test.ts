import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDb } from '../store/db.js';
import { runWorkerUntil } from '../cli/worker.js';
import { cli } from './support/cli.js';
import { INPUT, openOrThrow, postgres, postgresBackend, stopSharedPostgres, testClock } from './support/store.js';

afterAll(stopSharedPostgres);

describe('cpf-dossier check', () => {
  it('exits 0 when every snapshot is rebuilt by its log, and 1 naming the dossier that differs', async () => {
    const data = mkdtempSync(join(tmpdir(), 'cpf-cli-check-'));
    const store = await openOrThrow({ data, clock: testClock('2026-03-02T12:00:00+01:00') });
    await store.create('of-1:1', INPUT);
    await store.create('of-1:2', INPUT);
    await store.apply('of-1:2', { type: 'SUBMIT' });
    await store.close();
    expect(await cli(['check', '--data', data])).toMatchObject({ code: 0, stdout: '2 dossiers checked in the embedded store: every snapshot is rebuilt by its log\n' });
    const sql = await openEmbeddedDb(data);
    await sql.query(`UPDATE cpf_dossiers SET version = 7 WHERE id = 'of-1:2'`);
    await sql.close();
    const differs = await cli(['check', '--data', data]);
    expect(differs.code).toBe(1);
    expect(differs.stdout).toBe('of-1:2: version 7 but the log rebuilds version 2\n1 of 2 dossiers differ from their logs\n');
  });

  it('exits 2 for a data folder that does not exist, and for --data with --database', async () => {
    const missing = join(tmpdir(), 'cpf-no-such-store');
    expect(await cli(['check', '--data', missing])).toMatchObject({ code: 2, stderr: `cpf-dossier check: there is no store in ${missing}: the folder does not exist\n` });
    expect((await cli(['check', '--data', missing, '--database', 'postgres://x'])).code).toBe(2);
  });

  it('exits 2 for a server it cannot reach', async () => {
    const result = await cli(['check', '--database', 'postgres://postgres@127.0.0.1:1/none']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cpf-dossier check: STORE_UNAVAILABLE: the PostgreSQL server could not be opened/);
  });
});

describe.skipIf(!postgres.ok)(`cpf-dossier worker and check on PostgreSQL${postgres.ok ? '' : ` (skipped: ${postgres.reason})`}`, () => {
  it('runs the scheduler until stopped: the due dossier expires; check --database agrees with the log', async () => {
    const backend = await postgresBackend((postgres as { bin: string }).bin);
    const clock = testClock('2026-03-02T12:00:00+01:00');
    const store = await backend.open({ clock });
    await store.create('of-2:1', INPUT);
    await store.apply('of-2:1', { type: 'SUBMIT' });
    await store.close();
    let stdout = '';
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const io = { stdout: (text: string) => (stdout += text), stderr: () => {}, color: false, cwd: process.cwd() };
    // The worker runs on the system clock: 2026-03-05 is long past.
    const worker = runWorkerUntil({ database: backend.url }, io, stopped, 50);
    const reader = await backend.open({ clock });
    for (let tries = 0; tries < 200; tries++) {
      const read = await reader.get('of-2:1');
      if (read.ok && read.dossier.state === 'expired') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stop();
    expect(await worker).toBe(0);
    expect(await reader.get('of-2:1')).toMatchObject({ ok: true, version: 3, dossier: { state: 'expired' } });
    await reader.close();
    expect(stdout).toMatch(/woke 1 dossier, 1 notification\n/);
    expect(await cli(['check', '--database', backend.url])).toMatchObject({ code: 0, stdout: '1 dossier checked in the PostgreSQL store: every snapshot is rebuilt by its log\n' });
  });
});
