import { existsSync } from 'node:fs';
import { openDossierStore } from '../store/index.js';
import type { OpenStoreOptions } from '../store/types.js';
import { EXIT_FAILED, EXIT_OK, reportBadInput } from './io.js';
import type { CliIo } from './io.js';
import type { CommandRun } from './command.js';
import { storeWhereOf } from './store-options.js';

/**
 * Rebuilds every stored snapshot from its log (runtime.md section 6): exit 0 when all
 * agree, 1 with one line per dossier that differs, 2 when the store cannot be opened.
 */
export async function checkStore(options: OpenStoreOptions, io: CliIo): Promise<number> {
  // Opening a folder that does not exist would make an empty store and find nothing wrong in it.
  if (options.data !== undefined && !existsSync(options.data)) return reportBadInput(io, 'check', `there is no store in ${options.data}: the folder does not exist`);
  const opened = await openDossierStore(options);
  if (!opened.ok) return reportBadInput(io, 'check', `${opened.error.code}: ${opened.error.message}`);
  try {
    const result = await opened.store.check();
    if (!result.ok) return reportBadInput(io, 'check', `${result.error.code}: ${result.error.message}`);
    for (const difference of result.differences) io.stdout(`${difference.id}: ${difference.message}\n`);
    const where = opened.store.kind === 'embedded' ? 'embedded store' : 'PostgreSQL store';
    if (result.differences.length === 0) {
      io.stdout(`${result.checked} dossier${result.checked === 1 ? '' : 's'} checked in the ${where}: every snapshot is rebuilt by its log\n`);
      return EXIT_OK;
    }
    io.stdout(`${result.differences.length} of ${result.checked} dossiers differ from their logs\n`);
    return EXIT_FAILED;
  } finally {
    await opened.store.close();
  }
}

/** `cpf-dossier check [--data DIR | --database URL]`. */
export const runCheck: CommandRun = (args, io, usageError) => {
  const store = storeWhereOf({ data: args.string('data'), database: args.string('database') }, process.env, io.cwd);
  return store.ok ? checkStore(store.where, io) : usageError(store.message);
};
