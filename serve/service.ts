import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatInstant } from '../calendar/index.js';
import type { Instant } from '../calendar/index.js';
import { DEFAULT_DATA_DIR, openDossierStore, simulatedClock } from '../store/index.js';
import type { DossierStore, RunningLoop } from '../store/types.js';
import { isLoopbackHost, parseTokensFile } from './access.js';
import type { AccessList } from './access.js';
import { buildService } from './app.js';
import { lockDataFolder } from './lock.js';

/**
 * `cpf-dossier serve` as a function: settings in, a running service out (or the reason
 * it cannot start). The command line (cli/serve.ts) only reads arguments and signals.
 */

export interface ServeSettings {
  /** The embedded store's folder; ignored when `database` is given. */
  data?: string;
  /** A postgres:// URL. */
  database?: string;
  host: string;
  port: number;
  scheduler: boolean;
  /** `--clock simulated:INSTANT`: the clock stands at this instant until POST /clock moves it. */
  simulatedFrom?: Instant;
  tokensFile?: string;
  /** Receivers of the notifications, each POSTed signed with `webhookSecret`. */
  webhooks?: readonly string[];
  webhookSecret?: string;
  /** The working directory relative paths are read from. */
  cwd: string;
  /** Where the start-up lines and the request log go. */
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface RunningService {
  /** `http://host:port`, the port as bound (useful with port 0). */
  url: string;
  store: DossierStore;
  /** Stops taking requests, finishes those in flight, stops the scheduler and webhooks, closes the store. */
  close(): Promise<void>;
}

export type StartResult = { ok: true; service: RunningService } | { ok: false; message: string };

/** A URL with its password hidden, for the start-up message. */
export function redactedDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

function accessFrom(settings: ServeSettings): { ok: true; access: AccessList | null; lines: string[] } | { ok: false; message: string } {
  if (settings.tokensFile === undefined) {
    if (!isLoopbackHost(settings.host)) {
      return {
        ok: false,
        message:
          `--host ${settings.host} is not a loopback address, and no --tokens file was given: without tokens the service answers every request, ` +
          'so it listens on loopback only (127.0.0.1, ::1). Give --tokens FILE to serve other addresses.',
      };
    }
    return { ok: true, access: null, lines: ['access: open to every request, on loopback only (no --tokens file)'] };
  }
  const path = resolve(settings.cwd, settings.tokensFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, message: `--tokens ${settings.tokensFile}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  const parsed = parseTokensFile(settings.tokensFile, text);
  if (!parsed.ok) return { ok: false, message: parsed.errors.map((error) => error.message).join('\n') };
  const names = parsed.access.names.map(({ name, role, dossiers }) => `${name} (${role}${dossiers === null ? '' : `, ${dossiers}*`})`);
  return {
    ok: true,
    access: parsed.access,
    lines: [`access: by tokens from ${settings.tokensFile}: ${names.join(', ')}`, ...parsed.warnings.map((warning) => `warning: ${warning}`)],
  };
}

export async function startService(settings: ServeSettings): Promise<StartResult> {
  const access = accessFrom(settings);
  if (!access.ok) return access;
  if (settings.webhooks?.length && !settings.webhookSecret) {
    return { ok: false, message: '--webhook needs the shared secret of its signatures in the environment variable CPF_WEBHOOK_SECRET' };
  }
  const embedded = settings.database === undefined;
  const dataDir = resolve(settings.cwd, settings.data ?? DEFAULT_DATA_DIR);
  const lock = embedded ? lockDataFolder(dataDir, `cpf-dossier serve on ${settings.host}:${settings.port}`) : null;
  if (lock && !lock.ok) return { ok: false, message: lock.message };
  const release = () => (lock?.ok ? lock.release() : undefined);

  const clock = settings.simulatedFrom === undefined ? undefined : simulatedClock(settings.simulatedFrom);
  const opened = await openDossierStore(embedded ? { data: dataDir, clock } : { database: settings.database!, clock });
  if (!opened.ok) {
    release();
    return { ok: false, message: `cannot open the store: ${opened.error.message}` };
  }
  const store = opened.store;
  const app = await buildService({ store, access: access.access, simulatedClock: clock !== undefined, log: settings.out });
  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    await app.close();
    await store.close();
    release();
    return { ok: false, message: `cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}` };
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : settings.port;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${host}:${port}`;

  const loops: RunningLoop[] = [];
  if (settings.scheduler) {
    loops.push(
      store.startScheduler({
        onReport: (report) => {
          if (!report.ok) settings.err(`scheduler: ${report.error.code}: ${report.error.message} (it goes on)`);
          else if (report.woke > 0) settings.out(`scheduler: ${report.woke} wake-up${report.woke === 1 ? '' : 's'}, ${report.notifications.length} notification${report.notifications.length === 1 ? '' : 's'}`);
        },
      }),
    );
  }
  for (const webhook of settings.webhooks ?? []) {
    loops.push(
      store.startWebhook({
        url: webhook,
        secret: settings.webhookSecret!,
        onAttempt: (attempt) => {
          if (attempt.status === null || attempt.status >= 300) {
            settings.err(`webhook ${webhook}: ${attempt.id} not delivered (${attempt.error ?? `HTTP ${attempt.status}`}), next try in ${Math.round((attempt.nextDelayMs ?? 0) / 1000)} s`);
          }
        },
      }),
    );
  }

  settings.out(embedded ? `store: embedded (PGlite) in ${dataDir}` : `store: PostgreSQL at ${redactedDatabaseUrl(settings.database!)}`);
  for (const line of access.lines) settings.out(line);
  if (lock?.ok && lock.replacedStale) settings.out(`note: replaced a stale lock left by process ${lock.replacedStale.pid}, which is no longer running`);
  settings.out(settings.scheduler ? 'scheduler: on (expiries, reminders, overdue declarations)' : 'scheduler: off (--no-scheduler): run `cpf-dossier worker` for wake-ups');
  if (clock) settings.out(`clock: simulated, standing at ${formatInstant(clock.now(), 'FR')} until POST /clock { "advanceTo": INSTANT }`);
  for (const webhook of settings.webhooks ?? []) settings.out(`webhook: ${webhook} (signed, Cpf-Signature)`);
  // Last, so that whoever waits for this line has read the others.
  settings.out(`cpf-dossier serve: listening on ${url}`);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      // Fastify's close stops accepting and waits for the requests in flight.
      await app.close();
      await Promise.all(loops.map((loop) => loop.stop()));
      await store.close();
      release();
    })();
    return closing;
  };
  return { ok: true, service: { url, store, close } };
}
