import { dayOfInstant, startOfDayNumber } from '../calendar/instants.js';
import { timeZoneOf } from '../calendar/regions.js';
import type { Region } from '../calendar/regions.js';
import { addWorkingDaysToDay, latestDayWithWorkingDaysBefore, workingDaysBetweenDays } from '../calendar/working-days.js';
import { toDayNumber } from '../calendar/dates.js';
import type { Instant } from '../calendar/instants.js';
import { CPF_POLICY, PARTICIPATION_RATES } from '../policy/cpf-policy.js';
import type { Exemption } from '../policy/cpf-policy.js';
import type { CpfRightsStatus, Declaration, DossierEvent, Reason, RejectionCode, ResteAChargeOutcome, CpfRightsOutcome } from '../machines/types.js';

/**
 * The limit of the benchmark: the rules of rules.md sections 2 to 5 written by hand as
 * one switch over (state, event), on day numbers and instants, with no statechart
 * library, no history and no parsing. It is what the dossier machine plus the API cost
 * could at best come down to, and it is checked to agree with them (in the benchmark
 * and in test/bench-reducer.test.ts) on the same inputs: final state, reason, outcome,
 * paid, late declarations, rating and every rejection code.
 *
 * It shares the working-day calendar with the model (that is measured on its own), and
 * nothing else: no guard, no action, no policy function but the policy's numbers.
 * Like a Redux reducer it never changes a state: a change is a new object.
 */

export type ReducerStateName =
  | 'draft'
  | 'requested'
  | 'accepted'
  | 'refused'
  | 'expired'
  | 'validated'
  | 'in-training'
  | 'finished.awaitingEvaluation'
  | 'finished.evaluated'
  | 'cancelled';

type IdentityState = 'notCreated' | 'created' | 'verified' | 'activated';

export interface ReducerSetup {
  calendar: Region;
  training: { start: string; end: string };
  exemption: Exemption | null;
  identityActivatedAt: Instant | null;
}

export interface ReducerState {
  readonly region: Region;
  readonly zone: string;
  readonly startDay: number;
  readonly endDay: number;
  readonly exemption: Exemption | null;
  readonly state: ReducerStateName;
  readonly clock: Instant | null;
  readonly identity: IdentityState;
  readonly activatedAt: Instant | null;
  /** The last on-time instant of the running expiring deadline (requested, accepted). */
  readonly expiresAfter: Instant;
  readonly entryEndsAt: Instant;
  readonly exitEndsAt: Instant;
  readonly validatedDay: number;
  readonly reason: Reason | null;
  readonly cpfRights: CpfRightsStatus;
  readonly paid: number;
  readonly outcome: { cpfRights: CpfRightsOutcome; resteACharge: ResteAChargeOutcome } | null;
  readonly late: readonly Declaration[];
  readonly rating: number | null;
}

/** What one event did: the new state, and the code it was refused with, or null. */
export interface ReducerStep {
  state: ReducerState;
  rejected: RejectionCode | null;
}

const FINAL = new Set<ReducerStateName>(['refused', 'expired', 'cancelled']);
const RATES = PARTICIPATION_RATES.map((rate) => ({ fromDay: toDayNumber(rate.from), amountCents: rate.amountCents }));

function endOfDayNumber(day: number, zone: string): Instant {
  return startOfDayNumber(day + 1, zone) - 1;
}

export function initialReducerState(setup: ReducerSetup): ReducerState {
  const region = setup.calendar;
  const zone = timeZoneOf(region);
  const startDay = toDayNumber(setup.training.start);
  const endDay = toDayNumber(setup.training.end);
  // The registration deadline is never read by a transition, but the model computes it
  // on creation, so the reducer does too (it would fail the same way for a bad date).
  latestDayWithWorkingDaysBefore(startDay, CPF_POLICY.registration.minWorkingDaysBeforeStart, region);
  return {
    region,
    zone,
    startDay,
    endDay,
    exemption: setup.exemption,
    state: 'draft',
    clock: null,
    identity: setup.identityActivatedAt === null ? 'notCreated' : 'activated',
    activatedAt: setup.identityActivatedAt,
    expiresAfter: Number.POSITIVE_INFINITY,
    entryEndsAt: endOfDayNumber(addWorkingDaysToDay(startDay, CPF_POLICY.declarations.entryWorkingDays, region), zone),
    exitEndsAt: endOfDayNumber(addWorkingDaysToDay(endDay, CPF_POLICY.declarations.exitWorkingDays, region), zone),
    validatedDay: 0,
    reason: null,
    cpfRights: 'untouched',
    paid: 0,
    outcome: null,
    late: [],
    rating: null,
  };
}

function refuse(state: ReducerState, code: RejectionCode): ReducerStep {
  return { state, rejected: code };
}

function accept(state: ReducerState): ReducerStep {
  return { state, rejected: null };
}

function cancel(s: ReducerState, at: Instant, forceMajeure: boolean): ReducerStep {
  const today = dayOfInstant(at, s.zone);
  let cpfRights: CpfRightsOutcome;
  let resteACharge: ResteAChargeOutcome;
  let reason: Reason = 'HOLDER_CANCELLED';
  if (s.state === 'requested' || s.state === 'accepted') {
    cpfRights = 'untouched';
    resteACharge = 'none';
  } else {
    const abandoned = s.state === 'in-training' || today >= s.startDay;
    if (abandoned) reason = 'HOLDER_ABANDONED';
    const free =
      !abandoned &&
      (workingDaysBetweenDays(s.validatedDay, today, s.region) < CPF_POLICY.cancellation.freeWhileValidatedForLessThanWorkingDays ||
        workingDaysBetweenDays(today, s.startDay, s.region) > CPF_POLICY.cancellation.freeWhenStartIsMoreThanWorkingDays);
    if (forceMajeure || free) {
      cpfRights = 'restored';
      resteACharge = 'refunded';
    } else if (abandoned) {
      cpfRights = 'debited';
      resteACharge = 'debited';
    } else {
      cpfRights = 'debited';
      resteACharge = 'credited';
    }
    if (s.paid === 0) resteACharge = 'none';
  }
  return accept({
    ...s,
    state: 'cancelled',
    reason,
    outcome: { cpfRights, resteACharge },
    cpfRights: cpfRights === 'untouched' ? s.cpfRights : cpfRights,
  });
}

/**
 * One event, with the API's semantics: the clock check, then time advances to the
 * event's instant (an expiring deadline that passed takes effect first), then the event.
 */
export function reduce(s: ReducerState, event: DossierEvent): ReducerStep {
  const at = event.at;
  if (s.clock !== null && at < s.clock) return refuse(s, 'CLOCK_WENT_BACKWARDS');
  if ((s.state === 'requested' || s.state === 'accepted') && at > s.expiresAfter) {
    s = { ...s, state: 'expired', reason: s.state === 'requested' ? 'ORGANISATION_NO_RESPONSE' : 'HOLDER_NO_VALIDATION' };
  }
  if (s.clock !== at) s = { ...s, clock: at };
  if (event.type === 'TICK') return accept(s);
  if (FINAL.has(s.state)) return refuse(s, 'INVALID_IN_STATE');
  switch (event.type) {
    case 'IDENTITY_CREATED':
      return s.identity === 'notCreated' ? accept({ ...s, identity: 'created' }) : refuse(s, 'INVALID_IN_STATE');
    case 'IDENTITY_VERIFIED':
      return s.identity === 'created' ? accept({ ...s, identity: 'verified' }) : refuse(s, 'INVALID_IN_STATE');
    case 'IDENTITY_ACTIVATED':
      if (s.identity !== 'verified') return refuse(s, 'INVALID_IN_STATE');
      if (typeof event.code !== 'string' || !/^[0-9]{4}$/.test(event.code)) return refuse(s, 'INVALID_PAYLOAD');
      return accept({ ...s, identity: 'activated', activatedAt: at });
    case 'SUBMIT': {
      if (s.state !== 'draft') break;
      if (s.activatedAt === null || at < s.activatedAt + CPF_POLICY.identity.activationDelayMs) return refuse(s, 'IDENTITY_NOT_ACTIVE');
      const today = dayOfInstant(at, s.zone);
      if (workingDaysBetweenDays(today, s.startDay, s.region) < CPF_POLICY.registration.minWorkingDaysBeforeStart) {
        return refuse(s, 'TOO_LATE_TO_REGISTER');
      }
      const deadline = addWorkingDaysToDay(today, CPF_POLICY.organisation.responseWorkingDays, s.region);
      return accept({ ...s, state: 'requested', expiresAfter: endOfDayNumber(deadline, s.zone) });
    }
    case 'ORGANISATION_ACCEPTS': {
      if (s.state !== 'requested') break;
      const deadline = addWorkingDaysToDay(dayOfInstant(at, s.zone), CPF_POLICY.holder.validationWorkingDays, s.region);
      return accept({ ...s, state: 'accepted', expiresAfter: endOfDayNumber(deadline, s.zone) });
    }
    case 'ORGANISATION_REFUSES':
      if (s.state !== 'requested') break;
      return accept({ ...s, state: 'refused', reason: 'ORGANISATION_REFUSED' });
    case 'HOLDER_VALIDATES': {
      if (s.state !== 'accepted') break;
      const today = dayOfInstant(at, s.zone);
      let paid = 0;
      if (s.exemption === null) for (const rate of RATES) if (rate.fromDay <= today) paid = rate.amountCents;
      return accept({ ...s, state: 'validated', validatedDay: today, cpfRights: 'reserved', paid, expiresAfter: Number.POSITIVE_INFINITY });
    }
    case 'ENTRY_DECLARED':
      if (s.state !== 'validated') break;
      if (dayOfInstant(at, s.zone) < s.startDay) return refuse(s, 'TOO_EARLY');
      return accept({ ...s, state: 'in-training', cpfRights: 'debited', late: at > s.entryEndsAt ? [...s.late, 'entryDeclaration'] : s.late });
    case 'EXIT_DECLARED':
      if (s.state !== 'in-training') break;
      if (dayOfInstant(at, s.zone) < s.endDay) return refuse(s, 'TOO_EARLY');
      return accept({ ...s, state: 'finished.awaitingEvaluation', late: at > s.exitEndsAt ? [...s.late, 'exitDeclaration'] : s.late });
    case 'EVALUATED': {
      if (s.state !== 'finished.awaitingEvaluation') break;
      const rating = event.rating;
      if (!(typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 5)) return refuse(s, 'INVALID_PAYLOAD');
      return accept({ ...s, state: 'finished.evaluated', rating });
    }
    case 'HOLDER_CANCELS':
      if (s.state === 'requested' || s.state === 'accepted' || s.state === 'validated' || s.state === 'in-training') {
        return cancel(s, at, event.forceMajeure === true);
      }
      break;
  }
  return refuse(s, 'INVALID_IN_STATE');
}

/** What the benchmark and the agreement test compare, from a reducer state. */
export interface DossierSummary {
  state: string;
  reason: Reason | null;
  outcome: { cpfRights: CpfRightsOutcome; resteACharge: ResteAChargeOutcome } | null;
  paid: number;
  late: readonly Declaration[];
  rating: number | null;
  /** The code of each refused event, in order (null for an accepted one). */
  rejections: (RejectionCode | null)[];
}

/** Replays one dossier through the reducer. */
export function replayWithReducer(setup: ReducerSetup, events: readonly DossierEvent[]): DossierSummary {
  let state = initialReducerState(setup);
  const rejections: (RejectionCode | null)[] = [];
  for (const event of events) {
    const step = reduce(state, event);
    state = step.state;
    rejections.push(step.rejected);
  }
  return summaryOf(state, rejections);
}

export function summaryOf(s: ReducerState, rejections: (RejectionCode | null)[]): DossierSummary {
  return { state: s.state, reason: s.reason, outcome: s.outcome, paid: s.paid, late: s.late, rating: s.rating, rejections };
}
