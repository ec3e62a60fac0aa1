/**
 * Calendar dates as `YYYY-MM-DD` strings, and the day arithmetic the working-day
 * table is built on. A calendar date has no time zone: it is the name of a day.
 */

/** A calendar date written `YYYY-MM-DD`, e.g. `2026-04-03`. */
export type CalendarDate = string;

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

const MS_PER_DAY = 86_400_000;
/** Also the JSON Schema's pattern for dates (schema/scenario.schema.json). */
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  // Speed: a well-formed, existing date (nearly every call, on the hot path of every
  // working-day query) is checked digit by digit, without the regular expression and its
  // match array; the same answer. Anything else takes the regular expression below, which
  // words the error.
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { ok: true, value: text };
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

/**
 * The day number of a valid `YYYY-MM-DD` date, or undefined for anything else: what
 * `parseCalendarDate` then `toDayNumber` give, in one step, for the working-day queries.
 */
export function dayNumberOfDate(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/** True for a string that names an existing day, e.g. `isCalendarDate('2028-02-29') === true`. */
export function isCalendarDate(text: unknown): text is CalendarDate {
  return parseCalendarDate(text).ok;
}

/**
 * A date read for a helper that needs one: its value, or a RangeError naming the helper
 * and the value (never an internal TypeError), e.g. `requireCalendarDate('2026-02-30', 'weekdayOf')` throws.
 */
export function requireCalendarDate(value: unknown, what: string): CalendarDate {
  const parsed = parseCalendarDate(value);
  if (!parsed.ok) throw new RangeError(`${what}: ${parsed.error}`);
  return parsed.value;
}

/** The number of days in a month, e.g. `daysInMonth(2028, 2) === 29`. */
export function daysInMonth(year: number, month: number): number {
  // Speed: arithmetic instead of a Date for the usual input (parseCalendarDate calls this
  // for every date it reads); the same proleptic Gregorian answer. Anything unusual
  // (month out of range, a year Date cannot hold) still goes through Date.
  if (Number.isInteger(year) && Math.abs(year) <= 200_000 && Number.isInteger(month) && month >= 1 && month <= 12) {
    return month === 2 ? (isLeapYear(year) ? 29 : 28) : MONTH_LENGTHS[month]!;
  }
  return new Date(utcDayStart(year, month, 0)).getUTCDate();
}

/** Days in each month of a common year, indexed 1 to 12. */
const MONTH_LENGTHS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
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
  if (typeof date !== 'string') throw new RangeError(`toDayNumber: ${describeValue(date)} is not a calendar date (expected YYYY-MM-DD)`);
  // Speed: the working-day table, deadlines and guards turn dates into day numbers on
  // every event; reading the 8 digits and counting days arithmetically costs a tenth
  // of slicing, Number() and Date.UTC. Same answer (a day past the month's end rolls
  // over, as Date.UTC does); any other shape takes the old path below.
  if (date.length === 10) {
    const y = digitsAt(date, 0, 4);
    const m = digitsAt(date, 5, 2);
    const d = digitsAt(date, 8, 2);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 0) return daysFromCivil(y, m, d);
  }
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return utcDayStart(year, month - 1, day) / MS_PER_DAY;
}

/** The inverse of `toDayNumber`, e.g. `fromDayNumber(20546) === '2026-04-03'`. */
export function fromDayNumber(dayNumber: number): CalendarDate {
  // Speed: civil-from-days arithmetic instead of Date#toISOString (about 5 times
  // faster), for whole day numbers of years 0 to 9999, where toISOString writes
  // YYYY-MM-DD too; anything else keeps the Date path and its exact output.
  if (Number.isInteger(dayNumber) && dayNumber >= FIRST_FOUR_DIGIT_DAY && dayNumber <= LAST_FOUR_DIGIT_DAY) {
    // And the last few thousand days written are remembered (a direct-mapped cache: one
    // slot per day number modulo 4096): deadlines and guards write the same days over and over.
    const slot = dayNumber & (WRITTEN_DAY_SLOTS - 1);
    if (writtenDayNumbers[slot] === dayNumber) return writtenDays[slot]!;
    const written = civilFromDays(dayNumber);
    writtenDayNumbers[slot] = dayNumber;
    writtenDays[slot] = written;
    return written;
  }
  if (!Number.isInteger(dayNumber) || Math.abs(dayNumber) > 100_000_000) {
    throw new RangeError(`fromDayNumber: ${describeValue(dayNumber)} is not a day number (whole days since 1970-01-01, within ±100,000,000)`);
  }
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The value of `count` ASCII digits of `text` from `start`, or -1 if one is not a digit. */
export function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (year >= 0, month 1 to 12; a day
 * past the month's end counts on into the next). H. Hinnant's `days_from_civil`.
 * @example daysFromCivil(2026, 4, 3) === toDayNumber('2026-04-03')
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const WRITTEN_DAY_SLOTS = 4096;
const writtenDayNumbers = new Float64Array(WRITTEN_DAY_SLOTS).fill(Number.NaN);
const writtenDays: string[] = new Array<string>(WRITTEN_DAY_SLOTS).fill('');

/** Day numbers of 0000-01-01 and 9999-12-31: the dates written with a 4-digit year. */
const FIRST_FOUR_DIGIT_DAY = -719_528;
const LAST_FOUR_DIGIT_DAY = 2_932_896;

const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DD` of a day number of years 0 to 9999: H. Hinnant's `civil_from_days`. */
function civilFromDays(dayNumber: number): CalendarDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const yyyy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** The date `days` calendar days later (or earlier when negative), e.g. `addCalendarDays('2026-12-31', 1) === '2027-01-01'`. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const day = toDayNumber(requireCalendarDate(date, 'addCalendarDays'));
  if (!Number.isSafeInteger(days)) throw new RangeError(`addCalendarDays: ${describeValue(days)} is not a whole number of days`);
  return fromDayNumber(day + days);
}

/** 0 for Sunday to 6 for Saturday, e.g. `weekdayOf('2026-04-03') === 5` (a Friday). */
export function weekdayOf(date: CalendarDate): number {
  return weekdayOfDay(toDayNumber(requireCalendarDate(date, 'weekdayOf')));
}

/** `weekdayOf` on a day number (1970-01-01, day 0, was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The English weekday name, e.g. `weekdayNameOf('2026-04-06') === 'Monday'`. */
export function weekdayNameOf(date: CalendarDate): WeekdayName {
  return WEEKDAY_NAMES[weekdayOfDay(toDayNumber(requireCalendarDate(date, 'weekdayNameOf')))]!;
}

/** The year of a day number, e.g. `yearOfDay(toDayNumber('2026-12-31')) === 2026`. */
export function yearOfDay(day: number): number {
  // Speed: civil_from_days (see civilFromDays) stopped at the year, without a Date.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  return yearOfEra + era * 400 + (dayOfYear >= 306 ? 1 : 0);
}

/** The year of a date, e.g. `yearOf('2026-04-03') === 2026`. */
export function yearOf(date: CalendarDate): number {
  return Number(requireCalendarDate(date, 'yearOf').slice(0, 4));
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
