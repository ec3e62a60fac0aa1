import { describeValue, fromDayNumber } from './dates.js';
import type { CalendarDate } from './dates.js';
import { dayOfInstant, requireInstant, startOfDayNumber } from './instants.js';
import type { Instant } from './instants.js';
import { timeZoneOf } from './regions.js';
import type { Region } from './regions.js';
import { addWorkingDaysToDay } from './working-days.js';

/** A deadline: the calendar date of its last day, and the last instant that is on time. */
export interface Deadline {
  date: CalendarDate;
  endsAt: Instant;
}

/**
 * "Within n working days of t" (rules.md section 1): the end of the day (23:59:59.999 in
 * the region's zone) of `addWorkingDays(date(t), n)`. An action at or before `endsAt`
 * is on time.
 * @example deadlineAfterWorkingDays(Date.parse('2026-04-03T14:00:00Z'), 2, 'FR').date === '2026-04-08'
 */
export function deadlineAfterWorkingDays(t: Instant, n: number, region: Region): Deadline {
  requireInstant(t, 'deadlineAfterWorkingDays');
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`deadlineAfterWorkingDays: n must be a whole number of working days, 0 or more; got ${describeValue(n)}`);
  }
  const zone = timeZoneOf(region);
  const day = addWorkingDaysToDay(dayOfInstant(t, zone), n, region);
  return { date: fromDayNumber(day), endsAt: startOfDayNumber(day + 1, zone) - 1 };
}
