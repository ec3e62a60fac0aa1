import { weekdayNameOf } from '../calendar/index.js';
import type { CalendarDate } from '../calendar/index.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function partsOf(date: CalendarDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** `Mon 6 Apr 2026`. */
export function shortDate(date: CalendarDate): string {
  const { year, month, day } = partsOf(date);
  return `${weekdayNameOf(date).slice(0, 3)} ${day} ${MONTHS[month - 1]!.slice(0, 3)} ${year}`;
}

/** `Monday 6 April 2026`. */
export function longDate(date: CalendarDate): string {
  const { year, month, day } = partsOf(date);
  return `${weekdayNameOf(date)} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** `6 Apr`, or `1 May 2026` when `withYear`. */
export function dayLabel(date: CalendarDate, withYear: boolean): string {
  const { year, month, day } = partsOf(date);
  return `${day} ${MONTHS[month - 1]!.slice(0, 3)}${withYear ? ` ${year}` : ''}`;
}

export function dayOfMonth(date: CalendarDate): number {
  return partsOf(date).day;
}

/** The local clock time of an instant written in its calendar's zone, to the millisecond: `2026-04-03T16:00:00.5+02:00` -> `16:00:00.5`. */
export function clockOf(at: string): string {
  return at.slice(11).replace(/([+-]\d\d:\d\d|Z)$/, '');
}

/** The local time for people: `16:00`, or `16:00:01`, or `23:59:59.999` when the seconds or milliseconds matter. */
export function localTimeOf(at: string): string {
  const clock = clockOf(at);
  return clock.length === 8 && clock.endsWith(':00') ? clock.slice(0, 5) : clock;
}

/** The UTC offset of an instant written in its calendar's zone: `+02:00`. */
export function offsetOf(at: string): string {
  const match = /([+-]\d\d:\d\d|Z)$/.exec(at);
  return match ? match[1]! : '';
}

/** Integer cents as euros for people: `10320` -> `103.20 €`. */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} €`;
}
