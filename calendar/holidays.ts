// The parser's instances are date-holidays' instances (same class, other data): its types serve.
import type Holidays from 'date-holidays';
import type { CalendarDate } from './dates.js';
import { cachedPublicHolidaysOf, CACHED_YEARS } from './holiday-cache.js';
import { correctionsFor, legalSourceOf } from './holiday-corrections.js';
import { parseRegion } from './regions.js';
import type { Region } from './regions.js';

/**
 * The one place that reads date-holidays, and where the law corrects it
 * (calendar/holiday-corrections.ts). Only holidays of type `public` count (rules.md
 * section 1): observances such as Fête des Mères, bank holidays such as Good Friday in
 * Saint-Barthélemy, and optional days such as Victor Schœlcher day are not days off.
 */
export interface PublicHoliday {
  date: CalendarDate;
  name: string;
  /** The text that makes the day a public holiday, e.g. 'Code du travail, art. L3133-1'. */
  law: string;
  /** Set when the law moved date-holidays' day: the correction row's rule. */
  correction?: string;
}

/**
 * Speed and bundling: years 2015-2040 come from a generated module of data
 * (calendar/holiday-cache-data.ts), so that a CLI run or a bundled program (esbuild, a
 * browser) needs neither date-holidays nor node:fs. Other years ask date-holidays'
 * parser (date-holidays-parser, the class date-holidays extends), loaded only then,
 * through Node's own require, with France's entry of date-holidays' data (and the
 * overseas countries it borrows from): about 70 ms, once. Outside Node (no
 * `process.getBuiltinModule`) those years are a RangeError that says so.
 */
interface HolidayData {
  version: string;
  license: string;
  holidays: Record<string, unknown>;
  names: unknown;
}

type ParserClass = new (data: HolidayData, country: string, state?: string | object, opts?: object) => Holidays;

let parser: { Parser: ParserClass; data: HolidayData } | undefined;

interface NodeModuleApi {
  createRequire(from: string): (id: string) => unknown;
}

/** Node's require, found without importing node:module, so that bundlers for the browser see no Node import. */
function nodeRequire(): ((id: string) => unknown) | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; cwd?: () => string } }).process;
  const moduleApi = process?.getBuiltinModule?.('node:module') as NodeModuleApi | undefined;
  if (!moduleApi) return null;
  // A CommonJS bundle has no import.meta.url: resolve from the working directory then.
  const from = typeof import.meta.url === 'string' ? import.meta.url : `${process!.cwd!()}/`;
  return moduleApi.createRequire(from);
}

function loadParser(): NonNullable<typeof parser> {
  if (parser === undefined) {
    const require = nodeRequire();
    if (!require) {
      throw new RangeError(
        `the public holidays of years outside ${CACHED_YEARS.first}-${CACHED_YEARS.last} come from date-holidays, which is loaded only under Node.js`,
      );
    }
    const Parser = (require('date-holidays-parser') as { default: ParserClass }).default;
    const all = (require('date-holidays/data') as { data: HolidayData }).data;
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
    const [country, state] = region.split('-') as [string, string | undefined];
    const { Parser, data } = loadParser();
    source = state ? new Parser(data, country, state, { languages: ['fr'] }) : new Parser(data, country, { languages: ['fr'] });
    sources.set(region, source);
  }
  return source;
}

function requireRegion(region: Region): void {
  // Untyped input must not reach date-holidays, which answers "no holidays" for a region it does not know.
  const parsed = parseRegion(region);
  if (!parsed.ok) throw new RangeError(parsed.error);
}

/**
 * The years date-holidays answers for: it reads a year below 100 as 19xx (asked for
 * year 50 it returns the holidays of 1950) and writes years from 10000 on with their
 * last four digits only.
 */
export const FIRST_HOLIDAY_YEAR = 100;
export const LAST_HOLIDAY_YEAR = 9999;

/**
 * The public holidays of one year in one region, in date order, with their legal source.
 * @example publicHolidaysOf('FR-MF', 2026).find((h) => h.date === '2026-05-28')?.correction // 'Abolition of slavery in Saint-Martin is on 28 May from 2018 (27 May before)'
 */
export function publicHolidaysOf(region: Region, year: number): PublicHoliday[] {
  requireRegion(region);
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR) {
    throw new RangeError(`publicHolidaysOf: ${String(year)} is not a year from ${FIRST_HOLIDAY_YEAR} to ${LAST_HOLIDAY_YEAR}`);
  }
  return cachedPublicHolidaysOf(region, year) ?? computePublicHolidaysOf(region, year);
}

/** `publicHolidaysOf` asked of date-holidays itself (corrected by law), never of the cache. */
export function computePublicHolidaysOf(region: Region, year: number): PublicHoliday[] {
  requireRegion(region);
  const corrections = correctionsFor(region, year);
  const byDate = new Map<CalendarDate, PublicHoliday>();
  for (const holiday of sourceFor(region).getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const correction = corrections.find((row) => row.sourceRule === holiday.rule);
    if (correction && correction.lawDay === null) continue;
    const date = correction ? `${holiday.date.slice(0, 5)}${correction.lawDay}` : holiday.date.slice(0, 10);
    const law = correction ? correction.law : legalSourceOf(region, holiday.rule);
    const same = byDate.get(date);
    // A day with two public holidays (it happens: Ascension on 1 May 2008) is one day off, named twice.
    if (same) {
      same.name = `${same.name} / ${holiday.name}`;
      if (!same.law.split('; ').includes(law)) same.law = `${same.law}; ${law}`;
      if (correction) same.correction = correction.rule;
    } else {
      byDate.set(date, correction ? { date, name: holiday.name, law, correction: correction.rule } : { date, name: holiday.name, law });
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The time zones date-holidays itself gives a region (used to cross-check ours). */
export function holidaySourceTimeZones(region: Region): string[] {
  requireRegion(region);
  return sourceFor(region).getTimezones();
}
