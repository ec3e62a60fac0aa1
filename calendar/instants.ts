import { daysFromCivil, daysInMonth, describeValue, digitsAt, fromDayNumber, parseCalendarDate, requireCalendarDate, toDayNumber } from './dates.js';
import type { CalendarDate, Result } from './dates.js';
import { timeZoneOf } from './regions.js';
import type { Region } from './regions.js';

/**
 * Instants are milliseconds since 1970-01-01T00:00:00Z. Calendar dates of instants
 * are read in the region's own time zone, through the platform's time-zone data
 * (Intl), so a daylight-saving change never shifts a date.
 */
export type Instant = number;

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 200_000;

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function computeOffset(zone: string, instant: Instant): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - fields.year! : fields.year!;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, fields.month! - 1, fields.day!);
  asUtc.setUTCHours(fields.hour!, fields.minute!, fields.second!, 0);
  return asUtc.getTime() - (instant - mod(instant, 1000));
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/**
 * The UTC years whose offsets are read from a table of the year's changes. In them the
 * zones of the regions change offset at most twice a year, months apart (Paris's summer
 * time, back since 1976; the overseas zones do not change), so sampling the year every
 * week finds every change, and halving the week around it finds its second. Outside
 * them (local mean time, the war years) every hour is checked, as below.
 */
const TABLE_YEARS = { first: 1980, last: 2200 } as const;
const SAMPLE_MS = 7 * MS_PER_DAY;

/** A zone's offsets over one UTC year: `offsets[i]` holds from `changes[i]` on (`changes[0]`: the year's first instant). */
interface YearOffsets {
  start: Instant;
  end: Instant;
  changes: Instant[];
  offsets: number[];
}

const yearTables = new Map<string, Map<number, YearOffsets>>();

function buildYearOffsets(zone: string, year: number): YearOffsets {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  let offset = computeOffset(zone, start);
  const table: YearOffsets = { start, end, changes: [start], offsets: [offset] };
  for (let before = start; before < end; ) {
    const at = Math.min(before + SAMPLE_MS, end);
    const next = computeOffset(zone, at);
    if (next !== offset) {
      // The first whole second of (before, at] that has the new offset (offsets change on whole seconds).
      let old = before;
      let changed = at;
      while (changed - old > 1000) {
        const middle = old + Math.floor((changed - old) / 2000) * 1000;
        if (computeOffset(zone, middle) === offset) old = middle;
        else changed = middle;
      }
      table.changes.push(changed);
      table.offsets.push(next);
      offset = next;
    }
    before = at;
  }
  return table;
}

let lastTable: YearOffsets | undefined;
let lastTableZone = '';

function tableOffsetAt(zone: string, instant: Instant): number | undefined {
  let table = lastTable;
  if (table === undefined || zone !== lastTableZone || instant < table.start || instant >= table.end) {
    const year = new Date(instant).getUTCFullYear();
    if (year < TABLE_YEARS.first || year > TABLE_YEARS.last) return undefined;
    let tables = yearTables.get(zone);
    if (!tables) {
      tables = new Map();
      yearTables.set(zone, tables);
    }
    table = tables.get(year);
    if (!table) {
      table = buildYearOffsets(zone, year);
      tables.set(year, table);
    }
    lastTable = table;
    lastTableZone = zone;
  }
  const { changes, offsets } = table;
  let index = changes.length - 1;
  while (index > 0 && instant < changes[index]!) index--;
  return offsets[index];
}

/**
 * The zone's offset from UTC at an instant, in milliseconds.
 * @example offsetAt('Europe/Paris', Date.parse('2026-03-29T01:00:00Z')) === 7_200_000 // summer time has begun
 */
export function offsetAt(zone: string, instant: Instant): number {
  const hour = Math.floor(instant / MS_PER_HOUR);
  // Speed: an event's guards and its history entry read the same hour one after the other.
  if (hour === lastHour && zone === lastZone) return lastOffset;
  // Speed: a year's table costs about sixty readings of the platform's zone data, once; an
  // hour first read costs two, and a day of dossiers reads hundreds of hours.
  const fromTable = tableOffsetAt(zone, instant);
  if (fromTable !== undefined) return fromTable;
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const cached = cache.get(hour);
  if (cached !== undefined) return remember(zone, hour, cached);
  const atStart = computeOffset(zone, hour * MS_PER_HOUR);
  const atEnd = computeOffset(zone, hour * MS_PER_HOUR + MS_PER_HOUR - 1);
  // Zones change offset on whole hours today, but not in their history (local mean
  // time): an hour that holds a change is never cached.
  if (atStart !== atEnd) return computeOffset(zone, instant);
  if (cache.size >= OFFSET_CACHE_LIMIT) cache.clear();
  cache.set(hour, atStart);
  return remember(zone, hour, atStart);
}

/** The last hour read from the cache, and its offset. */
let lastZone = '';
let lastHour = Number.NaN;
let lastOffset = 0;

function remember(zone: string, hour: number, offset: number): number {
  lastZone = zone;
  lastHour = hour;
  lastOffset = offset;
  return offset;
}

/** Day number of the calendar date of an instant in a zone. */
export function dayOfInstant(instant: Instant, zone: string): number {
  return Math.floor((instant + offsetAt(zone, instant)) / MS_PER_DAY);
}

/**
 * The calendar date of an instant in the region's zone: `date(t)` of rules.md.
 * @example calendarDateOf(Date.parse('2026-04-03T22:30:00Z'), 'FR') === '2026-04-04' // 00:30 in Paris
 */
export function calendarDateOf(instant: Instant, region: Region): CalendarDate {
  return fromDayNumber(dayOfInstant(requireInstant(instant, 'calendarDateOf'), timeZoneOf(region)));
}

/** The largest instant a Date holds, in milliseconds either side of 1970. */
const MAX_INSTANT = 8.64e15;

/**
 * An instant read for a helper that needs one, or a RangeError naming the helper and the
 * value, e.g. `requireInstant(Number.NaN, 'calendarDateOf')` throws. A day of margin keeps
 * every zone's local date inside what a Date can hold.
 */
export function requireInstant(value: unknown, what: string): Instant {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_INSTANT - MS_PER_DAY) {
    throw new RangeError(`${what}: ${describeValue(value)} is not an instant (milliseconds since 1970-01-01T00:00:00Z)`);
  }
  return value;
}

/**
 * The instant of a local wall-clock time. A time that happens twice (autumn change)
 * is the first of the two; a time that never happens (spring change) is moved forward
 * by the gap, as Temporal's `disambiguation: 'compatible'` does.
 */
export function instantOfLocalTime(localAsUtc: number, zone: string): Instant {
  const offsetBefore = offsetAt(zone, localAsUtc - MS_PER_DAY);
  const offsetAfter = offsetAt(zone, localAsUtc + MS_PER_DAY);
  const candidates = [localAsUtc - offsetBefore, localAsUtc - offsetAfter]
    .filter((instant) => instant + offsetAt(zone, instant) === localAsUtc)
    .sort((a, b) => a - b);
  return candidates[0] ?? localAsUtc - offsetBefore;
}

const dayStartCache = new Map<string, Map<number, Instant>>();

/** Day numbers to their first instant in a zone. */
export function startOfDayNumber(day: number, zone: string): Instant {
  // Speed: every deadline check (endOfDay) lands here, and the same few days are asked
  // over and over; instantOfLocalTime costs four offset lookups and two arrays. The
  // answer depends only on (zone, day), so it is remembered, like offsets, up to a limit.
  let cache = dayStartCache.get(zone);
  if (!cache) {
    cache = new Map();
    dayStartCache.set(zone, cache);
  }
  let start = cache.get(day);
  if (start === undefined) {
    start = instantOfLocalTime(day * MS_PER_DAY, zone);
    if (cache.size >= OFFSET_CACHE_LIMIT) cache.clear();
    cache.set(day, start);
  }
  return start;
}

/**
 * The first instant of a date in the region's zone.
 * @example startOfDay('2026-03-29', 'FR') === Date.parse('2026-03-28T23:00:00Z')
 */
export function startOfDay(date: CalendarDate, region: Region): Instant {
  return startOfDayNumber(toDayNumber(requireCalendarDate(date, 'startOfDay')), timeZoneOf(region));
}

/**
 * The last millisecond of a date in the region's zone (23:59:59.999 local): where a
 * deadline ends. Exact on both daylight-saving change days.
 * @example endOfDay('2026-10-25', 'FR') === Date.parse('2026-10-25T22:59:59.999Z')
 */
export function endOfDay(date: CalendarDate, region: Region): Instant {
  return startOfDayNumber(toDayNumber(requireCalendarDate(date, 'endOfDay')) + 1, timeZoneOf(region)) - 1;
}

/** ISO 8601 instants as scenario files and events write them; also the JSON Schema's pattern (schema/scenario.schema.json). */
export const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The instant of `YYYY-MM-DDTHH:MM:SS+HH:MM` as formatInstant writes it (every stored
 * history entry and clock), read digit by digit; undefined for any other text, or one
 * that names no instant, which parseInstant then reads (and words the error of) with its
 * pattern. Speed: restoring a dossier reads one per entry; the pattern and its match
 * array cost several times more, for the same value.
 */
function instantAsWritten(text: string): Instant | undefined {
  if (text.length !== 25 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(22) !== 58) return undefined;
  const sign = text.charCodeAt(19) === 43 ? 1 : text.charCodeAt(19) === 45 ? -1 : 0;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const offsetHours = digitsAt(text, 20, 2);
  const offsetMinutes = digitsAt(text, 23, 2);
  if (sign === 0 || year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
    return undefined;
  }
  const localAsUtc = daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * 60_000 + second * 1000;
  return localAsUtc - sign * (offsetHours * MS_PER_HOUR + offsetMinutes * 60_000);
}

/**
 * Reads an ISO 8601 instant. Without an offset it is a wall-clock time in the region's
 * zone (rules.md section 1; see `instantOfLocalTime` for the two daylight-saving hours).
 * Fractions of a millisecond are dropped, so 23:59:59.9999 is still the same day.
 * @example parseInstant('2026-04-03T16:00:00+02:00', 'FR') // { ok: true, value: 1775224800000 }
 */
export function parseInstant(text: unknown, region: Region): Result<Instant, string> {
  if (typeof text !== 'string') {
    return { ok: false, error: `${describeValue(text)} is not an ISO 8601 instant (expected e.g. 2026-04-03T16:00:00+02:00)` };
  }
  const written = instantAsWritten(text);
  if (written !== undefined) return { ok: true, value: written };
  const match = INSTANT_PATTERN.exec(text);
  if (!match) {
    const hint = parseCalendarDate(text).ok ? ': a date alone has no time of day' : ' (expected e.g. 2026-04-03T16:00:00+02:00)';
    return { ok: false, error: `'${text}' is not an ISO 8601 instant${hint}` };
  }
  const [, dateText, hourText, minuteText, secondText, fractionText, offsetText] = match;
  const date = parseCalendarDate(dateText);
  if (!date.ok) return { ok: false, error: `'${text}' is not an ISO 8601 instant: ${date.error}` };
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, error: `'${text}' is not an ISO 8601 instant: ${hourText}:${minuteText}${secondText ? `:${secondText}` : ''} is not a time of day` };
  }
  const millisecond = fractionText === undefined ? 0 : Number(fractionText.padEnd(3, '0').slice(0, 3));
  const localAsUtc = toDayNumber(date.value) * MS_PER_DAY + hour * MS_PER_HOUR + minute * 60_000 + second * 1000 + millisecond;
  if (offsetText === undefined) return { ok: true, value: instantOfLocalTime(localAsUtc, timeZoneOf(region)) };
  if (offsetText === 'Z') return { ok: true, value: localAsUtc };
  const sign = offsetText.startsWith('-') ? -1 : 1;
  const digits = offsetText.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (offsetHours > 23 || offsetMinutes > 59) {
    return { ok: false, error: `'${text}' is not an ISO 8601 instant: ${offsetText} is not a UTC offset` };
  }
  return { ok: true, value: localAsUtc - sign * (offsetHours * MS_PER_HOUR + offsetMinutes * 60_000) };
}

/** Day numbers of 0000-01-01 and 9999-12-31, where toISOString writes a 4-digit year. */
const FIRST_FAST_DAY = -719_528;
const LAST_FAST_DAY = 2_932_896;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const offsetSuffixes = new Map<number, string>();

/** `+02:00` for 7,200,000 ms, as formatInstant writes it; remembered per offset. */
function offsetSuffix(offset: number): string {
  let suffix = offsetSuffixes.get(offset);
  if (suffix === undefined) {
    const sign = offset < 0 ? '-' : '+';
    const minutes = Math.round(Math.abs(offset) / 60_000);
    suffix = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    if (offsetSuffixes.size < 1000) offsetSuffixes.set(offset, suffix);
  }
  return suffix;
}

/**
 * An instant written in the region's zone with its offset, e.g.
 * `formatInstant(Date.parse('2026-04-03T14:00:00Z'), 'FR') === '2026-04-03T16:00:00+02:00'`.
 * Milliseconds are written only when there are some.
 */
export function formatInstant(instant: Instant, region: Region): string {
  requireInstant(instant, 'formatInstant');
  const zone = timeZoneOf(region);
  const zoneOffset = offsetAt(zone, instant);
  // Local mean time (Paris until 1911 was +00:09:21) has no offset in whole minutes,
  // which ISO 8601 cannot write: such instants are written in UTC, so they read back exactly.
  const offset = zoneOffset % 60_000 === 0 ? zoneOffset : 0;
  // Speed: every history entry is written with this. Day arithmetic (fromDayNumber)
  // and a remembered offset suffix cost a third of Date#toISOString and padStart, for
  // the same text; instants outside years 0 to 9999, or not whole milliseconds, keep
  // the Date path below.
  const localMs = instant + offset;
  const day = Math.floor(localMs / MS_PER_DAY);
  if (Number.isInteger(localMs) && day >= FIRST_FAST_DAY && day <= LAST_FAST_DAY) {
    const ms = localMs - day * MS_PER_DAY;
    const hours = Math.floor(ms / MS_PER_HOUR);
    const minutes = Math.floor((ms % MS_PER_HOUR) / 60_000);
    const seconds = Math.floor((ms % 60_000) / 1000);
    const millis = ms % 1000;
    const time = `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}`;
    return `${fromDayNumber(day)}T${time}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`}${offsetSuffix(offset)}`;
  }
  const local = new Date(instant + offset).toISOString();
  const withoutMs = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `${withoutMs}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
