import { randomUUID } from 'node:crypto';
import { describeDossier, mustActOf, RUNNING_DEADLINE } from '../api/describe.js';
import { applyEvent, createDossier } from '../api/dossier.js';
import type { Dossier, DossierInput, HistoryEntry } from '../api/dossier.js';
import { parseEvent, parseInstantInput } from '../api/events.js';
import type { DossierEventInput } from '../api/events.js';
import { persistDossier, restoreDossier } from '../api/persist.js';
import { formatInstant, isCalendarDate, DEFAULT_REGION } from '../calendar/index.js';
import type { Instant } from '../calendar/index.js';
import { isFourDigitCode } from '../guards/identity.js';
import { ACTORS, DOSSIER_STATES } from '../machines/types.js';
import type { DeadlineName } from '../machines/types.js';
import { isSimulatedClock } from './clock.js';
import { isTransientError } from './db.js';
import type { Db, Prepared, Sql } from './db.js';
import { dueItemsOf, enteredStateAt, wakeAtOf } from './wake.js';
import type { WakeItem, WakeSettings } from './wake.js';
import type {
  AdvanceStoreResult,
  ApplyOptions,
  ApplyStoreResult,
  CheckDifference,
  CheckStoreResult,
  CreateStoreResult,
  DossierNotification,
  DossierStore,
  GetStoreResult,
  LogEntry,
  LogStoreResult,
  NotificationFeedResult,
  NotificationQuery,
  NotificationType,
  RunningLoop,
  SchedulerOptions,
  StoreClock,
  StoreError,
  StoreErrorCode,
  StoreFailure,
  StoreRejection,
  StoredDossier,
  WakeStoreResult,
  WebhookOptions,
  WorklistItem,
  WorklistQuery,
  WorklistStoreResult,
} from './types.js';
import { startWebhookDelivery } from './webhook.js';
import { createBatchQueue } from './batch-queue.js';

/** runtime.md section 2: no caller can expire a dossier early by sending a far-future instant. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_IDEMPOTENCY_KEY = 200;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const CHECK_PAGE = 200;
/** How long a server store keeps retrying work the connection lost (a server restart). */
const RETRY_FOR_MS = 60_000;
/**
 * An apply reads the dossier, lets the model decide, then writes only if the row is still
 * the one it read (its xmin): two round trips and no lock held while the model runs. A
 * dossier that changed under it is read again; after this many such conflicts (many
 * callers on one dossier at once) the apply takes the row lock instead, so it cannot starve.
 */
const OPTIMISTIC_TRIES = 3;
/** Applies' reads, and writes, on their way at once (the others wait and go together), and the most in one. */
const STATEMENTS_IN_FLIGHT = 2;
const MAX_BATCH = 64;

interface DossierRow {
  id: string;
  snapshot: unknown;
  version: number | string;
  log_seq: number | string;
  created_at: number | string;
  entered_at: number | string;
  wake_done: number | string;
  wake_at: number | string | null;
  must_act: string;
  /** The row's xmin: which committed write the row is. */
  row_version: string;
}

/** A dossier as an apply reads it, with the event already logged under the same key or request. */
type ApplyRow = DossierRow & { replay_of: LogRow | null };

interface LogRow {
  dossier_id: string;
  seq: number;
  kind: 'event' | 'deadline';
  type: string;
  at: number | null;
  received_at: number;
  event: Record<string, unknown> | null;
  replay: boolean;
  idempotency_key: string | null;
  request_id: string | null;
  accepted: boolean;
  code: string | null;
  message: string | null;
  deadline: string | null;
  version: number;
}

interface NotificationRow {
  seq: number | string;
  xid: string;
  id: string;
  type: NotificationType;
  dossier_id: string;
  at: string;
  data: Record<string, unknown>;
}

/** The columns a change starts from, of `cpf_dossiers AS d`. */
const DOSSIER_COLUMNS = 'd.id, d.snapshot, d.version, d.log_seq, d.created_at, d.entered_at, d.wake_done, d.wake_at, d.must_act, d.xmin::text AS row_version';

/** The scheduler's query: due dossiers in wakeAt order, none another scheduler holds ($1 now, $2 how many). */
export const DUE_DOSSIERS_SQL = `SELECT ${DOSSIER_COLUMNS} FROM cpf_dossiers AS d WHERE wake_at <= $1 ORDER BY wake_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`;
const DUE_DOSSIERS: Prepared = { name: 'cpf_due', text: DUE_DOSSIERS_SQL };
/** One dossier, as a change starts from it (get, and a create that finds the id taken). */
const DOSSIER_BY_ID = `SELECT ${DOSSIER_COLUMNS} FROM cpf_dossiers AS d WHERE d.id = $1`;

const loggedWithKey = (key: string) => `(SELECT to_jsonb(l) FROM cpf_log AS l WHERE l.dossier_id = d.id AND l.idempotency_key = ${key} AND l.kind = 'event')`;
const LOGGED_BY_REQUEST = `(SELECT to_jsonb(l) FROM cpf_log AS l WHERE l.dossier_id = d.id AND l.request_id = $3 AND l.kind = 'event' ORDER BY l.seq LIMIT 1)`;
const LOGGED_WITH_KEY = loggedWithKey('$2');

/**
 * The first tries of applies made at once, read together: for each (dossier id, idempotency
 * key) pair of $1 and $2, its row number, the dossier, and the event logged with that key.
 * The ids again ($1 in ANY) are for the planner, as in WRITE_SQL.
 */
const DOSSIERS_READ: Prepared = {
  name: 'cpf_dossiers',
  text: `SELECT q.ord::integer AS ord, ${DOSSIER_COLUMNS}, ${loggedWithKey('q.key')} AS replay_of
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(id, key, ord) JOIN cpf_dossiers AS d ON d.id = q.id
    WHERE d.id = ANY($1::text[])`,
};

/**
 * Tries again look for this request ($3) too, which a try the connection lost may have
 * committed; the locked read is the one after too many conflicts.
 */
const DOSSIER_REREAD: Prepared = {
  name: 'cpf_dossier_again',
  text: `SELECT ${DOSSIER_COLUMNS}, coalesce(${LOGGED_WITH_KEY}, ${LOGGED_BY_REQUEST}) AS replay_of FROM cpf_dossiers AS d WHERE d.id = $1`,
};
const DOSSIER_READ_LOCKED: Prepared = { name: 'cpf_dossier_locked', text: `${DOSSIER_REREAD.text} FOR UPDATE` };

/**
 * Every change of a transaction in one statement: the dossier rows that are still the
 * rows read (same xmin), then the log rows and notifications of those dossiers only.
 * The ids ($4) are there for the planner: it takes jsonb_to_recordset for 100 rows and,
 * joining on them alone, scans the whole table for every write.
 */
export const WRITE_SQL = `WITH updated AS (
      UPDATE cpf_dossiers AS d SET snapshot = u.snapshot, version = u.version, log_seq = u.log_seq, entered_at = u.entered_at,
        wake_done = u.wake_done, state = u.state, must_act = u.must_act, running_deadline = u.running_deadline,
        last_day = u.last_day, wake_at = u.wake_at
      FROM jsonb_to_recordset($3::jsonb) AS u(id text, row_version text, snapshot jsonb, version integer, log_seq integer, entered_at bigint, wake_done bigint,
        state text, must_act text, running_deadline text, last_day text, wake_at bigint)
      WHERE d.id = ANY($4::text[]) AND d.id = u.id AND d.xmin = u.row_version::xid
      RETURNING d.id
    ), logged AS (
      INSERT INTO cpf_log (dossier_id, seq, kind, type, at, received_at, event, replay, idempotency_key, request_id, accepted, code, message, deadline, version)
      SELECT dossier_id, seq, kind, type, at, received_at, event, replay, idempotency_key, request_id, accepted, code, message, deadline, version
      FROM jsonb_to_recordset($1::jsonb) AS r(dossier_id text, seq integer, kind text, type text, at bigint, received_at bigint, event jsonb,
        replay boolean, idempotency_key text, request_id text, accepted boolean, code text, message text, deadline text, version integer)
      WHERE r.dossier_id IN (SELECT id FROM updated)
    ), notified AS (
      INSERT INTO cpf_notifications (id, type, dossier_id, at, data)
      SELECT id, type, "dossierId", at, data FROM jsonb_to_recordset($2::jsonb) AS r(id text, type text, "dossierId" text, at text, data jsonb)
      WHERE r."dossierId" IN (SELECT id FROM updated)
      ON CONFLICT (id) DO NOTHING RETURNING id
    )
    SELECT coalesce((SELECT array_agg(id) FROM updated), '{}') AS updated, coalesce((SELECT array_agg(id) FROM notified), '{}') AS notified`;
const WRITE: Prepared = { name: 'cpf_write', text: WRITE_SQL };

/** A new dossier and its dossier.created notification, in one statement; nothing when the id exists. */
const CREATE: Prepared = {
  name: 'cpf_create',
  text: `WITH inserted AS (
      INSERT INTO cpf_dossiers (id, setup, snapshot, version, log_seq, created_at, state, must_act, running_deadline, last_day, entered_at, wake_done, wake_at)
      VALUES ($1, $2::jsonb, $3::jsonb, 1, 0, $4, $5, $6, $7, $8, $4, $9, $10)
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), notified AS (
      INSERT INTO cpf_notifications (id, type, dossier_id, at, data)
      SELECT $11, $12, $1, $13, $14::jsonb WHERE EXISTS (SELECT 1 FROM inserted)
      ON CONFLICT (id) DO NOTHING
    )
    SELECT count(*)::integer AS inserted FROM inserted`,
};

/** Marks an apply that found its dossier changed since it was read: it is tried again. */
const CONFLICT = Symbol('row changed since read');

class Failure extends Error {
  constructor(readonly error: StoreError) {
    super(error.message);
  }
}

function fail(code: StoreErrorCode, message: string, field?: string): never {
  throw new Failure(field === undefined ? { code, message } : { code, message, field });
}

function failureOf(error: unknown): StoreFailure {
  if (error instanceof Failure) return { ok: false, error: error.error };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'STORE_UNAVAILABLE', message: `the store could not do it: ${message}` } };
}

const toNumber = (value: number | string | bigint): number => Number(value);

function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    fail('INVALID_INPUT', `a dossier id is 1 to 128 characters of A-Z a-z 0-9 . _ : -; got ${JSON.stringify(id) ?? String(id)}`, 'id');
  }
}

function checkIdPrefix(prefix: unknown): asserts prefix is string | undefined {
  if (prefix !== undefined && (typeof prefix !== 'string' || !ID_PATTERN.test(prefix))) {
    fail('INVALID_INPUT', `an id prefix is 1 to 128 characters of A-Z a-z 0-9 . _ : -; got ${JSON.stringify(prefix) ?? String(prefix)}`, 'idPrefix');
  }
}

/**
 * The ids that start with `prefix` are exactly those in [prefix, prefix + '~') in the
 * "C" order of the id column: '~' sorts after every character an id may hold.
 */
const prefixEndOf = (prefix: string): string => `${prefix}~`;

function checkLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    fail('INVALID_INPUT', `limit must be a whole number from 1 to ${MAX_PAGE}; got ${JSON.stringify(limit)}`, 'limit');
  }
  return limit;
}

/** The event as the log keeps it: the identity code is never stored, only whether it had the right form. */
function eventToLog(event: unknown): Record<string, unknown> | null {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return null;
  const record = { ...(event as Record<string, unknown>) };
  if (record.type === 'IDENTITY_ACTIVATED' && 'code' in record) record.code = isFourDigitCode(record.code) ? '0000' : 'not-4-digits';
  return record;
}

/** A notification's id is its dossier's id and what it says: the same work done again gives the same id. */
function notificationOf(dossierId: string, what: string, type: NotificationType, at: string, data: Record<string, unknown>): DossierNotification {
  return { id: `${dossierId}:${what}`, type, dossierId, at, data };
}

/** One dossier being changed inside a transaction: what will be written, all at once. */
class Change {
  dossier: Dossier;
  version: number;
  logSeq: number;
  wakeDone: Instant;
  enteredAt: Instant;
  readonly createdAt: Instant;
  readonly storedVersion: number;
  readonly storedMustAct: string;
  readonly rowVersion: string;
  readonly log: LogRow[] = [];
  readonly notifications: DossierNotification[] = [];

  constructor(
    readonly id: string,
    dossier: Dossier,
    row: DossierRow,
    readonly receivedAt: Instant,
  ) {
    this.dossier = dossier;
    this.version = toNumber(row.version);
    this.logSeq = toNumber(row.log_seq);
    this.wakeDone = toNumber(row.wake_done);
    this.enteredAt = toNumber(row.entered_at);
    this.createdAt = toNumber(row.created_at);
    this.storedVersion = this.version;
    this.storedMustAct = row.must_act;
    this.rowVersion = row.row_version;
  }

  private format(at: Instant): string {
    return formatInstant(at, this.dossier.setup.calendar);
  }

  notify(id: string, type: NotificationType, at: Instant | string, data: Record<string, unknown>): void {
    this.notifications.push(notificationOf(this.id, id, type, typeof at === 'string' ? at : this.format(at), data));
  }

  addLog(row: Omit<LogRow, 'dossier_id' | 'seq' | 'received_at' | 'version'>): LogRow {
    const full: LogRow = { ...row, dossier_id: this.id, seq: ++this.logSeq, received_at: this.receivedAt, version: this.version };
    this.log.push(full);
    return full;
  }

  /**
   * Takes the model's new dossier: the deadlines that passed on the way are logged and
   * notified, each state change notified, the version incremented once.
   */
  advance(next: Dossier): HistoryEntry[] {
    const added = next.history.slice(this.dossier.history.length);
    this.dossier = next;
    if (added.length === 0) return added;
    this.version++;
    added.forEach((entry, offset) => {
      const position = next.history.length - added.length + offset + 1;
      if (entry.event === 'DEADLINE_PASSED') {
        this.notify(`dossier.expired:${entry.deadline}`, 'dossier.expired', entry.at, { deadline: entry.deadline, reason: next.context.reason });
      } else if (entry.from !== entry.to) {
        this.notify(`dossier.changed:${position}`, 'dossier.changed', entry.at, {
          from: entry.from,
          to: entry.to,
          event: entry.event,
          reason: next.context.reason,
        });
      }
    });
    const entered = enteredStateAt(next, this.createdAt);
    if (entered !== this.enteredAt) {
      this.enteredAt = entered;
      // The new state's wake-ups from the instant it was entered are all still to do.
      this.wakeDone = Math.min(this.wakeDone, entered - 1);
    }
    return added;
  }

  /** The log rows for the deadlines among `entries` that the model passed while applying an event. */
  logDeadlines(entries: readonly HistoryEntry[], at: Instant | null): void {
    for (const entry of entries) {
      if (entry.event !== 'DEADLINE_PASSED') continue;
      this.logDeadline(entry, at, null, false);
    }
  }

  /** One deadline the model passed; `tick` is the scheduler's TICK that passed it, replayed when `replay`. */
  logDeadline(entry: HistoryEntry, at: Instant | null, tick: LogRow['event'], replay: boolean): void {
    this.addLog({
      kind: 'deadline',
      type: 'DEADLINE_PASSED',
      at,
      event: tick,
      replay,
      idempotency_key: null,
      request_id: null,
      accepted: true,
      code: null,
      message: null,
      deadline: entry.deadline ?? null,
    });
  }
}

/** The columns the worklist and the scheduler read, from the model's own description. */
function columnsOf(dossier: Dossier, storedMustAct: string | null, settings: WakeSettings, wakeDone: Instant) {
  const runningDeadline: DeadlineName | null = RUNNING_DEADLINE[dossier.state] ?? null;
  return {
    state: dossier.state,
    must_act: storedMustAct || mustActOf(dossier),
    running_deadline: runningDeadline,
    last_day: runningDeadline === null ? null : (dossier.context.deadlines[runningDeadline] ?? null),
    wake_at: wakeAtOf(dossier, settings, wakeDone),
  };
}

/** Who must act is the state's: it changes only with the history, which changes the version. */
const knownMustActOf = (change: Change): string | null => (change.version === change.storedVersion ? change.storedMustAct : null);

/** The dossier's description at `now`, or at its clock when an event put it ahead (up to 5 minutes). */
function describedAt(dossier: Dossier, now: Instant) {
  const at = dossier.clock !== null && dossier.clock > now ? dossier.clock : now;
  const described = describeDossier(dossier, at);
  if (described.ok) return described.description;
  const atClock = describeDossier(dossier);
  if (atClock.ok) return atClock.description;
  throw new Error(`dossier cannot be described: ${described.rejection.message}`);
}

/**
 * Dossiers this process restored or wrote lately, by id, with the version, log position
 * and checksum of their snapshot: a row that matches all three is that dossier, and is
 * not replayed again. Speed: restoring replays the whole history at every change.
 */
const RECENT_LIMIT = 10_000;
const recent = new Map<string, { key: string; dossier: Dossier }>();

function recentKeyOf(version: number | string, logSeq: number | string, snapshot: unknown): string {
  return `${version}:${logSeq}:${String((snapshot as { checksum?: unknown } | null)?.checksum)}`;
}

function remember(id: string, key: string, dossier: Dossier): void {
  recent.delete(id);
  recent.set(id, { key, dossier });
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value!);
}

function restored(row: DossierRow): Dossier {
  const key = recentKeyOf(row.version, row.log_seq, row.snapshot);
  const known = recent.get(row.id);
  if (known?.key === key) return known.dossier;
  const result = restoreDossier(row.snapshot);
  if (!result.ok) fail('STORE_UNAVAILABLE', `the stored snapshot of dossier ${row.id} does not restore: ${result.error.message} (run check)`);
  remember(row.id, key, result.dossier);
  return result.dossier;
}

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeWorklistCursor(after: unknown): [string, string] {
  if (typeof after !== 'string') fail('INVALID_INPUT', 'after must be the `next` of a previous page', 'after');
  try {
    const value = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // Falls through to the error below.
  }
  fail('INVALID_INPUT', `after ${JSON.stringify(after)} is not the \`next\` of a previous page`, 'after');
}

const FEED_START = '0.0';
const FEED_CURSOR = /^(\d{1,20})\.(\d{1,20})$/;

export interface StoreSettings extends WakeSettings {
  clock: StoreClock;
}

/** The store over a database: the same statements whichever backend `db` is. */
export function createStore(db: Db, settings: StoreSettings): DossierStore {
  const { clock } = settings;

  /** Runs `work`; on a server, work the connection lost is done again on a new one. */
  async function retrying<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof Failure || !isTransientError(error) || Date.now() - started > RETRY_FOR_MS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
      }
    }
  }

  const transaction = <T>(work: (tx: Sql) => Promise<T>): Promise<T> => retrying(() => db.transaction(work));
  /** One statement: its own transaction, one round trip. */
  const read = <T>(statement: string | Prepared, params: readonly unknown[]): Promise<T[]> => retrying(() => db.query<T>(statement, params));

  /**
   * Does every wake-up of one dossier due up to `asOf`, earliest first, each through the
   * model: an expiry is the TICK at its deadline's first instant past; a reminder or an
   * overdue declaration is a notification that changes nothing. 1 when the dossier had
   * something due, else 0.
   */
  function wake(change: Change, asOf: Instant): number {
    let woke = 0;
    let due = dueItemsOf(change.dossier, settings, change.wakeDone, asOf);
    for (let guard = 0; guard < 100 && due.length > 0; guard++) {
      const item = due[0]!;
      woke = 1;
      const before = change.enteredAt;
      doItem(change, item, asOf);
      // A state change reopened the wake-ups from the instant it was entered.
      if (change.enteredAt === before) change.wakeDone = item.dueAt;
      due = dueItemsOf(change.dossier, settings, change.wakeDone, asOf);
    }
    if (asOf > change.wakeDone && due.length === 0) change.wakeDone = asOf;
    return woke;
  }

  function doItem(change: Change, item: WakeItem, asOf: Instant): void {
    const { dossier } = change;
    if (item.kind === 'expiry') {
      const ticked = applyEvent(dossier, { type: 'TICK', at: item.at });
      if (!ticked.ok || ticked.dossier.history.length === dossier.history.length) return;
      change.advance(ticked.dossier);
      const entries = ticked.dossier.history.slice(dossier.history.length);
      for (const entry of entries) {
        // Only the first row of a tick replays it; the model passes all its deadlines at once.
        change.logDeadline(entry, item.at, { type: 'TICK', at: formatInstant(item.at, dossier.setup.calendar) }, entry === entries[0]);
      }
      return;
    }
    if (item.kind === 'reminder') {
      // Missed while the service was down: still sent if the deadline has not passed.
      if (item.dueAt < change.enteredAt || asOf >= item.deadlinePassesAt) return;
      change.notify(`deadline.approaching:${item.deadline}:${item.lead}`, 'deadline.approaching', item.dueAt, {
        deadline: item.deadline,
        lastDay: item.lastDay,
        workingDaysLeft: item.lead,
        mustAct: mustActOf(dossier),
      });
      return;
    }
    // The model says whether the declaration is overdue at its deadline's first instant past.
    const at = dossier.clock !== null && dossier.clock > item.at ? dossier.clock : item.at;
    const described = describeDossier(dossier, at);
    if (described.ok && described.description.overdue.includes(item.declaration)) {
      change.notify(`declaration.overdue:${item.declaration}`, 'declaration.overdue', item.at, {
        declaration: item.declaration,
        lastDay: item.lastDay,
      });
    }
  }

  /**
   * Writes the changes in one statement (WRITE). For each change: its new notifications,
   * or null when its dossier's row is no longer the one read, and nothing of it was written.
   */
  async function write(sql: Sql, changes: readonly Change[]): Promise<Array<DossierNotification[] | null>> {
    const log = changes.flatMap((change) => change.log);
    const notifications = changes.flatMap((change) => change.notifications);
    const snapshots = changes.map((change) => persistDossier(change.dossier));
    const updates = changes.map((change, index) => {
      return {
        id: change.id,
        row_version: change.rowVersion,
        snapshot: snapshots[index],
        version: change.version,
        log_seq: change.logSeq,
        entered_at: change.enteredAt,
        wake_done: change.wakeDone,
        ...columnsOf(change.dossier, knownMustActOf(change), settings, change.wakeDone),
      };
    });
    // The same work done again writes the same notification ids: the outbox keeps the first.
    const [result] = await sql.query<{ updated: string[]; notified: string[] }>(WRITE, [
      JSON.stringify(log),
      JSON.stringify(notifications),
      JSON.stringify(updates),
      changes.map((change) => change.id),
    ]);
    const updated = new Set(result!.updated);
    const notified = new Set(result!.notified);
    return changes.map((change, index) => {
      if (!updated.has(change.id)) return null;
      remember(change.id, recentKeyOf(change.version, change.logSeq, snapshots[index]), change.dossier);
      return change.notifications.filter((notification) => notified.has(notification.id));
    });
  }

  /** Writes under a lock (a transaction holds the rows): every change is written. */
  async function writeLocked(tx: Sql, changes: readonly Change[]): Promise<DossierNotification[]> {
    const results = await write(tx, changes);
    if (results.some((result) => result === null)) throw new Error('a dossier row changed while this transaction held its lock');
    return results.flatMap((result) => result!);
  }

  /** Optimistic writes of applies, grouped when several callers write at once. */
  const writeUnlocked = createBatchQueue<Change, DossierNotification[] | null>((changes) => write(db, changes), {
    inFlight: STATEMENTS_IN_FLIGHT,
    maxBatch: MAX_BATCH,
    keyOf: (change) => change.id,
    splitOnError: (error) => !isTransientError(error),
  });

  /** First reads of applies, grouped the same way. */
  const readFirst = createBatchQueue<{ id: string; key: string | null }, ApplyRow | undefined>(
    async (asked) => {
      const rows = await db.query<ApplyRow & { ord: number }>(DOSSIERS_READ, [asked.map((one) => one.id), asked.map((one) => one.key)]);
      const byOrd = new Map(rows.map((row) => [row.ord, row]));
      return asked.map((_, index) => byOrd.get(index + 1));
    },
    { inFlight: STATEMENTS_IN_FLIGHT, maxBatch: MAX_BATCH, keyOf: () => null, splitOnError: (error) => !isTransientError(error) },
  );

  /**
   * The description is worked out when first read (then kept): describing tries every
   * event type, several times the cost of the change itself, and a writer that only
   * needs the outcome should not pay for it. It is an ordinary enumerable property to
   * JSON, spreading and deep equality.
   */
  function storedOf<T extends object>(head: T, id: string, version: number, dossier: Dossier, now: Instant): T & StoredDossier {
    let description: StoredDossier['description'] | undefined;
    const stored = Object.assign(head, { id, version, dossier }) as T & StoredDossier;
    Object.defineProperty(stored, 'description', {
      enumerable: true,
      configurable: true,
      get: () => (description ??= describedAt(dossier, now)),
    });
    return stored;
  }

  async function create(id: string, input: DossierInput): Promise<CreateStoreResult> {
    try {
      checkId(id);
      const created = createDossier(input);
      if (!created.ok) fail('INVALID_INPUT', created.error.message, created.error.field ? `input.${created.error.field}` : 'input');
      const dossier = created.dossier;
      const snapshot = persistDossier(dossier);
      const now = clock.now();
      const columns = columnsOf(dossier, null, settings, now - 1);
      const notification = notificationOf(id, 'dossier.created', 'dossier.created', formatInstant(now, dossier.setup.calendar), {
        state: dossier.state,
        deadlines: { ...dossier.context.deadlines },
      });
      const [inserted] = await read<{ inserted: number }>(CREATE, [
        id, JSON.stringify(snapshot.setup), JSON.stringify(snapshot), now, columns.state, columns.must_act, columns.running_deadline, columns.last_day, now - 1, columns.wake_at,
        notification.id, notification.type, notification.at, JSON.stringify(notification.data),
      ]);
      if (inserted!.inserted === 0) {
        const [existing] = await read<DossierRow>(DOSSIER_BY_ID, [id]);
        const stored = restored(existing!);
        if (JSON.stringify(persistDossier(stored).setup) !== JSON.stringify(snapshot.setup)) {
          fail('DOSSIER_EXISTS', `dossier ${id} exists with another input`, 'id');
        }
        return storedOf({ ok: true as const, created: false }, id, toNumber(existing!.version), stored, now);
      }
      remember(id, recentKeyOf(1, 0, snapshot), dossier);
      return storedOf({ ok: true as const, created: true }, id, 1, dossier, now);
    } catch (error) {
      return failureOf(error);
    }
  }

  function checkApplyOptions(options: ApplyOptions): void {
    const { idempotencyKey, expectedVersion } = options;
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.length < 1 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)) {
      fail('INVALID_INPUT', `an idempotency key is 1 to ${MAX_IDEMPOTENCY_KEY} characters; got ${typeof idempotencyKey === 'string' ? `${idempotencyKey.length} characters` : JSON.stringify(idempotencyKey)}`, 'idempotencyKey');
    }
    if (expectedVersion !== undefined && (typeof expectedVersion !== 'number' || !Number.isSafeInteger(expectedVersion) || expectedVersion < 0)) {
      fail('INVALID_INPUT', `expectedVersion must be a whole number, 0 or more; got ${JSON.stringify(expectedVersion)}`, 'expectedVersion');
    }
  }

  function replayOf(first: LogRow, id: string, row: DossierRow, now: Instant): ApplyStoreResult {
    const dossier = restored(row);
    if (first.accepted) return storedOf({ ok: true as const, accepted: true as const, replayed: true }, id, first.version, dossier, now);
    const rejection: StoreRejection = { code: first.code as StoreRejection['code'], message: first.message ?? '', event: first.type };
    return storedOf({ ok: true as const, accepted: false as const, replayed: true, rejection }, id, first.version, dossier, now);
  }

  async function apply(id: string, event: unknown, options: ApplyOptions = {}): Promise<ApplyStoreResult> {
    try {
      checkId(id);
      checkApplyOptions(options);
      // Ties a retry after a lost connection to the first try: the log says whether it committed.
      const requestId = randomUUID();
      let tries = 0;
      const once = (sql: Sql, lock: boolean) => applyOnce(sql, lock, id, event, options, requestId, tries++ > 0);
      for (let conflicts = 0; ; conflicts++) {
        const outcome = await retrying(() => (conflicts < OPTIMISTIC_TRIES ? once(db, false) : db.transaction((tx) => once(tx, true))));
        if (outcome !== CONFLICT) return outcome;
      }
    } catch (error) {
      return failureOf(error);
    }
  }

  /**
   * One try of an apply. Unlocked, it writes only if the row is still the one it read, and
   * says CONFLICT when it is not; locked (in a transaction), the row cannot change.
   */
  async function applyOnce(sql: Sql, lock: boolean, id: string, event: unknown, options: ApplyOptions, requestId: string, retried: boolean): Promise<ApplyStoreResult | typeof CONFLICT> {
    const key = options.idempotencyKey ?? null;
    // A locked read is on the transaction's own connection: a shared read would wait for it to end.
    const row = lock || retried ? (await sql.query<ApplyRow>(lock ? DOSSIER_READ_LOCKED : DOSSIER_REREAD, [id, key, requestId]))[0] : await readFirst({ id, key });
    if (row === undefined) fail('DOSSIER_NOT_FOUND', `no dossier has the id ${id}`, 'id');
    const now = clock.now();
    if (row.replay_of !== null) return replayOf(row.replay_of, id, row, now);
    if (options.expectedVersion !== undefined && toNumber(row.version) !== options.expectedVersion) {
      fail('VERSION_CONFLICT', `dossier ${id} is at version ${row.version}, not ${options.expectedVersion}`, 'expectedVersion');
    }
    const change = new Change(id, restored(row), row, now);
    wake(change, now);
    const calendar = change.dossier.setup.calendar;
    const received =
      typeof event === 'object' && event !== null && !Array.isArray(event) && (event as { at?: unknown }).at === undefined
        ? { ...(event as Record<string, unknown>), at: formatInstant(now, calendar) }
        : event;
    const parsed = parseEvent(received, calendar);
    const at = parsed.ok ? parsed.event.at : null;
    const type = typeof (received as { type?: unknown })?.type === 'string' ? ((received as { type: string }).type) : 'UNKNOWN';
    const logged = { kind: 'event' as const, type, at, event: eventToLog(received), idempotency_key: options.idempotencyKey ?? null, request_id: requestId, deadline: null };
    let rejection: StoreRejection | null = null;
    if (at !== null && at > now + FUTURE_TOLERANCE_MS) {
      rejection = {
        code: 'EVENT_IN_THE_FUTURE',
        event: type,
        field: 'at',
        message: `${type} at ${formatInstant(at, calendar)} is more than 5 minutes after the store's clock (${formatInstant(now, calendar)}): an event cannot be sent ahead of time`,
      };
      change.addLog({ ...logged, replay: false, accepted: false, code: rejection.code, message: rejection.message });
    } else {
      const result = applyEvent(change.dossier, received as DossierEventInput);
      const added = change.advance(result.dossier);
      change.logDeadlines(added, at);
      if (result.ok) {
        change.addLog({ ...logged, replay: true, accepted: true, code: null, message: null });
      } else {
        rejection = result.rejection;
        change.addLog({ ...logged, replay: true, accepted: false, code: rejection.code, message: rejection.message });
      }
      // An event delivered late may have opened wake-ups already due.
      wake(change, now);
    }
    if (rejection !== null) {
      change.notify(`event.refused:${change.logSeq}`, 'event.refused', at ?? now, { event: rejection.event, code: rejection.code, message: rejection.message });
    }
    if (lock) await writeLocked(sql, [change]);
    else if ((await writeUnlocked(change)) === null) return CONFLICT;
    return rejection === null
      ? storedOf({ ok: true as const, accepted: true as const, replayed: false }, id, change.version, change.dossier, now)
      : storedOf({ ok: true as const, accepted: false as const, replayed: false, rejection }, id, change.version, change.dossier, now);
  }

  async function get(id: string): Promise<GetStoreResult> {
    try {
      checkId(id);
      const [row] = await read<DossierRow>(DOSSIER_BY_ID, [id]);
      if (row === undefined) fail('DOSSIER_NOT_FOUND', `no dossier has the id ${id}`, 'id');
      return storedOf({ ok: true as const }, id, toNumber(row.version), restored(row), clock.now());
    } catch (error) {
      return failureOf(error);
    }
  }

  async function log(id: string): Promise<LogStoreResult> {
    try {
      checkId(id);
      return await transaction(async (tx) => {
        const [row] = await tx.query<{ setup: { calendar: string } }>('SELECT setup FROM cpf_dossiers WHERE id = $1', [id]);
        if (row === undefined) fail('DOSSIER_NOT_FOUND', `no dossier has the id ${id}`, 'id');
        const calendar = row.setup.calendar as Dossier['setup']['calendar'];
        const rows = await tx.query<LogRow>('SELECT * FROM cpf_log WHERE dossier_id = $1 ORDER BY seq', [id]);
        return {
          ok: true as const,
          entries: rows.map(
            (entry): LogEntry => ({
              seq: toNumber(entry.seq),
              kind: entry.kind,
              type: entry.type,
              at: entry.at === null ? null : formatInstant(toNumber(entry.at), calendar),
              receivedAt: formatInstant(toNumber(entry.received_at), calendar),
              event: entry.event,
              idempotencyKey: entry.idempotency_key,
              accepted: entry.accepted,
              code: entry.code,
              message: entry.message,
              deadline: entry.deadline as DeadlineName | null,
              version: toNumber(entry.version),
            }),
          ),
        };
      });
    } catch (error) {
      return failureOf(error);
    }
  }

  async function worklist(query: WorklistQuery = {}): Promise<WorklistStoreResult> {
    try {
      const limit = checkLimit(query.limit);
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (query.mustAct !== undefined) {
        if (!(ACTORS as readonly unknown[]).includes(query.mustAct)) fail('INVALID_INPUT', `mustAct must be one of ${ACTORS.join(', ')}; got ${JSON.stringify(query.mustAct)}`, 'mustAct');
        where.push(`must_act = ${param(query.mustAct)}`);
      }
      if (query.state !== undefined) {
        if (!(DOSSIER_STATES as readonly unknown[]).includes(query.state)) fail('INVALID_INPUT', `state must be one of ${DOSSIER_STATES.join(', ')}; got ${JSON.stringify(query.state)}`, 'state');
        where.push(`state = ${param(query.state)}`);
      }
      if (query.deadlineBefore !== undefined) {
        if (!isCalendarDate(query.deadlineBefore)) fail('INVALID_INPUT', `deadlineBefore must be a date YYYY-MM-DD; got ${JSON.stringify(query.deadlineBefore)}`, 'deadlineBefore');
        where.push(`last_day < ${param(query.deadlineBefore)}`);
      }
      checkIdPrefix(query.idPrefix);
      if (query.idPrefix !== undefined) where.push(`id >= ${param(query.idPrefix)} AND id < ${param(prefixEndOf(query.idPrefix))}`);
      if (query.after !== undefined) {
        const [lastDay, id] = decodeWorklistCursor(query.after);
        where.push(`(coalesce(last_day, '~'), id) > (${param(lastDay)}, ${param(id)})`);
      }
      const rows = await read<{ id: string; state: string; must_act: string; running_deadline: string | null; last_day: string | null; version: number }>(
        `SELECT id, state, must_act, running_deadline, last_day, version FROM cpf_dossiers
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY coalesce(last_day, '~'), id LIMIT ${param(limit + 1)}`,
        params,
      );
      const items = rows.slice(0, limit).map(
        (row): WorklistItem => ({
          id: row.id,
          state: row.state as WorklistItem['state'],
          mustAct: row.must_act as WorklistItem['mustAct'],
          runningDeadline: row.running_deadline as DeadlineName | null,
          lastDay: row.last_day,
          version: toNumber(row.version),
        }),
      );
      const last = items[items.length - 1];
      return { ok: true, items, next: rows.length > limit && last ? encodeCursor([last.lastDay ?? '~', last.id]) : null };
    } catch (error) {
      return failureOf(error);
    }
  }

  /** Notifications after a cursor, each with its own cursor; only those no running transaction can precede. */
  async function readFeed(after: string, limit: number, idPrefix?: string): Promise<Array<{ notification: DossierNotification; cursor: string }>> {
    const match = FEED_CURSOR.exec(after);
    if (!match) fail('INVALID_INPUT', `after ${JSON.stringify(after)} is not the \`next\` of a previous read`, 'after');
    const rows = await read<NotificationRow>(
      `SELECT seq, xid::text AS xid, id, type, dossier_id, at, data FROM cpf_notifications
       WHERE xid < pg_snapshot_xmin(pg_current_snapshot()) AND (xid, seq) > ($1::text::xid8, $2::bigint)${idPrefix === undefined ? '' : ' AND starts_with(dossier_id, $4)'}
       ORDER BY xid, seq LIMIT $3`,
      idPrefix === undefined ? [match[1], match[2], limit] : [match[1], match[2], limit, idPrefix],
    );
    return rows.map((row) => ({
      notification: { id: row.id, type: row.type, dossierId: row.dossier_id, at: row.at, data: row.data },
      cursor: `${row.xid}.${toNumber(row.seq)}`,
    }));
  }

  async function notifications(query: NotificationQuery = {}): Promise<NotificationFeedResult> {
    try {
      const limit = checkLimit(query.limit);
      const after = query.after ?? FEED_START;
      checkIdPrefix(query.idPrefix);
      const rows = await readFeed(after, limit, query.idPrefix);
      return { ok: true, notifications: rows.map((row) => row.notification), next: rows.length ? rows[rows.length - 1]!.cursor : after };
    } catch (error) {
      return failureOf(error);
    }
  }

  /** Rebuilds one dossier from its log: its setup, then every logged event that reached the model, in order. */
  function rebuild(row: DossierRow & { setup: unknown }, entries: readonly LogRow[]): { dossier: Dossier; version: number } | string {
    const created = createDossier({ ...(row.setup as DossierInput) });
    if (!created.ok) return `its setup is not a dossier input: ${created.error.message}`;
    let dossier = created.dossier;
    let version = 1;
    for (const entry of entries) {
      if (!entry.replay) continue;
      const event = entry.at === null ? entry.event : { ...entry.event, at: toNumber(entry.at) };
      const before = dossier.history.length;
      dossier = applyEvent(dossier, event as DossierEventInput).dossier;
      if (dossier.history.length !== before) version++;
      if (version !== toNumber(entry.version)) return `log line ${entry.seq} says version ${entry.version}; the replay is at version ${version}`;
    }
    return { dossier, version };
  }

  async function check(): Promise<CheckStoreResult> {
    try {
      const differences: CheckDifference[] = [];
      let checked = 0;
      let after = '';
      for (;;) {
        const rows = await read<DossierRow & { setup: unknown; state: string; must_act: string; last_day: string | null }>(
          `SELECT ${DOSSIER_COLUMNS}, d.setup, d.state, d.must_act, d.last_day FROM cpf_dossiers AS d WHERE d.id > $1 ORDER BY d.id LIMIT ${CHECK_PAGE}`,
          [after],
        );
        if (rows.length === 0) break;
        const logs = await read<LogRow>('SELECT * FROM cpf_log WHERE dossier_id = ANY($1::text[]) ORDER BY dossier_id, seq', [rows.map((row) => row.id)]);
        const byDossier = new Map<string, LogRow[]>();
        for (const entry of logs) byDossier.set(entry.dossier_id, [...(byDossier.get(entry.dossier_id) ?? []), entry]);
        for (const row of rows) {
          checked++;
          const rebuilt = rebuild(row, byDossier.get(row.id) ?? []);
          if (typeof rebuilt === 'string') {
            differences.push({ id: row.id, message: rebuilt });
            continue;
          }
          const expected = persistDossier(rebuilt.dossier);
          const stored = row.snapshot as { checksum?: unknown; state?: unknown };
          if (stored.checksum !== expected.checksum) {
            differences.push({ id: row.id, message: `the snapshot (state ${String(stored.state)}) differs from its log, which rebuilds state ${expected.state} (checksum ${expected.checksum})` });
          } else if (toNumber(row.version) !== rebuilt.version) {
            differences.push({ id: row.id, message: `version ${row.version} but the log rebuilds version ${rebuilt.version}` });
          } else if (row.state !== rebuilt.dossier.state) {
            differences.push({ id: row.id, message: `the state column says ${row.state}; the log rebuilds ${rebuilt.dossier.state}` });
          } else {
            const restoredSnapshot = restoreDossier(row.snapshot);
            if (!restoredSnapshot.ok) differences.push({ id: row.id, message: `the snapshot does not restore: ${restoredSnapshot.error.message}` });
          }
        }
        after = rows[rows.length - 1]!.id;
      }
      return { ok: true, checked, differences };
    } catch (error) {
      return failureOf(error);
    }
  }

  /** One transaction: up to `batchSize` due dossiers, locked past any other scheduler, woken as of `asOf`. */
  async function wakeBatch(asOf: (row: DossierRow) => Instant, until: Instant, batchSize: number): Promise<{ taken: number; woke: number; notifications: DossierNotification[] }> {
    return transaction(async (tx) => {
      const rows = await tx.query<DossierRow>(DUE_DOSSIERS, [until, batchSize]);
      let woke = 0;
      const changes: Change[] = [];
      for (const row of rows) {
        const at = asOf(row);
        const change = new Change(row.id, restored(row), row, at);
        woke += wake(change, at);
        changes.push(change);
      }
      const notifications = changes.length ? await writeLocked(tx, changes) : [];
      return { taken: rows.length, woke, notifications };
    });
  }

  async function runDue(batchSize = 50): Promise<WakeStoreResult> {
    try {
      const now = clock.now();
      let woke = 0;
      const notifications: DossierNotification[] = [];
      for (;;) {
        const batch = await wakeBatch(() => now, now, batchSize);
        woke += batch.woke;
        notifications.push(...batch.notifications);
        if (batch.taken < batchSize) break;
      }
      return { ok: true, woke, notifications };
    } catch (error) {
      return failureOf(error);
    }
  }

  function startScheduler(options: SchedulerOptions = {}): RunningLoop {
    const pollMs = options.pollMs ?? 1000;
    const batchSize = options.batchSize ?? 50;
    let stopped = false;
    let wakeUp: (() => void) | undefined;
    const loop = (async () => {
      while (!stopped) {
        const report = await runDue(batchSize);
        options.onReport?.(report);
        if (stopped) break;
        if (!report.ok || report.woke === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
    return {
      async stop() {
        stopped = true;
        wakeUp?.();
        await loop;
      },
    };
  }

  async function advanceTo(input: unknown): Promise<AdvanceStoreResult> {
    try {
      if (!isSimulatedClock(clock)) fail('CLOCK_NOT_SIMULATED', 'the store runs on the system clock: only a simulated clock can be advanced', 'advanceTo');
      const target = parseInstantInput(input, DEFAULT_REGION);
      if (!target.ok) fail('INVALID_INPUT', `advanceTo ${target.error}`, 'advanceTo');
      if (target.value < clock.now()) {
        fail('CLOCK_WENT_BACKWARDS', `advanceTo ${formatInstant(target.value, DEFAULT_REGION)} is before the clock (${formatInstant(clock.now(), DEFAULT_REGION)})`, 'advanceTo');
      }
      let woke = 0;
      const notifications: DossierNotification[] = [];
      // One dossier at a time, in wakeAt order: each wake-up happens as of its own instant.
      for (;;) {
        const batch = await wakeBatch(
          (row) => {
            const at = Math.max(toNumber(row.wake_at!), clock.now());
            clock.set(at);
            return at;
          },
          target.value,
          1,
        );
        if (batch.taken === 0) break;
        woke += batch.woke;
        notifications.push(...batch.notifications);
      }
      clock.set(target.value);
      return { ok: true, now: formatInstant(clock.now(), DEFAULT_REGION), woke, notifications };
    } catch (error) {
      return failureOf(error);
    }
  }

  function startWebhook(options: WebhookOptions): RunningLoop {
    return startWebhookDelivery(options, {
      readFeed,
      async loadCursor(name) {
        const [row] = await read<{ after: string }>('SELECT after FROM cpf_webhook_cursors WHERE name = $1', [name]);
        return row?.after ?? FEED_START;
      },
      async saveCursor(name, after) {
        await read('INSERT INTO cpf_webhook_cursors (name, after) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET after = excluded.after', [name, after]);
      },
    });
  }

  return {
    kind: db.kind,
    clock,
    create,
    apply: apply as DossierStore['apply'],
    get,
    log,
    worklist,
    notifications,
    check,
    runDue: () => runDue(),
    startScheduler,
    advanceTo: advanceTo as DossierStore['advanceTo'],
    startWebhook,
    close: () => db.close(),
  };
}
