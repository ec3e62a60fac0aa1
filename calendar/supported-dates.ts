import { parseCalendarDate, toDayNumber } from './dates.js';
import type { CalendarDate } from './dates.js';
import { FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR } from './holidays.js';
import { calendarDateOf } from './instants.js';
import { isRegion } from './regions.js';
import type { Region } from './regions.js';

/**
 * The dates the working-day calendar answers for: the years date-holidays reads
 * (calendar/holidays.ts). Every calendar function given a date outside them, or asked
 * for an answer outside them, throws a RangeError; callers that must never throw
 * (the API) check their dates, deadlines included, with these first.
 */
export const FIRST_SUPPORTED_DATE: CalendarDate = `0${FIRST_HOLIDAY_YEAR}-01-01`;
export const LAST_SUPPORTED_DATE: CalendarDate = `${LAST_HOLIDAY_YEAR}-12-31`;

/**
 * Whether a value is a calendar date the calendar answers for.
 * @example isSupportedDate('0100-01-01') === true; isSupportedDate('0099-12-31') === false
 */
export function isSupportedDate(value: unknown): value is CalendarDate {
  // YYYY-MM-DD strings of 4-digit years sort as their dates.
  return parseCalendarDate(value).ok && (value as string) >= FIRST_SUPPORTED_DATE && (value as string) <= LAST_SUPPORTED_DATE;
}

/** A day beyond the supported dates on each side, in milliseconds: every time zone is within it. */
const FIRST_INSTANT_NEAR = (toDayNumber(FIRST_SUPPORTED_DATE) - 1) * 86_400_000;
const LAST_INSTANT_NEAR = (toDayNumber(LAST_SUPPORTED_DATE) + 2) * 86_400_000;

/**
 * Whether an instant's calendar date in the region's zone is one the calendar answers for.
 * @example isSupportedInstant(Date.parse('9999-12-31T22:59:59Z'), 'FR') === true; isSupportedInstant(Date.parse('9999-12-31T23:00:00Z'), 'FR') === false // 1 January 10000 in Paris
 */
export function isSupportedInstant(value: unknown, region: Region): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < FIRST_INSTANT_NEAR || value > LAST_INSTANT_NEAR || !isRegion(region)) return false;
  return isSupportedDate(calendarDateOf(value, region));
}
