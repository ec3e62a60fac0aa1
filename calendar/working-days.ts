import { dayNumberOfDate, describeValue, fromDayNumber, parseCalendarDate, toDayNumber, weekdayOf, weekdayOfDay } from './dates.js';
import type { CalendarDate } from './dates.js';
import { FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR, publicHolidaysOf } from './holidays.js';
import type { PublicHoliday } from './holidays.js';
import { DEFAULT_REGION, isRegion, parseRegion } from './regions.js';
import type { Region } from './regions.js';

/**
 * Working days ("jours ouvrés", rules.md section 1): Monday to Friday, except public
 * holidays of the region. Every answer comes from a per-region table of whole years,
 * built the first time a year is asked and extended when a date falls outside it, so a
 * query costs the same for 2 working days or 2,000. Any date from 0100-01-01 to
 * 9999-12-31 works (the years date-holidays answers for); one outside them, or an
 * answer that would be, is a RangeError that says so.
 */

interface WorkingDayTable {
  firstYear: number;
  lastYear: number;
  /** Day number of 1 January of `firstYear`. */
  firstDay: number;
  /** `countUpTo[i]`: working days in [firstDay, firstDay + i], both ends included. */
  countUpTo: Int32Array;
  /** The day numbers of the working days, in order. */
  workingDays: Int32Array;
  holidays: Map<number, PublicHoliday>;
}

const tables = new Map<Region, WorkingDayTable>();

/** Years built at once on a region's first use, around the year asked. */
const YEARS_AROUND_FIRST_USE = 2;

/** The days a table can cover: the years date-holidays answers for (see holidays.ts). */
const FIRST_DAY = toDayNumber(firstOfJanuary(FIRST_HOLIDAY_YEAR));
const LAST_DAY = toDayNumber(`${LAST_HOLIDAY_YEAR}-12-31`);
const COVERED = `${firstOfJanuary(FIRST_HOLIDAY_YEAR)} to ${LAST_HOLIDAY_YEAR}-12-31`;

function firstOfJanuary(year: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-01-01`;
}

function clampYear(year: number): number {
  return Math.min(LAST_HOLIDAY_YEAR, Math.max(FIRST_HOLIDAY_YEAR, year));
}

/**
 * The table of `firstYear` to `lastYear`. The holidays of the years `previous` already
 * holds are taken from it (date-holidays costs milliseconds per year), so extending a
 * table a year at a time only reads the new years.
 */
function buildTable(region: Region, firstYear: number, lastYear: number, previous?: WorkingDayTable): WorkingDayTable {
  const firstDay = toDayNumber(firstOfJanuary(firstYear));
  const endDay = lastYear === LAST_HOLIDAY_YEAR ? LAST_DAY + 1 : toDayNumber(firstOfJanuary(lastYear + 1));
  const holidays = new Map<number, PublicHoliday>(previous?.holidays);
  for (let year = firstYear; year <= lastYear; year++) {
    if (previous && previous.firstYear <= year && year <= previous.lastYear) continue;
    for (const holiday of publicHolidaysOf(region, year)) holidays.set(toDayNumber(holiday.date), holiday);
  }
  const length = endDay - firstDay;
  const countUpTo = new Int32Array(length);
  const workingDays: number[] = [];
  let count = 0;
  for (let i = 0; i < length; i++) {
    const day = firstDay + i;
    if (!isWeekendDay(day) && !holidays.has(day)) {
      count++;
      workingDays.push(day);
    }
    countUpTo[i] = count;
  }
  return { firstYear, lastYear, firstDay, countUpTo, workingDays: Int32Array.from(workingDays), holidays };
}

function yearOfDay(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** The region's table, extended so that it covers the years of `fromDay` to `toDay`. */
function tableCovering(region: Region, fromDay: number, toDay: number): WorkingDayTable {
  const table = tables.get(region);
  // Speed: every query lands here. A table holds whole years, days firstDay to
  // firstDay + length - 1, so comparing day numbers is the same test as comparing the
  // years, without two Dates.
  if (table && fromDay >= table.firstDay && toDay < table.firstDay + table.countUpTo.length) return table;
  const fromYear = yearOfDay(fromDay);
  const toYear = yearOfDay(toDay);
  if (table && table.firstYear <= fromYear && toYear <= table.lastYear) return table;
  const firstYear = clampYear(table ? Math.min(table.firstYear, fromYear) : fromYear - YEARS_AROUND_FIRST_USE);
  const lastYear = clampYear(table ? Math.max(table.lastYear, toYear) : toYear + YEARS_AROUND_FIRST_USE);
  const built = buildTable(region, firstYear, lastYear, table);
  tables.set(region, built);
  return built;
}

/** Working days in [table start, day], both included. */
function countUpTo(table: WorkingDayTable, day: number): number {
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
  const table = tableCovering(requireRegion(region), day, day);
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
  // Each working day is a day later at least: no table can hold an answer past its last day.
  if (n > LAST_DAY - day) throw beyondCoveredDays(day, n);
  let table = tableCovering(region, day, day);
  let index = countUpTo(table, day) + n - 1;
  while (index >= table.workingDays.length) {
    if (table.lastYear === LAST_HOLIDAY_YEAR) throw beyondCoveredDays(day, n);
    table = tableCovering(region, day, grownLastDay(table));
    index = countUpTo(table, day) + n - 1;
  }
  return table.workingDays[index]!;
}

function beyondCoveredDays(day: number, n: number): RangeError {
  return new RangeError(`addWorkingDays: ${n} working days after '${fromDayNumber(day)}' is past the dates the holiday calendar covers (${COVERED})`);
}

function grownLastDay(table: WorkingDayTable): number {
  // Grow by at least a year, and by as much again as the table already spans, so
  // that a huge count extends the table a logarithmic number of times.
  const span = table.lastYear - table.firstYear + 1;
  return toDayNumber(`${String(clampYear(table.lastYear + Math.max(1, span))).padStart(4, '0')}-12-31`);
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
  const table = tableCovering(region, a, b);
  return countUpTo(table, b) - countUpTo(table, a);
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
  let table = tableCovering(region, target, target);
  // The n-th working day counting back from target (target included) must lie after d.
  let index = countUpTo(table, target) - n;
  while (index < 0) {
    if (table.firstYear === FIRST_HOLIDAY_YEAR) throw beforeCoveredDays(target, n);
    const span = table.lastYear - table.firstYear + 1;
    table = tableCovering(region, toDayNumber(firstOfJanuary(clampYear(table.firstYear - Math.max(1, span)))), target);
    index = countUpTo(table, target) - n;
  }
  return table.workingDays[index]! - 1;
}

function beforeCoveredDays(target: number, n: number): RangeError {
  return new RangeError(
    `latestDateWithWorkingDaysBefore: ${n} working days before '${fromDayNumber(target)}' is before the dates the holiday calendar covers (${COVERED})`,
  );
}

/**
 * The public holidays x with a < x <= b, with their names: what a count of working days skipped.
 * @example holidaysBetween('2026-04-03', '2026-04-08') // [{ date: '2026-04-06', name: 'Lundi de Pâques' }]
 */
export function holidaysBetween(a: CalendarDate, b: CalendarDate, region: Region = DEFAULT_REGION): PublicHoliday[] {
  const from = requireDate(a, 'holidaysBetween');
  const to = requireDate(b, 'holidaysBetween');
  if (to <= from) return [];
  const table = tableCovering(requireRegion(region), from, to);
  const found: PublicHoliday[] = [];
  for (let day = from + 1; day <= to; day++) {
    const holiday = table.holidays.get(day);
    if (holiday !== undefined) found.push(holiday);
  }
  return found;
}

/** The name of the public holiday on a date, or null, e.g. `holidayOn('2026-05-14') === 'Ascension'`. */
export function holidayOn(date: CalendarDate, region: Region = DEFAULT_REGION): string | null {
  const day = requireDate(date, 'holidayOn');
  return tableCovering(requireRegion(region), day, day).holidays.get(day)?.name ?? null;
}

/** Whether a date is a Saturday or Sunday, e.g. `isWeekend('2026-04-04') === true`. */
export function isWeekend(date: CalendarDate): boolean {
  const parsed = parseCalendarDate(date);
  if (!parsed.ok) throw new RangeError(`isWeekend: ${parsed.error}`);
  const weekday = weekdayOf(parsed.value);
  return weekday === 0 || weekday === 6;
}

/** The years a region's table holds now (for measuring its build). */
export function tableYears(region: Region): { firstYear: number; lastYear: number } | null {
  const table = tables.get(region);
  return table ? { firstYear: table.firstYear, lastYear: table.lastYear } : null;
}

/** Forgets every built table, so that a benchmark can time a cold build. */
export function clearWorkingDayTables(): void {
  tables.clear();
}
