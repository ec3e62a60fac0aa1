import { addCalendarDays, addWorkingDays, calendarDateOf, endOfDay, parseInstant, parseRegion, workingDaysBetween } from '../../index.js';
import type { CalendarDate, Region } from '../../index.js';

/**
 * An independent implementation of the dossier rules (shared/spec/rules.md sections 2
 * to 5), written the way another team would: one reducer over plain data, from the text
 * of the rules, sharing nothing with this package but its working-day calendar. It is
 * driven through the model's test paths (test/example-adapter/example-adapter.test.ts).
 */

/** The working-day arithmetic the reducer uses; a seeded bug swaps it for a wrong one. */
export interface WorkingDays {
  add(date: CalendarDate, n: number, region: Region): CalendarDate;
  between(a: CalendarDate, b: CalendarDate, region: Region): number;
}

export const FRENCH_WORKING_DAYS: WorkingDays = {
  add: addWorkingDays,
  between: workingDaysBetween,
};

/** The seeded bug: Monday to Friday, public holidays forgotten. */
export const WEEKDAYS_ONLY: WorkingDays = {
  add(date, n) {
    let day = date;
    for (let counted = 0; counted < n; ) {
      day = addCalendarDays(day, 1);
      if (isWeekday(day)) counted++;
    }
    return day;
  },
  between(a, b) {
    let count = 0;
    for (let day = addCalendarDays(a, 1); day <= b; day = addCalendarDays(day, 1)) if (isWeekday(day)) count++;
    return count;
  },
};

function isWeekday(date: CalendarDate): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

type State = 'draft' | 'requested' | 'accepted' | 'refused' | 'expired' | 'validated' | 'in-training' | 'finished' | 'cancelled';
type IdentityState = 'notCreated' | 'created' | 'verified' | 'activated';

export interface ExampleDossier {
  region: Region;
  start: CalendarDate;
  end: CalendarDate;
  exempt: boolean;
  clock: number | null;
  state: State;
  evaluated: boolean;
  identity: IdentityState;
  activatedAt: number | null;
  deadlines: Record<string, CalendarDate>;
  validatedAt: number | null;
  reason: string | null;
  outcome: { cpfRights: string; resteACharge: string } | null;
  paidCents: number;
  late: string[];
  rating: number | null;
}

export interface ExampleEvent {
  type: string;
  at: string;
  method?: string;
  code?: string;
  rating?: number;
  forceMajeure?: boolean;
}

const DAY = 86_400_000;
const FINAL: readonly State[] = ['refused', 'expired', 'cancelled'];
/** Section 4: the flat participation by date of validation, in cents. */
const RATES: ReadonlyArray<[CalendarDate, number]> = [
  ['2024-05-02', 10_000],
  ['2025-01-01', 10_223],
  ['2026-01-01', 10_320],
];

export function createExample(setup: {
  calendar: string;
  training: { start: CalendarDate; end: CalendarDate };
  exemption: string | null;
  identityActivatedAt: string | null;
}, days: WorkingDays = FRENCH_WORKING_DAYS): ExampleDossier {
  const region = parseRegion(setup.calendar);
  if (!region.ok) throw new TypeError(region.error);
  const { start, end } = setup.training;
  let registration = start;
  // The last date d with at least 11 working days x, d < x <= start.
  while (days.between(registration, start, region.value) < 11) registration = addCalendarDays(registration, -1);
  let activatedAt: number | null = null;
  if (setup.identityActivatedAt !== null) {
    const parsed = parseInstant(setup.identityActivatedAt, region.value);
    if (!parsed.ok) throw new TypeError(parsed.error);
    activatedAt = parsed.value;
  }
  return {
    region: region.value,
    start,
    end,
    exempt: setup.exemption !== null,
    clock: null,
    state: 'draft',
    evaluated: false,
    identity: activatedAt === null ? 'notCreated' : 'activated',
    activatedAt,
    deadlines: {
      registration,
      entryDeclaration: days.add(start, 3, region.value),
      exitDeclaration: days.add(end, 3, region.value),
    },
    validatedAt: null,
    reason: null,
    outcome: null,
    paidCents: 0,
    late: [],
    rating: null,
  };
}

export type Step = { dossier: ExampleDossier; rejected: string | null };

/** One event: the dossier after it, or the code it is refused with (and the dossier, time advanced). */
export function reduce(dossier: ExampleDossier, event: ExampleEvent, days: WorkingDays = FRENCH_WORKING_DAYS): Step {
  const parsed = parseInstant(event.at, dossier.region);
  if (!parsed.ok) return { dossier, rejected: 'INVALID_PAYLOAD' };
  const at = parsed.value;
  if (dossier.clock !== null && at < dossier.clock) return { dossier, rejected: 'CLOCK_WENT_BACKWARDS' };
  const region = dossier.region;
  const today = calendarDateOf(at, region);
  const late = (deadline: CalendarDate | undefined) => deadline !== undefined && at > endOfDay(deadline, region);
  // Time advances first: a deadline that passed expires the dossier.
  let d: ExampleDossier = { ...dossier, clock: at };
  if (d.state === 'requested' && late(d.deadlines.organisationResponse)) d = { ...d, state: 'expired', reason: 'ORGANISATION_NO_RESPONSE' };
  if (d.state === 'accepted' && late(d.deadlines.holderValidation)) d = { ...d, state: 'expired', reason: 'HOLDER_NO_VALIDATION' };
  const refuse = (code: string): Step => ({ dossier: d, rejected: code });
  const accept = (changes: Partial<ExampleDossier>): Step => ({ dossier: { ...d, ...changes }, rejected: null });
  if (event.type === 'TICK') return accept({});
  if (FINAL.includes(d.state)) return refuse('INVALID_IN_STATE');

  switch (event.type) {
    case 'IDENTITY_CREATED':
      return d.identity === 'notCreated' ? accept({ identity: 'created' }) : refuse('INVALID_IN_STATE');
    case 'IDENTITY_VERIFIED':
      return d.identity === 'created' ? accept({ identity: 'verified' }) : refuse('INVALID_IN_STATE');
    case 'IDENTITY_ACTIVATED':
      if (d.identity !== 'verified') return refuse('INVALID_IN_STATE');
      return /^[0-9]{4}$/.test(event.code ?? '') ? accept({ identity: 'activated', activatedAt: at }) : refuse('INVALID_PAYLOAD');
    case 'SUBMIT':
      if (d.state !== 'draft') break;
      if (d.activatedAt === null || at < d.activatedAt + DAY) return refuse('IDENTITY_NOT_ACTIVE');
      if (days.between(today, d.start, region) < 11) return refuse('TOO_LATE_TO_REGISTER');
      return accept({ state: 'requested', deadlines: { ...d.deadlines, organisationResponse: days.add(today, 2, region) } });
    case 'ORGANISATION_ACCEPTS':
      if (d.state !== 'requested') break;
      return accept({ state: 'accepted', deadlines: { ...d.deadlines, holderValidation: days.add(today, 4, region) } });
    case 'ORGANISATION_REFUSES':
      if (d.state !== 'requested') break;
      return accept({ state: 'refused', reason: 'ORGANISATION_REFUSED' });
    case 'HOLDER_VALIDATES': {
      if (d.state !== 'accepted') break;
      let due = 0;
      for (const [from, cents] of RATES) if (today >= from) due = cents;
      return accept({ state: 'validated', validatedAt: at, paidCents: d.exempt ? 0 : due });
    }
    case 'ENTRY_DECLARED':
      if (d.state !== 'validated') break;
      if (today < d.start) return refuse('TOO_EARLY');
      return accept({ state: 'in-training', late: late(d.deadlines.entryDeclaration) ? [...d.late, 'entryDeclaration'] : d.late });
    case 'EXIT_DECLARED':
      if (d.state !== 'in-training') break;
      if (today < d.end) return refuse('TOO_EARLY');
      return accept({ state: 'finished', late: late(d.deadlines.exitDeclaration) ? [...d.late, 'exitDeclaration'] : d.late });
    case 'EVALUATED': {
      if (d.state !== 'finished' || d.evaluated) break;
      const rating = event.rating;
      if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) return refuse('INVALID_PAYLOAD');
      return accept({ evaluated: true, rating });
    }
    case 'HOLDER_CANCELS': {
      if (d.state === 'requested' || d.state === 'accepted') {
        return accept({ state: 'cancelled', reason: 'HOLDER_CANCELLED', outcome: { cpfRights: 'untouched', resteACharge: 'none' } });
      }
      if (d.state !== 'validated' && d.state !== 'in-training') break;
      const started = d.state === 'in-training' || today >= d.start;
      const validatedOn = calendarDateOf(d.validatedAt!, region);
      const free = !started && (days.between(validatedOn, today, region) < 14 || days.between(today, d.start, region) > 7);
      const kept = event.forceMajeure === true || free;
      const resteACharge = d.paidCents === 0 ? 'none' : kept ? 'refunded' : started ? 'debited' : 'credited';
      return accept({
        state: 'cancelled',
        reason: started ? 'HOLDER_ABANDONED' : 'HOLDER_CANCELLED',
        outcome: { cpfRights: kept ? 'restored' : 'debited', resteACharge },
      });
    }
    default:
      return refuse('INVALID_PAYLOAD');
  }
  return refuse('INVALID_IN_STATE');
}

/** The state path, as the contract names it. */
export function statePathOf(dossier: ExampleDossier): string {
  if (dossier.state !== 'finished') return dossier.state;
  return dossier.evaluated ? 'finished.evaluated' : 'finished.awaitingEvaluation';
}
