import { RUNNING_DEADLINE } from '../api/describe.js';
import type { Dossier } from '../api/dossier.js';
import { addCalendarDays, isWorkingDay, parseInstant, startOfDay } from '../calendar/index.js';
import type { CalendarDate, Instant } from '../calendar/index.js';
import { firstInstantPast } from '../guards/time.js';
import { EXPIRING_DEADLINES } from '../machines/dossier.js';
import type { DeadlineName, Declaration } from '../machines/types.js';

/** The runtime's own timings (runtime.md section 3); the model's deadlines are the model's. */
export interface WakeSettings {
  graceMs: number;
  reminderLeadDays: readonly number[];
}

export const DEFAULT_GRACE_MS = 15 * 60_000;
export const DEFAULT_REMINDER_LEAD_DAYS: readonly number[] = [1, 0];

/**
 * Something time alone requires for a dossier, due at `dueAt`. The store only carries
 * these out through the model: an expiry is a TICK at `at`; a reminder or an overdue
 * declaration is a notification, and the model's description decides whether it is due.
 */
export type WakeItem =
  | { kind: 'expiry'; dueAt: Instant; at: Instant; deadline: DeadlineName }
  | { kind: 'reminder'; dueAt: Instant; deadline: DeadlineName; lastDay: CalendarDate; lead: number; deadlinePassesAt: Instant }
  | { kind: 'overdue'; dueAt: Instant; at: Instant; declaration: Declaration; lastDay: CalendarDate };

/**
 * The `lead`-th working day before `date` (`date` itself for 0).
 * @example workingDayBefore('2026-04-07', 1, 'FR') === '2026-04-03' // Easter Monday 2026-04-06 is off
 */
export function workingDayBefore(date: CalendarDate, lead: number, region: Dossier['setup']['calendar']): CalendarDate {
  let day = date;
  for (let left = lead; left > 0; ) {
    day = addCalendarDays(day, -1);
    if (isWorkingDay(day, region)) left--;
  }
  return day;
}

const topStateOf = (path: string): string => path.split('.')[0]!;

/**
 * When the dossier entered its current state: the instant of the last history entry that
 * changed the top-level state, or its creation. A reminder due before it is not sent.
 */
export function enteredStateAt(dossier: Dossier, createdAt: Instant): Instant {
  for (let index = dossier.history.length - 1; index >= 0; index--) {
    const entry = dossier.history[index]!;
    if (topStateOf(entry.from) !== topStateOf(entry.to)) {
      const parsed = parseInstant(entry.at, dossier.setup.calendar);
      if (parsed.ok) return parsed.value;
    }
  }
  return createdAt;
}

const DECLARATIONS_WAITED: Partial<Record<Dossier['state'], readonly Declaration[]>> = {
  validated: ['entryDeclaration', 'exitDeclaration'],
  'in-training': ['exitDeclaration'],
};

/** Every wake-up the dossier's current state holds, in any order. */
export function wakeItemsOf(dossier: Dossier, settings: WakeSettings): WakeItem[] {
  const { calendar, deadlines } = dossier.context;
  const items: WakeItem[] = [];
  const expiring = EXPIRING_DEADLINES[dossier.state as keyof typeof EXPIRING_DEADLINES];
  if (expiring) {
    const lastDay = deadlines[expiring.deadline];
    if (lastDay !== undefined) {
      const at = firstInstantPast(lastDay, calendar);
      items.push({ kind: 'expiry', dueAt: at + settings.graceMs, at, deadline: expiring.deadline });
    }
  }
  const running = RUNNING_DEADLINE[dossier.state];
  const runningLastDay = running === undefined ? undefined : deadlines[running];
  if (running !== undefined && runningLastDay !== undefined) {
    const deadlinePassesAt = firstInstantPast(runningLastDay, calendar);
    for (const lead of new Set(settings.reminderLeadDays)) {
      const dueAt = startOfDay(workingDayBefore(runningLastDay, lead, calendar), calendar);
      items.push({ kind: 'reminder', dueAt, deadline: running, lastDay: runningLastDay, lead, deadlinePassesAt });
    }
  }
  for (const declaration of DECLARATIONS_WAITED[dossier.state] ?? []) {
    const lastDay = deadlines[declaration];
    if (lastDay === undefined) continue;
    const at = firstInstantPast(lastDay, calendar);
    items.push({ kind: 'overdue', dueAt: at + settings.graceMs, at, declaration, lastDay });
  }
  return items;
}

/** The items due after `doneThrough` and up to `until`, earliest first. */
export function dueItemsOf(dossier: Dossier, settings: WakeSettings, doneThrough: Instant, until: Instant): WakeItem[] {
  return wakeItemsOf(dossier, settings)
    .filter((item) => item.dueAt > doneThrough && item.dueAt <= until)
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** `wakeAt`: the earliest item due after `doneThrough`, or null when time alone requires nothing. */
export function wakeAtOf(dossier: Dossier, settings: WakeSettings, doneThrough: Instant): Instant | null {
  let earliest: Instant | null = null;
  for (const item of wakeItemsOf(dossier, settings)) {
    if (item.dueAt > doneThrough && (earliest === null || item.dueAt < earliest)) earliest = item.dueAt;
  }
  return earliest;
}
