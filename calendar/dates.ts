/**
 * Calendar dates as `YYYY-MM-DD` strings, and the day arithmetic the working-day
 * table is built on. A calendar date has no time zone: it is the name of a day.
 */

/** A calendar date written `YYYY-MM-DD`, e.g. `2026-04-03`. */
export type CalendarDate = string;

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/**
 * Reads `YYYY-MM-DD`, refusing dates that do not exist.
 * @example parseCalendarDate('2026-02-30') // { ok: false, error: "'2026-02-30' is not a calendar date: February 2026 has 28 days" }
 */
export function parseCalendarDate(text: unknown): Result<CalendarDate, string> {
  if (typeof text !== 'string') {
    return { ok: false, error: `${describeValue(text)} is not a calendar date (expected YYYY-MM-DD)` };
  }
  const match = DATE_PATTERN.exec(text);
  if (!match) return { ok: false, error: `'${text}' is not a calendar date (expected YYYY-MM-DD)` };
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12) return { ok: false, error: `'${text}' is not a calendar date: there is no month ${month}` };
  const length = daysInMonth(year, month);
  if (day < 1 || day > length) {
    const monthName = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return { ok: false, error: `'${text}' is not a calendar date: ${monthName} ${year} has ${length} days` };
  }
  return { ok: true, value: text };
}

/** True for a string that names an existing day, e.g. `isCalendarDate('2028-02-29') === true`. */
export function isCalendarDate(text: unknown): text is CalendarDate {
  return parseCalendarDate(text).ok;
}

/** The number of days in a month, e.g. `daysInMonth(2028, 2) === 29`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcDayStart(year, month, 0)).getUTCDate();
}

/**
 * `Date.UTC(year, month - 1, day)` for every year: `Date.UTC` reads years 0 to 99 as
 * 1900 to 1999, which would put '0050-01-01' in 1950.
 */
function utcDayStart(year: number, monthIndex: number, day: number): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day);
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

/** Days since 1970-01-01, e.g. `toDayNumber('1970-01-02') === 1`. The input must be a valid date. */
export function toDayNumber(date: CalendarDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return utcDayStart(year, month - 1, day) / MS_PER_DAY;
}

/** The inverse of `toDayNumber`, e.g. `fromDayNumber(20546) === '2026-04-03'`. */
export function fromDayNumber(dayNumber: number): CalendarDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `days` calendar days later (or earlier when negative), e.g. `addCalendarDays('2026-12-31', 1) === '2027-01-01'`. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 for Sunday to 6 for Saturday, e.g. `weekdayOf('2026-04-03') === 5` (a Friday). */
export function weekdayOf(date: CalendarDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/** The English weekday name, e.g. `weekdayNameOf('2026-04-06') === 'Monday'`. */
export function weekdayNameOf(date: CalendarDate): WeekdayName {
  return WEEKDAY_NAMES[weekdayOf(date)]!;
}

/** The year of a date, e.g. `yearOf('2026-04-03') === 2026`. */
export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  // JSON.stringify writes NaN and Infinity as null.
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
