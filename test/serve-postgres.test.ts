import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailability, startTestPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { INPUT } from './support/serve.js';
import { listeningUrl, spawnServe } from './support/serve-process.js';
import type { ServeProcess } from './support/serve-process.js';

/**
 * Several `cpf-dossier serve` processes on one PostgreSQL server (a throwaway cluster
 * from Debian's binaries): they share the dossiers, one may die, the others go on.
 */

const TIMEOUT = 180_000;
const postgres = postgresAvailability();
const running: ServeProcess[] = [];

if (!postgres.ok) describe.skip(`serve on PostgreSQL: skipped, ${postgres.reason}`, () => {});

describe.runIf(postgres.ok)('serve on a PostgreSQL server', { timeout: TIMEOUT }, () => {
  let server: TestPostgres;
  let database: string;

  beforeAll(async () => {
    if (!postgres.ok) return;
    server = await startTestPostgres(postgres.bin);
    database = await server.createDatabase('serve');
  }, TIMEOUT);

  afterAll(() => {
    for (const serve of running) if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
    server?.stop();
  });

  const call = async (url: string, method = 'GET', body?: object) => {
    const response = await fetch(url, { method, body: body && JSON.stringify(body), headers: body ? { 'content-type': 'application/json' } : {} });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('two processes share the dossiers; one killed with -9, the other goes on', async () => {
    const cwd = process.cwd();
    const api = spawnServe(['--port', '0', '--no-scheduler', '--clock=simulated:2026-04-03T10:00:00+02:00'], cwd, { DATABASE_URL: database });
    const worker = spawnServe(['--port', '0', '--database', database, '--clock=simulated:2026-04-03T10:00:00+02:00'], cwd);
    running.push(api, worker);
    const [a, b] = await Promise.all([listeningUrl(api), listeningUrl(worker)]);
    expect(api.stdout()).toContain(`store: PostgreSQL at ${database}`);
    expect(api.stdout()).toContain('scheduler: off');
    expect(worker.stdout()).toContain('scheduler: on');
    expect(await call(`${a}/health`)).toEqual({ status: 200, body: { ok: true, store: 'postgres' } });

    expect((await call(`${a}/dossiers`, 'POST', { id: 'shared', input: INPUT })).status).toBe(201);
    expect((await call(`${b}/dossiers`, 'POST', { id: 'shared', input: INPUT })).status).toBe(200);
    expect((await call(`${b}/dossiers/shared/events`, 'POST', { type: 'SUBMIT' })).body.version).toBe(2);
    expect((await call(`${a}/dossiers/shared/events`, 'POST', { type: 'ORGANISATION_ACCEPTS' })).body.version).toBe(3);
    const stale = await fetch(`${b}/dossiers/shared/events`, { method: 'POST', body: JSON.stringify({ type: 'HOLDER_VALIDATES' }), headers: { 'content-type': 'application/json', 'if-match': '"2"' } });
    expect(stale.status).toBe(409);

    api.child.kill('SIGKILL');
    await api.exited;
    expect((await call(`${b}/dossiers/shared`)).body).toMatchObject({ version: 3, description: { state: 'accepted' } });
    expect((await call(`${b}/dossiers/shared/log`)).body.entries.map((entry: { type: string }) => entry.type)).toEqual(['SUBMIT', 'ORGANISATION_ACCEPTS']);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
