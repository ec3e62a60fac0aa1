import { resolve } from 'node:path';
import { simulatedClock, systemClock } from './clock.js';
import { openEmbeddedDb, openServerDb } from './db.js';
import type { Db } from './db.js';
import { migrate } from './schema.js';
import { createStore } from './store.js';
import { DEFAULT_GRACE_MS, DEFAULT_REMINDER_LEAD_DAYS } from './wake.js';
import type { OpenStoreOptions, OpenStoreResult, StoreFailure } from './types.js';

export { simulatedClock, systemClock };
export { signatureOf, verifySignature } from './webhook.js';
export { DEFAULT_GRACE_MS, DEFAULT_REMINDER_LEAD_DAYS };
export type * from './types.js';

/** Where the embedded store keeps its data when no folder is given. */
export const DEFAULT_DATA_DIR = './cpf-data';

function invalid(field: string, message: string): StoreFailure {
  return { ok: false, error: { code: 'INVALID_INPUT', message, field } };
}

/**
 * Opens a dossier store and brings its schema up to date: `{ data: DIR }` (embedded,
 * the default `./cpf-data`) or `{ database: 'postgres://...' }` (a server).
 * @example const opened = await openDossierStore({ data: './cpf-data' }); if (opened.ok) await opened.store.create('of-1:42', input);
 */
export async function openDossierStore(options: OpenStoreOptions = {}): Promise<OpenStoreResult> {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  if (!Number.isSafeInteger(graceMs) || graceMs < 0) return invalid('graceMs', `graceMs must be a whole number of ms, 0 or more; got ${String(graceMs)}`);
  const reminderLeadDays = options.reminderLeadDays ?? DEFAULT_REMINDER_LEAD_DAYS;
  if (!Array.isArray(reminderLeadDays) || reminderLeadDays.some((lead) => !Number.isSafeInteger(lead) || lead < 0 || lead > 60)) {
    return invalid('reminderLeadDays', `reminderLeadDays must be whole numbers of working days from 0 to 60; got ${JSON.stringify(reminderLeadDays)}`);
  }
  if (options.database !== undefined && options.data !== undefined) return invalid('database', 'give either data (embedded) or database (a server), not both');
  if (options.database !== undefined && !/^postgres(?:ql)?:\/\//.test(options.database)) {
    return invalid('database', `database must be a postgres:// URL; got ${JSON.stringify(options.database)}`);
  }
  let db: Db;
  const where = options.database !== undefined ? 'the PostgreSQL server' : `the data folder ${resolve(options.data ?? DEFAULT_DATA_DIR)}`;
  try {
    db = options.database !== undefined ? await openServerDb(options.database, options.poolSize ?? 10) : await openEmbeddedDb(options.data ?? DEFAULT_DATA_DIR);
  } catch (error) {
    return { ok: false, error: { code: 'STORE_UNAVAILABLE', message: `${where} could not be opened: ${error instanceof Error ? error.message : String(error)}` } };
  }
  try {
    const migrated = await migrate(db);
    if (!migrated.ok) {
      await db.close();
      return { ok: false, error: { code: 'SCHEMA_TOO_NEW', message: `${where} has schema version ${migrated.found}, written by a newer cpf-dossier` } };
    }
  } catch (error) {
    await db.close().catch(() => {});
    return { ok: false, error: { code: 'STORE_UNAVAILABLE', message: `${where} could not be migrated: ${error instanceof Error ? error.message : String(error)}` } };
  }
  return { ok: true, store: createStore(db, { clock: options.clock ?? systemClock, graceMs, reminderLeadDays }) };
}
