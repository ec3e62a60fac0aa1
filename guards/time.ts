import { calendarDateOf, endOfDay } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';

/** `date(t)` of rules.md: the calendar date of an instant in the calendar's zone. */
export function dateOf(at: Instant, region: Region): CalendarDate {
  return calendarDateOf(at, region);
}

/**
 * Whether an instant is past a deadline shown as the date of its last day: on time up
 * to 23:59:59.999 of that day in the calendar's zone, late from the next millisecond.
 * @example isPastDeadline(Date.parse('2026-04-08T21:59:59.999Z'), '2026-04-08', 'FR') === false
 */
export function isPastDeadline(at: Instant, deadline: CalendarDate, region: Region): boolean {
  return at > endOfDay(deadline, region);
}

/** The first instant past a deadline: when time alone makes it expire. */
export function firstInstantPast(deadline: CalendarDate, region: Region): Instant {
  return endOfDay(deadline, region) + 1;
}
