import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { REGIONS, publicHolidaysOf } from '../calendar/index.js';
import { CACHED_YEARS } from '../calendar/holiday-cache.js';
import type { HolidayCacheFile } from '../calendar/holiday-cache.js';
import { holidaySourceTimeZones } from '../calendar/holidays.js';
import type { Region } from '../calendar/index.js';

/**
 * calendar/holidays.ts does not import date-holidays: for start-up time it feeds
 * date-holidays' own parser (date-holidays-parser, CommonJS build) with France's entry
 * of date-holidays' own data. This holds every answer against the full package, as an
 * ES module, exactly as it was used before: every region, every year 2000 to 2100.
 */

function fullPackageSource(region: Region): Holidays {
  const [country, state] = region.split('-') as [string, string | undefined];
  return state ? new Holidays(country, state, { languages: ['fr'] }) : new Holidays(country, { languages: ['fr'] });
}

/** publicHolidaysOf, computed from the full package the way calendar/holidays.ts did. */
function publicHolidaysFromFullPackage(source: Holidays, year: number): { date: string; name: string }[] {
  const byDate = new Map<string, string>();
  for (const holiday of source.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const date = holiday.date.slice(0, 10);
    byDate.set(date, byDate.has(date) ? `${byDate.get(date)} / ${holiday.name}` : holiday.name);
  }
  return [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

describe('the holiday source against the full date-holidays package', () => {
  it.each(REGIONS.map((region) => [region]))('%s: the same public holidays, with the same names, every year 2000-2100', (region) => {
    const full = fullPackageSource(region);
    for (let year = 2000; year <= 2100; year++) {
      expect(publicHolidaysOf(region, year), `${region} ${year}`).toEqual(publicHolidaysFromFullPackage(full, year));
    }
  });

  it.each(REGIONS.map((region) => [region]))('%s: the same time zones', (region) => {
    expect(holidaySourceTimeZones(region)).toEqual(fullPackageSource(region).getTimezones());
  });

  it('agrees at the ends of the years the calendar covers (100 and 9999) and on a few in between', () => {
    for (const region of REGIONS) {
      const full = fullPackageSource(region);
      for (const year of [100, 101, 1582, 1583, 1900, 1970, 2024, 2025, 2026, 2027, 2200, 5000, 9998, 9999]) {
        expect(publicHolidaysOf(region, year), `${region} ${year}`).toEqual(publicHolidaysFromFullPackage(full, year));
      }
    }
  });
});

describe('the holiday cache the build writes next to the built code', () => {
  const cacheFile = fileURLToPath(new URL('../dist/calendar/holidays-cache.json', import.meta.url));

  it('exists after the build (npm test builds before it runs the tests)', () => {
    expect(existsSync(cacheFile), 'dist/calendar/holidays-cache.json is missing: run `npm run build`').toBe(true);
  });

  it.each(REGIONS.map((region) => [region]))('%s: every cached year holds exactly the public holidays of date-holidays', (region) => {
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as HolidayCacheFile;
    expect(cache.years).toEqual(CACHED_YEARS);
    const full = fullPackageSource(region);
    for (let year = CACHED_YEARS.first; year <= CACHED_YEARS.last; year++) {
      const cached = cache.regions[region]![String(year)]!.map(([monthDay, name]) => ({ date: `${year}-${monthDay}`, name: cache.names[name] }));
      expect(cached, `${region} ${year}`).toEqual(publicHolidaysFromFullPackage(full, year));
    }
  });
});
