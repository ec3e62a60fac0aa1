import { describe, expect, it } from 'vitest';
import { runCommand } from '../cli/command.js';
import { COMMANDS } from '../cli/commands.js';
import { serveCommand, serveSettingsOf } from '../cli/serve.js';
import type { ServeSettings, StartResult } from '../serve/service.js';
import { redactedDatabaseUrl } from '../serve/service.js';

/** `cpf-dossier serve` in-process: its options judged, its start and its signals injected. */

const spec = COMMANDS.find((command) => command.name === 'serve')!;

async function serve(argv: string[], env: Record<string, string> = {}, start?: (settings: ServeSettings) => Promise<StartResult>) {
  let stdout = '';
  let stderr = '';
  const started: ServeSettings[] = [];
  let closed = 0;
  const command = serveCommand({
    env,
    stopSignal: async () => 'SIGTERM',
    start:
      start ??
      (async (settings) => {
        started.push(settings);
        return { ok: true, service: { url: 'http://127.0.0.1:1', store: null as never, close: async () => void (closed += 1) } };
      }),
  });
  const code = await runCommand({ ...spec, load: async () => command }, argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    color: false,
    cwd: '/work',
  });
  return { code, stdout, stderr, started, closed: () => closed };
}

describe('serve options', () => {
  it('defaults to the embedded store in ./cpf-data on 127.0.0.1:8080 with the scheduler', async () => {
    const { code, started, stdout, closed } = await serve([]);
    expect(code).toBe(0);
    expect(started[0]).toMatchObject({ data: '/work/cpf-data', database: undefined, host: '127.0.0.1', port: 8080, scheduler: true, cwd: '/work' });
    expect(stdout).toContain('SIGTERM: finishing the requests in flight');
    expect(closed()).toBe(1);
  });

  it('takes DATABASE_URL as --database, and an explicit --data over it', () => {
    const env = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/cpf' };
    expect(serveSettingsOf({}, env, '/').ok && serveSettingsOf({}, env, '/')).toMatchObject({ settings: { database: env.DATABASE_URL, data: undefined } });
    expect(serveSettingsOf({ data: 'here' }, env, '/')).toMatchObject({ ok: true, settings: { database: undefined, data: '/here' } });
    expect(serveSettingsOf({ database: 'postgresql://x/y' }, {}, '/')).toMatchObject({ ok: true, settings: { database: 'postgresql://x/y' } });
  });

  it('refuses --data with --database, and a database that is not a postgres:// URL', async () => {
    const both = await serve(['--data', 'd', '--database', 'postgres://x/y']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --data DIR (embedded) or --database URL (a server), not both');
    expect(both.started).toEqual([]);
    expect(serveSettingsOf({ database: 'mysql://x' }, {}, '/')).toEqual({ ok: false, message: '--database must be a postgres:// URL' });
    expect(serveSettingsOf({}, { DATABASE_URL: 'sqlite:x' }, '/')).toEqual({ ok: false, message: 'DATABASE_URL must be a postgres:// URL' });
  });

  it('takes ports 0 and 65535 and refuses 65536 and words', async () => {
    expect((await serve(['--port', '0'])).started[0]!.port).toBe(0);
    expect((await serve(['--port=65535'])).started[0]!.port).toBe(65535);
    for (const port of ['65536', 'http', '80.5']) {
      const { code, stderr } = await serve(['--port', port]);
      expect(code, port).toBe(2);
      expect(stderr).toContain(`--port needs a whole number from 0 to 65535; got '${port}'`);
    }
  });

  it('reads --clock simulated:INSTANT (without an offset: Paris time) and refuses any other clock', async () => {
    expect((await serve(['--clock', 'simulated:2026-04-03T09:00:00+02:00'])).started[0]!.simulatedFrom).toBe(Date.parse('2026-04-03T07:00:00Z'));
    expect((await serve(['--clock', 'simulated:2026-04-03T09:00'])).started[0]!.simulatedFrom).toBe(Date.parse('2026-04-03T07:00:00Z'));
    for (const clock of ['real', 'simulated:', 'simulated:tomorrow']) {
      const { code, stderr } = await serve([`--clock=${clock}`]);
      expect(code, clock).toBe(2);
      expect(stderr).toContain('--clock must be simulated:INSTANT');
    }
  });

  it('passes --no-scheduler, --tokens, --host and --webhook with CPF_WEBHOOK_SECRET', async () => {
    const { started } = await serve(['--no-scheduler', '--tokens', 't.yaml', '--host', '::1', '--webhook', 'http://127.0.0.1:9/hook'], { CPF_WEBHOOK_SECRET: 's3' });
    expect(started[0]).toMatchObject({ scheduler: false, tokensFile: 't.yaml', host: '::1', webhooks: ['http://127.0.0.1:9/hook'], webhookSecret: 's3' });
  });

  it('reports a start that fails as one line and exit 2, without waiting for a signal', async () => {
    const { code, stderr } = await serve([], {}, async () => ({ ok: false, message: 'the data folder /x is in use by process 12' }));
    expect(code).toBe(2);
    expect(stderr).toBe('cpf-dossier serve: the data folder /x is in use by process 12\n');
  });

  it('refuses an unknown option with the nearest name, and positional arguments', async () => {
    expect((await serve(['--tokns', 'x'])).stderr).toContain("unknown option '--tokns' (did you mean '--tokens'?)");
    expect((await serve(['now'])).code).toBe(2);
  });

  it('hides the password of a database URL in what it prints', () => {
    expect(redactedDatabaseUrl('postgres://cpf:secret@db.internal:5432/cpf')).toBe('postgres://cpf:***@db.internal:5432/cpf');
    expect(redactedDatabaseUrl('postgres://db/cpf')).toBe('postgres://db/cpf');
  });
});
