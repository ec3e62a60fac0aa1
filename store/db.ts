import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * A statement a server keeps prepared on each connection under its name: the hot
 * statements are parsed and planned once per connection instead of once per call.
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}

/** What the store's SQL runs on: a connection, or a transaction on one. */
export interface Sql {
  query<Row = Record<string, unknown>>(statement: string | Prepared, params?: readonly unknown[]): Promise<Row[]>;
}

const textOf = (statement: string | Prepared): string => (typeof statement === 'string' ? statement : statement.text);

/** A database: the same SQL on PGlite and on a PostgreSQL server. */
export interface Db extends Sql {
  readonly kind: 'embedded' | 'postgres';
  /** Runs `work` in one transaction (READ COMMITTED): committed when it returns, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * PGlite in a data folder. One process at a time may open a folder (PGlite is
 * single-user); its queries and transactions are queued by PGlite, one at a time.
 */
export async function openEmbeddedDb(dataDir: string): Promise<Db> {
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const db = await PGlite.create(folder);
  return {
    kind: 'embedded',
    async query<Row>(statement: string | Prepared, params: readonly unknown[] = []) {
      return (await db.query<Row>(textOf(statement), params as unknown[])).rows;
    },
    async transaction<T>(work: (tx: Sql) => Promise<T>) {
      return db.transaction(async (tx) =>
        work({
          async query<Row>(statement: string | Prepared, params: readonly unknown[] = []) {
            return (await tx.query<Row>(textOf(statement), params as unknown[])).rows;
          },
        }),
      );
    },
    close: () => db.close(),
  };
}

/** Errors after which the same work may be tried again on a new connection. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|connection (?:is )?(?:closed|ended)|Client has encountered a connection error/i.test(message);
}

function configOf(statement: string | Prepared, params: readonly unknown[]): pg.QueryConfig {
  return typeof statement === 'string' ? { text: statement, values: params as unknown[] } : { name: statement.name, text: statement.text, values: params as unknown[] };
}

/**
 * A PostgreSQL server through a node-postgres pool. A connection the server dropped
 * (a restart) is discarded by the pool; the next transaction takes a new one.
 */
export async function openServerDb(url: string, poolSize: number): Promise<Db> {
  // The store's statements are planned once per connection. Left to choose, the server plans
  // the write again on every call (its custom plan estimates one id where the generic one
  // assumes several): a third of a millisecond of planning for the same plan. Every one of
  // them is served by an index, and a plan made while a table was small (a new database)
  // must not go on scanning it once it is large: until the next ANALYZE it would. A URL
  // with its own `options` parameter replaces these, which only costs that time.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c plan_cache_mode=force_generic_plan -c enable_seqscan=off' });
  // An idle connection that the server closes emits an error; the pool has already dropped it.
  pool.on('error', () => {});
  const watched = new WeakSet<pg.PoolClient>();
  const client = await pool.connect();
  client.release();
  return {
    kind: 'postgres',
    async query<Row>(statement: string | Prepared, params: readonly unknown[] = []) {
      return (await pool.query(configOf(statement, params))).rows as Row[];
    },
    async transaction<T>(work: (tx: Sql) => Promise<T>) {
      const connection = await pool.connect();
      // A server that goes away between two statements errors the checked-out connection
      // itself; the statement in flight fails and is retried, the event must not crash the process.
      if (!watched.has(connection)) {
        watched.add(connection);
        connection.on('error', () => {});
      }
      let broken: Error | undefined;
      try {
        await connection.query('BEGIN');
        const result = await work({
          async query<Row>(statement: string | Prepared, params: readonly unknown[] = []) {
            return (await connection.query(configOf(statement, params))).rows as Row[];
          },
        });
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        broken = error as Error;
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        // A connection that failed mid-transaction is not given back to the pool.
        connection.release(broken !== undefined && isTransientError(broken) ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}
