import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDossierStore } from '../../store/index.js';
import type { DossierStore, OpenStoreOptions, SimulatedClock } from '../../store/index.js';
import { openEmbeddedDb, openServerDb } from '../../store/db.js';
import type { Db } from '../../store/db.js';
import { postgresAvailability, startTestPostgres } from './postgres.js';
import type { TestPostgres } from './postgres.js';

/** A simulated clock a test may also set back, to start each test at its own dates. */
export interface TestClock extends SimulatedClock {
  reset(at: number | string): void;
}

export function testClock(start: number | string): TestClock {
  let current = typeof start === 'number' ? start : Date.parse(start);
  return {
    simulated: true,
    now: () => current,
    set(at: number) {
      if (at > current) current = at;
    },
    reset(at: number | string) {
      current = typeof at === 'number' ? at : Date.parse(at);
    },
  };
}

/** One backend the conformance suite runs against. */
export interface Backend {
  name: 'embedded' | 'postgres';
  /** The store options that name this backend's database, for a child process. */
  where: { data: string } | { database: string };
  /** Opens a store on this backend's database (the same one each time). */
  open(options?: Omit<OpenStoreOptions, 'data' | 'database'>): Promise<DossierStore>;
  /** Direct SQL on the same database, for what a test must see or break under the store. */
  sql(): Promise<Db>;
  dispose(): Promise<void>;
}

export async function openOrThrow(options: OpenStoreOptions): Promise<DossierStore> {
  const opened = await openDossierStore(options);
  if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
  return opened.store;
}

export function embeddedBackend(): Backend {
  const data = mkdtempSync(join(tmpdir(), 'cpf-store-'));
  return {
    name: 'embedded',
    where: { data },
    open: (options = {}) => openOrThrow({ ...options, data }),
    // PGlite is one process, one instance per folder: the test closes the store first.
    sql: () => openEmbeddedDb(data),
    async dispose() {
      rmSync(data, { recursive: true, force: true });
    },
  };
}

let shared: Promise<TestPostgres> | undefined;
let databases = 0;

/** The test file's PostgreSQL server, started once, each backend on a database of its own. */
export async function postgresBackend(bin: string): Promise<Backend & { server: TestPostgres; url: string }> {
  shared ??= startTestPostgres(bin);
  const server = await shared;
  const url = await server.createDatabase(`cpf_${process.pid}_${++databases}`);
  return {
    name: 'postgres',
    where: { database: url },
    server,
    url,
    open: (options = {}) => openOrThrow({ ...options, database: url }),
    sql: () => openServerDb(url, 2),
    async dispose() {},
  };
}

export async function stopSharedPostgres(): Promise<void> {
  if (shared) (await shared).stop();
  shared = undefined;
}

export const postgres = postgresAvailability();

/** The input of every test dossier: training in May 2026, identity usable from 2026-03-02T10:00+01:00. */
export const INPUT = { training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' } as const;
