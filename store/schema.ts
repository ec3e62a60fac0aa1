import type { Db } from './db.js';

/**
 * The schema, as numbered migrations applied in order when a store opens; a migration
 * once released is never edited, a change is a new one. Instants are ms since the epoch
 * (bigint); text that is sorted or paged on is `COLLATE "C"`, so that both backends
 * order ids the same way whatever the server's locale.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cpf_dossiers (
    id text COLLATE "C" PRIMARY KEY,
    setup jsonb NOT NULL,
    snapshot jsonb NOT NULL,
    version integer NOT NULL,
    log_seq integer NOT NULL,
    created_at bigint NOT NULL,
    state text COLLATE "C" NOT NULL,
    must_act text COLLATE "C" NOT NULL,
    running_deadline text,
    last_day text COLLATE "C",
    entered_at bigint NOT NULL,
    wake_done bigint NOT NULL,
    wake_at bigint
  );
  CREATE INDEX cpf_dossiers_wake_at ON cpf_dossiers (wake_at) WHERE wake_at IS NOT NULL;
  CREATE INDEX cpf_dossiers_worklist ON cpf_dossiers ((coalesce(last_day, '~')), id);
  CREATE INDEX cpf_dossiers_worklist_must_act ON cpf_dossiers (must_act, (coalesce(last_day, '~')), id);
  CREATE INDEX cpf_dossiers_worklist_state ON cpf_dossiers (state, (coalesce(last_day, '~')), id);

  CREATE TABLE cpf_log (
    dossier_id text COLLATE "C" NOT NULL REFERENCES cpf_dossiers (id),
    seq integer NOT NULL,
    kind text NOT NULL,
    type text NOT NULL,
    at bigint,
    received_at bigint NOT NULL,
    event jsonb,
    replay boolean NOT NULL,
    idempotency_key text,
    request_id text,
    accepted boolean NOT NULL,
    code text,
    message text,
    deadline text,
    version integer NOT NULL,
    PRIMARY KEY (dossier_id, seq)
  );
  CREATE UNIQUE INDEX cpf_log_idempotency ON cpf_log (dossier_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

  CREATE TABLE cpf_notifications (
    seq bigserial NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    id text NOT NULL UNIQUE,
    type text NOT NULL,
    dossier_id text NOT NULL,
    at text NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (xid, seq)
  );

  CREATE TABLE cpf_webhook_cursors (
    name text PRIMARY KEY,
    after text NOT NULL
  );
  `,
  // The scheduler orders due rows by (wake_at, id): an index on wake_at alone made every
  // batch sort all due rows (100,000 due after downtime: a quarter of a second a batch).
  // Room left in each page lets a change that moves no indexed column (a TICK, a reminder)
  // rewrite its row in place without touching the five indexes.
  // The log's foreign key is dropped: the one statement that writes log rows writes them
  // only for the dossier rows it has just updated (store.ts, WRITE_SQL), so the key could
  // never refuse one, and checking it cost a lookup of the dossier for every log row.
  `
  DROP INDEX cpf_dossiers_wake_at;
  CREATE INDEX cpf_dossiers_due ON cpf_dossiers (wake_at, id) WHERE wake_at IS NOT NULL;
  ALTER TABLE cpf_dossiers SET (fillfactor = 80);
  ALTER TABLE cpf_log DROP CONSTRAINT cpf_log_dossier_id_fkey;
  `,
];

/** Any fixed number: the lock that keeps two processes from migrating at once. */
const MIGRATION_LOCK = 7_301_142;

export type MigrationOutcome = { ok: true; version: number } | { ok: false; found: number };

/** Applies the migrations this version knows and the database lacks, in one transaction. */
export async function migrate(db: Db): Promise<MigrationOutcome> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS cpf_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const [row] = await tx.query<{ version: number | null }>('SELECT max(version) AS version FROM cpf_schema_migrations');
    const current = row?.version ?? 0;
    if (current > MIGRATIONS.length) return { ok: false, found: current };
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      for (const statement of MIGRATIONS[version - 1]!.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('INSERT INTO cpf_schema_migrations (version) VALUES ($1)', [version]);
    }
    return { ok: true, version: MIGRATIONS.length };
  });
}
