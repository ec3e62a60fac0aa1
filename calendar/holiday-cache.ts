import { readFileSync } from 'node:fs';
import type { CalendarDate } from './dates.js';
import type { Region } from './regions.js';

/**
 * Speed (start-up): the public holidays of every region for the years dossiers live in,
 * written by the build from date-holidays itself (calendar/write-holiday-cache.ts) next
 * to the built code, so that a CLI run reads a small JSON file instead of loading
 * date-holidays' parser, its time-zone library and its data (about 100 ms). A year or a
 * region the file does not hold, or no file (running from source), asks date-holidays.
 * test/holidays-source.test.ts checks the built file against date-holidays.
 */
export const CACHED_YEARS = { first: 2015, last: 2040 } as const;

export interface HolidayCacheFile {
  source: string;
  years: { first: number; last: number };
  /** Holiday names, referred to by index. */
  names: string[];
  /** region -> year -> [MM-DD, name index][] */
  regions: Record<string, Record<string, Array<[string, number]>>>;
}

export const HOLIDAY_CACHE_URL = new URL('./holidays-cache.json', import.meta.url);

let cache: HolidayCacheFile | null | undefined;

function loadCache(): HolidayCacheFile | null {
  if (cache === undefined) {
    try {
      cache = JSON.parse(readFileSync(HOLIDAY_CACHE_URL, 'utf8')) as HolidayCacheFile;
    } catch {
      cache = null;
    }
  }
  return cache;
}

/** The public holidays of a region's year from the build's cache, or null when it does not hold them. */
export function cachedPublicHolidaysOf(region: Region, year: number): Array<{ date: CalendarDate; name: string }> | null {
  const file = loadCache();
  const days = file?.regions[region]?.[String(year)];
  if (!file || !days) return null;
  return days.map(([monthDay, name]) => ({ date: `${year}-${monthDay}`, name: file.names[name]! }));
}
