import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// The parser's instances are date-holidays' instances (same class, other data): its types serve.
import type Holidays from 'date-holidays';
import type { CalendarDate } from './dates.js';
import { cachedPublicHolidaysOf } from './holiday-cache.js';
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

/**
 * Speed (start-up): date-holidays is its parser, date-holidays-parser, fed with the
 * data of every country (`class Holidays extends HolidaysParser { constructor(...) {
 * super(data, ...) } }`). Importing it as an ES module loads the parser's ES sources
 * and the data of 200 countries: about 170 ms, most of a CLI run. Here the very same
 * parser is loaded from its CommonJS build, fed with only France's entry (and the
 * overseas countries it borrows from) of the very same data (date-holidays' own data/holidays.json, read when first needed), and only
 * when a holiday is first asked for: about 70 ms, and nothing for a command that needs
 * no holiday (bench/RESULTS.md). test/holidays-source.test.ts holds every public
 * holiday of every region, 2000 to 2100, against date-holidays itself.
 */
const require = createRequire(import.meta.url);

interface HolidayData {
  version: string;
  license: string;
  holidays: Record<string, unknown>;
  names: unknown;
}

let parser: { Parser: new (data: HolidayData, country: string, state?: string | object, opts?: object) => Holidays; data: HolidayData } | undefined;

function loadParser(): NonNullable<typeof parser> {
  if (parser === undefined) {
    const Parser = (require('date-holidays-parser') as { default: NonNullable<typeof parser>['Parser'] }).default;
    const file = join(dirname(require.resolve('date-holidays/package.json')), 'data', 'holidays.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as HolidayData;
    // France only (its regions are its states), with the countries its rules borrow days
    // from (`_days: GP` in FR-GP); `names` holds the names rules refer to.
    parser = { Parser, data: { version: all.version, license: all.license, holidays: countriesReferredBy('FR', all.holidays), names: all.names } };
  }
  return parser;
}

/** `country`'s entry, and those its rules refer to with `_days` (a country code or a path that starts with one), transitively. */
function countriesReferredBy(country: string, holidays: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const pending = [country];
  while (pending.length > 0) {
    const code = pending.pop()!;
    if (code in kept || !(code in holidays)) continue;
    kept[code] = holidays[code];
    const walk = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      for (const [key, child] of Object.entries(value)) {
        if (key === '_days') pending.push(String(Array.isArray(child) ? child[0] : child));
        else walk(child);
      }
    };
    walk(holidays[code]);
  }
  return kept;
}

const sources = new Map<Region, Holidays>();

function sourceFor(region: Region): Holidays {
  let source = sources.get(region);
  if (!source) {
    // Untyped input must not reach date-holidays, which answers "no holidays" for a region it does not know.
    const parsed = parseRegion(region);
    if (!parsed.ok) throw new RangeError(parsed.error);
    const [country, state] = region.split('-') as [string, string | undefined];
    const { Parser, data } = loadParser();
    source = state ? new Parser(data, country, state, { languages: ['fr'] }) : new Parser(data, country, { languages: ['fr'] });
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
  return cachedPublicHolidaysOf(region, year) ?? computePublicHolidaysOf(region, year);
}

/** `publicHolidaysOf` asked of date-holidays itself, never of the cache. */
export function computePublicHolidaysOf(region: Region, year: number): PublicHoliday[] {
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
