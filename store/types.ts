/**
 * The dossier store: the port a service (the HTTP service, a worker, a test) talks to.
 * Two adapters stand behind it, PGlite in a data folder and a PostgreSQL server, over
 * one schema and one set of SQL statements (runtime.md sections 1 to 4). Every method
 * answers expected failures as values with a code; none throws for them.
 */
import type { Dossier, DossierInput } from '../api/dossier.js';
import type { DossierDescription } from '../api/describe.js';
import type { DossierEventInput, InstantInput } from '../api/events.js';
import type { Rejection } from '../api/rejections.js';
import type { CalendarDate, Instant } from '../calendar/index.js';
import type { Actor, DeadlineName, DossierStateName } from '../machines/types.js';

/** Where time comes from: the store never reads the system clock but through this. */
export interface StoreClock {
  /** The current instant, ms since the epoch. */
  now(): Instant;
}

/**
 * A clock standing still until moved, for tests and demonstrations (`--clock simulated:`).
 * Only `DossierStore.advanceTo` should move it when a store runs on it, so that every
 * wake-up passed on the way is done as of its own instant.
 */
export interface SimulatedClock extends StoreClock {
  readonly simulated: true;
  /** Sets the instant; earlier than the current one is ignored (time never goes back). */
  set(at: Instant): void;
}

/** What the store and the scheduler need besides the backend; every field has a default. */
export interface StoreOptions {
  /** Default: the system clock. */
  clock?: StoreClock;
  /** How long after a deadline's first instant past it the expiry waits (default 15 minutes). */
  graceMs?: number;
  /** Reminders, in working days before the deadline's last day (default `[1, 0]`). */
  reminderLeadDays?: readonly number[];
}

/** Embedded: PGlite in a data folder (default `./cpf-data`), one process at a time. */
export interface EmbeddedStoreOptions extends StoreOptions {
  data?: string;
  database?: undefined;
}

/** A PostgreSQL server (14 or later), shared by several processes. */
export interface ServerStoreOptions extends StoreOptions {
  /** A `postgres://` URL. */
  database: string;
  data?: undefined;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

export type OpenStoreOptions = EmbeddedStoreOptions | ServerStoreOptions;

export type StoreErrorCode =
  /** `create` of an existing id with another input. */
  | 'DOSSIER_EXISTS'
  /** No dossier has this id. */
  | 'DOSSIER_NOT_FOUND'
  /** `expectedVersion` is not the dossier's version; nothing was applied. */
  | 'VERSION_CONFLICT'
  /** An id, an idempotency key, an input, a cursor or an option is malformed (see `field`). */
  | 'INVALID_INPUT'
  /** `advanceTo` on a store whose clock is not simulated. */
  | 'CLOCK_NOT_SIMULATED'
  /** `advanceTo` an instant before the clock's. */
  | 'CLOCK_WENT_BACKWARDS'
  /** The database could not be reached or answered with an error; nothing was changed. */
  | 'STORE_UNAVAILABLE'
  /** The database was written by a newer version of cpf-dossier. */
  | 'SCHEMA_TOO_NEW';

export interface StoreError {
  code: StoreErrorCode;
  message: string;
  /** The input field at fault, e.g. `id`, `idempotencyKey`, `input.training.start`, `after`. */
  field?: string;
}

export type StoreFailure = { ok: false; error: StoreError };

/**
 * A refusal that the log keeps: the model's codes, and EVENT_IN_THE_FUTURE, which the
 * store gives to an event more than 5 minutes after its clock before the model sees it.
 */
export interface StoreRejection extends Omit<Rejection, 'code'> {
  code: Rejection['code'] | 'EVENT_IN_THE_FUTURE';
}

/** A stored dossier as read: `description` is `describeDossier` at the store's clock. */
export interface StoredDossier {
  id: string;
  /** Incremented by each change to the dossier (an accepted event, an expiry). */
  version: number;
  dossier: Dossier;
  description: DossierDescription;
}

export type CreateStoreResult = ({ ok: true; created: boolean } & StoredDossier) | StoreFailure;

export type GetStoreResult = ({ ok: true } & StoredDossier) | StoreFailure;

export interface ApplyOptions {
  /** 1 to 200 characters: the same key on the same dossier returns the first result again. */
  idempotencyKey?: string;
  /** Refused VERSION_CONFLICT unless the dossier is at this version. */
  expectedVersion?: number;
}

/**
 * What `apply` answers. An event that reached the log is `ok: true`, accepted or not
 * (`accepted: false` carries the rejection); `ok: false` is a store error and logs nothing.
 * `replayed` is true when an idempotency key returned the first result again.
 */
export type ApplyStoreResult =
  | ({ ok: true; accepted: true; replayed: boolean } & StoredDossier)
  | ({ ok: true; accepted: false; replayed: boolean; rejection: StoreRejection } & StoredDossier)
  | StoreFailure;

/** One line of a dossier's log, append-only, oldest first. */
export interface LogEntry {
  /** 1, 2, 3... within the dossier. */
  seq: number;
  /** `event`: received from a caller; `deadline`: a deadline passed (by an event's instant or by the scheduler). */
  kind: 'event' | 'deadline';
  /** The event type, or DEADLINE_PASSED. */
  type: string;
  /** The instant it is about, in the dossier's zone; null for an event without a readable `at`. */
  at: string | null;
  /** When the store received it (its clock), in the dossier's zone. */
  receivedAt: string;
  /** The event as received, `at` filled in when the store's clock gave it; an identity code is never kept. */
  event: Record<string, unknown> | null;
  idempotencyKey: string | null;
  accepted: boolean;
  /** The refusal's code and sentence, for a refused event. */
  code: string | null;
  message: string | null;
  /** The deadline that passed, for a `deadline` line. */
  deadline: DeadlineName | null;
  /** The dossier's version once this line was written. */
  version: number;
}

export type LogStoreResult = { ok: true; entries: LogEntry[] } | StoreFailure;

export interface WorklistQuery {
  mustAct?: Actor;
  state?: DossierStateName;
  /** Only dossiers whose running deadline's last day is strictly before this date. */
  deadlineBefore?: CalendarDate;
  /** Only dossiers whose id starts with this (a token's id prefix): 1 to 128 id characters. */
  idPrefix?: string;
  /** 1 to 1000, default 100. */
  limit?: number;
  /** The `next` of the previous page. */
  after?: string;
}

/** A dossier in the worklist, read from the stored columns (no replay). */
export interface WorklistItem {
  id: string;
  state: DossierStateName;
  mustAct: Actor;
  runningDeadline: DeadlineName | null;
  /** The running deadline's last day, or null when nothing runs. */
  lastDay: CalendarDate | null;
  version: number;
}

/** Ordered by last day (none last), then id; `next` is null on the last page. */
export type WorklistStoreResult = { ok: true; items: WorklistItem[]; next: string | null } | StoreFailure;

export type NotificationType =
  | 'dossier.created'
  | 'dossier.changed'
  | 'event.refused'
  | 'deadline.approaching'
  | 'dossier.expired'
  | 'declaration.overdue';

/** An outbox row (runtime.md section 4). */
export interface DossierNotification {
  /** The same however often the work that causes it is retried. */
  id: string;
  type: NotificationType;
  dossierId: string;
  /** The instant it is about, in the dossier's zone. */
  at: string;
  data: Record<string, unknown>;
}

export interface NotificationQuery {
  /** The `next` of the previous read; from the start without it. */
  after?: string;
  /** Only notifications of dossiers whose id starts with this: 1 to 128 id characters. */
  idPrefix?: string;
  /** 1 to 1000, default 100. */
  limit?: number;
}

/**
 * In order. `next` is always the cursor to read on from (the given one when nothing is
 * new). Only notifications whose transactions are all over are given, so a row committed
 * late on a server is never skipped by a reader already past it.
 */
export type NotificationFeedResult = { ok: true; notifications: DossierNotification[]; next: string } | StoreFailure;

/** A snapshot that its log does not rebuild. */
export interface CheckDifference {
  id: string;
  message: string;
}

export type CheckStoreResult = { ok: true; checked: number; differences: CheckDifference[] } | StoreFailure;

/** What a scheduler pass or a clock advance did. */
export interface WakeReport {
  /** Dossiers woken: each that had something due (advanceTo counts a dossier once per instant it was woken at). */
  woke: number;
  /** The notifications they wrote, in order. */
  notifications: DossierNotification[];
}

export type WakeStoreResult = ({ ok: true } & WakeReport) | StoreFailure;

/** `advanceTo` answer: the clock's new instant (in Europe/Paris), and what was done on the way. */
export type AdvanceStoreResult = ({ ok: true; now: string } & WakeReport) | StoreFailure;

export interface SchedulerOptions {
  /** How often to look for due dossiers when none was due (default 1000 ms). */
  pollMs?: number;
  /** Dossiers taken per transaction (default 50). */
  batchSize?: number;
  /** Called with each pass's report, and with store errors (the scheduler goes on). */
  onReport?: (report: WakeStoreResult) => void;
}

export interface WebhookOptions {
  url: string;
  /** The shared secret of the HMAC-SHA256 signature. */
  secret: string;
  /** The delivery cursor's name in the store (default the URL): one per receiver. */
  name?: string;
  /** First retry delay, doubled at each failure up to `maxDelayMs` (defaults 1 s and 5 min). */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** How long a POST may take (default 10 s). */
  timeoutMs?: number;
  /** Called after each attempt. */
  onAttempt?: (attempt: { id: string; status: number | null; error?: string; nextDelayMs?: number }) => void;
}

/** A running loop (scheduler or webhook delivery); `stop` waits for the work in flight. */
export interface RunningLoop {
  stop(): Promise<void>;
}

export interface DossierStore {
  readonly kind: 'embedded' | 'postgres';
  readonly clock: StoreClock;
  /** Creates a dossier from `createDossier`'s input; the same input again returns it (`created: false`). */
  create(id: string, input: DossierInput): Promise<CreateStoreResult>;
  /** Applies one event through the model; `at` may be left out (the store's clock). */
  apply(id: string, event: DossierEventInput | (Omit<DossierEventInput, 'at'> & { at?: InstantInput }), options?: ApplyOptions): Promise<ApplyStoreResult>;
  /** The dossier and its description at the store's clock; reading changes nothing. */
  get(id: string): Promise<GetStoreResult>;
  log(id: string): Promise<LogStoreResult>;
  worklist(query?: WorklistQuery): Promise<WorklistStoreResult>;
  notifications(query?: NotificationQuery): Promise<NotificationFeedResult>;
  /** Rebuilds every snapshot from its log and reports each one that differs. */
  check(): Promise<CheckStoreResult>;
  /** One scheduler pass: every wake-up due at the clock's instant, in `wakeAt` order. */
  runDue(): Promise<WakeStoreResult>;
  /** Scheduler passes until stopped. */
  startScheduler(options?: SchedulerOptions): RunningLoop;
  /** Moves a simulated clock to `at`, doing every wake-up due on the way as of its own instant. */
  advanceTo(at: InstantInput): Promise<AdvanceStoreResult>;
  /** POSTs each notification of the feed, signed, until a 2xx answer; at least once. */
  startWebhook(options: WebhookOptions): RunningLoop;
  close(): Promise<void>;
}

export type OpenStoreResult = { ok: true; store: DossierStore } | StoreFailure;

/** `openDossierStore` (store/index.ts): opens the store, migrating its schema; `{}` is `{ data: './cpf-data' }`. */
export type OpenDossierStore = (options?: OpenStoreOptions) => Promise<OpenStoreResult>;
