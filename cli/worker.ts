import { openDossierStore } from '../store/index.js';
import type { OpenStoreOptions } from '../store/types.js';
import { EXIT_OK, reportBadInput } from './io.js';
import type { CliIo } from './io.js';
import type { CommandRun } from './command.js';
import { storeWhereOf } from './store-options.js';

/**
 * Runs the scheduler alone on a store until `stop` settles: one line per pass that did
 * something, and the store's errors (it goes on: a restarted server is reconnected to).
 */
export async function runWorkerUntil(options: OpenStoreOptions, io: CliIo, stop: Promise<unknown>, pollMs = 1000): Promise<number> {
  const opened = await openDossierStore(options);
  if (!opened.ok) return reportBadInput(io, 'worker', `${opened.error.code}: ${opened.error.message}`);
  const scheduler = opened.store.startScheduler({
    pollMs,
    onReport(report) {
      if (!report.ok) io.stderr(`cpf-dossier worker: ${report.error.code}: ${report.error.message}\n`);
      else if (report.woke > 0) io.stdout(`woke ${report.woke} dossier${report.woke === 1 ? '' : 's'}, ${report.notifications.length} notification${report.notifications.length === 1 ? '' : 's'}\n`);
    },
  });
  io.stdout(`worker: scheduler running on the ${opened.store.kind === 'postgres' ? 'PostgreSQL' : 'embedded'} store (Ctrl-C stops)\n`);
  await stop;
  await scheduler.stop();
  await opened.store.close();
  return EXIT_OK;
}

/** `cpf-dossier worker --database URL [--poll MS]`: stops on SIGINT or SIGTERM once the pass in flight is done. */
export const runWorker: CommandRun = (args, io, usageError) => {
  const store = storeWhereOf({ data: args.string('data'), database: args.string('database') }, process.env, io.cwd);
  if (!store.ok) return usageError(store.message);
  if (store.where.database === undefined) {
    return usageError('worker needs --database URL (or DATABASE_URL): an embedded store belongs to the one process that opened it');
  }
  const poll = args.string('poll') ?? '1000';
  const pollMs = /^\d+$/.test(poll) ? Number(poll) : Number.NaN;
  if (!Number.isSafeInteger(pollMs) || pollMs < 10) return reportBadInput(io, 'worker', `--poll '${poll}' is not a number of milliseconds, 10 or more`);
  const stop = new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return runWorkerUntil(store.where, io, stop, pollMs);
};
