import { parseInstant } from '../calendar/index.js';
import type { CommandRun } from './command.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './io.js';
import type { CliIo } from './io.js';
import type { ServeSettings, StartResult } from '../serve/service.js';
import { storeWhereOf } from './store-options.js';

/**
 * `cpf-dossier serve`: the options (read by cli/command.ts from the row in
 * cli/commands.ts) judged into settings, then the service run until SIGTERM or Ctrl-C.
 */

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
  const store = storeWhereOf(values, env, cwd);
  if (!store.ok) return store;
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
      data: store.where.data,
      database: store.where.database,
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
export async function serveWith(values: ServeOptionValues, io: CliIo, deps: ServeDependencies, usageError: (message: string) => number): Promise<number> {
  const judged = serveSettingsOf(values, deps.env, io.cwd);
  if (!judged.ok) return usageError(judged.message);
  const stop = deps.stopSignal();
  const started = await deps.start({ ...judged.settings, out: (line) => io.stdout(`${line}\n`), err: (line) => io.stderr(`${line}\n`) });
  if (!started.ok) {
    io.stderr(`cpf-dossier serve: ${started.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const signal = await stop;
  io.stdout(`${signal}: finishing the requests in flight, stopping the scheduler, closing the store\n`);
  await started.service.close();
  io.stdout('stopped\n');
  return EXIT_OK;
}

/** The command, its start and signals injectable for tests. */
export function serveCommand(overrides: Partial<ServeDependencies> = {}): CommandRun {
  const deps = { ...defaults, ...overrides };
  return (args, io, usageError) =>
    serveWith(
      {
        data: args.string('data'),
        database: args.string('database'),
        host: args.string('host'),
        port: args.string('port'),
        tokens: args.string('tokens'),
        clock: args.string('clock'),
        webhook: args.string('webhook'),
        noScheduler: args.flag('no-scheduler'),
      },
      io,
      deps,
      usageError,
    );
}

export const runServe = serveCommand();
