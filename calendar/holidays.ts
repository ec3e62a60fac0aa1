import Holidays from 'date-holidays';
import type { CalendarDate } from './dates.js';
import { parseRegion } from './regions.js';
import type { Region } from './regions.js';

/**
 * The one place that reads date-holidays. Only holidays of type `public` count
 * (rules.md section 1): observances such as Fête des Mères, bank holidays such as
 * Good Friday in Saint-Barthélemy, and optional days are not days off.
 */
export interface PublicHoliday {
  date: CalendarDate;
  name: string;
}

const sources = new Map<Region, Holidays>();

function sourceFor(region: Region): Holidays {
  let source = sources.get(region);
  if (!source) {
    // Untyped input must not reach date-holidays, which answers "no holidays" for a region it does not know.
    const parsed = parseRegion(region);
    if (!parsed.ok) throw new RangeError(parsed.error);
    const [country, state] = region.split('-') as [string, string | undefined];
    source = state ? new Holidays(country, state, { languages: ['fr'] }) : new Holidays(country, { languages: ['fr'] });
    sources.set(region, source);
  }
  return source;
}

/**
 * The years date-holidays answers for: it reads a year below 100 as 19xx (asked for
 * year 50 it returns the holidays of 1950) and writes years from 10000 on with their
 * last four digits only.
 */
export const FIRST_HOLIDAY_YEAR = 100;
export const LAST_HOLIDAY_YEAR = 9999;

/** The public holidays of one year in one region, in date order, e.g. 11 days for `FR` in 2026. */
export function publicHolidaysOf(region: Region, year: number): PublicHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR) {
    throw new RangeError(`publicHolidaysOf: ${String(year)} is not a year from ${FIRST_HOLIDAY_YEAR} to ${LAST_HOLIDAY_YEAR}`);
  }
  const byDate = new Map<CalendarDate, string>();
  for (const holiday of sourceFor(region).getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const date = holiday.date.slice(0, 10);
    // A day with two public holidays (it happens: Ascension on 1 May 2008) is one day off, named twice.
    byDate.set(date, byDate.has(date) ? `${byDate.get(date)} / ${holiday.name}` : holiday.name);
  }
  return [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The time zones date-holidays itself gives a region (used to cross-check ours). */
export function holidaySourceTimeZones(region: Region): string[] {
  return sourceFor(region).getTimezones();
}
