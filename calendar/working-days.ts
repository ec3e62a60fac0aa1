import { daysFromCivil, dayNumberOfDate, describeValue, fromDayNumber, parseCalendarDate, toDayNumber, weekdayOf, weekdayOfDay, yearOfDay } from './dates.js';
import type { CalendarDate } from './dates.js';
import { FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR, publicHolidaysOf } from './holidays.js';
import type { PublicHoliday } from './holidays.js';
import { DEFAULT_REGION, isRegion, parseRegion } from './regions.js';
import type { Region } from './regions.js';
import { clearYearPatterns, countWorkingDaysOfYear } from './whole-years.js';

/**
 * Working days ("jours ouvrés", rules.md section 1): Monday to Friday, except public
 * holidays of the region. Speed (issue 13): only the years a query touches are built,
 * one table per year (its working days, and a running count), and the whole years
 * between two dates are counted from their pattern (calendar/whole-years.ts), so that
 * no query costs more than a few milliseconds, whatever its dates: 2 working days or
 * 0100-01-01 to 9999-12-31. Any date from 0100-01-01 to 9999-12-31 works (the years
 * date-holidays answers for); one outside them, or an answer that would be, is a
 * RangeError that says so.
 */

interface YearTable {
  /** Day number of 1 January. */
  firstDay: number;
  /** `countUpTo[i]`: working days in [firstDay, firstDay + i], both ends included. */
  countUpTo: Uint16Array;
  /** The day numbers of the year's working days, in order. */
  workingDays: Int32Array;
  holidays: Map<number, PublicHoliday>;
}

/** Year tables kept per region (about 2.5 KB each); the oldest built is dropped first. */
const YEAR_TABLES_PER_REGION = 512;

/** What a region's queries read: one Map look-up per query to reach all of it. */
interface RegionCalendar {
  region: Region;
  tables: Map<number, YearTable>;
  /** Working days of each whole year once counted; -1 before. */
  counts: Int32Array;
  /** The two tables last answered from: a query asks about one or two years, mostly the same again. */
  recent: YearTable | undefined;
  previous: YearTable | undefined;
}

const calendars = new Map<Region, RegionCalendar>();

function calendarOf(region: Region): RegionCalendar {
  let calendar = calendars.get(region);
  if (!calendar) {
    calendar = { region, tables: new Map(), counts: new Int32Array(LAST_HOLIDAY_YEAR + 1).fill(-1), recent: undefined, previous: undefined };
    calendars.set(region, calendar);
  }
  return calendar;
}

/** The days a table can cover: the years date-holidays answers for (see holidays.ts). */
const FIRST_DAY = daysFromCivil(FIRST_HOLIDAY_YEAR, 1, 1);
const LAST_DAY = daysFromCivil(LAST_HOLIDAY_YEAR, 12, 31);
const COVERED = `${fromDayNumber(FIRST_DAY)} to ${fromDayNumber(LAST_DAY)}`;

function buildYear(region: Region, year: number): YearTable {
  const firstDay = daysFromCivil(year, 1, 1);
  const length = daysFromCivil(year + 1, 1, 1) - firstDay;
  const holidays = new Map<number, PublicHoliday>();
  for (const holiday of publicHolidaysOf(region, year)) holidays.set(toDayNumber(holiday.date), holiday);
  const countUpTo = new Uint16Array(length);
  const workingDays: number[] = [];
  for (let i = 0; i < length; i++) {
    const day = firstDay + i;
    if (!isWeekendDay(day) && !holidays.has(day)) workingDays.push(day);
    countUpTo[i] = workingDays.length;
  }
  return { firstDay, countUpTo, workingDays: Int32Array.from(workingDays), holidays };
}

/** The table of a year of the region, built when first asked. */
function yearTable(calendar: RegionCalendar, year: number): YearTable {
  let table = calendar.tables.get(year);
  if (!table) {
    table = buildYear(calendar.region, year);
    if (calendar.tables.size >= YEAR_TABLES_PER_REGION) calendar.tables.delete(calendar.tables.keys().next().value!);
    calendar.tables.set(year, table);
  }
  return table;
}

function holdsDay(table: YearTable | undefined, day: number): table is YearTable {
  return table !== undefined && day >= table.firstDay && day < table.firstDay + table.countUpTo.length;
}

/** The table of the year a day falls in. */
function tableOfDay(calendar: RegionCalendar, day: number): YearTable {
  if (holdsDay(calendar.recent, day)) return calendar.recent;
  const table = holdsDay(calendar.previous, day) ? calendar.previous : yearTable(calendar, yearOfDay(day));
  calendar.previous = calendar.recent;
  calendar.recent = table;
  return table;
}

/** Working days of a whole year: from its table if built, else from its pattern (or its table after all). */
function workingDaysOfYear(calendar: RegionCalendar, year: number): number {
  let count = calendar.counts[year]!;
  if (count < 0) {
    count = calendar.tables.get(year)?.workingDays.length ?? countWorkingDaysOfYear(calendar.region, year) ?? yearTable(calendar, year).workingDays.length;
    calendar.counts[year] = count;
  }
  return count;
}

/** Working days in [1 January, day], both included. */
function countUpTo(table: YearTable, day: number): number {
  return table.countUpTo[day - table.firstDay]!;
}

function requireDate(value: CalendarDate, what: string): number {
  // Speed: a valid date in the covered years (nearly every call) is read in one step;
  // anything else takes the path below, which words the error.
  const fast = dayNumberOfDate(value);
  if (fast !== undefined && fast >= FIRST_DAY && fast <= LAST_DAY) return fast;
  const parsed = parseCalendarDate(value);
  if (!parsed.ok) throw new RangeError(`${what}: ${parsed.error}`);
  const day = toDayNumber(parsed.value);
  requireCovered(day, what);
  return day;
}

function requireCovered(day: number, what: string): void {
  if (!(day >= FIRST_DAY && day <= LAST_DAY)) {
    const date = Number.isFinite(day) ? `'${fromDayNumber(day)}'` : describeValue(day);
    throw new RangeError(`${what}: ${date} is outside the dates the holiday calendar covers (${COVERED})`);
  }
}

function requireRegion(value: Region): Region {
  if (isRegion(value)) return value; // speed: no result object for a known region
  const parsed = parseRegion(value);
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.value;
}

function requireCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what}: n must be a whole number of working days, 0 or more; got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Whether a date is a working day in a region.
 * @example isWorkingDay('2026-04-03') === true; isWorkingDay('2026-04-03', 'FR-57') === false // Good Friday
 */
export function isWorkingDay(date: CalendarDate, region: Region = DEFAULT_REGION): boolean {
  const day = requireDate(date, 'isWorkingDay');
  const table = tableOfDay(calendarOf(requireRegion(region)), day);
  return !isWeekendDay(day) && !table.holidays.has(day);
}

function isWeekendDay(day: number): boolean {
  const weekday = weekdayOfDay(day);
  return weekday === 0 || weekday === 6;
}

/**
 * The n-th working day after `date`; `date` itself never counts, and n = 0 gives `date`.
 * @example addWorkingDays('2026-04-03', 2) === '2026-04-08' // skips Easter Monday
 */
export function addWorkingDays(date: CalendarDate, n: number, region: Region = DEFAULT_REGION): CalendarDate {
  return fromDayNumber(addWorkingDaysToDay(requireDate(date, 'addWorkingDays'), requireCount(n, 'addWorkingDays'), requireRegion(region)));
}

/** `addWorkingDays` on day numbers, for callers that already validated their input. */
export function addWorkingDaysToDay(day: number, n: number, region: Region): number {
  requireCovered(day, 'addWorkingDays');
  if (n === 0) return day;
  // Each working day is a day later at least: no answer can lie past the last day.
  if (n > LAST_DAY - day) throw beyondCoveredDays(day, n);
  const calendar = calendarOf(region);
  const table = tableOfDay(calendar, day);
  const index = countUpTo(table, day) + n - 1;
  if (index < table.workingDays.length) return table.workingDays[index]!;
  // Whole years are skipped by their counts; only the year the answer falls in is built.
  let left = index - table.workingDays.length + 1;
  for (let year = yearOfDay(day) + 1; year <= LAST_HOLIDAY_YEAR; year++) {
    const count = workingDaysOfYear(calendar, year);
    if (left <= count) return tableOfDay(calendar, daysFromCivil(year, 1, 1)).workingDays[left - 1]!;
    left -= count;
  }
  throw beyondCoveredDays(day, n);
}

function beyondCoveredDays(day: number, n: number): RangeError {
  return new RangeError(`addWorkingDays: ${n} working days after '${fromDayNumber(day)}' is past the dates the holiday calendar covers (${COVERED})`);
}

/**
 * How many working days x satisfy a < x <= b (0 when b <= a).
 * @example workingDaysBetween('2026-03-02', '2026-03-17') === 11
 */
export function workingDaysBetween(a: CalendarDate, b: CalendarDate, region: Region = DEFAULT_REGION): number {
  return workingDaysBetweenDays(requireDate(a, 'workingDaysBetween'), requireDate(b, 'workingDaysBetween'), requireRegion(region));
}

/** `workingDaysBetween` on day numbers, for callers that already validated their input. */
export function workingDaysBetweenDays(a: number, b: number, region: Region): number {
  requireCovered(a, 'workingDaysBetween');
  requireCovered(b, 'workingDaysBetween');
  if (b <= a) return 0;
  const calendar = calendarOf(region);
  const first = tableOfDay(calendar, a);
  if (b < first.firstDay + first.countUpTo.length) return countUpTo(first, b) - countUpTo(first, a);
  const last = tableOfDay(calendar, b);
  const lastYear = yearOfDay(last.firstDay);
  let count = first.workingDays.length - countUpTo(first, a);
  for (let year = yearOfDay(first.firstDay) + 1; year < lastYear; year++) count += workingDaysOfYear(calendar, year);
  return count + countUpTo(last, b);
}

/**
 * The latest date d with `workingDaysBetween(d, target) >= n`: the last day on which
 * something "at least n working days before target" can still happen.
 * @example latestDateWithWorkingDaysBefore('2026-03-17', 11) === '2026-03-02'
 */
export function latestDateWithWorkingDaysBefore(target: CalendarDate, n: number, region: Region = DEFAULT_REGION): CalendarDate {
  return fromDayNumber(
    latestDayWithWorkingDaysBefore(requireDate(target, 'latestDateWithWorkingDaysBefore'), requireCount(n, 'latestDateWithWorkingDaysBefore'), requireRegion(region)),
  );
}

/** `latestDateWithWorkingDaysBefore` on day numbers. */
export function latestDayWithWorkingDaysBefore(target: number, n: number, region: Region): number {
  requireCovered(target, 'latestDateWithWorkingDaysBefore');
  if (n === 0) return target;
  if (n > target - FIRST_DAY + 1) throw beforeCoveredDays(target, n);
  const calendar = calendarOf(region);
  const table = tableOfDay(calendar, target);
  // The n-th working day counting back from target (target included) must lie after d.
  const upTo = countUpTo(table, target);
  if (n <= upTo) return table.workingDays[upTo - n]! - 1;
  let left = n - upTo;
  for (let year = yearOfDay(target) - 1; year >= FIRST_HOLIDAY_YEAR; year--) {
    const count = workingDaysOfYear(calendar, year);
    if (left <= count) return tableOfDay(calendar, daysFromCivil(year, 1, 1)).workingDays[count - left]! - 1;
    left -= count;
  }
  throw beforeCoveredDays(target, n);
}

function beforeCoveredDays(target: number, n: number): RangeError {
  return new RangeError(
    `latestDateWithWorkingDaysBefore: ${n} working days before '${fromDayNumber(target)}' is before the dates the holiday calendar covers (${COVERED})`,
  );
}

/**
 * The public holidays x with a < x <= b, with their names and legal source: what a count
 * of working days skipped. It reads every year of the span (date-holidays costs about
 * 2 ms a year outside 2015-2040), so it is for spans people read, not for millennia.
 * @example holidaysBetween('2026-04-03', '2026-04-08') // [{ date: '2026-04-06', name: 'Lundi de Pâques', law: 'Code du travail, art. L3133-1' }]
 */
export function holidaysBetween(a: CalendarDate, b: CalendarDate, region: Region = DEFAULT_REGION): PublicHoliday[] {
  const from = requireDate(a, 'holidaysBetween');
  const to = requireDate(b, 'holidaysBetween');
  const calendar = calendarOf(requireRegion(region));
  const found: PublicHoliday[] = [];
  if (to <= from) return found;
  for (let year = yearOfDay(from + 1); year <= yearOfDay(to); year++) {
    for (const [day, holiday] of yearTable(calendar, year).holidays) if (day > from && day <= to) found.push(holiday);
  }
  return found.sort((x, y) => (x.date < y.date ? -1 : 1));
}

/** The name of the public holiday on a date, or null, e.g. `holidayOn('2026-05-14') === 'Ascension'`. */
export function holidayOn(date: CalendarDate, region: Region = DEFAULT_REGION): string | null {
  const day = requireDate(date, 'holidayOn');
  return tableOfDay(calendarOf(requireRegion(region)), day).holidays.get(day)?.name ?? null;
}

/** Whether a date is a Saturday or Sunday, e.g. `isWeekend('2026-04-04') === true`. */
export function isWeekend(date: CalendarDate): boolean {
  const parsed = parseCalendarDate(date);
  if (!parsed.ok) throw new RangeError(`isWeekend: ${parsed.error}`);
  const weekday = weekdayOf(parsed.value);
  return weekday === 0 || weekday === 6;
}

/** The years whose table is built for a region, in order (for tests and the benchmark). */
export function builtYears(region: Region): number[] {
  return [...(calendars.get(region)?.tables.keys() ?? [])].sort((x, y) => x - y);
}

/** Forgets every built table and count, so that a benchmark can time a cold start. */
export function clearWorkingDayTables(): void {
  calendars.clear();
  clearYearPatterns();
}
