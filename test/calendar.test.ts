import { describe, expect, it } from 'vitest';
import {
  REGIONS,
  addWorkingDays,
  holidayOn,
  holidaysBetween,
  isWeekend,
  isWorkingDay,
  latestDateWithWorkingDaysBefore,
  parseCalendarDate,
  parseRegion,
  publicHolidaysOf,
  workingDaysBetween,
} from '../calendar/index.js';
import type { Region } from '../calendar/index.js';
import { builtYears, clearWorkingDayTables } from '../calendar/working-days.js';
import { naiveAddWorkingDays, naiveWorkingDaysBetween } from '../bench/naive-calendar.js';

/** The day after a date, written independently of calendar/. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('the worked examples of rules.md section 1 (calendar FR)', () => {
  it('addWorkingDays(2026-03-02, 11) is 2026-03-17', () => {
    expect(addWorkingDays('2026-03-02', 11)).toBe('2026-03-17');
  });

  it('addWorkingDays(2026-04-03, 2) is 2026-04-08, skipping Easter Monday 2026-04-06', () => {
    expect(addWorkingDays('2026-04-03', 2)).toBe('2026-04-08');
    expect(holidaysBetween('2026-04-03', '2026-04-08')).toEqual([{ date: '2026-04-06', name: 'Lundi de Pâques', law: 'Code du travail, art. L3133-1' }]);
  });

  it('addWorkingDays(2026-05-13, 2) is 2026-05-18, skipping Ascension 2026-05-14', () => {
    expect(addWorkingDays('2026-05-13', 2)).toBe('2026-05-18');
    expect(holidayOn('2026-05-14')).toBe('Ascension');
  });

  it('addWorkingDays(2026-05-13, 11) is 2026-06-01, skipping Ascension 2026-05-14 and Whit Monday 2026-05-25', () => {
    expect(addWorkingDays('2026-05-13', 11)).toBe('2026-06-01');
    expect(holidaysBetween('2026-05-13', '2026-06-01').map((holiday) => holiday.date)).toEqual(['2026-05-14', '2026-05-25']);
  });

  it('2026-04-03 (Good Friday) is not a working day in FR-57, but is one in FR', () => {
    expect(isWorkingDay('2026-04-03', 'FR-57')).toBe(false);
    expect(isWorkingDay('2026-04-03', 'FR')).toBe(true);
  });

  it('workingDaysBetween(2026-03-02, 2026-03-17) is 11, and 2026-03-02 is the last day 11 working days before 2026-03-17', () => {
    expect(workingDaysBetween('2026-03-02', '2026-03-17')).toBe(11);
    expect(latestDateWithWorkingDaysBefore('2026-03-17', 11)).toBe('2026-03-02');
  });

  it('addWorkingDays(2026-04-03, 0) is 2026-04-03 itself: the start never counts, and 0 days adds none', () => {
    expect(addWorkingDays('2026-04-03', 0)).toBe('2026-04-03');
    expect(addWorkingDays('2026-04-04', 0)).toBe('2026-04-04');
  });

  it('addWorkingDays(2026-04-04, 1) from a Saturday is the next working day, Tuesday 2026-04-07', () => {
    expect(addWorkingDays('2026-04-04', 1)).toBe('2026-04-07');
  });
});

/** Every public holiday of metropolitan France, written by hand from the Easter dates. */
const FRENCH_PUBLIC_HOLIDAYS: Record<number, { easter: string; dates: string[] }> = {
  // prettier-ignore
  2024: { easter: '2024-03-31', dates: ['2024-01-01', '2024-04-01', '2024-05-01', '2024-05-08', '2024-05-09', '2024-05-20', '2024-07-14', '2024-08-15', '2024-11-01', '2024-11-11', '2024-12-25'] },
  // prettier-ignore
  2025: { easter: '2025-04-20', dates: ['2025-01-01', '2025-04-21', '2025-05-01', '2025-05-08', '2025-05-29', '2025-06-09', '2025-07-14', '2025-08-15', '2025-11-01', '2025-11-11', '2025-12-25'] },
  // prettier-ignore
  2026: { easter: '2026-04-05', dates: ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25'] },
  // prettier-ignore
  2027: { easter: '2027-03-28', dates: ['2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25'] },
  // prettier-ignore
  2028: { easter: '2028-04-16', dates: ['2028-01-01', '2028-04-17', '2028-05-01', '2028-05-08', '2028-05-25', '2028-06-05', '2028-07-14', '2028-08-15', '2028-11-01', '2028-11-11', '2028-12-25'] },
  // prettier-ignore
  2029: { easter: '2029-04-01', dates: ['2029-01-01', '2029-04-02', '2029-05-01', '2029-05-08', '2029-05-10', '2029-05-21', '2029-07-14', '2029-08-15', '2029-11-01', '2029-11-11', '2029-12-25'] },
  // prettier-ignore
  2030: { easter: '2030-04-21', dates: ['2030-01-01', '2030-04-22', '2030-05-01', '2030-05-08', '2030-05-30', '2030-06-10', '2030-07-14', '2030-08-15', '2030-11-01', '2030-11-11', '2030-12-25'] },
};

/** Good Friday of each year, two days before the Easter dates above. */
const GOOD_FRIDAYS = ['2024-03-29', '2025-04-18', '2026-04-03', '2027-03-26', '2028-04-14', '2029-03-30', '2030-04-19'];

describe('French public holidays 2024-2030', () => {
  for (const [year, { easter, dates }] of Object.entries(FRENCH_PUBLIC_HOLIDAYS)) {
    it(`lists exactly the 11 public holidays of ${year} in FR (Easter ${easter}): 1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec`, () => {
      expect(publicHolidaysOf('FR', Number(year)).map((holiday) => holiday.date)).toEqual(dates);
    });

    it(`makes every public holiday of ${year} a non-working day in FR and in every other region`, () => {
      for (const date of dates) {
        expect(isWorkingDay(date, 'FR'), `${date} in FR`).toBe(false);
        expect(holidayOn(date, 'FR'), `${date} in FR`).not.toBeNull();
        for (const region of REGIONS) expect(isWorkingDay(date, region), `${date} in ${region}`).toBe(false);
      }
    });
  }

  it('names the movable feasts of 2026: Lundi de Pâques 2026-04-06, Ascension 2026-05-14, Lundi de Pentecôte 2026-05-25', () => {
    expect(holidayOn('2026-04-06')).toBe('Lundi de Pâques');
    expect(holidayOn('2026-05-14')).toBe('Ascension');
    expect(holidayOn('2026-05-25')).toBe('Lundi de Pentecôte');
  });

  it('names a day with two holidays once, with both names (1 May 2008 was also Ascension)', () => {
    const holidays = publicHolidaysOf('FR', 2008).filter((holiday) => holiday.date === '2008-05-01');
    expect(holidays).toHaveLength(1);
    expect(holidays[0]!.name).toContain('Ascension');
    expect(holidays[0]!.name).toContain('Fête du travail');
  });
});

describe('Alsace-Moselle (FR-57, FR-67, FR-68)', () => {
  for (const goodFriday of GOOD_FRIDAYS) {
    it(`makes Good Friday ${goodFriday} a non-working day in FR-57, FR-67, FR-68 only, and a working day in FR`, () => {
      for (const region of ['FR-57', 'FR-67', 'FR-68'] as const) {
        expect(isWorkingDay(goodFriday, region), region).toBe(false);
        expect(holidayOn(goodFriday, region), region).toBe('Vendredi saint');
      }
      expect(isWorkingDay(goodFriday, 'FR')).toBe(true);
      expect(holidayOn(goodFriday, 'FR')).toBeNull();
    });
  }

  for (const year of [2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
    const boxingDay = `${year}-12-26`;
    it(`makes 26 December ${year} a public holiday in FR-57, FR-67, FR-68 only`, () => {
      for (const region of ['FR-57', 'FR-67', 'FR-68'] as const) {
        expect(holidayOn(boxingDay, region), region).not.toBeNull();
        expect(isWorkingDay(boxingDay, region), region).toBe(false);
      }
      expect(holidayOn(boxingDay, 'FR')).toBeNull();
      // 26 December 2026 is a Saturday and 2027 a Sunday: not working days anywhere.
      expect(isWorkingDay(boxingDay, 'FR')).toBe(!isWeekend(boxingDay));
    });
  }

  it('makes 26 December 2024 (a Thursday) a working day in FR and not in FR-57', () => {
    expect(isWorkingDay('2024-12-26', 'FR')).toBe(true);
    expect(isWorkingDay('2024-12-26', 'FR-57')).toBe(false);
  });

  it('counts 2 working days after 2024-12-24 as 2024-12-27 in FR but 2024-12-30 in FR-57 (25 and 26 December skipped)', () => {
    expect(addWorkingDays('2024-12-24', 2, 'FR')).toBe('2024-12-27');
    expect(addWorkingDays('2024-12-24', 2, 'FR-57')).toBe('2024-12-30');
  });
});

describe('overseas regions', () => {
  it('makes 27 May 2026 (abolition of slavery, a Wednesday) a non-working day in FR-GP, and a working day in FR', () => {
    expect(isWorkingDay('2026-05-27', 'FR-GP')).toBe(false);
    expect(holidayOn('2026-05-27', 'FR-GP')).toMatch(/esclavage/);
    expect(isWorkingDay('2026-05-27', 'FR')).toBe(true);
  });

  it('makes 27 May 2027 (a Thursday) a non-working day in FR-GP', () => {
    expect(isWorkingDay('2027-05-27', 'FR-GP')).toBe(false);
  });

  it('reads each overseas abolition-of-slavery day of 2026: FR-MQ 22 May, FR-GF 10 June, FR-RE 20 December, FR-YT 27 April, FR-MF 28 May (corrected), FR-BL 9 October', () => {
    const abolition = (region: Region) =>
      publicHolidaysOf(region, 2026)
        .filter((holiday) => /esclavage/.test(holiday.name))
        .map((holiday) => holiday.date);
    expect(abolition('FR-MQ')).toEqual(['2026-05-22']);
    expect(abolition('FR-GF')).toEqual(['2026-06-10']);
    expect(abolition('FR-RE')).toEqual(['2026-12-20']);
    expect(abolition('FR-YT')).toEqual(['2026-04-27']);
    expect(abolition('FR-MF')).toEqual(['2026-05-28']);
    expect(abolition('FR-BL')).toEqual(['2026-10-09']);
    expect(abolition('FR')).toEqual([]);
  });

  it('keeps Good Friday 2026-04-03 a working day in FR-GP and FR-MQ, where date-holidays calls it public but it is a custom (corrected by law)', () => {
    expect(isWorkingDay('2026-04-03', 'FR-GP')).toBe(true);
    expect(isWorkingDay('2026-04-03', 'FR-MQ')).toBe(true);
    expect(holidayOn('2026-04-03', 'FR-GP')).toBeNull();
  });

  it('keeps Good Friday 2026-04-03 a working day in FR-BL, where date-holidays types it "bank", not "public"', () => {
    expect(isWorkingDay('2026-04-03', 'FR-BL')).toBe(true);
  });

  it('keeps 21 July 2026 (Victor Schœlcher, "optional" in date-holidays) a working day in FR-GP and FR-MQ', () => {
    expect(isWorkingDay('2026-07-21', 'FR-GP')).toBe(true);
    expect(isWorkingDay('2026-07-21', 'FR-MQ')).toBe(true);
  });
});

describe('observances are not days off', () => {
  it('does not list Fête des Mères 2026-05-31 nor Pentecost Sunday 2026-05-24 among the public holidays of FR', () => {
    const dates = publicHolidaysOf('FR', 2026).map((holiday) => holiday.date);
    expect(dates).not.toContain('2026-05-31');
    expect(dates).not.toContain('2026-05-24');
    expect(holidayOn('2026-05-31')).toBeNull();
    expect(holidayOn('2026-05-24')).toBeNull();
  });

  it('counts Sunday 2026-05-31 (Fête des Mères) only as a weekend: 1 working day after 2026-05-29 is 2026-06-01', () => {
    expect(addWorkingDays('2026-05-29', 1)).toBe('2026-06-01');
    expect(holidaysBetween('2026-05-29', '2026-06-01')).toEqual([]);
  });

  it('keeps the weekday observances of FR-BL working days: Lundi de Carnaval 2026-02-16, Mercredi des Cendres 2026-02-18, Fête de Saint Barthélemy 2026-08-24', () => {
    expect(isWorkingDay('2026-02-16', 'FR-BL')).toBe(true);
    expect(isWorkingDay('2026-02-18', 'FR-BL')).toBe(true);
    expect(isWorkingDay('2026-08-24', 'FR-BL')).toBe(true);
    expect(addWorkingDays('2026-02-13', 1, 'FR-BL')).toBe('2026-02-16');
  });
});

describe('year boundaries', () => {
  it('addWorkingDays(2026-12-30, 2) is 2027-01-04: Thursday 31 December counts, 1 January 2027 (a Friday) is skipped', () => {
    expect(addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
  });

  it('addWorkingDays(2025-12-31, 1) is 2026-01-02, skipping Thursday 1 January 2026', () => {
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-02');
  });

  it('addWorkingDays(2027-12-30, 2) is 2028-01-03: 1 January 2028 is a Saturday', () => {
    expect(addWorkingDays('2027-12-30', 2)).toBe('2028-01-03');
  });

  it('addWorkingDays(2028-12-29, 1) is 2029-01-02, skipping Monday 1 January 2029', () => {
    expect(addWorkingDays('2028-12-29', 1)).toBe('2029-01-02');
  });

  it('addWorkingDays(2024-12-31, 1) is 2025-01-02, skipping Wednesday 1 January 2025', () => {
    expect(addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
  });

  it('workingDaysBetween(2026-12-24, 2027-01-04) is 5: 28-31 December and 4 January', () => {
    expect(workingDaysBetween('2026-12-24', '2027-01-04')).toBe(5);
  });

  it('latestDateWithWorkingDaysBefore(2027-01-05, 3) is 2026-12-30, across 1 January 2027', () => {
    expect(latestDateWithWorkingDaysBefore('2027-01-05', 3)).toBe('2026-12-30');
  });

  it('addWorkingDays(2028-02-28, 1) is 2028-02-29, a leap day', () => {
    expect(addWorkingDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('latestDateWithWorkingDaysBefore', () => {
  const cases: [string, number, Region][] = [
    ['2026-03-17', 11, 'FR'],
    ['2026-04-08', 2, 'FR'],
    ['2026-06-01', 11, 'FR'],
    ['2026-04-07', 1, 'FR-57'],
    ['2026-05-28', 3, 'FR-GP'],
    ['2026-04-06', 4, 'FR'],
    ['2026-04-05', 1, 'FR'],
  ];
  for (const [target, n, region] of cases) {
    it(`gives for ${target} and ${n} working days (${region}) a date with at least ${n} working days before ${target}, and the day after it has fewer`, () => {
      const latest = latestDateWithWorkingDaysBefore(target, n, region);
      expect(workingDaysBetween(latest, target, region)).toBeGreaterThanOrEqual(n);
      expect(workingDaysBetween(nextDay(latest), target, region)).toBeLessThan(n);
    });
  }

  it('latestDateWithWorkingDaysBefore(2026-04-08, 2) is 2026-04-06 (Easter Monday): from it, 7 and 8 April remain', () => {
    expect(latestDateWithWorkingDaysBefore('2026-04-08', 2)).toBe('2026-04-06');
    // 2026-04-06 (Easter Monday) itself leaves 7 and 8 April: two working days.
    expect(workingDaysBetween('2026-04-06', '2026-04-08')).toBe(2);
  });

  it('latestDateWithWorkingDaysBefore(2026-04-08, 0) is 2026-04-08 itself', () => {
    expect(latestDateWithWorkingDaysBefore('2026-04-08', 0)).toBe('2026-04-08');
  });
});

describe('bad input', () => {
  it("refuses parseCalendarDate('2026-02-30'), naming the value and the month's length", () => {
    const parsed = parseCalendarDate('2026-02-30');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain("'2026-02-30'");
      expect(parsed.error).toContain('28 days');
    }
  });

  it("refuses malformed or impossible dates: '2026-13-01', '2026-4-3', '2027-02-29', '', 'tomorrow', a number, null", () => {
    for (const value of ['2026-13-01', '2026-4-3', '2027-02-29', '', 'tomorrow', '2026-04-03T00:00:00Z']) {
      const parsed = parseCalendarDate(value);
      expect(parsed.ok, value).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(`'${value}'`);
    }
    for (const value of [20260403, null, undefined, {}]) expect(parseCalendarDate(value).ok).toBe(false);
    expect(parseCalendarDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
  });

  it("throws a RangeError naming the value for addWorkingDays('2026-02-30', 2)", () => {
    expect(() => addWorkingDays('2026-02-30', 2)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 2)).toThrow(/'2026-02-30'/);
    expect(() => workingDaysBetween('2026-03-02', '2026-02-29')).toThrow(/'2026-02-29'/);
    expect(() => isWorkingDay('2026-04-31')).toThrow(/'2026-04-31'/);
    expect(() => isWeekend('2026-04-31')).toThrow(/'2026-04-31'/);
  });

  it('throws a RangeError naming the value for addWorkingDays(2026-04-03, -1), 1.5, NaN and Infinity', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingDays('2026-04-03', n), String(n)).toThrow(RangeError);
      expect(() => addWorkingDays('2026-04-03', n), String(n)).toThrow(String(n));
      expect(() => latestDateWithWorkingDaysBefore('2026-04-03', n), String(n)).toThrow(RangeError);
    }
  });

  it("throws a RangeError listing the regions for an unknown region 'FR-99'", () => {
    const unknown = 'FR-99' as Region;
    expect(() => addWorkingDays('2026-04-03', 2, unknown)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-04-03', 2, unknown)).toThrow(/'FR-99'.*FR, FR-57, FR-67, FR-68, FR-GP, FR-MQ, FR-GF, FR-RE, FR-YT, FR-MF, FR-BL/);
    expect(() => isWorkingDay('2026-04-03', unknown)).toThrow(/'FR-99'/);
    expect(() => publicHolidaysOf(unknown, 2026)).toThrow(/'FR-99'/);
    const parsed = parseRegion('fr');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) for (const region of REGIONS) expect(parsed.error).toContain(region);
    expect(parseRegion('FR-GP')).toEqual({ ok: true, value: 'FR-GP' });
  });

  it('throws a RangeError for dates outside the years date-holidays reads (0050-01-01, or 10 million working days after 2026-01-01)', () => {
    expect(() => addWorkingDays('0050-01-01', 1)).toThrow(/'0050-01-01'.*0100-01-01 to 9999-12-31/);
    expect(() => addWorkingDays('2026-01-01', 10_000_000)).toThrow(/10000000 working days after '2026-01-01'/);
    expect(() => addWorkingDays('9999-12-30', 2)).toThrow(RangeError);
    expect(() => publicHolidaysOf('FR', 50)).toThrow(RangeError);
  });
});

describe('dates far outside the table', () => {
  it('builds only the years asked: 2026, then 1950 and 2300, never the years between, and agrees with the naive loop there', () => {
    clearWorkingDayTables();
    expect(addWorkingDays('2026-04-03', 2)).toBe('2026-04-08');
    expect(builtYears('FR')).toEqual([2026]);

    // 1950: Easter Monday 10 April, Ascension 18 May.
    expect(addWorkingDays('1950-04-07', 1)).toBe('1950-04-11');
    expect(addWorkingDays('1950-05-17', 1)).toBe('1950-05-19');
    expect(naiveAddWorkingDays('1950-05-10', 12, 'FR')).toBe(addWorkingDays('1950-05-10', 12));
    expect(builtYears('FR')).toEqual([1950, 2026]);

    // 2300: Easter Monday 9 April (a Monday), 25 December a Tuesday.
    expect(isWorkingDay('2300-04-09')).toBe(false);
    expect(addWorkingDays('2300-12-24', 1)).toBe('2300-12-26');
    expect(naiveWorkingDaysBetween('2300-04-01', '2300-04-30', 'FR')).toBe(workingDaysBetween('2300-04-01', '2300-04-30'));
    expect(builtYears('FR')).toEqual([1950, 2026, 2300]);
  });

  it('counts 2000 working days from 2026-01-01 the same as going 1000 and 1000', () => {
    const far = addWorkingDays('2026-01-01', 2000);
    expect(addWorkingDays(addWorkingDays('2026-01-01', 1000), 1000)).toBe(far);
    expect(workingDaysBetween('2026-01-01', far)).toBe(2000);
  });

  it('reaches back 3000 working days from 2026-01-01 in FR-57', () => {
    const start = latestDateWithWorkingDaysBefore('2026-01-01', 3000, 'FR-57');
    expect(workingDaysBetween(start, '2026-01-01', 'FR-57')).toBe(3000);
    expect(workingDaysBetween(nextDay(start), '2026-01-01', 'FR-57')).toBe(2999);
  });
});
