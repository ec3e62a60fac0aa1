import { REGIONS, addWorkingDays, isWorkingDay, workingDaysBetween } from '../calendar/index.js';
import type { Region } from '../calendar/index.js';
import { clearWorkingDayTables, tableYears } from '../calendar/working-days.js';
import type { BenchRow } from './format.js';
import { naiveAddWorkingDays, naiveIsPublicHoliday, naiveWorkingDaysBetween } from './naive-calendar.js';

/**
 * The working-day table against the naive loop (bench/naive-calendar.ts): the same
 * queries, timed in the same run, each a median of several samples after a warm-up.
 * The naive loop costs about a millisecond per day, so it runs only a few queries
 * (a few hundred milliseconds in all); the table runs tens of thousands.
 */

const REGION: Region = 'FR';
const SPANS = [2, 11, 2000] as const;
/** Spans the naive loop is timed on: 2,000 working days would take it seconds per query. */
const NAIVE_SPANS = new Set<number>([2, 11]);

const TABLE_OPS_PER_SAMPLE = 20_000;
const TABLE_SAMPLES = 7;
const NAIVE_OPS_PER_SAMPLE = 3;
const NAIVE_SAMPLES = 5;
const BUILD_SAMPLES = 3;

/** Results are summed here so that no measured call can be optimised away. */
let sink = 0;

/** 48 start dates spread over 2026 (every 7th or 8th day, all weekdays of the week in turn). */
const START_DATES: string[] = Array.from({ length: 48 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + Math.floor(i * 7.5))).toISOString().slice(0, 10));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/**
 * Median nanoseconds per operation: each sample times `op(0)` to `op(opsPerSample - 1)`,
 * the same inputs every time, after `warmupOps` calls that are not timed.
 */
function nsPerOp(op: (i: number) => number, opsPerSample: number, samples: number, warmupOps: number): number {
  for (let i = 0; i < warmupOps; i++) sink += op(i);
  const perOp: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const start = nowNs();
    for (let i = 0; i < opsPerSample; i++) sink += op(i);
    perOp.push((nowNs() - start) / opsPerSample);
  }
  return median(perOp);
}

/** The naive loop's queries start from 3 of the start dates, spread over the year. */
function naiveStart(i: number): number {
  return (i * 17) % START_DATES.length;
}

function startDate(i: number): string {
  return START_DATES[i % START_DATES.length]!;
}

/** Cold build of one region's table, in milliseconds: the first query of a region, on 2026-06-15. */
function coldBuildMs(region: Region): number {
  const times: number[] = [];
  for (let sample = 0; sample < BUILD_SAMPLES; sample++) {
    clearWorkingDayTables();
    const start = nowNs();
    sink += isWorkingDay('2026-06-15', region) ? 1 : 0;
    times.push((nowNs() - start) / 1e6);
  }
  return median(times);
}

function buildRows(): BenchRow[] {
  // Warm up date-holidays and the table code for every region before timing cold builds.
  for (const region of REGIONS) {
    clearWorkingDayTables();
    sink += isWorkingDay('2026-06-15', region) ? 1 : 0;
  }
  const rows: BenchRow[] = [];
  for (const region of REGIONS) {
    const ms = coldBuildMs(region);
    const years = tableYears(region);
    rows.push({
      section: 'table build (cold)',
      name: region,
      value: ms,
      unit: 'ms',
      note: `${years ? `years ${years.firstYear}-${years.lastYear}` : ''}, median of ${BUILD_SAMPLES}`,
    });
  }
  clearWorkingDayTables();
  const start = nowNs();
  sink += workingDaysBetween('2000-01-03', '2100-12-31', REGION);
  const years = tableYears(REGION);
  rows.push({
    section: 'table build (cold)',
    name: `${REGION}, a century`,
    value: (nowNs() - start) / 1e6,
    unit: 'ms',
    note: `years ${years?.firstYear}-${years?.lastYear}, 1 run`,
  });
  return rows;
}

function queryRows(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const n of SPANS) {
    const ends = START_DATES.map((date) => addWorkingDays(date, n, REGION));
    const endDate = (i: number) => ends[i % ends.length]!;

    const tableAdd = nsPerOp((i) => addWorkingDays(startDate(i), n, REGION).length, TABLE_OPS_PER_SAMPLE, TABLE_SAMPLES, TABLE_OPS_PER_SAMPLE);
    const tableBetween = nsPerOp((i) => workingDaysBetween(startDate(i), endDate(i), REGION), TABLE_OPS_PER_SAMPLE, TABLE_SAMPLES, TABLE_OPS_PER_SAMPLE);

    let naiveAdd: number | undefined;
    let naiveBetween: number | undefined;
    if (NAIVE_SPANS.has(n)) {
      naiveAdd = nsPerOp((i) => naiveAddWorkingDays(startDate(naiveStart(i)), n, REGION).length, NAIVE_OPS_PER_SAMPLE, NAIVE_SAMPLES, 1);
      naiveBetween = nsPerOp((i) => naiveWorkingDaysBetween(startDate(naiveStart(i)), endDate(naiveStart(i)), REGION), NAIVE_OPS_PER_SAMPLE, NAIVE_SAMPLES, 1);
    }
    rows.push(queryRow('addWorkingDays', n, tableAdd, naiveAdd));
    rows.push(queryRow('workingDaysBetween', n, tableBetween, naiveBetween));
  }
  rows.sort((a, b) => (a.section === b.section ? 0 : a.section < b.section ? -1 : 1));

  const days = START_DATES.map((date) => new Date(`${date}T12:00:00Z`));
  const perDay = nsPerOp((i) => (naiveIsPublicHoliday(days[i]!, REGION) ? 1 : 0), 20, NAIVE_SAMPLES, 2);
  rows.push({ section: 'naive loop', name: 'isHoliday, one day', value: perDay, unit: 'ns/op', note: `date-holidays, median of ${NAIVE_SAMPLES}` });
  return rows;
}

function queryRow(section: string, n: number, table: number, naive: number | undefined): BenchRow {
  const row: BenchRow = { section: `${section} (${REGION})`, name: `table, ${n} working days`, value: table, unit: 'ns/op' };
  if (naive === undefined) {
    row.note = `naive loop not run (${Math.round(n * 1.45)} days of isHoliday a query)`;
  } else {
    row.baseline = naive;
    row.ratio = naive / table;
    row.note = `baseline: naive loop, median of ${NAIVE_SAMPLES}x${NAIVE_OPS_PER_SAMPLE}`;
  }
  return row;
}

/** Times the calendar: cold table builds per region, then queries of 2, 11 and 2,000 working days against the naive loop. */
export async function benchCalendar(): Promise<BenchRow[]> {
  const rows = [...buildRows(), ...queryRows()];
  if (Number.isNaN(sink)) throw new Error('benchmark sink is NaN');
  return rows;
}
