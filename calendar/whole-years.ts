import { daysFromCivil, toDayNumber, weekdayOfDay } from './dates.js';
import { CACHED_YEARS } from './holiday-cache.js';
import { correctionYearsOf } from './holiday-corrections.js';
import { FIRST_HOLIDAY_YEAR, publicHolidaysOf } from './holidays.js';
import type { Region } from './regions.js';

/**
 * Working days of whole years without building them (issue 13): a year's count depends
 * only on its weekday structure and its holidays, and France's holidays are fixed dates
 * or days at a fixed distance from Easter. So a count over a thousand years costs a
 * thousand small sums, not a thousand calls to date-holidays (about 2 ms each).
 *
 * The holidays' shape (a "year pattern": the fixed MM-DD and the Easter offsets) is
 * read from the generated cache, 26 years of date-holidays' days corrected by law, for
 * each stretch of years between two correction rows. A pattern is kept only if it gives
 * back every cached year exactly; a stretch without one (no cached year, or days of
 * another shape) counts its years from their own holidays, exact and slower.
 * test/working-days-years.test.ts holds the pattern against date-holidays' own years
 * from 100 to 9999.
 */

/**
 * Easter Sunday (proleptic Gregorian) as a day number: Gauss's formula as date-easter,
 * date-holidays' Easter, writes it.
 * @example easterSundayOf(2026) === toDayNumber('2026-04-05')
 */
export function easterSundayOf(year: number): number {
  const k = Math.floor(year / 100);
  const m = 15 + Math.floor((3 * k + 3) / 4) - Math.floor((8 * k + 13) / 25);
  const s = 2 - Math.floor((3 * k + 3) / 4);
  const a = year % 19;
  const d = (19 * a + m) % 30;
  const r = Math.floor((d + Math.floor(a / 11)) / 29);
  const fullMoon = 21 + d - r;
  const sunday = 7 - ((year + Math.floor(year / 4) + s) % 7);
  const marchDay = fullMoon + 7 - ((fullMoon - sunday) % 7);
  return daysFromCivil(year, 3, marchDay);
}

/** Monday 1970-01-05 is day 4: weekdays are counted in whole weeks from a Monday. */
const A_MONDAY = 4;

/**
 * How many Mondays to Fridays lie in [from, to) (day numbers), in closed form.
 * @example weekdaysInDays(toDayNumber('2026-04-03'), toDayNumber('2026-04-07')) === 2 // Friday and Monday
 */
export function weekdaysInDays(from: number, to: number): number {
  return to <= from ? 0 : weekdaysBefore(to) - weekdaysBefore(from);
}

/** Weekdays from A_MONDAY (or before it, negatively) up to `day`, excluded. */
function weekdaysBefore(day: number): number {
  const offset = day - A_MONDAY;
  const weeks = Math.floor(offset / 7);
  return weeks * 5 + Math.min(offset - weeks * 7, 5);
}

interface YearPattern {
  /** [month, day] of the fixed holidays. */
  fixed: Array<[number, number]>;
  /** Days after Easter Sunday (negative: before). */
  fromEaster: number[];
  /**
   * Speed: a year's count depends only on whether it is leap, the weekday of 1 January
   * and the day of the year Easter falls on (22 March to 25 April): counts by that key,
   * -1 until first needed. So a count is a computus and a look-up.
   */
  counts: Int16Array;
}

/** Easter Sunday falls 80 to 116 days after 1 January (22 March in a common year to 25 April in a leap one). */
const FIRST_EASTER_OFFSET = 80;
const EASTER_OFFSETS = 37;

/** The pattern of `years` (all in one stretch), or null if their days are not all of that shape. */
function patternOf(region: Region, years: number[]): YearPattern | null {
  if (years.length < 2) return null;
  const daysOf = new Map(years.map((year) => [year, new Set(publicHolidaysOf(region, year).map((holiday) => toDayNumber(holiday.date)))]));
  const [first] = years as [number];
  const fixed: Array<[number, number]> = [];
  const fromEaster: number[] = [];
  for (const day of daysOf.get(first)!) {
    const date = new Date(day * 86_400_000);
    const monthDay: [number, number] = [date.getUTCMonth() + 1, date.getUTCDate()];
    const offset = day - easterSundayOf(first);
    if (years.every((year) => daysOf.get(year)!.has(daysFromCivil(year, monthDay[0], monthDay[1])))) fixed.push(monthDay);
    else if (years.every((year) => daysOf.get(year)!.has(easterSundayOf(year) + offset))) fromEaster.push(offset);
    else return null;
  }
  const pattern = { fixed, fromEaster, counts: new Int16Array(2 * 7 * EASTER_OFFSETS).fill(-1) };
  for (const year of years) {
    const days = holidayDaysOf(pattern, year);
    const actual = daysOf.get(year)!;
    if (days.length !== actual.size || !days.every((day) => actual.has(day))) return null;
  }
  return pattern;
}

/** The distinct holiday days of a pattern's year. */
function holidayDaysOf(pattern: YearPattern, year: number): number[] {
  const days: number[] = [];
  const add = (day: number) => {
    if (!days.includes(day)) days.push(day);
  };
  for (const [month, day] of pattern.fixed) add(daysFromCivil(year, month, day));
  const easter = easterSundayOf(year);
  for (const offset of pattern.fromEaster) add(easter + offset);
  return days;
}

interface RegionPatterns {
  /** First years of each stretch after the first (the correction rows' years). */
  boundaries: number[];
  patterns: Array<YearPattern | null | undefined>;
}

const regionPatterns = new Map<Region, RegionPatterns>();

function patternFor(region: Region, year: number): YearPattern | null {
  let known = regionPatterns.get(region);
  if (!known) {
    const boundaries = correctionYearsOf(region).filter((from) => from > FIRST_HOLIDAY_YEAR);
    known = { boundaries, patterns: new Array<YearPattern | null | undefined>(boundaries.length + 1) };
    regionPatterns.set(region, known);
  }
  let stretch = 0;
  while (stretch < known.boundaries.length && year >= known.boundaries[stretch]!) stretch++;
  if (known.patterns[stretch] === undefined) {
    const from = stretch === 0 ? -Infinity : known.boundaries[stretch - 1]!;
    const to = stretch === known.boundaries.length ? Infinity : known.boundaries[stretch]!;
    const cached: number[] = [];
    for (let y = CACHED_YEARS.first; y <= CACHED_YEARS.last; y++) if (y >= from && y < to) cached.push(y);
    known.patterns[stretch] = patternOf(region, cached);
  }
  return known.patterns[stretch]!;
}

/**
 * The working days of a whole year in a region, from its pattern, or null when its
 * stretch of years has none (count the year from its own holidays then).
 * @example countWorkingDaysOfYear('FR', 2026) === 252
 */
export function countWorkingDaysOfYear(region: Region, year: number): number | null {
  const pattern = patternFor(region, year);
  if (!pattern) return null;
  const first = daysFromCivil(year, 1, 1);
  const next = daysFromCivil(year + 1, 1, 1);
  const key = ((next - first - 365) * 7 + weekdayOfDay(first)) * EASTER_OFFSETS + (easterSundayOf(year) - first - FIRST_EASTER_OFFSET);
  let count = pattern.counts[key]!;
  if (count < 0) {
    const holidaysOnWeekdays = holidayDaysOf(pattern, year).filter((day) => weekdaysInDays(day, day + 1) === 1).length;
    count = weekdaysInDays(first, next) - holidaysOnWeekdays;
    pattern.counts[key] = count;
  }
  return count;
}

/** Forgets the patterns (for a benchmark's cold start). */
export function clearYearPatterns(): void {
  regionPatterns.clear();
}
