import { describe, expect, it } from 'vitest';
import { REGIONS, addWorkingDays, deadlineAfterWorkingDays, isWorkingDay, latestDateWithWorkingDaysBefore, toDayNumber, workingDaysBetween } from '../calendar/index.js';
import type { Region } from '../calendar/index.js';
import { computePublicHolidaysOf } from '../calendar/holidays.js';
import { countWorkingDaysOfYear, easterSundayOf, weekdaysInDays } from '../calendar/whole-years.js';
import { builtYears, clearWorkingDayTables } from '../calendar/working-days.js';

/**
 * Issue 13: only the years a query touches are built, and whole years between are
 * counted from their pattern. Held here: the time of the worst cases, exactness across
 * year boundaries against a day-by-day count, and the pattern against date-holidays'
 * own years from 100 to 9999.
 */

const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

function dayAfter(date: string): string {
  return iso(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
}

/** Working days x with a < x <= b, counted one day at a time with isWorkingDay. */
function countDayByDay(a: string, b: string, region: Region): number {
  let count = 0;
  for (let date = dayAfter(a); date <= b; date = dayAfter(date)) if (isWorkingDay(date, region)) count++;
  return count;
}

function millisecondsOf(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/**
 * Generous: these take a few milliseconds on a quiet machine (bench/RESULTS.md), but the
 * suite runs on shared, loaded machines; the table they replace took 3 to 14 s.
 */
const BOUND_MS = 1000;

describe('no calendar call blocks, whatever the dates (0100-01-01 to 9999-12-31)', () => {
  // date-holidays' parser loads once (about 70 ms) for the first year outside 2015-2040; load it before timing.
  isWorkingDay('1990-01-02', 'FR-GF');

  it.each(REGIONS.map((region) => [region]))('%s: workingDaysBetween(0100-01-01, 9999-12-31) from cold tables stays under the bound and builds 2 years', (region) => {
    clearWorkingDayTables();
    let count = 0;
    expect(millisecondsOf(() => (count = workingDaysBetween('0100-01-01', '9999-12-31', region)))).toBeLessThan(BOUND_MS);
    expect(count).toBeGreaterThan(9900 * 240);
    expect(builtYears(region)).toEqual([100, 9999]);
  });

  it('answers addWorkingDays(0100-01-04, 2,400,000) and the latest date 2,400,000 working days before 9999-12-31 under the bound, each the inverse of the other', () => {
    clearWorkingDayTables();
    let far = '';
    expect(millisecondsOf(() => (far = addWorkingDays('0100-01-04', 2_400_000)))).toBeLessThan(BOUND_MS);
    expect(workingDaysBetween('0100-01-04', far)).toBe(2_400_000);
    let back = '';
    expect(millisecondsOf(() => (back = latestDateWithWorkingDaysBefore('9999-12-31', 2_400_000, 'FR-57')))).toBeLessThan(BOUND_MS);
    expect(workingDaysBetween(back, '9999-12-31', 'FR-57')).toBe(2_400_000);
    expect(workingDaysBetween(dayAfter(back), '9999-12-31', 'FR-57')).toBe(2_399_999);
  });

  it('gives a deadline 11 working days after 0100-01-04 and after 9999-12-01, then one after 2026-03-02 again, each under the bound', () => {
    clearWorkingDayTables();
    for (const [at, date] of [
      [Date.parse('0100-01-04T12:00:00Z'), '0100-01-19'],
      [Date.parse('9999-12-01T12:00:00Z'), '9999-12-16'],
      [Date.parse('2026-03-02T12:00:00Z'), '2026-03-17'],
    ] as const) {
      let deadline = '';
      expect(millisecondsOf(() => (deadline = deadlineAfterWorkingDays(at, 11, 'FR').date))).toBeLessThan(BOUND_MS);
      expect(deadline).toBe(date);
    }
  });

  it('refuses 2,500,000 working days after 0100-01-04 (past 9999-12-31) under the bound, with a RangeError', () => {
    const start = performance.now();
    expect(() => addWorkingDays('0100-01-04', 2_500_000)).toThrow(/past the dates the holiday calendar covers/);
    expect(performance.now() - start).toBeLessThan(BOUND_MS);
  });
});

describe('exact across year boundaries', () => {
  it('counts 2 working days from Wednesday 2026-12-30 to Monday 2027-01-04 (31 December, then 1 January off, the weekend)', () => {
    expect(workingDaysBetween('2026-12-30', '2027-01-04')).toBe(2);
    expect(addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
    expect(latestDateWithWorkingDaysBefore('2027-01-04', 2)).toBe('2026-12-30');
  });

  it('counts 1 working day from 2024-12-31 to 2025-01-02, and from 2025-12-31 to 2026-01-02', () => {
    expect(workingDaysBetween('2024-12-31', '2025-01-02')).toBe(1);
    expect(workingDaysBetween('2025-12-31', '2026-01-02')).toBe(1);
    expect(workingDaysBetween('2025-12-31', '2026-01-01')).toBe(0);
  });

  it('counts 1899-12-31 to 2100-12-31 in FR, and 1990-01-01 to 2050-12-31 in FR-MF (across 2018), the same as day by day', () => {
    expect(workingDaysBetween('1899-12-31', '2100-12-31', 'FR')).toBe(countDayByDay('1899-12-31', '2100-12-31', 'FR'));
    expect(workingDaysBetween('1990-01-01', '2050-12-31', 'FR-MF')).toBe(countDayByDay('1990-01-01', '2050-12-31', 'FR-MF'));
  });

  it('agrees with a day-by-day count on spans of 1 to 5 years ending on every day around New Year, in every region', () => {
    for (const region of REGIONS) {
      for (const [a, b] of [
        ['2039-12-28', '2041-01-03'],
        ['2014-12-31', '2015-01-01'],
        ['2040-12-31', '2041-01-02'],
        ['1999-12-30', '2004-01-05'],
        ['2017-05-26', '2018-05-29'],
      ] as const) {
        const n = countDayByDay(a, b, region);
        expect(workingDaysBetween(a, b, region), `${region} ${a}..${b}`).toBe(n);
        if (n > 0 && isWorkingDay(b, region)) expect(addWorkingDays(a, n, region), `${region} ${a}+${n}`).toBe(b);
      }
    }
  });

  it('lands on the first working day of a year from the last one of the year before: 2041-01-02 after 2040-12-31 (a Monday)', () => {
    expect(addWorkingDays('2040-12-31', 1)).toBe('2041-01-02');
    expect(latestDateWithWorkingDaysBefore('2041-01-02', 1)).toBe('2041-01-01');
    expect(latestDateWithWorkingDaysBefore('2041-01-02', 2)).toBe('2040-12-30');
  });
});

describe('whole years from their pattern', () => {
  it('counts the weekdays of a span in closed form: 2 from Friday 2026-04-03 to Tuesday 2026-04-07 excluded, 261 in 2026', () => {
    expect(weekdaysInDays(toDayNumber('2026-04-03'), toDayNumber('2026-04-07'))).toBe(2);
    expect(weekdaysInDays(toDayNumber('2026-01-01'), toDayNumber('2027-01-01'))).toBe(261);
    expect(weekdaysInDays(toDayNumber('0100-01-01'), toDayNumber('0100-01-01'))).toBe(0);
  });

  it('finds Easter Sunday 2026 on 5 April, 2285 on 22 March and 2038 on 25 April, as date-holidays does', () => {
    expect(easterSundayOf(2026)).toBe(toDayNumber('2026-04-05'));
    expect(easterSundayOf(2285)).toBe(toDayNumber('2285-03-22'));
    expect(easterSundayOf(2038)).toBe(toDayNumber('2038-04-25'));
  });

  it('puts Easter Monday where date-holidays does, every 31st year from 100 to 9999', () => {
    for (let year = 100; year <= 9999; year += 31) {
      const mondays = computePublicHolidaysOf('FR', year).filter((holiday) => holiday.name.includes('Lundi de Pâques'));
      expect(mondays.map((holiday) => toDayNumber(holiday.date)), String(year)).toEqual([easterSundayOf(year) + 1]);
    }
  });

  it.each(REGIONS.map((region) => [region]))('%s: a whole year from its pattern has as many working days as date-holidays’ year, on 130 years from 100 to 9999', (region) => {
    const years = [100, 1582, 1583, 2017, 2018, 2041, 9999];
    for (let year = 113; year < 9999; year += 79) years.push(year);
    for (const year of years) {
      const first = toDayNumber(`${String(year).padStart(4, '0')}-01-01`);
      const length = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1 ? 366 : 365;
      const weekdayHolidays = computePublicHolidaysOf(region, year).filter((holiday) => weekdaysInDays(toDayNumber(holiday.date), toDayNumber(holiday.date) + 1) === 1);
      const expected = weekdaysInDays(first, first + length) - weekdayHolidays.length;
      expect(countWorkingDaysOfYear(region, year), `${region} ${year}`).toBe(expected);
    }
  });
});
