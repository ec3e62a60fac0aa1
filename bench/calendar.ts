import { REGIONS, addWorkingDays, formatInstant, fromDayNumber, isWorkingDay, offsetAt, timeZoneOf, toDayNumber, workingDaysBetween } from '../calendar/index.js';
import type { Region } from '../calendar/index.js';
import { builtYears, clearWorkingDayTables } from '../calendar/working-days.js';
import type { BenchRow } from './format.js';
import { consume, median, nowNs, pairedRatio, rounds } from './measure.js';
import { naiveAddWorkingDays, naiveIsPublicHoliday, naiveWorkingDaysBetween } from './naive-calendar.js';

/**
 * The working-day table against the naive loop (bench/naive-calendar.ts): the same
 * queries, timed back to back in each run, the ratio taken run by run. The naive loop
 * costs about a millisecond per day, so it runs only a few queries a run (a few hundred
 * milliseconds in all); the table runs tens of thousands. The 2,000-working-day query
 * is held against the 2-working-day one: a ratio near 1 means the cost is flat in the span.
 * Then the date conversions every query makes, against the Date-based code they replaced.
 */

export interface CalendarBenchConfig {
  /** Timed runs of each pair (table and naive loop). */
  runs: number;
  tableOpsPerRun: number;
  naiveOpsPerRun: number;
  buildRuns: number;
}

const REGION: Region = 'FR';
const SPANS: readonly number[] = [2, 11, 2000];
/** Spans the naive loop is timed on: 2,000 working days would take it seconds per query. */
const NAIVE_SPANS = new Set<number>([2, 11]);

/** 48 start dates spread over 2026 (every 7th or 8th day, all weekdays of the week in turn). */
const START_DATES: string[] = Array.from({ length: 48 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + Math.floor(i * 7.5))).toISOString().slice(0, 10));

function startDate(i: number): string {
  return START_DATES[i % START_DATES.length]!;
}

/** The naive loop's queries start from a few of the start dates, spread over the year. */
function naiveStart(i: number): number {
  return (i * 17) % START_DATES.length;
}

/** Nanoseconds per op of `ops` calls of `op`, the same inputs every time. */
function perOp(op: (i: number) => number, ops: number): () => number {
  return () => {
    let total = 0;
    for (let i = 0; i < ops; i++) total += op(i);
    return total;
  };
}

/** Cold build of one region's table, in milliseconds: the first query of a region, on 2026-06-15. */
function coldBuildMs(region: Region, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    clearWorkingDayTables();
    const start = nowNs();
    consume(isWorkingDay('2026-06-15', region) ? 1 : 0);
    times.push((nowNs() - start) / 1e6);
  }
  return median(times);
}

function buildRows(config: CalendarBenchConfig): BenchRow[] {
  // Warm up the holiday source and the table code for every region before timing cold builds.
  for (const region of REGIONS) {
    clearWorkingDayTables();
    consume(isWorkingDay('2026-06-15', region) ? 1 : 0);
  }
  const builds = REGIONS.map((region) => ({ region, ms: coldBuildMs(region, config.buildRuns), years: builtYears(region) }));
  const fr = builds.find((build) => build.region === REGION)!;
  const slowest = builds.filter((build) => build.region !== REGION).sort((a, b) => b.ms - a.ms)[0]!;
  const rows: BenchRow[] = [
    { section: 'calendar: table build (cold)', name: REGION, value: fr.ms, unit: 'ms', note: `years built: ${fr.years.join(', ')}; median of ${config.buildRuns}` },
    {
      section: 'calendar: table build (cold)',
      name: `slowest other region (${slowest.region})`,
      value: slowest.ms,
      unit: 'ms',
      note: `of the ${REGIONS.length - 1} other regions, median of ${config.buildRuns} each`,
    },
  ];
  // Issue 13: spans of centuries and millennia build only their two end years; the
  // years between are counted from their pattern (calendar/whole-years.ts).
  for (const [name, a, b] of [
    [`${REGION}, a century (2000-01-03 to 2100-12-31)`, '2000-01-03', '2100-12-31'],
    [`${REGION}, 0100-01-01 to 9999-12-31`, '0100-01-01', '9999-12-31'],
  ] as const) {
    const times: number[] = [];
    for (let run = 0; run < config.buildRuns; run++) {
      clearWorkingDayTables();
      const start = nowNs();
      consume(workingDaysBetween(a, b, REGION));
      times.push((nowNs() - start) / 1e6);
    }
    rows.push({
      section: 'calendar: table build (cold)',
      name: `workingDaysBetween, ${name}`,
      value: median(times),
      unit: 'ms',
      note: `years built: ${builtYears(REGION).join(', ')}; median of ${config.buildRuns}; before issue 13: 13 s for 0100-9999`,
    });
  }
  return rows;
}

function queryRows(config: CalendarBenchConfig): BenchRow[] {
  const rows: BenchRow[] = [];
  const { runs, tableOpsPerRun, naiveOpsPerRun } = config;
  const ends = new Map<number, string[]>(SPANS.map((n) => [n, START_DATES.map((date) => addWorkingDays(date, n, REGION))]));
  const endDate = (n: number, i: number) => ends.get(n)![i % START_DATES.length]!;

  for (const query of ['addWorkingDays', 'workingDaysBetween'] as const) {
    const table = (n: number) =>
      query === 'addWorkingDays'
        ? perOp((i) => addWorkingDays(startDate(i), n, REGION).length, tableOpsPerRun)
        : perOp((i) => workingDaysBetween(startDate(i), endDate(n, i), REGION), tableOpsPerRun);
    const naive = (n: number) =>
      query === 'addWorkingDays'
        ? perOp((i) => naiveAddWorkingDays(startDate(naiveStart(i)), n, REGION).length, naiveOpsPerRun)
        : perOp((i) => naiveWorkingDaysBetween(startDate(naiveStart(i)), endDate(n, naiveStart(i)), REGION), naiveOpsPerRun);
    // One round per query: the table at every span and the naive loop at the short ones, back to back.
    const fns = [...SPANS.map((n) => table(n)), ...SPANS.filter((n) => NAIVE_SPANS.has(n)).map((n) => naive(n))];
    const times = rounds(fns, runs);
    const tableNs = (k: number) => times[k]!.map((t) => t / tableOpsPerRun);
    const naiveNs = (k: number) => times[SPANS.length + k]!.map((t) => t / naiveOpsPerRun);
    SPANS.forEach((n, k) => {
      const row: BenchRow = { section: `calendar: ${query} (${REGION})`, name: `table, ${n.toLocaleString('en-US')} working days`, value: median(tableNs(k)), unit: 'ns/op' };
      const naiveIndex = SPANS.filter((m) => NAIVE_SPANS.has(m)).indexOf(n);
      if (naiveIndex >= 0) {
        row.baseline = median(naiveNs(naiveIndex));
        row.ratio = pairedRatio(naiveNs(naiveIndex), tableNs(k));
        row.note = `baseline: naive day loop over date-holidays, ${runs} runs x ${naiveOpsPerRun}; target >= 10,000x`;
      } else {
        // Flatness: the same table, 2 working days against 2,000.
        row.baseline = median(tableNs(0));
        row.ratio = pairedRatio(tableNs(0), tableNs(k));
        row.note = `baseline: the table at ${SPANS[0]} working days (1.0x = flat in the span)`;
      }
      rows.push(row);
    });
  }
  const days = START_DATES.map((date) => new Date(`${date}T12:00:00Z`));
  const perDay = rounds([perOp((i) => (naiveIsPublicHoliday(days[i % days.length]!, REGION) ? 1 : 0), 20)], runs)[0]!.map((t) => t / 20);
  rows.push({ section: 'calendar: naive loop', name: 'isHoliday, one day', value: median(perDay), unit: 'ns/op', note: `date-holidays, ${runs} runs x 20` });
  return rows;
}

// --- The date conversions, against the Date-based code they replaced -------------

const MS_PER_DAY = 86_400_000;

/** toDayNumber as it was: slices, Number() and Date.UTC. */
function dateToDayNumber(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (year >= 100) return Date.UTC(year, month - 1, day) / MS_PER_DAY;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime() / MS_PER_DAY;
}

/** fromDayNumber as it was: Date#toISOString. */
function dateFromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** formatInstant as it was: Date#toISOString and padStart. */
function dateFormatInstant(instant: number, region: Region): string {
  const zoneOffset = offsetAt(timeZoneOf(region), instant);
  const offset = zoneOffset % 60_000 === 0 ? zoneOffset : 0;
  const local = new Date(instant + offset).toISOString();
  const withoutMs = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `${withoutMs}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function conversionRows(config: CalendarBenchConfig): BenchRow[] {
  const ops = config.tableOpsPerRun;
  const dayNumbers = START_DATES.map((date) => toDayNumber(date) + 3_000);
  const dates = dayNumbers.map((day) => fromDayNumber(day));
  const instants = dayNumbers.map((day, i) => day * MS_PER_DAY + ((i * 3_723_000) % MS_PER_DAY));
  for (let i = 0; i < dates.length; i++) {
    if (toDayNumber(dates[i]!) !== dateToDayNumber(dates[i]!) || formatInstant(instants[i]!, REGION) !== dateFormatInstant(instants[i]!, REGION)) {
      throw new Error('bench: the date conversions disagree with the Date-based ones');
    }
  }
  const pairs: Array<[string, (i: number) => number, (i: number) => number]> = [
    ['toDayNumber', (i) => toDayNumber(dates[i % dates.length]!), (i) => dateToDayNumber(dates[i % dates.length]!)],
    // A new day every call (more days than fromDayNumber's cache holds): the arithmetic itself, not cache hits.
    ['fromDayNumber', (i) => fromDayNumber(dayNumbers[0]! + i).length, (i) => dateFromDayNumber(dayNumbers[0]! + i).length],
    ['formatInstant', (i) => formatInstant(instants[i % instants.length]! + i * 1000, REGION).length, (i) => dateFormatInstant(instants[i % instants.length]! + i * 1000, REGION).length],
  ];
  return pairs.map(([name, fast, before]) => {
    const [fastTimes, beforeTimes] = rounds([perOp(fast, ops), perOp(before, ops)], config.runs).map((times) => times.map((t) => t / ops));
    return {
      section: 'calendar: date conversions',
      name: `${name}, day arithmetic`,
      value: median(fastTimes!),
      unit: 'ns/op',
      baseline: median(beforeTimes!),
      ratio: pairedRatio(beforeTimes!, fastTimes!),
      note: 'baseline: the Date-based code it replaced',
    };
  });
}

/** Times the calendar: cold table builds, queries of 2, 11 and 2,000 working days against the naive loop, and the date conversions. */
export async function benchCalendar(config: CalendarBenchConfig): Promise<BenchRow[]> {
  return [...buildRows(config), ...queryRows(config), ...conversionRows(config)];
}
