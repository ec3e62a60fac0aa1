import type { SnapshotFrom } from 'xstate';
import { describeValue, formatInstant, parseCalendarDate, parseRegion, DEFAULT_REGION } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import { EXPIRING_DEADLINES, dossierMachine } from '../machines/dossier.js';
import { fastStepsOf } from '../machines/fast-step.js';
import type { FastState, FastSteps } from '../machines/fast-step.js';
import { xstateStepsOf } from '../machines/step.js';
import type {
  DeadlineName,
  DossierContext,
  DossierEvent,
  DossierEventType,
  DossierStateName,
  IdentityStateName,
} from '../machines/types.js';
import { EXEMPTIONS } from '../policy/cpf-policy.js';
import type { Exemption } from '../policy/cpf-policy.js';
import { parseEvent, parseInstantInput } from './events.js';
import type { DossierEventInput, InstantInput } from './events.js';
import { NOT_A_DOSSIER, rejection } from './rejections.js';
import type { Rejection } from './rejections.js';
import { explainRejection } from './messages.js';
import { dossierDatesError, identityUsableError } from './supported-dates.js';

type DossierSnapshot = SnapshotFrom<typeof dossierMachine>;

export { statePathOfValue as statePathOf } from '../machines/step.js';

/** What a dossier is created from; the fields of a scenario's `calendar` and `given`. */
export interface DossierInput {
  training: { start: CalendarDate; end: CalendarDate };
  /**
   * The holiday calendar, `FR` by default (rules.md section 1). Typed as the union so that
   * editors offer the regions and `'FR-75'` does not compile; a value read from JSON is
   * checked at run time all the same (INVALID_INPUT naming `calendar`).
   */
  calendar?: Region;
  /** When the holder chose the identity's 4-digit code, if before the dossier. */
  identityActivatedAt?: InstantInput | null;
  /** Checked at run time too, like `calendar`. */
  exemption?: Exemption | null;
}

/** A dossier's input once checked: what `createDossier` keeps. */
export interface DossierSetup {
  calendar: Region;
  training: { start: CalendarDate; end: CalendarDate };
  exemption: Exemption | null;
  identityActivatedAt: Instant | null;
}

/** One line of the audit trail: an accepted event, or a deadline that passed. */
export interface HistoryEntry {
  /** The instant, written in the calendar's zone (e.g. 2026-04-03T16:00:00+02:00). */
  at: string;
  event: DossierEventType | 'DEADLINE_PASSED';
  /** The state before and after, as a path (`finished.evaluated`). */
  from: string;
  to: string;
  /** For DEADLINE_PASSED: which deadline. */
  deadline?: DeadlineName;
  /** The identity's state after an IDENTITY_* event. */
  identity?: IdentityStateName;
  /** The payload that matters for a replay (never the identity code). */
  method?: string;
  rating?: number;
  forceMajeure?: boolean;
}

/**
 * A dossier: plain, immutable data. Every function of the API takes one and gives back
 * a new one; none changes its argument.
 */
export interface Dossier {
  readonly setup: Readonly<DossierSetup>;
  /** The top-level state (rules.md section 3). */
  readonly state: DossierStateName;
  /** The full state path, e.g. `finished.awaitingEvaluation`. */
  readonly statePath: string;
  readonly context: Readonly<DossierContext>;
  /** The instant of the last event considered (accepted or refused), or null before any. */
  readonly clock: Instant | null;
  readonly history: readonly HistoryEntry[];
}

export interface InputError {
  code: 'INVALID_INPUT';
  field: string;
  message: string;
}

export type CreateResult = { ok: true; dossier: Dossier } | { ok: false; error: InputError };

export type ApplyResult =
  | { ok: true; dossier: Dossier; event: DossierEvent }
  /**
   * Refused: `dossier` holds what it held, but for time, which advanced to the event's
   * instant before the event was considered (and may have expired it). CLOCK_WENT_BACKWARDS
   * and malformed events change nothing at all.
   */
  | { ok: false; dossier: Dossier; rejection: Rejection };

type DossierSteps = FastSteps<typeof dossierMachine>;
type DossierState = FastState<DossierContext>;

/**
 * The step every dossier takes: the fast step read from the machine's own definition
 * (machines/fast-step.ts). Speed: XState's macrostep was 80-100% of an event's cost;
 * bench/RESULTS.md gives the figures.
 */
const fastSteps: DossierSteps = fastStepsOf(dossierMachine);
let newDossierSteps: DossierSteps = fastSteps;
let referenceSteps: DossierSteps | undefined;

/**
 * Runs `run` with the dossiers it creates (createDossier, restoreDossier) stepping
 * through XState's own `machine.transition` instead of the fast step: the reference
 * that test/fast-step.test.ts holds the fast path against, and the benchmark's
 * baseline. A dossier keeps the step it was made with.
 */
export function withXStateSteps<T>(run: () => T): T {
  const previous = newDossierSteps;
  newDossierSteps = referenceSteps ??= xstateStepsOf(dossierMachine);
  try {
    return run();
  } finally {
    newDossierSteps = previous;
  }
}

/** What a dossier keeps out of sight: its step, its state, and XState's snapshot once asked for. */
interface MachineState {
  readonly steps: DossierSteps;
  readonly state: DossierState;
  snapshot: DossierSnapshot | undefined;
}

/**
 * The machine state behind each dossier is kept on the dossier itself, in a private
 * field stamped onto the plain object (a base constructor that returns its argument
 * lets a subclass add its private field to any object): JSON, Object.keys,
 * Reflect.ownKeys, spreading and deep equality do not see it, the dossier stays a plain
 * object (its prototype is Object.prototype), and a copy of a dossier has none. Speed:
 * it was a WeakMap entry per dossier (ephemerons are costly to add and to collect), then
 * a non-enumerable symbol property (Object.defineProperty): stamping costs 4-7x less
 * than defineProperty, measured side by side.
 */
class ReturnsItsArgument {
  constructor(target: object) {
    return target;
  }
}
class MachineStateStamp extends ReturnsItsArgument {
  readonly #machineState: MachineState;
  private constructor(target: object, machineState: MachineState) {
    super(target);
    this.#machineState = machineState;
  }
  static stamp(target: object, machineState: MachineState): void {
    new MachineStateStamp(target, machineState);
  }
  static of(value: unknown): MachineState | undefined {
    return typeof value === 'object' && value !== null && #machineState in value ? (value as MachineStateStamp).#machineState : undefined;
  }
}

function dossierFrom(
  setup: DossierSetup,
  steps: DossierSteps,
  state: DossierState,
  clock: Instant | null,
  history: readonly HistoryEntry[],
): Dossier {
  const dossier = { setup, state: state.node.top as DossierStateName, statePath: state.node.path, context: state.context, clock, history };
  MachineStateStamp.stamp(dossier, { steps, state, snapshot: undefined });
  return Object.freeze(dossier);
}

/**
 * Whether `value` is a dossier made by createDossier, applyEvent or restoreDossier. A
 * plain copy (JSON, spreading, structuredClone) is not: it has lost the machine state,
 * and nothing vouches that its fields still belong together.
 */
export function isDossier(value: unknown): value is Dossier {
  return MachineStateStamp.of(value) !== undefined;
}

/** The refusal of what was given in place of a dossier, saying what it is and what to do. */
export function notADossier(value: unknown, event: string | null): Rejection {
  const looksLikeOne = typeof value === 'object' && value !== null && 'setup' in value && 'history' in value;
  const what = looksLikeOne
    ? 'this is a plain copy of one (JSON, spreading or cloning loses its machine state): store a dossier with serializeDossier and read it back with restoreDossier'
    : `got ${describeValue(value)}`;
  return rejection(NOT_A_DOSSIER, event, `not a dossier made by createDossier, applyEvent or restoreDossier: ${what}`);
}

function machineStateOf(dossier: Dossier): MachineState {
  const machineState = MachineStateStamp.of(dossier);
  if (!machineState) throw new TypeError(notADossier(dossier, null).message);
  return machineState;
}

/**
 * The XState snapshot of a dossier (for the inspector and the graph tools): XState's
 * `machine.resolveState` of the dossier's state and context, made when first asked for.
 * A TypeError for anything that is not a dossier.
 */
export function machineSnapshotOf(dossier: Dossier): DossierSnapshot {
  const machineState = machineStateOf(dossier);
  return (machineState.snapshot ??= machineState.steps.snapshotOf(machineState.state));
}

/**
 * The tags of a dossier's state, as XState's snapshot gives them (`holder` in `draft`), read
 * off the step's state node: the store asks who must act on every change, and building
 * XState's snapshot for it cost more than the event. A TypeError for anything that is not a dossier.
 */
export function stateTagsOf(dossier: Dossier): ReadonlySet<string> {
  return machineStateOf(dossier).state.node.tags;
}

function inputError(field: string, message: string): { ok: false; error: InputError } {
  return { ok: false, error: { code: 'INVALID_INPUT', field, message } };
}

/** Checks a dossier's input; every error names its field. */
export function parseDossierInput(input: unknown): { ok: true; setup: DossierSetup } | { ok: false; error: InputError } {
  if (typeof input !== 'object' || input === null) {
    return inputError('', `a dossier input must be an object; got ${describeValue(input)}`);
  }
  const record = input as Record<string, unknown>;
  const region = parseRegion(record.calendar ?? DEFAULT_REGION);
  if (!region.ok) return inputError('calendar', region.error);
  const training = record.training as Record<string, unknown> | undefined;
  if (typeof training !== 'object' || training === null) {
    return inputError('training', `training must give 'start' and 'end' dates; got ${describeValue(training)}`);
  }
  const start = parseCalendarDate(training.start);
  if (!start.ok) return inputError('training.start', start.error);
  const end = parseCalendarDate(training.end);
  if (!end.ok) return inputError('training.end', end.error);
  if (end.value < start.value) {
    return inputError('training.end', `training.end ${end.value} is before training.start ${start.value}`);
  }
  const exemption = record.exemption ?? null;
  if (exemption !== null && !(EXEMPTIONS as readonly unknown[]).includes(exemption)) {
    return inputError('exemption', `unknown exemption ${describeValue(exemption)}: expected one of ${EXEMPTIONS.join(', ')}`);
  }
  let identityActivatedAt: Instant | null = null;
  if (record.identityActivatedAt !== undefined && record.identityActivatedAt !== null) {
    const parsed = parseInstantInput(record.identityActivatedAt, region.value);
    if (!parsed.ok) return inputError('identityActivatedAt', parsed.error);
    identityActivatedAt = parsed.value;
  }
  const dates = dossierDatesError({ start: start.value, end: end.value }, region.value, identityActivatedAt);
  if (dates) return inputError(dates.field, dates.message);
  return {
    ok: true,
    setup: {
      calendar: region.value,
      training: { start: start.value, end: end.value },
      exemption: exemption as Exemption | null,
      identityActivatedAt,
    },
  };
}

/**
 * A new dossier in `draft`, its registration and declaration deadlines already known.
 * @example createDossier({ training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' })
 */
export function createDossier(input: DossierInput): CreateResult {
  try {
    const parsed = parseDossierInput(input);
    if (!parsed.ok) return parsed;
    const steps = newDossierSteps;
    return { ok: true, dossier: dossierFrom(parsed.setup, steps, steps.initial(parsed.setup), null, []) };
  } catch (error) {
    return inputError('', `the dossier could not be created: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A history entry. Its instant is written (formatInstant) when the entry is made: an
 * instant written only when first read needs an own accessor property per entry (so that
 * the entry still reads, spreads and serialises as a plain object), and V8 makes such an
 * object 3-4x slower than it formats the instant (measured: ~2 us against ~0.5 us under
 * the same load; bench/README.md).
 */
function entryAt(at: Instant, calendar: Region, event: HistoryEntry['event'], from: string, to: string): HistoryEntry {
  return { at: formatInstant(at, calendar), event, from, to };
}

function historyEntry(setup: DossierSetup, event: DossierEvent, from: DossierState, to: DossierState): HistoryEntry {
  const entry = entryAt(event.at, setup.calendar, event.type, from.node.path, to.node.path);
  if (event.type === 'IDENTITY_CREATED' || event.type === 'IDENTITY_VERIFIED' || event.type === 'IDENTITY_ACTIVATED') {
    entry.identity = to.context.identity.state;
  }
  if (event.type === 'IDENTITY_VERIFIED') entry.method = event.method;
  if (event.type === 'EVALUATED') entry.rating = event.rating;
  if (event.type === 'HOLDER_CANCELS') entry.forceMajeure = event.forceMajeure;
  return entry;
}

/**
 * Time advances to `at`: the machine takes a TICK at `at`, and a running deadline that
 * has passed by then takes effect (rules.md section 3; the guard `deadlinePassed` of the
 * states listed in EXPIRING_DEADLINES). The expiry is recorded at the first instant past
 * the deadline, which the machine's `recordExpiry` keeps as `endedAt`.
 */
function advanceTime(
  setup: DossierSetup,
  steps: DossierSteps,
  state: DossierState,
  history: readonly HistoryEntry[],
  at: Instant,
): { state: DossierState; history: readonly HistoryEntry[] } {
  if (state.node.status !== 'active') return { state, history };
  const next = steps.step(state, { type: 'TICK', at }).state;
  if (next.node === state.node) return { state: next, history };
  const entry = entryAt(next.context.endedAt!, setup.calendar, 'DEADLINE_PASSED', state.node.path, next.node.path);
  entry.deadline = EXPIRING_DEADLINES[state.node.top as keyof typeof EXPIRING_DEADLINES].deadline;
  return { state: next, history: [...history, entry] };
}

/**
 * Applies one event: the new dossier, or a rejection with its code and a sentence.
 * Never throws; never changes its argument. The event is typed so that an unknown type
 * does not compile, and checked again at run time for callers that send JSON (cast it).
 */
export function applyEvent(dossier: Dossier, input: DossierEventInput): ApplyResult {
  if (!isDossier(dossier)) {
    const type = typeof input === 'object' && input !== null && typeof (input as { type?: unknown }).type === 'string' ? (input as { type: string }).type : null;
    return { ok: false, dossier, rejection: notADossier(dossier, type) };
  }
  const setup = dossier.setup;
  try {
    const parsed = parseEvent(input, setup.calendar);
    if (!parsed.ok) return { ok: false, dossier, rejection: parsed.rejection };
    const event = parsed.event;
    if (event.type === 'IDENTITY_ACTIVATED') {
      const tooLate = identityUsableError(event.at, setup.calendar);
      if (tooLate !== null) return { ok: false, dossier, rejection: rejection('INVALID_PAYLOAD', event.type, `IDENTITY_ACTIVATED 'at' ${tooLate}`, 'at') };
    }
    if (dossier.clock !== null && event.at < dossier.clock) {
      return {
        ok: false,
        dossier,
        rejection: rejection(
          'CLOCK_WENT_BACKWARDS',
          event.type,
          `${event.type} at ${formatInstant(event.at, setup.calendar)} is earlier than the previous event (${formatInstant(dossier.clock, setup.calendar)}): events must arrive in time order`,
        ),
      };
    }
    const { steps, state: before } = machineStateOf(dossier);
    const advanced = advanceTime(setup, steps, before, dossier.history, event.at);
    // Speed: the dossier as it is once time advanced is returned only for a TICK or a
    // refusal; an accepted event (most of them) does not need it, so it is made only then.
    const afterTime = (): Dossier =>
      advanced.state === before && dossier.clock === event.at ? dossier : dossierFrom(setup, steps, advanced.state, event.at, advanced.history);
    if (event.type === 'TICK') return { ok: true, dossier: afterTime(), event };
    if (advanced.state.node.status !== 'active') {
      const refusedIn = afterTime();
      return { ok: false, dossier: refusedIn, rejection: explainRejection('INVALID_IN_STATE', event, refusedIn) };
    }
    const sent = steps.step(advanced.state, event);
    if (sent.rejected !== null) {
      const refusedIn = afterTime();
      return { ok: false, dossier: refusedIn, rejection: explainRejection(sent.rejected, event, refusedIn) };
    }
    const history = [...advanced.history, historyEntry(setup, event, advanced.state, sent.state)];
    return { ok: true, dossier: dossierFrom(setup, steps, sent.state, event.at, history), event };
  } catch (error) {
    // Only a bug can land here: the checks above keep every date a dossier needs in range.
    return {
      ok: false,
      dossier,
      rejection: rejection('INVALID_PAYLOAD', null, `the event could not be applied: ${error instanceof Error ? error.message : String(error)}`),
    };
  }
}

/**
 * The dossier as it is at `at`: time advanced, nothing else. `at` earlier than the
 * dossier's clock is refused (CLOCK_WENT_BACKWARDS).
 */
export function advanceTo(dossier: Dossier, at: InstantInput): ApplyResult {
  return applyEvent(dossier, { type: 'TICK', at });
}
