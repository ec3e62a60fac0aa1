import { addCalendarDays, addWorkingDays, calendarDateOf, endOfDay, latestDateWithWorkingDaysBefore, startOfDay } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import { CPF_POLICY, PARTICIPATION_RATES } from '../policy/cpf-policy.js';
import type { DossierContext, DossierStateName } from '../machines/types.js';

/**
 * The instants at which the model sends its events: for a fixed training, a small set on
 * both sides of every rule that reads the clock (rules.md sections 1 to 5). A deadline is
 * tried at its last millisecond and one millisecond later; a rule on dates ("the training
 * has started", "7 working days before the start") at the last millisecond of the day
 * before and the first millisecond of the day it changes. Because the set is finite and
 * small, so is the graph of the model.
 */
export interface TimedCandidate {
  at: Instant;
  /** What the instant is, for a reader: `organisationResponse deadline + 1 ms`. */
  label: string;
}

const HOUR = 3_600_000;

/** The instant the model starts from: 09:00 on the day 32 working days before the start. */
export function originOf(context: Pick<DossierContext, 'calendar' | 'training'>): Instant {
  return startOfDay(latestDateWithWorkingDaysBefore(context.training.start, 32, context.calendar), context.calendar) + 9 * HOUR;
}

function lastMs(date: CalendarDate, region: Region): Instant {
  return endOfDay(date, region);
}

function firstMs(date: CalendarDate, region: Region): Instant {
  return startOfDay(date, region);
}

/** The two sides of a deadline shown as the date of its last day. */
function aroundDeadline(name: string, date: CalendarDate | undefined, region: Region): TimedCandidate[] {
  if (date === undefined) return [];
  const end = endOfDay(date, region);
  return [
    { at: end, label: `${name} deadline (last ms)` },
    { at: end + 1, label: `${name} deadline + 1 ms` },
  ];
}

/** The two sides of the first day `date` on which a date rule changes. */
function aroundDay(before: string, after: string, date: CalendarDate, region: Region): TimedCandidate[] {
  return [
    { at: lastMs(addCalendarDays(date, -1), region), label: before },
    { at: firstMs(date, region), label: after },
  ];
}

/**
 * The instants worth trying from a state, later than or at `clock` (each instant once,
 * with the first label that names it), in time order.
 */
export function candidateInstants(state: DossierStateName, context: DossierContext, clock: Instant | null): TimedCandidate[] {
  const { calendar: region, training, deadlines } = context;
  const origin = originOf(context);
  const now = clock ?? origin;
  const list: TimedCandidate[] = [{ at: now, label: clock === null ? 'origin (start - 32 working days, 09:00)' : 'now' }];
  const { cancellation, registration } = CPF_POLICY;
  switch (state) {
    case 'draft': {
      if (context.identity.activatedAt !== null) {
        const usable = context.identity.activatedAt + CPF_POLICY.identity.activationDelayMs;
        list.push({ at: usable - 1, label: 'identity usable - 1 ms' }, { at: usable, label: 'identity usable (activation + 24 h)' });
      }
      for (const days of [30, 20]) {
        const date = latestDateWithWorkingDaysBefore(training.start, days, region);
        list.push({ at: firstMs(date, region) + 10 * HOUR, label: `start - ${days} working days (10:00)` });
      }
      const last = deadlines.registration!;
      list.push(
        { at: lastMs(last, region), label: `registration deadline (last ms, start - ${registration.minWorkingDaysBeforeStart} working days)` },
        { at: firstMs(addCalendarDays(last, 1), region), label: 'registration deadline + 1 day (first ms)' },
      );
      break;
    }
    case 'requested':
      list.push(...aroundDeadline('organisationResponse', deadlines.organisationResponse, region));
      break;
    case 'accepted': {
      list.push(...aroundDeadline('holderValidation', deadlines.holderValidation, region));
      // The dated participation table (rules.md section 4): a validation on both sides of each new rate.
      const lastOnTime = deadlines.holderValidation === undefined ? now : endOfDay(deadlines.holderValidation, region);
      for (const rate of PARTICIPATION_RATES) {
        for (const candidate of aroundDay(`day before the ${rate.from} rate (last ms)`, `${rate.from} rate (first ms)`, rate.from, region)) {
          if (candidate.at <= lastOnTime) list.push(candidate);
        }
      }
      break;
    }
    case 'validated': {
      const validatedOn = calendarDateOf(context.validatedAt ?? now, region);
      const days = cancellation.freeWhileValidatedForLessThanWorkingDays;
      const charged = addWorkingDays(validatedOn, days, region);
      list.push(...aroundDay(`validation + ${days - 1} working days (last ms)`, `validation + ${days} working days (first ms)`, charged, region));
      const near = cancellation.freeWhenStartIsMoreThanWorkingDays;
      const lastFar = latestDateWithWorkingDaysBefore(training.start, near + 1, region);
      list.push(
        { at: lastMs(lastFar, region), label: `start - ${near + 1} working days (last ms)` },
        { at: firstMs(addCalendarDays(lastFar, 1), region), label: `start - ${near} working days (first ms)` },
      );
      list.push(...aroundDay('start - 1 day (last ms)', 'start (first ms)', training.start, region));
      list.push(...aroundDeadline('entryDeclaration', deadlines.entryDeclaration, region));
      break;
    }
    case 'in-training':
      list.push(...aroundDay('end - 1 day (last ms)', 'end (first ms)', training.end, region));
      list.push(...aroundDeadline('exitDeclaration', deadlines.exitDeclaration, region));
      break;
    default:
      break;
  }
  const seen = new Set<Instant>();
  return list
    .filter((candidate) => candidate.at >= now)
    .sort((a, b) => a.at - b.at)
    .filter((candidate) => (seen.has(candidate.at) ? false : (seen.add(candidate.at), true)));
}
