import { parseArgs } from 'node:util';
import { parseInstant } from '../calendar/index.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './io.js';
import type { CliIo } from './io.js';
import { SERVE_USAGE } from './usage.js';
import type { ServeSettings, StartResult } from '../serve/service.js';

const HELP = `Usage: cpf-dossier ${SERVE_USAGE}

Runs the HTTP API (GET /openapi.json describes it) and the scheduler, on the
embedded store (./cpf-data) or a PostgreSQL server.

  --data DIR          the embedded store's folder (default ./cpf-data); one
                      process at a time
  --database URL      a postgres:// server (also DATABASE_URL); several
                      processes may share it
  --host ADDRESS      default 127.0.0.1; any other than loopback needs --tokens
  --port N            default 8080; 0 picks a free port
  --tokens FILE       JSON or YAML list of { name, token | sha256:<hex>, role,
                      dossiers? }; without it every request is served, on
                      loopback only
  --no-scheduler      the API alone (run the scheduler with cpf-dossier worker)
  --clock simulated:INSTANT
                      a clock standing at INSTANT, moved by POST /clock
  --webhook URL       POST each notification there, signed with the secret in
                      CPF_WEBHOOK_SECRET (Cpf-Signature header)

SIGTERM or Ctrl-C stops it: the requests in flight are answered, then the
scheduler stops and the store closes.
`;

/** The options as the argument parser gives them, before they are judged. */
export interface ServeOptionValues {
  data?: string;
  database?: string;
  host?: string;
  port?: string;
  tokens?: string;
  clock?: string;
  webhook?: string;
  noScheduler?: boolean;
}

type Settings = Omit<ServeSettings, 'out' | 'err'>;

/** Judges the options: every problem is one sentence naming the option. `env` gives DATABASE_URL and CPF_WEBHOOK_SECRET. */
export function serveSettingsOf(values: ServeOptionValues, env: Record<string, string | undefined>, cwd: string): { ok: true; settings: Settings } | { ok: false; message: string } {
  if (values.data !== undefined && values.database !== undefined) return { ok: false, message: 'give --data DIR (embedded) or --database URL (a server), not both' };
  // An explicit --data wins over DATABASE_URL from the environment.
  const database = values.database ?? (values.data === undefined && env.DATABASE_URL ? env.DATABASE_URL : undefined);
  if (database !== undefined && !/^postgres(?:ql)?:\/\//.test(database)) {
    return { ok: false, message: `${values.database !== undefined ? '--database' : 'DATABASE_URL'} must be a postgres:// URL` };
  }
  const port = values.port ?? '8080';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return { ok: false, message: `--port needs a whole number from 0 to 65535; got '${port}'` };
  const host = values.host ?? '127.0.0.1';
  if (host === '') return { ok: false, message: '--host needs an address, e.g. 127.0.0.1' };
  let simulatedFrom: number | undefined;
  if (values.clock !== undefined) {
    const match = /^simulated:(.+)$/.exec(values.clock);
    const instant = match ? parseInstant(match[1], 'FR') : null;
    if (!instant?.ok) {
      return { ok: false, message: `--clock must be simulated:INSTANT, e.g. simulated:2026-04-03T09:00:00+02:00${instant && !instant.ok ? `: ${instant.error}` : ''}` };
    }
    simulatedFrom = instant.value;
  }
  return {
    ok: true,
    settings: {
      data: database === undefined ? values.data : undefined,
      database,
      host,
      port: Number(port),
      scheduler: !values.noScheduler,
      simulatedFrom,
      tokensFile: values.tokens,
      webhooks: values.webhook === undefined ? [] : [values.webhook],
      webhookSecret: env.CPF_WEBHOOK_SECRET,
      cwd,
    },
  };
}

export interface ServeDependencies {
  start: (settings: ServeSettings) => Promise<StartResult>;
  /** Resolves when the service should stop (SIGTERM, SIGINT). */
  stopSignal: () => Promise<string>;
  env: Record<string, string | undefined>;
}

const defaults: ServeDependencies = {
  start: async (settings) => (await import('../serve/service.js')).startService(settings),
  stopSignal: () =>
    new Promise((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve(signal);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    }),
  env: process.env,
};

/** Runs the service until a stop signal; the exit code is 0 after a clean stop, 2 when it cannot start. */
export async function serveWith(values: ServeOptionValues, io: CliIo, deps: ServeDependencies): Promise<number> {
  const judged = serveSettingsOf(values, deps.env, io.cwd);
  if (!judged.ok) {
    io.stderr(`serve: ${judged.message}. Usage: cpf-dossier ${SERVE_USAGE}\n`);
    return EXIT_BAD_INPUT;
  }
  const stop = deps.stopSignal();
  const started = await deps.start({ ...judged.settings, out: (line) => io.stdout(`${line}\n`), err: (line) => io.stderr(`${line}\n`) });
  if (!started.ok) {
    io.stderr(`serve: ${started.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const signal = await stop;
  io.stdout(`${signal}: finishing the requests in flight, stopping the scheduler, closing the store\n`);
  await started.service.close();
  io.stdout('stopped\n');
  return EXIT_OK;
}

/** `cpf-dossier serve [options]`, the signals and the start injectable for tests. */
export function serveCommand(overrides: Partial<ServeDependencies> = {}): (args: string[], io: CliIo) => Promise<number> {
  const deps = { ...defaults, ...overrides };
  return async (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        strict: true,
        allowPositionals: false,
        options: {
          data: { type: 'string' },
          database: { type: 'string' },
          host: { type: 'string' },
          port: { type: 'string' },
          tokens: { type: 'string' },
          clock: { type: 'string' },
          webhook: { type: 'string' },
          'no-scheduler': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      io.stderr(`serve: ${(error as Error).message}. Usage: cpf-dossier ${SERVE_USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    if (parsed.values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const { 'no-scheduler': noScheduler, help: _help, ...values } = parsed.values;
    return serveWith({ ...values, noScheduler }, io, deps);
  };
}

export const runServe = serveCommand();
