import { describe, expect, it } from 'vitest';
import {
  FIRST_SUPPORTED_DATE,
  LAST_SUPPORTED_DATE,
  addCalendarDays,
  addWorkingDays,
  calendarDateOf,
  deadlineAfterWorkingDays,
  endOfDay,
  formatInstant,
  fromDayNumber,
  isSupportedDate,
  isSupportedInstant,
  isWorkingDay,
  startOfDay,
  toDayNumber,
  weekdayNameOf,
  weekdayOf,
  yearOf,
} from '../calendar/index.js';

describe('the supported dates, 0100-01-01 to 9999-12-31', () => {
  it('are named by FIRST_SUPPORTED_DATE 0100-01-01 and LAST_SUPPORTED_DATE 9999-12-31, and the calendar answers on both', () => {
    expect(FIRST_SUPPORTED_DATE).toBe('0100-01-01');
    expect(LAST_SUPPORTED_DATE).toBe('9999-12-31');
    expect(isWorkingDay(FIRST_SUPPORTED_DATE)).toBe(false); // 1 January
    expect(isWorkingDay(LAST_SUPPORTED_DATE)).toBe(true); // a Friday
  });

  it('include 0100-01-01 and 9999-12-31, and not 0099-12-31 nor 10000-01-01', () => {
    expect(isSupportedDate('0100-01-01')).toBe(true);
    expect(isSupportedDate('9999-12-31')).toBe(true);
    expect(isSupportedDate('0099-12-31')).toBe(false);
    expect(isSupportedDate('10000-01-01')).toBe(false);
    expect(() => isWorkingDay('0099-12-31')).toThrow(RangeError);
  });

  it('refuse what is not a date: 2026-02-30, 2026-4-3, a number, null', () => {
    for (const value of ['2026-02-30', '2026-4-3', 20260403, null, undefined]) expect(isSupportedDate(value), String(value)).toBe(false);
  });

  it('tell whether an instant falls on a supported date in the region’s zone: 9999-12-31T22:59:59.999Z is 23:59 in Paris, 23:00Z is already year 10000', () => {
    expect(isSupportedInstant(Date.parse('9999-12-31T22:59:59.999Z'), 'FR')).toBe(true);
    expect(isSupportedInstant(Date.parse('9999-12-31T23:00:00Z'), 'FR')).toBe(false);
    // Guadeloupe in year 100 keeps its local mean time, UTC-4:24:25: 0100-01-01T04:24:24.999Z is still 31 December 0099 there.
    expect(isSupportedInstant(Date.parse('0100-01-01T04:24:24.999Z'), 'FR-GP')).toBe(false);
    expect(isSupportedInstant(Date.parse('0100-01-01T04:24:25Z'), 'FR-GP')).toBe(true);
  });

  it('refuse instants that are not finite numbers, that no Date can hold, or an unknown region', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, -8.64e15, '2026-04-03T00:00:00Z', null]) {
      expect(isSupportedInstant(value, 'FR'), String(value)).toBe(false);
    }
    expect(isSupportedInstant(Date.parse('2026-04-03T00:00:00Z'), 'FR-99' as 'FR')).toBe(false);
  });

  it('keep answers inside them: 1 working day after 9999-12-31 is a RangeError, 1 after 9999-12-30 is 9999-12-31', () => {
    expect(addWorkingDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(() => addWorkingDays('9999-12-31', 1)).toThrow(/past the dates the holiday calendar covers/);
  });
});

describe('the date helpers refuse what is not a date or an instant with a RangeError naming the helper and the value', () => {
  const notDates: unknown[] = [undefined, null, 20260403, {}, '2026-02-30'];

  it.each([
    ['addCalendarDays', (value: unknown) => addCalendarDays(value as string, 1)],
    ['startOfDay', (value: unknown) => startOfDay(value as string, 'FR')],
    ['endOfDay', (value: unknown) => endOfDay(value as string, 'FR')],
    ['weekdayOf', (value: unknown) => weekdayOf(value as string)],
    ['weekdayNameOf', (value: unknown) => weekdayNameOf(value as string)],
    ['yearOf', (value: unknown) => yearOf(value as string)],
  ] as const)('%s(undefined, null, 20260403, {}, 2026-02-30)', (name, call) => {
    for (const value of notDates) {
      expect(() => call(value), String(value)).toThrow(RangeError);
      expect(() => call(value), String(value)).toThrow(new RegExp(`^${name}: .*not a calendar date`));
    }
  });

  it('still answers for good dates: addCalendarDays(2026-12-31, 1) is 2027-01-01, weekdayNameOf(2026-04-06) is Monday, yearOf(0100-01-01) is 100', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekdayNameOf('2026-04-06')).toBe('Monday');
    expect(yearOf('0100-01-01')).toBe(100);
    expect(() => addCalendarDays('2026-12-31', 1.5)).toThrow(/addCalendarDays: 1.5 is not a whole number of days/);
  });

  it('refuses NaN, Infinity, a string and 9e15 as instants in calendarDateOf, formatInstant and deadlineAfterWorkingDays', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '2026-04-03T00:00:00Z', 9e15]) {
      expect(() => calendarDateOf(value as number, 'FR'), String(value)).toThrow(/^calendarDateOf: .* is not an instant/);
      expect(() => formatInstant(value as number, 'FR'), String(value)).toThrow(/^formatInstant: .* is not an instant/);
      expect(() => deadlineAfterWorkingDays(value as number, 2, 'FR'), String(value)).toThrow(/^deadlineAfterWorkingDays: .* is not an instant/);
    }
  });

  it('refuses a non-string in toDayNumber and a fractional or huge day number in fromDayNumber', () => {
    expect(() => toDayNumber(undefined as unknown as string)).toThrow(/^toDayNumber: nothing is not a calendar date/);
    expect(() => fromDayNumber(1.5)).toThrow(/^fromDayNumber: 1.5 is not a day number/);
    expect(() => fromDayNumber(Number.NaN)).toThrow(RangeError);
    expect(fromDayNumber(20546)).toBe('2026-04-03');
  });
});
