import { describe, expect, it } from 'vitest';
import { FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, addWorkingDays, isSupportedDate, isSupportedInstant, isWorkingDay } from '../calendar/index.js';

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
