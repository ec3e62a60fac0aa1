import { addCalendarDays, calendarDateOf, describeValue, formatInstant, startOfDay } from '../calendar/index.js';
import type { CalendarDate, Instant } from '../calendar/index.js';
import { cancellationRowOf } from '../guards/cancellation.js';
import { identityUsableFrom, isIdentityUsableAt } from '../guards/identity.js';
import { firstInstantPast, isPastDeadline } from '../guards/time.js';
import { EVENT_TYPES } from '../machines/types.js';
import type {
  Actor,
  CancellationOutcome,
  CpfRightsStatus,
  DeadlineName,
  Declaration,
  DossierEventType,
  DossierStateName,
  IdentityStateName,
  Money,
  Reason,
} from '../machines/types.js';
import { advanceTo, applyEvent, isDossier, notADossier, stateTagsOf } from './dossier.js';
import type { Dossier } from './dossier.js';
import { edofStateOf } from './edof.js';
import type { EdofState } from './edof.js';
import { IDENTITY_CODE_STAND_IN } from './events.js';
import type { DossierEventInput, InstantInput } from './events.js';
import { rejection } from './rejections.js';
import type { Rejection } from './rejections.js';

/** The deadline a state is waiting on, shown as "running" (rules.md section 3). */
export const RUNNING_DEADLINE: Partial<Record<DossierStateName, DeadlineName>> = {
  draft: 'registration',
  requested: 'organisationResponse',
  accepted: 'holderValidation',
  validated: 'entryDeclaration',
  'in-training': 'exitDeclaration',
};

export interface CancellationQuote {
  /** What HOLDER_CANCELS would do: the state, reason and outcome it would leave. */
  state: DossierStateName;
  reason: Reason;
  outcome: CancellationOutcome;
  money: Money;
  edofState: EdofState | null;
  forceMajeure: boolean;
}

export type QuoteResult = { ok: true; quote: CancellationQuote } | { ok: false; rejection: Rejection };

export interface NextChange {
  /** The first instant at which time alone changes something. */
  at: string;
  atInstant: Instant;
  what: string;
}

export interface DossierDescription {
  at: string | null;
  state: DossierStateName;
  statePath: string;
  reason: Reason | null;
  /** Who must act next (the state's tag). */
  mustAct: Actor;
  /** The event types that would be accepted now (with an ordinary payload). */
  allowedEvents: DossierEventType[];
  deadlines: Partial<Record<DeadlineName, CalendarDate>>;
  /** The deadline the current state is waiting on, if any. */
  runningDeadline: DeadlineName | null;
  overdue: Declaration[];
  late: Declaration[];
  /** The remaining charge paid, in cents and in euros. */
  paidCents: number;
  paid: number;
  money: Money;
  cpfRights: CpfRightsStatus;
  outcome: CancellationOutcome | null;
  /** What cancelling now would do, without force majeure; null when cancelling is not possible. */
  cancellation: CancellationQuote | null;
  edofState: EdofState | null;
  identity: { state: IdentityStateName; usableFrom: string | null; usable: boolean };
  rating: number | null;
  nextChange: NextChange | null;
}

export type DescribeResult = { ok: true; description: DossierDescription; dossier: Dossier } | { ok: false; rejection: Rejection };

/** Euros from cents, for people (never for arithmetic), e.g. `eurosOf(10_320) === 103.2`. */
export function eurosOf(cents: number): number {
  return cents / 100;
}

/**
 * Who must act next in the dossier's state, read off the state's tag (e.g. `organisation` in
 * `requested`), as `describeDossier(d).mustAct` says it, without describing the rest.
 * Throws a TypeError for a value that is not a dossier (as machineSnapshotOf does).
 */
export function mustActOf(dossier: Dossier): Actor {
  const tags = stateTagsOf(dossier);
  if (tags.has('organisation')) return 'organisation';
  if (tags.has('holder')) return 'holder';
  return 'nobody';
}

const SAMPLE_PAYLOADS: Partial<Record<DossierEventType, Record<string, unknown>>> = {
  IDENTITY_VERIFIED: { method: 'online' },
  IDENTITY_ACTIVATED: { code: IDENTITY_CODE_STAND_IN },
  EVALUATED: { rating: 5 },
  HOLDER_CANCELS: { forceMajeure: false },
};

function allowedEventsAt(dossier: Dossier, at: Instant): DossierEventType[] {
  return EVENT_TYPES.filter((type) => applyEvent(dossier, { type, at, ...SAMPLE_PAYLOADS[type] } as DossierEventInput).ok);
}

/**
 * Declarations due and past their deadline, not yet made. Rules.md is silent on a holder
 * who never declared entry and whose training has ended past the exit deadline: both
 * declarations are then missing, and both are reported.
 */
function overdueAt(dossier: Dossier, at: Instant): Declaration[] {
  const { deadlines, calendar } = dossier.context;
  const overdue: Declaration[] = [];
  if (dossier.state === 'validated' && isPastDeadline(at, deadlines.entryDeclaration!, calendar)) overdue.push('entryDeclaration');
  if ((dossier.state === 'validated' || dossier.state === 'in-training') && isPastDeadline(at, deadlines.exitDeclaration!, calendar)) {
    overdue.push('exitDeclaration');
  }
  return overdue;
}

/** What HOLDER_CANCELS at `at` would do, computed by applying it to a copy. */
export function quoteCancellation(dossier: Dossier, at: InstantInput, options: { forceMajeure?: boolean } | null = {}): QuoteResult {
  if (options !== null && options !== undefined && typeof options !== 'object') {
    return {
      ok: false,
      rejection: rejection('INVALID_PAYLOAD', 'HOLDER_CANCELS', `quoteCancellation's options must be an object such as { forceMajeure: true }; got ${describeValue(options)}`, 'options'),
    };
  }
  const event: DossierEventInput = { type: 'HOLDER_CANCELS', at, forceMajeure: options?.forceMajeure ?? false };
  const result = applyEvent(dossier, event);
  if (!result.ok) return { ok: false, rejection: result.rejection };
  const { context, state } = result.dossier;
  return {
    ok: true,
    quote: {
      state,
      reason: context.reason!,
      outcome: context.outcome!,
      money: context.money,
      edofState: edofStateOf(state, context.reason),
      forceMajeure: context.forceMajeure,
    },
  };
}

/**
 * The first instant after `at` at which time alone changes what `describeDossier` says:
 * an expiry, a deadline becoming overdue, the registration window closing, the identity
 * becoming usable, the training starting or ending, the cancellation terms changing.
 * A TypeError for something that is not a dossier, or an `at` that is not an instant.
 */
export function nextChangeOf(dossier: Dossier, at: Instant): NextChange | null {
  // The one function here that throws: it answers a question about a valid dossier at a
  // valid instant and has no result to carry a code (describeDossier does, and calls it).
  if (!isDossier(dossier)) throw new TypeError(notADossier(dossier, null).message);
  if (!Number.isSafeInteger(at)) throw new TypeError(`nextChangeOf: ${describeValue(at)} is not an instant (whole milliseconds since the epoch)`);
  const { context, state } = dossier;
  const { calendar, deadlines, training } = context;
  const candidates: Array<{ at: Instant; what: string }> = [];
  const deadlinePasses = (name: DeadlineName, what: string) => {
    const date = deadlines[name];
    if (date !== undefined) candidates.push({ at: firstInstantPast(date, calendar), what });
  };
  if (state === 'draft') {
    if (context.identity.activatedAt !== null) {
      candidates.push({ at: identityUsableFrom(context.identity.activatedAt), what: 'the identity becomes usable' });
    }
    deadlinePasses('registration', 'registration closes (too late to register)');
  } else if (state === 'requested') {
    deadlinePasses('organisationResponse', 'the dossier expires: no answer from the organisation');
  } else if (state === 'accepted') {
    deadlinePasses('holderValidation', 'the dossier expires: the holder did not validate');
  } else if (state === 'validated') {
    const today = calendarDateOf(at, calendar);
    const row = cancellationRowOf(state, context, at);
    for (let day = addCalendarDays(today, 1); row === 'free' && day < training.start; day = addCalendarDays(day, 1)) {
      const dayStart = startOfDay(day, calendar);
      if (cancellationRowOf(state, context, dayStart) !== 'free') {
        candidates.push({ at: dayStart, what: 'cancelling starts to cost the CPF rights' });
        break;
      }
    }
    candidates.push({ at: startOfDay(training.start, calendar), what: 'the training starts (entry can be declared; cancelling is abandoning)' });
    deadlinePasses('entryDeclaration', 'the entry declaration becomes overdue');
    deadlinePasses('exitDeclaration', 'the exit declaration becomes overdue too');
  } else if (state === 'in-training') {
    candidates.push({ at: startOfDay(training.end, calendar), what: 'the training ends (exit can be declared)' });
    deadlinePasses('exitDeclaration', 'the exit declaration becomes overdue');
  }
  const next = candidates.filter((candidate) => candidate.at > at).sort((a, b) => a.at - b.at)[0];
  return next ? { at: formatInstant(next.at, calendar), atInstant: next.at, what: next.what } : null;
}

/**
 * Everything a service shows about a dossier at an instant (by default its clock):
 * time is advanced to `at` first, so a deadline that passed is seen to have passed.
 */
export function describeDossier(dossier: Dossier, at?: InstantInput): DescribeResult {
  if (!isDossier(dossier)) return { ok: false, rejection: notADossier(dossier, null) };
  try {
    return describeValid(dossier, at);
  } catch (error) {
    // Only a bug can land here: the boundary checks keep every date a dossier needs in range.
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, rejection: rejection('INVALID_PAYLOAD', null, `the dossier could not be described${at === undefined ? '' : ` at ${describeValue(at)}`}: ${why}`, 'at') };
  }
}

function describeValid(dossier: Dossier, at: InstantInput | undefined): DescribeResult {
  let current = dossier;
  let instant = dossier.clock;
  if (at !== undefined) {
    const advanced = advanceTo(dossier, at);
    if (!advanced.ok) return { ok: false, rejection: advanced.rejection };
    current = advanced.dossier;
    instant = advanced.event.at;
  }
  const { context, state } = current;
  const calendar = context.calendar;
  const quote = instant === null ? null : quoteCancellation(current, instant);
  return {
    ok: true,
    dossier: current,
    description: {
      at: instant === null ? null : formatInstant(instant, calendar),
      state,
      statePath: current.statePath,
      reason: context.reason,
      mustAct: mustActOf(current),
      allowedEvents: instant === null ? [] : allowedEventsAt(current, instant),
      deadlines: { ...context.deadlines },
      runningDeadline: RUNNING_DEADLINE[state] ?? null,
      overdue: instant === null ? [] : overdueAt(current, instant),
      late: [...context.late],
      paidCents: context.money.paid,
      paid: eurosOf(context.money.paid),
      money: { ...context.money },
      cpfRights: context.cpfRights,
      outcome: context.outcome,
      cancellation: quote?.ok ? quote.quote : null,
      edofState: edofStateOf(state, context.reason),
      identity: {
        state: context.identity.state,
        usableFrom: context.identity.activatedAt === null ? null : formatInstant(identityUsableFrom(context.identity.activatedAt), calendar),
        usable: instant !== null && isIdentityUsableAt(context.identity, instant),
      },
      rating: context.rating,
      nextChange: instant === null ? null : nextChangeOf(current, instant),
    },
  };
}
