import type { CalendarDate } from './dates.js';
import { HOLIDAY_CACHE } from './holiday-cache-data.js';
import type { Region } from './regions.js';

/**
 * Speed and bundling: the public holidays of every region for the years dossiers live
 * in, as a module of data (calendar/holiday-cache-data.ts) generated from date-holidays
 * and the law's corrections by `npm run holidays`, imported like any other code: no
 * file read at run time, nothing for a bundler to miss. A year outside it asks
 * date-holidays (calendar/holidays.ts). test/holidays-source.test.ts fails when the
 * module no longer matches date-holidays and the corrections.
 */
export const CACHED_YEARS = { first: 2015, last: 2040 } as const;

export interface HolidayCache {
  source: string;
  years: { first: number; last: number };
  /** [name, legal source, correction rule or ''], referred to by index. */
  holidays: Array<[string, string, string]>;
  /** region -> one entry per year from `years.first`: `MM-DD:index` separated by spaces. */
  regions: Record<string, string[]>;
}

/** The public holidays of a region's year from the cache, or null when it does not hold them. */
export function cachedPublicHolidaysOf(region: Region, year: number): Array<{ date: CalendarDate; name: string; law: string; correction?: string }> | null {
  const days = HOLIDAY_CACHE.regions[region]?.[year - HOLIDAY_CACHE.years.first];
  if (days === undefined || year < HOLIDAY_CACHE.years.first) return null;
  if (days === '') return [];
  return days.split(' ').map((entry) => {
    const [name, law, correction] = HOLIDAY_CACHE.holidays[Number(entry.slice(6))]!;
    const date = `${year}-${entry.slice(0, 5)}`;
    return correction ? { date, name, law, correction } : { date, name, law };
  });
}
