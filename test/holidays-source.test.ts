import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_CORRECTIONS, REGIONS, publicHolidaysOf } from '../calendar/index.js';
import { CACHED_YEARS } from '../calendar/holiday-cache.js';
import { HOLIDAY_CACHE } from '../calendar/holiday-cache-data.js';
import { computePublicHolidaysOf, holidaySourceTimeZones } from '../calendar/holidays.js';
import { holidayCacheModule } from '../calendar/write-holiday-cache.js';
import type { Region } from '../calendar/index.js';

/**
 * calendar/holidays.ts does not import date-holidays: for start-up time it feeds
 * date-holidays' own parser (date-holidays-parser, CommonJS build) with France's entry
 * of date-holidays' own data, then applies the law's corrections. This holds every
 * answer against the full package, as an ES module, with the correction rows applied
 * here: every region, every year 2000 to 2100.
 */

function fullPackageSource(region: Region): Holidays {
  const [country, state] = region.split('-') as [string, string | undefined];
  return state ? new Holidays(country, state, { languages: ['fr'] }) : new Holidays(country, { languages: ['fr'] });
}

/** The public days of the full package, with the correction rows applied: [date, name, corrected?]. */
function correctedFullPackage(region: Region, source: Holidays, year: number): Array<[string, string, boolean]> {
  const byDate = new Map<string, [string, string, boolean]>();
  for (const holiday of source.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const row = HOLIDAY_CORRECTIONS.find((correction) => correction.region === region && correction.sourceRule === holiday.rule && year >= correction.fromYear);
    if (row && row.lawDay === null) continue;
    const date = row ? `${holiday.date.slice(0, 5)}${row.lawDay}` : holiday.date.slice(0, 10);
    const same = byDate.get(date);
    byDate.set(date, same ? [date, `${same[1]} / ${holiday.name}`, same[2] || row !== undefined] : [date, holiday.name, row !== undefined]);
  }
  return [...byDate.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function ours(region: Region, year: number): Array<[string, string, boolean]> {
  return publicHolidaysOf(region, year).map((holiday) => [holiday.date, holiday.name, holiday.correction !== undefined]);
}

describe('the holiday source against the full date-holidays package, corrected by law', () => {
  it.each(REGIONS.map((region) => [region]))('%s: the same public holidays, with the same names, every year 2000-2100', (region) => {
    const full = fullPackageSource(region);
    for (let year = 2000; year <= 2100; year++) {
      expect(ours(region, year), `${region} ${year}`).toEqual(correctedFullPackage(region, full, year));
    }
  });

  it.each(REGIONS.map((region) => [region]))('%s: the same time zones', (region) => {
    expect(holidaySourceTimeZones(region)).toEqual(fullPackageSource(region).getTimezones());
  });

  it('agrees at the ends of the years the calendar covers (100 and 9999) and on a few in between', () => {
    for (const region of REGIONS) {
      const full = fullPackageSource(region);
      for (const year of [100, 101, 1582, 1583, 1900, 1970, 2017, 2018, 2024, 2025, 2026, 2027, 2200, 5000, 9998, 9999]) {
        expect(ours(region, year), `${region} ${year}`).toEqual(correctedFullPackage(region, full, year));
      }
    }
  });
});

describe('the generated holiday cache (calendar/holiday-cache-data.ts)', () => {
  it('is exactly what `npm run holidays` writes from date-holidays and the corrections today', () => {
    const committed = readFileSync(new URL('../calendar/holiday-cache-data.ts', import.meta.url), 'utf8');
    expect(committed, 'calendar/holiday-cache-data.ts is stale: run `npm run holidays`').toBe(holidayCacheModule());
  });

  it('holds every region for the years 2015-2040, and gives the same answers as date-holidays corrected', () => {
    expect(HOLIDAY_CACHE.years).toEqual(CACHED_YEARS);
    expect(Object.keys(HOLIDAY_CACHE.regions)).toEqual(REGIONS);
    for (const region of REGIONS) {
      for (let year = CACHED_YEARS.first; year <= CACHED_YEARS.last; year++) {
        expect(publicHolidaysOf(region, year), `${region} ${year}`).toEqual(computePublicHolidaysOf(region, year));
      }
    }
  });

  it('is plain code: the modules a library user loads import neither node: modules nor date-holidays', () => {
    for (const file of ['dates', 'holiday-cache', 'holiday-cache-data', 'holiday-corrections', 'holidays', 'instants', 'regions', 'supported-dates', 'working-days', 'deadlines', 'index']) {
      const source = readFileSync(new URL(`../calendar/${file}.ts`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import (?!type ).*from '([^']+)'/gm)].map((match) => match[1]);
      expect(imports.filter((specifier) => !specifier!.startsWith('./')), `calendar/${file}.ts`).toEqual([]);
    }
  });
});
