import { describe, expect, it } from 'vitest';
import {
  REGIONS,
  REGION_TIME_ZONES,
  calendarDateOf,
  endOfDay,
  formatInstant,
  offsetAt,
  parseInstant,
  startOfDay,
  timeZoneOf,
} from '../calendar/index.js';
import type { Region } from '../calendar/index.js';
import { deadlineAfterWorkingDays } from '../calendar/deadlines.js';
import { holidaySourceTimeZones } from '../calendar/holidays.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

/**
 * The daylight-saving change days of Europe/Paris: the last Sunday of March (02:00 CET
 * becomes 03:00 CEST, at 01:00 UTC) and of October (03:00 CEST becomes 02:00 CET, at 01:00 UTC).
 */
const CHANGE_DAYS = [
  { year: 2025, spring: '2025-03-30', autumn: '2025-10-26' },
  { year: 2026, spring: '2026-03-29', autumn: '2026-10-25' },
  { year: 2027, spring: '2027-03-28', autumn: '2027-10-31' },
];

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('daylight-saving change days in Europe/Paris', () => {
  it('endOfDay(2026-10-25, FR) is 2026-10-25T22:59:59.999Z and endOfDay(2026-03-29, FR) is 2026-03-29T21:59:59.999Z', () => {
    expect(endOfDay('2026-10-25', 'FR')).toBe(at('2026-10-25T22:59:59.999Z'));
    expect(endOfDay('2026-03-29', 'FR')).toBe(at('2026-03-29T21:59:59.999Z'));
  });

  for (const { year, spring, autumn } of CHANGE_DAYS) {
    const before = dayBefore(spring);
    it(`starts spring day ${spring} at ${before}T23:00Z and ends it at ${spring}T21:59:59.999Z: a 23-hour day`, () => {
      expect(startOfDay(spring, 'FR')).toBe(at(`${before}T23:00:00Z`));
      expect(endOfDay(spring, 'FR')).toBe(at(`${spring}T21:59:59.999Z`));
      expect(endOfDay(spring, 'FR') + 1 - startOfDay(spring, 'FR')).toBe(23 * HOUR);
      expect(formatInstant(endOfDay(spring, 'FR'), 'FR')).toBe(`${spring}T23:59:59.999+02:00`);
    });

    const beforeAutumn = dayBefore(autumn);
    it(`starts autumn day ${autumn} at ${beforeAutumn}T22:00Z and ends it at ${autumn}T22:59:59.999Z: a 25-hour day`, () => {
      expect(startOfDay(autumn, 'FR')).toBe(at(`${beforeAutumn}T22:00:00Z`));
      expect(endOfDay(autumn, 'FR')).toBe(at(`${autumn}T22:59:59.999Z`));
      expect(endOfDay(autumn, 'FR') + 1 - startOfDay(autumn, 'FR')).toBe(25 * HOUR);
      expect(formatInstant(endOfDay(autumn, 'FR'), 'FR')).toBe(`${autumn}T23:59:59.999+01:00`);
    });

    it(`reads instants just before and after local midnight around ${spring} as the right dates`, () => {
      expect(calendarDateOf(at(`${before}T22:59:59.999Z`), 'FR')).toBe(before);
      expect(calendarDateOf(at(`${before}T23:00:00.000Z`), 'FR')).toBe(spring);
      // 01:59:59.999 CET and 03:00 CEST are one millisecond apart, the same day.
      expect(calendarDateOf(at(`${spring}T00:59:59.999Z`), 'FR')).toBe(spring);
      expect(calendarDateOf(at(`${spring}T01:00:00.000Z`), 'FR')).toBe(spring);
      expect(calendarDateOf(at(`${spring}T21:59:59.999Z`), 'FR')).toBe(spring);
      expect(calendarDateOf(at(`${spring}T22:00:00.000Z`), 'FR')).toBe(dayAfter(spring));
    });

    it(`reads instants just before and after local midnight around ${autumn} as the right dates`, () => {
      expect(calendarDateOf(at(`${beforeAutumn}T21:59:59.999Z`), 'FR')).toBe(beforeAutumn);
      expect(calendarDateOf(at(`${beforeAutumn}T22:00:00.000Z`), 'FR')).toBe(autumn);
      // 02:30 local happens twice: at 00:30Z and at 01:30Z, both on the same date.
      expect(calendarDateOf(at(`${autumn}T00:30:00Z`), 'FR')).toBe(autumn);
      expect(calendarDateOf(at(`${autumn}T01:30:00Z`), 'FR')).toBe(autumn);
      expect(calendarDateOf(at(`${autumn}T22:59:59.999Z`), 'FR')).toBe(autumn);
      expect(calendarDateOf(at(`${autumn}T23:00:00.000Z`), 'FR')).toBe(dayAfter(autumn));
    });

    it(`reads 02:30 on ${spring} (a time that never happens) as 03:30 local, ${spring}T01:30Z`, () => {
      expect(parseInstant(`${spring}T02:30:00`, 'FR')).toEqual({ ok: true, value: at(`${spring}T01:30:00Z`) });
      expect(formatInstant(at(`${spring}T01:30:00Z`), 'FR')).toBe(`${spring}T03:30:00+02:00`);
    });

    it(`reads 02:30 on ${autumn} (a time that happens twice) as the first one, +02:00, ${autumn}T00:30Z`, () => {
      expect(parseInstant(`${autumn}T02:30:00`, 'FR')).toEqual({ ok: true, value: at(`${autumn}T00:30:00Z`) });
      expect(formatInstant(at(`${autumn}T00:30:00Z`), 'FR')).toBe(`${autumn}T02:30:00+02:00`);
      // The second 02:30 is reachable with an explicit offset.
      expect(parseInstant(`${autumn}T02:30:00+01:00`, 'FR')).toEqual({ ok: true, value: at(`${autumn}T01:30:00Z`) });
    });

    it(`reads local midnight and 23:59:59.999 of ${spring} and ${autumn} without an offset as startOfDay and endOfDay (${year})`, () => {
      for (const day of [spring, autumn]) {
        expect(parseInstant(`${day}T00:00:00`, 'FR')).toEqual({ ok: true, value: startOfDay(day, 'FR') });
        expect(parseInstant(`${day}T23:59:59.999`, 'FR')).toEqual({ ok: true, value: endOfDay(day, 'FR') });
      }
    });
  }

  it('gives the offset +01:00 just before 2026-03-29T01:00Z and +02:00 from it', () => {
    expect(offsetAt('Europe/Paris', at('2026-03-29T00:59:59.999Z'))).toBe(1 * HOUR);
    expect(offsetAt('Europe/Paris', at('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    expect(offsetAt('Europe/Paris', at('2026-10-25T00:59:59.999Z'))).toBe(2 * HOUR);
    expect(offsetAt('Europe/Paris', at('2026-10-25T01:00:00Z'))).toBe(1 * HOUR);
  });
});

describe('deadlines read in the region’s own zone', () => {
  // 2026-03-13T02:00Z is Thursday 12 March, 22:00 in Guadeloupe (UTC-4), but Friday 13 March, 03:00 in Paris.
  const t = at('2026-03-13T02:00:00Z');

  it('reads 2026-03-13T02:00Z as 2026-03-12 in FR-GP and as 2026-03-13 in FR', () => {
    expect(calendarDateOf(t, 'FR-GP')).toBe('2026-03-12');
    expect(calendarDateOf(t, 'FR')).toBe('2026-03-13');
  });

  it('ends 1 working day after 2026-03-13T02:00Z on Friday 2026-03-13 at 23:59:59.999 Guadeloupe time (2026-03-14T03:59:59.999Z) in FR-GP', () => {
    expect(deadlineAfterWorkingDays(t, 1, 'FR-GP')).toEqual({ date: '2026-03-13', endsAt: at('2026-03-14T03:59:59.999Z') });
  });

  it('ends the same deadline on Monday 2026-03-16 at 23:59:59.999 Paris time (2026-03-16T22:59:59.999Z) in FR', () => {
    expect(deadlineAfterWorkingDays(t, 1, 'FR')).toEqual({ date: '2026-03-16', endsAt: at('2026-03-16T22:59:59.999Z') });
  });

  it('reads Thursday 2026-04-02 22:00 Guadeloupe time as 2026-04-03T02:00Z: 1 working day after it ends on Good Friday 2026-04-03 (no holiday in FR-GP), 2 skip Easter Monday to 2026-04-07', () => {
    const thursdayEvening = parseInstant('2026-04-02T22:00:00', 'FR-GP');
    expect(thursdayEvening).toEqual({ ok: true, value: at('2026-04-03T02:00:00Z') });
    expect(deadlineAfterWorkingDays(at('2026-04-03T02:00:00Z'), 1, 'FR-GP')).toEqual({
      date: '2026-04-03',
      endsAt: at('2026-04-04T03:59:59.999Z'),
    });
    expect(deadlineAfterWorkingDays(at('2026-04-03T02:00:00Z'), 2, 'FR-GP')).toEqual({
      date: '2026-04-07',
      endsAt: at('2026-04-08T03:59:59.999Z'),
    });
  });

  it('reads 2026-03-12T21:00Z as 2026-03-13 in Réunion (UTC+4) but 2026-03-12 in Paris', () => {
    const evening = at('2026-03-12T21:00:00Z');
    expect(calendarDateOf(evening, 'FR-RE')).toBe('2026-03-13');
    expect(calendarDateOf(evening, 'FR')).toBe('2026-03-12');
    expect(deadlineAfterWorkingDays(evening, 0, 'FR-RE')).toEqual({ date: '2026-03-13', endsAt: at('2026-03-13T19:59:59.999Z') });
  });

  it('ends the example deadline of deadlines.ts, 2 working days after 2026-04-03T14:00Z in FR, on 2026-04-08 at 2026-04-08T21:59:59.999Z', () => {
    expect(deadlineAfterWorkingDays(at('2026-04-03T14:00:00Z'), 2, 'FR')).toEqual({ date: '2026-04-08', endsAt: at('2026-04-08T21:59:59.999Z') });
  });

  it('refuses a deadline from NaN, or with -1 or 1.5 working days, or in an unknown region', () => {
    expect(() => deadlineAfterWorkingDays(Number.NaN, 2, 'FR')).toThrow(/NaN/);
    expect(() => deadlineAfterWorkingDays(t, -1, 'FR')).toThrow(/-1/);
    expect(() => deadlineAfterWorkingDays(t, 1.5, 'FR')).toThrow(/1\.5/);
    expect(() => deadlineAfterWorkingDays(t, 1, 'XX' as Region)).toThrow(/'XX'.*FR-GP/);
  });
});

describe('the time zone table', () => {
  const samples = ['2026-01-15T12:00:00Z', '2026-01-01T00:00:00Z', '2026-07-15T12:00:00Z', '2026-07-01T00:00:00Z', '2026-04-01T12:00:00Z', '2026-10-01T12:00:00Z'];

  for (const region of REGIONS) {
    it(`gives ${region} a zone (${REGION_TIME_ZONES[region]}) with the offsets of date-holidays' own zone in January and July 2026`, () => {
      const source = holidaySourceTimeZones(region)[0];
      expect(source).toBeDefined();
      for (const sample of samples) {
        expect(offsetAt(timeZoneOf(region), at(sample)), `${region} at ${sample}`).toBe(offsetAt(source!, at(sample)));
      }
    });
  }

  it('reads Paris, Guadeloupe and Réunion at +01:00, -04:00 and +04:00 on 2026-01-15', () => {
    const noon = at('2026-01-15T12:00:00Z');
    expect(formatInstant(noon, 'FR')).toBe('2026-01-15T13:00:00+01:00');
    expect(formatInstant(noon, 'FR-GP')).toBe('2026-01-15T08:00:00-04:00');
    expect(formatInstant(noon, 'FR-RE')).toBe('2026-01-15T16:00:00+04:00');
    expect(formatInstant(noon, 'FR-YT')).toBe('2026-01-15T15:00:00+03:00');
    expect(formatInstant(noon, 'FR-GF')).toBe('2026-01-15T09:00:00-03:00');
  });

  it("refuses timeZoneOf('XX') instead of falling back to the machine's zone", () => {
    expect(() => timeZoneOf('XX' as Region)).toThrow(/'XX'/);
    expect(() => calendarDateOf(0, 'XX' as Region)).toThrow(RangeError);
  });
});

describe('parseInstant', () => {
  it('reads 2026-04-03T16:00:00+02:00, 2026-04-03T14:00:00Z, 2026-04-03T16:00 (Paris) and 2026-04-03T10:00:00-04:00 as the same instant', () => {
    const expected = { ok: true, value: at('2026-04-03T14:00:00Z') };
    expect(parseInstant('2026-04-03T16:00:00+02:00', 'FR')).toEqual(expected);
    expect(parseInstant('2026-04-03T14:00:00Z', 'FR-GP')).toEqual(expected);
    expect(parseInstant('2026-04-03T16:00', 'FR')).toEqual(expected);
    expect(parseInstant('2026-04-03T10:00:00', 'FR-GP')).toEqual(expected);
    expect(parseInstant('2026-04-03T16:00:00+0200', 'FR')).toEqual(expected);
  });

  it('keeps 2026-04-03T23:59:59.9999 (Paris) on 2026-04-03, dropping the fraction of a millisecond', () => {
    const parsed = parseInstant('2026-04-03T23:59:59.9999', 'FR');
    expect(parsed).toEqual({ ok: true, value: at('2026-04-03T21:59:59.999Z') });
    if (parsed.ok) expect(calendarDateOf(parsed.value, 'FR')).toBe('2026-04-03');
  });

  const malformed = [
    '2026-04-03',
    '2026-04-03T25:00:00Z',
    '2026-04-03T16:60:00Z',
    '2026-04-03T16:00:61Z',
    '2026-04-03 16:00:00Z',
    '2026-04-03T16:00:00+02:0',
    '2026-04-03T16:00:00+24:00',
    '2026-02-30T10:00:00Z',
    // As formatInstant writes them (read digit by digit), one field past its limit:
    '2026-04-03T24:00:00+02:00',
    '2026-04-03T16:60:00+02:00',
    '2026-04-03T16:00:60+02:00',
    '2026-04-03T16:00:00+02:60',
    '2026-02-29T10:00:00+01:00',
    '2026-04-31T10:00:00+02:00',
    '2026-13-03T10:00:00+02:00',
    '2026-00-03T10:00:00+02:00',
    '2026-04-00T10:00:00+02:00',
    '2026-04-0xT10:00:00+02:00',
    '2026-04-03T16:00:00*02:00',
    '2026-04-03T16:00:00+02-00',
    '2026-04-03T16',
    'yesterday',
    '',
  ];
  for (const text of malformed) {
    it(`refuses '${text}', naming it`, () => {
      const parsed = parseInstant(text, 'FR');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(`'${text}'`);
    });
  }

  it('says that 2026-04-03 alone has no time of day, and that 2026-02-30T10:00:00Z has no such date', () => {
    const dateAlone = parseInstant('2026-04-03', 'FR');
    if (!dateAlone.ok) expect(dateAlone.error).toMatch(/no time of day/);
    const noSuchDate = parseInstant('2026-02-30T10:00:00Z', 'FR');
    if (!noSuchDate.ok) expect(noSuchDate.error).toMatch(/28 days/);
  });

  it.each([
    ['2028-02-29T23:59:59+23:59', '2028-02-29T00:00:59Z'],
    ['2026-04-03T00:00:00-23:59', '2026-04-03T23:59:00Z'],
    ['2026-12-31T23:59:59+00:00', '2026-12-31T23:59:59Z'],
    ['0100-01-01T00:00:00+01:00', '0099-12-31T23:00:00Z'],
  ])('reads %s, each field at its limit, as %s', (text, utc) => {
    expect(parseInstant(text, 'FR')).toEqual({ ok: true, value: Date.parse(utc) });
  });

  it('refuses a number, null and undefined', () => {
    for (const value of [1775224800000, null, undefined]) expect(parseInstant(value, 'FR').ok).toBe(false);
  });
});

describe('formatInstant writes what parseInstant reads back', () => {
  it('an instant of 1900, when Paris was on local mean time (+00:09:21), is written in UTC', () => {
    const instant = Date.parse('1900-06-01T12:00:00Z');
    const written = formatInstant(instant, 'FR');
    expect(written).toBe('1900-06-01T12:00:00+00:00');
    expect(parseInstant(written, 'FR')).toEqual({ ok: true, value: instant });
  });

  it('an instant of 2026 keeps its local time and offset', () => {
    const instant = Date.parse('2026-04-03T14:00:00.250Z');
    expect(formatInstant(instant, 'FR')).toBe('2026-04-03T16:00:00.250+02:00');
    expect(parseInstant(formatInstant(instant, 'FR'), 'FR')).toEqual({ ok: true, value: instant });
  });
});

describe('the offsets of a zone, against the platform read second by second around every change', () => {
  /** The offset the platform gives, read independently of calendar/instants.ts (Intl's "GMT+02:00"). */
  const formats = new Map<string, Intl.DateTimeFormat>();
  function platformOffset(zone: string, instant: number): number {
    if (!formats.has(zone)) formats.set(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }));
    const name = formats
      .get(zone)!
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')!.value;
    const match = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name)!;
    if (!match[1]) return 0;
    return (match[1] === '-' ? -1 : 1) * ((Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4] ?? 0)) * 1000;
  }

  /** Every instant at which the platform's offset changes in a UTC year, found hour by hour then second by second. */
  function platformChanges(zone: string, year: number): number[] {
    const changes: number[] = [];
    for (let hour = Date.UTC(year, 0, 1); hour < Date.UTC(year + 1, 0, 1); hour += HOUR) {
      if (platformOffset(zone, hour) === platformOffset(zone, hour + HOUR)) continue;
      let second = hour;
      while (platformOffset(zone, second + 1000) === platformOffset(zone, hour)) second += 1000;
      changes.push(second + 1000);
    }
    return changes;
  }

  const zones = [...new Set(Object.values(REGION_TIME_ZONES))];
  // The first and last years read from a table, years around today, and years outside the table (hour by hour).
  const years = [1979, 1980, 1996, 2025, 2026, 2027, 2038, 2100, 2200, 2201];

  it.each(zones)('gives %s the platform offset a millisecond and a second either side of every change, and at every noon', (zone) => {
    for (const year of years) {
      for (const change of platformChanges(zone, year)) {
        for (const instant of [change - 1000, change - 1, change, change + 999, change + 1000]) {
          expect([zone, new Date(instant).toISOString(), offsetAt(zone, instant)]).toEqual([zone, new Date(instant).toISOString(), platformOffset(zone, instant)]);
        }
      }
      for (let day = Date.UTC(year, 0, 1) + 12 * HOUR; day < Date.UTC(year + 1, 0, 1); day += 24 * HOUR) {
        if (offsetAt(zone, day) !== platformOffset(zone, day)) expect([zone, new Date(day).toISOString(), offsetAt(zone, day)]).toEqual([zone, new Date(day).toISOString(), platformOffset(zone, day)]);
      }
    }
  });

  it('finds the two changes of Paris in 2026 and none in Guadeloupe', () => {
    expect(platformChanges('Europe/Paris', 2026)).toEqual([at('2026-03-29T01:00:00Z'), at('2026-10-25T01:00:00Z')]);
    expect(platformChanges('America/Guadeloupe', 2026)).toEqual([]);
    expect(offsetAt('America/Guadeloupe', at('2026-07-01T00:00:00Z'))).toBe(-4 * HOUR);
  });
});
