import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGIONS, addWorkingDays, isWorkingDay, latestDateWithWorkingDaysBefore, workingDaysBetween } from '../calendar/index.js';
import {
  memoizedHolidayCheck,
  naiveAddWorkingDays,
  naiveIsPublicHoliday,
  naiveIsWorkingDay,
  naiveWorkingDaysBetween,
} from '../bench/naive-calendar.js';

/**
 * Properties of the working-day table, and its agreement with the naive day-by-day
 * loop over date-holidays `isHoliday` (bench/naive-calendar.ts). The naive loop costs
 * about a millisecond per day, so it is asked about single days, or short spans
 * through a cache of its per-day answers.
 */

const MS_PER_DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
const dateOf = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** A date from 2000-01-01 to 2100-12-31. */
const date2000to2100 = fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2100-12-31') }).map(dateOf);
const region = fc.constantFrom(...REGIONS);
const count = fc.integer({ min: 0, max: 2500 });

const cachedNaive = memoizedHolidayCheck(naiveIsPublicHoliday);
const TIMEOUT = 30_000;

describe('working-day arithmetic, for random dates 2000-2100 in every region', () => {
  it('counts n working days between d and addWorkingDays(d, n)', () => {
    fc.assert(
      fc.property(date2000to2100, count, region, (d, n, r) => {
        expect(workingDaysBetween(d, addWorkingDays(d, n, r), r)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  }, TIMEOUT);

  it('lands addWorkingDays(d, n) on a working day after d when n >= 1', () => {
    fc.assert(
      fc.property(date2000to2100, fc.integer({ min: 1, max: 2500 }), region, (d, n, r) => {
        const result = addWorkingDays(d, n, r);
        expect(result > d).toBe(true);
        expect(isWorkingDay(result, r)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  }, TIMEOUT);

  it('never moves addWorkingDays(d, n) back when d moves forward', () => {
    fc.assert(
      fc.property(date2000to2100, fc.integer({ min: 0, max: 60 }), count, region, (d, later, n, r) => {
        const e = dateOf(dayNumber(d) + later);
        expect(addWorkingDays(d, n, r) <= addWorkingDays(e, n, r)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  }, TIMEOUT);

  it('moves addWorkingDays(d, n) strictly forward when n grows', () => {
    fc.assert(
      fc.property(date2000to2100, count, fc.integer({ min: 1, max: 100 }), region, (d, n, more, r) => {
        expect(addWorkingDays(d, n, r) < addWorkingDays(d, n + more, r)).toBe(true);
        expect(addWorkingDays(addWorkingDays(d, n, r), more, r)).toBe(addWorkingDays(d, n + more, r));
      }),
      { numRuns: 1000 },
    );
  }, TIMEOUT);

  it('gives latestDateWithWorkingDaysBefore(target, n) at least n working days before target, and the day after it fewer', () => {
    fc.assert(
      fc.property(date2000to2100, count, region, (target, n, r) => {
        const latest = latestDateWithWorkingDaysBefore(target, n, r);
        expect(workingDaysBetween(latest, target, r)).toBeGreaterThanOrEqual(n);
        expect(workingDaysBetween(dateOf(dayNumber(latest) + 1), target, r)).toBeLessThan(Math.max(n, 1));
        if (n >= 1) expect(workingDaysBetween(dateOf(dayNumber(latest) + 1), target, r)).toBe(n - 1);
      }),
      { numRuns: 1000 },
    );
  }, TIMEOUT);

  it('adds working days over a span: workingDaysBetween(a, c) = workingDaysBetween(a, b) + workingDaysBetween(b, c) for a <= b <= c', () => {
    fc.assert(
      fc.property(date2000to2100, fc.nat(800), fc.nat(800), region, (a, ab, bc, r) => {
        const b = dateOf(dayNumber(a) + ab);
        const c = dateOf(dayNumber(b) + bc);
        expect(workingDaysBetween(a, c, r)).toBe(workingDaysBetween(a, b, r) + workingDaysBetween(b, c, r));
        expect(workingDaysBetween(c, a, r)).toBe(0);
      }),
      { numRuns: 1000 },
    );
  }, TIMEOUT);
});

describe('the table agrees with the naive loop over date-holidays isHoliday', () => {
  it('agrees on whether each of 3000 random (date, region) pairs of 2000-2100 is a working day', () => {
    fc.assert(
      fc.property(date2000to2100, region, (d, r) => {
        expect(isWorkingDay(d, r), `${d} in ${r}`).toBe(naiveIsWorkingDay(d, r, cachedNaive));
      }),
      { numRuns: 3000 },
    );
  }, TIMEOUT);

  it('agrees on every public holiday date of the table: each is a holiday for isHoliday too (FR and FR-GP, 2000-2100)', () => {
    // The other direction of the random check: days the table says are off but fall on a weekday.
    for (const r of ['FR', 'FR-GP'] as const) {
      for (let year = 2000; year <= 2100; year += 7) {
        for (let day = dayNumber(`${year}-01-01`); day < dayNumber(`${year + 1}-01-01`); day++) {
          const d = dateOf(day);
          const weekday = new Date(day * MS_PER_DAY).getUTCDay();
          if (weekday === 0 || weekday === 6 || isWorkingDay(d, r)) continue;
          expect(naiveIsWorkingDay(d, r, cachedNaive), `${d} in ${r}`).toBe(false);
        }
      }
    }
  }, TIMEOUT);

  it('agrees on addWorkingDays(d, n) for n up to 12 from random dates in every region', () => {
    fc.assert(
      fc.property(date2000to2100, fc.integer({ min: 0, max: 12 }), region, (d, n, r) => {
        expect(addWorkingDays(d, n, r), `${n} after ${d} in ${r}`).toBe(naiveAddWorkingDays(d, n, r, cachedNaive));
      }),
      { numRuns: 250 },
    );
  }, TIMEOUT);

  it('agrees on workingDaysBetween(a, b) over spans up to 25 days from random dates in every region', () => {
    fc.assert(
      fc.property(date2000to2100, fc.integer({ min: -3, max: 25 }), region, (a, span, r) => {
        const b = dateOf(dayNumber(a) + span);
        expect(workingDaysBetween(a, b, r), `${a}..${b} in ${r}`).toBe(naiveWorkingDaysBetween(a, b, r, cachedNaive));
      }),
      { numRuns: 250 },
    );
  }, TIMEOUT);

  it('agrees around the holidays of May in every region, every year 2024-2030 (uncached naive loop)', () => {
    for (const r of REGIONS) {
      for (let year = 2024; year <= 2030; year += 3) {
        expect(addWorkingDays(`${year}-04-30`, 4, r), `${year} ${r}`).toBe(naiveAddWorkingDays(`${year}-04-30`, 4, r));
      }
    }
  }, TIMEOUT);
});

describe('dates far outside the table', () => {
  // A table is one span of years: reaching 1950 and 2300 builds 350 years per region, so four regions only.
  it('agrees with the naive loop in 1950 and in 2300, for random dates of those years in FR, FR-57, FR-GP and FR-RE', () => {
    const in1950 = fc.integer({ min: dayNumber('1950-01-01'), max: dayNumber('1950-12-31') }).map(dateOf);
    const in2300 = fc.integer({ min: dayNumber('2300-01-01'), max: dayNumber('2300-12-31') }).map(dateOf);
    fc.assert(
      fc.property(fc.oneof(in1950, in2300), fc.integer({ min: 0, max: 8 }), fc.constantFrom('FR', 'FR-57', 'FR-GP', 'FR-RE' as const), (d, n, r) => {
        expect(addWorkingDays(d, n, r), `${n} after ${d} in ${r}`).toBe(naiveAddWorkingDays(d, n, r, cachedNaive));
      }),
      { numRuns: 100 },
    );
  }, TIMEOUT);
});
