import Holidays from 'date-holidays';
import { HOLIDAY_CORRECTIONS } from '../calendar/holiday-corrections.js';
import type { Region } from '../calendar/regions.js';

/**
 * The naive baseline for working days: walk day by day and ask date-holidays
 * `Holidays#isHoliday` about each day, counting only holidays of type `public`
 * (rules.md section 1). It shares no code with calendar/ but the Region type, so the
 * property tests can hold the table against it, and the benchmark can time it. The
 * law's correction rows (calendar/holiday-corrections.ts, data) are applied here too:
 * a day date-holidays gets wrong is dropped, a moved day is asked about by its date.
 *
 * A day is asked about at 12:00 UTC. `isHoliday` takes an instant and reads it in the
 * region's own zone; every zone of these calendars is within 4 hours of UTC (and
 * within 12 in their history), so 12:00 UTC always falls inside the same calendar day
 * there.
 */

const MS_PER_DAY = 86_400_000;

/** Whether one calendar day (given as its 12:00 UTC instant) is a public holiday. */
export type NaiveHolidayCheck = (noonUtc: Date, region: Region) => boolean;

const sources = new Map<Region, Holidays>();

function sourceFor(region: Region): Holidays {
  let source = sources.get(region);
  if (!source) {
    const [country, state] = region.split('-') as [string, string | undefined];
    source = state ? new Holidays(country, state) : new Holidays(country);
    sources.set(region, source);
  }
  return source;
}

/** One `isHoliday` call per day: what the naive loop costs (about a millisecond a day). */
export const naiveIsPublicHoliday: NaiveHolidayCheck = (noonUtc, region) => {
  const year = noonUtc.getUTCFullYear();
  const rows = HOLIDAY_CORRECTIONS.filter((row) => row.region === region && year >= row.fromYear);
  const monthDay = noonUtc.toISOString().slice(5, 10);
  if (rows.some((row) => row.lawDay === monthDay)) return true;
  const found = sourceFor(region).isHoliday(noonUtc);
  if (found === false || !found.some((holiday) => holiday.type === 'public')) return false;
  if (rows.length === 0) return true;
  // isHoliday's answers carry no rule: the year's list does, for the regions with corrections.
  const date = noonUtc.toISOString().slice(0, 10);
  const onTheDay = sourceFor(region)
    .getHolidays(year)
    .filter((holiday) => holiday.type === 'public' && holiday.date.slice(0, 10) === date);
  return onTheDay.some((holiday) => !rows.some((row) => row.sourceRule === holiday.rule));
};

/**
 * The same answers, remembered per region and day: for the property tests, which ask
 * about the same days many times. The benchmark times the uncached check.
 */
export function memoizedHolidayCheck(check: NaiveHolidayCheck = naiveIsPublicHoliday): NaiveHolidayCheck {
  const known = new Map<string, boolean>();
  return (noonUtc, region) => {
    const key = `${region} ${noonUtc.getTime()}`;
    let answer = known.get(key);
    if (answer === undefined) {
      answer = check(noonUtc, region);
      known.set(key, answer);
    }
    return answer;
  };
}

function noonOf(date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`naive calendar: '${date}' is not YYYY-MM-DD`);
  const noon = new Date(0);
  noon.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  noon.setUTCHours(12, 0, 0, 0);
  if (noon.toISOString().slice(0, 10) !== date) throw new RangeError(`naive calendar: '${date}' is not a calendar date`);
  return noon;
}

function dateOf(noon: Date): string {
  return noon.toISOString().slice(0, 10);
}

function isNaiveWorkingDay(noon: Date, region: Region, isPublicHoliday: NaiveHolidayCheck): boolean {
  const weekday = noon.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isPublicHoliday(noon, region);
}

/** Whether a date is a working day, asked of date-holidays directly. */
export function naiveIsWorkingDay(date: string, region: Region = 'FR', isPublicHoliday: NaiveHolidayCheck = naiveIsPublicHoliday): boolean {
  return isNaiveWorkingDay(noonOf(date), region, isPublicHoliday);
}

/** The n-th working day after `date` (`date` itself never counts), one day at a time. */
export function naiveAddWorkingDays(date: string, n: number, region: Region = 'FR', isPublicHoliday: NaiveHolidayCheck = naiveIsPublicHoliday): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`naive calendar: ${n} is not a count of working days`);
  let day = noonOf(date);
  let found = 0;
  while (found < n) {
    day = new Date(day.getTime() + MS_PER_DAY);
    if (isNaiveWorkingDay(day, region, isPublicHoliday)) found++;
  }
  return dateOf(day);
}

/** How many working days x satisfy a < x <= b, one day at a time. */
export function naiveWorkingDaysBetween(a: string, b: string, region: Region = 'FR', isPublicHoliday: NaiveHolidayCheck = naiveIsPublicHoliday): number {
  const last = noonOf(b).getTime();
  let count = 0;
  for (let time = noonOf(a).getTime() + MS_PER_DAY; time <= last; time += MS_PER_DAY) {
    if (isNaiveWorkingDay(new Date(time), region, isPublicHoliday)) count++;
  }
  return count;
}
