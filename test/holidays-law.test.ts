import { describe, expect, it } from 'vitest';
import { HOLIDAY_CORRECTIONS, REGIONS, addWorkingDays, holidayOn, isWorkingDay, publicHolidaysOf, workingDaysBetween } from '../calendar/index.js';
import type { Region } from '../calendar/index.js';
import { NO_LEGAL_SOURCE } from '../calendar/holiday-corrections.js';
import { computePublicHolidaysOf } from '../calendar/holidays.js';

/**
 * The calendar against the law (rules.md section 1), the law's list computed here from
 * the texts alone: the Easter computus and the fixed dates, nothing from date-holidays
 * nor from calendar/. Every weekday of 2015-2040 in every region. The same list is held
 * against date-holidays asked live (not the generated cache), so the next change of its
 * data shows here.
 */

/** Easter Sunday of the Gregorian calendar (Meeus/Jones/Butcher), as [month, day]. */
function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

function easterPlus(year: number, days: number): string {
  const [month, day] = easterSunday(year);
  return iso(Date.UTC(year, month - 1, day + days));
}

/** Code du travail L3133-1, L3134-13 (Alsace-Moselle), L3422-2 and décret n° 83-1003 (overseas). */
function lawHolidays(region: Region, year: number): Set<string> {
  const fixed = (monthDay: string) => `${year}-${monthDay}`;
  const days = [
    fixed('01-01'),
    easterPlus(year, 1), // Lundi de Pâques
    fixed('05-01'),
    fixed('05-08'),
    easterPlus(year, 39), // Ascension
    easterPlus(year, 50), // Lundi de Pentecôte
    fixed('07-14'),
    fixed('08-15'),
    fixed('11-01'),
    fixed('11-11'),
    fixed('12-25'),
  ];
  if (region === 'FR-57' || region === 'FR-67' || region === 'FR-68') days.push(easterPlus(year, -2), fixed('12-26'));
  const abolition: Partial<Record<Region, string>> = {
    'FR-YT': '04-27',
    'FR-MQ': '05-22',
    'FR-GP': '05-27',
    // rules.md's decision: the préfecture's 28 May from 2018, the décret's 27 May before.
    'FR-MF': year >= 2018 ? '05-28' : '05-27',
    'FR-GF': '06-10',
    'FR-BL': '10-09',
    'FR-RE': '12-20',
  };
  if (abolition[region]) days.push(fixed(abolition[region]!));
  return new Set(days);
}

function weekdaysOf(year: number): string[] {
  const days: string[] = [];
  for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += 86_400_000) {
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(iso(time));
  }
  return days;
}

const YEARS = Array.from({ length: 26 }, (_, i) => 2015 + i);

describe('the calendar follows the law, every weekday of 2015-2040 in every region', () => {
  it('computes Easter Sunday 2026 as 5 April and 2038 as 25 April (the computus the law check uses)', () => {
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2038)).toEqual([4, 25]);
    expect(easterSunday(2019)).toEqual([4, 21]);
  });

  it.each(REGIONS.map((region) => [region]))('%s: a weekday is a working day exactly when the law names no holiday on it', (region) => {
    const wrong: string[] = [];
    for (const year of YEARS) {
      const law = lawHolidays(region, year);
      for (const date of weekdaysOf(year)) if (isWorkingDay(date, region) === law.has(date)) wrong.push(date);
    }
    expect(wrong).toEqual([]);
  });

  it.each(REGIONS.map((region) => [region]))('%s: date-holidays asked live, corrected, names the law’s weekday holidays and no other', (region) => {
    for (const year of YEARS) {
      const law = [...lawHolidays(region, year)].filter((date) => weekdaysOf(year).includes(date)).sort();
      const live = computePublicHolidaysOf(region, year)
        .map((holiday) => holiday.date)
        .filter((date) => weekdaysOf(year).includes(date));
      expect(live, `${region} ${year}`).toEqual(law);
    }
  });

  it.each(REGIONS.map((region) => [region]))('%s: every public holiday of 2015-2040 has its legal source', (region) => {
    for (const year of YEARS) {
      for (const holiday of publicHolidaysOf(region, year)) expect(holiday.law, `${region} ${holiday.date}`).not.toBe(NO_LEGAL_SOURCE);
    }
  });
});

describe('the worked examples of rules.md section 1', () => {
  it('calendar FR-57: 2026-04-03 (Good Friday) is not a working day; calendar FR-GP: it is', () => {
    expect(isWorkingDay('2026-04-03', 'FR-57')).toBe(false);
    expect(isWorkingDay('2026-04-03', 'FR-GP')).toBe(true);
  });

  it('calendar FR-MF: 2026-05-28 is not a working day; 2026-05-27 is', () => {
    expect(isWorkingDay('2026-05-28', 'FR-MF')).toBe(false);
    expect(isWorkingDay('2026-05-27', 'FR-MF')).toBe(true);
    expect(holidayOn('2026-05-28', 'FR-MF')).toMatch(/esclavage/);
  });
});

describe('the correction rows', () => {
  it('are three: Good Friday in FR-GP and FR-MQ is no public holiday; Saint-Martin’s abolition day is 28 May from 2018', () => {
    expect(HOLIDAY_CORRECTIONS.map(({ region, sourceRule, lawDay, fromYear }) => [region, sourceRule, lawDay, fromYear])).toEqual([
      ['FR-GP', 'easter -2', null, 100],
      ['FR-MQ', 'easter -2', null, 100],
      ['FR-MF', '05-27', '05-28', 2018],
    ]);
    for (const row of HOLIDAY_CORRECTIONS) expect(row.law).toMatch(/Code du travail/);
  });

  it('moves Saint-Martin’s day on 2018: 27 May 2016 (a Friday) is off, 28 May 2019 (a Tuesday) is off and 27 May 2019 (a Monday) is worked', () => {
    expect(isWorkingDay('2016-05-27', 'FR-MF')).toBe(false);
    expect(isWorkingDay('2015-05-28', 'FR-MF')).toBe(true);
    expect(isWorkingDay('2019-05-28', 'FR-MF')).toBe(false);
    expect(isWorkingDay('2019-05-27', 'FR-MF')).toBe(true);
  });

  it('applies to years outside the generated cache too: Good Friday 2100-03-26 is worked in FR-GP, 28 May 2042 (a Wednesday) is off in FR-MF', () => {
    expect(easterPlus(2100, -2)).toBe('2100-03-26');
    expect(isWorkingDay('2100-03-26', 'FR-GP')).toBe(true);
    expect(isWorkingDay('2100-03-26', 'FR-MQ')).toBe(true);
    expect(isWorkingDay('2100-03-26', 'FR-57')).toBe(false);
    expect(isWorkingDay('2042-05-28', 'FR-MF')).toBe(false);
    expect(isWorkingDay('2042-05-27', 'FR-MF')).toBe(true);
    expect(isWorkingDay('1990-05-28', 'FR-MF')).toBe(true);
  });

  it('marks the corrected day with its row: 28 May 2026 in FR-MF, and no day in FR', () => {
    const corrected = publicHolidaysOf('FR-MF', 2026).filter((holiday) => holiday.correction);
    expect(corrected.map((holiday) => holiday.date)).toEqual(['2026-05-28']);
    expect(corrected[0]!.law).toMatch(/préfecture/);
    expect(publicHolidaysOf('FR', 2026).filter((holiday) => holiday.correction)).toEqual([]);
  });

  it('counts a deadline over Good Friday one day shorter in FR-GP than in FR-57: 2 working days after Thursday 2026-04-02 are 2026-04-07 there, 2026-04-08 in FR-57', () => {
    expect(addWorkingDays('2026-04-02', 2, 'FR-GP')).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-02', 2, 'FR-57')).toBe('2026-04-08');
    expect(workingDaysBetween('2026-05-26', '2026-05-29', 'FR-MF')).toBe(2);
  });
});

describe('customs and observances are not public holidays', () => {
  it('keeps Good Friday 2026-04-03 a working day in FR-GP, FR-MQ and FR-BL (a custom, a "bank" day in date-holidays)', () => {
    for (const region of ['FR-GP', 'FR-MQ', 'FR-BL'] as const) expect(isWorkingDay('2026-04-03', region), region).toBe(true);
  });

  it('keeps 21 July 2026, Victor Schœlcher day (a Tuesday), a working day in FR-GP and FR-MQ (loi n° 83-550)', () => {
    expect(isWorkingDay('2026-07-21', 'FR-GP')).toBe(true);
    expect(isWorkingDay('2026-07-21', 'FR-MQ')).toBe(true);
  });

  it('keeps carnival 2026 (Lundi gras 2026-02-16, Mardi gras 2026-02-17, Ash Wednesday 2026-02-18) and 2 November 2026 working days overseas', () => {
    for (const region of ['FR-GP', 'FR-MQ', 'FR-GF', 'FR-BL', 'FR-MF', 'FR-RE', 'FR-YT'] as const) {
      for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-11-02']) expect(isWorkingDay(date, region), `${date} ${region}`).toBe(true);
    }
  });
});
