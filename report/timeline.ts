import { addCalendarDays, holidayOn, isWeekend, toDayNumber, weekdayOf } from '../calendar/index.js';
import type { CalendarDate, Region } from '../calendar/index.js';
import type { HistoryEntry } from '../api/dossier.js';
import { lastFreeCancellationDays } from '../guards/cancellation.js';
import { DEADLINE_NAMES, FINAL_STATES } from '../machines/types.js';
import type { CancellationOutcome, DeadlineName, Declaration, Money, Reason } from '../machines/types.js';
import type { ScenarioReport, StepReport } from '../replay/replay.js';
import { clockOf, localTimeOf } from './format.js';

/**
 * A scenario's life as calendar days: what happened on each day (events, rejections,
 * deadlines, deadlines passing, the training's first and last days), and which days are
 * days off in the scenario's region. Pure data: the HTML is drawn from it in page.ts.
 */

/** Where a deadline stands at the end of the replay. */
export type DeadlineStatus =
  /** The action it waits for happened in time. */
  | 'met'
  /** A declaration made after its deadline. */
  | 'late'
  /** A declaration still due and past its deadline. */
  | 'overdue'
  /** It passed with no action and the dossier expired. */
  | 'expired'
  /** The dossier still waits on it, and it has passed (e.g. too late to register). */
  | 'passed'
  /** The dossier still waits on it. */
  | 'running'
  /** The dossier ended (or moved on) without needing it. */
  | 'unused'
  /** Not running yet: a later stage of the dossier. */
  | 'later';

/** The events that meet each deadline. */
const MET_BY: Record<DeadlineName, string[]> = {
  registration: ['SUBMIT'],
  organisationResponse: ['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES'],
  holderValidation: ['HOLDER_VALIDATES'],
  entryDeclaration: ['ENTRY_DECLARED'],
  exitDeclaration: ['EXIT_DECLARED'],
};

/** What a cancellation did, shown on its day. */
export interface CancellationShown {
  reason: Reason | null;
  outcome: CancellationOutcome;
  money: Money;
}

/** The two limits of a free cancellation (rules.md section 5). */
export type FreeCancellationLimit = 'whileRecentlyValidated' | 'whileStartIsFar';

export type TimelineItem =
  /** `happened` is false for a training edge after the dossier ended. */
  | { kind: 'training'; date: CalendarDate; edge: 'start' | 'end'; happened: boolean }
  | { kind: 'identity-usable'; date: CalendarDate; time: string; clock: string }
  | { kind: 'deadline-passed'; date: CalendarDate; time: string; clock: string; entry: HistoryEntry }
  | {
      kind: 'event';
      date: CalendarDate;
      time: string;
      clock: string;
      step: StepReport;
      late: { declaration: Declaration; deadline: CalendarDate } | null;
      /** For the HOLDER_CANCELS that cancelled the dossier: what it did to rights and money. */
      cancellation: CancellationShown | null;
    }
  | { kind: 'rejection'; date: CalendarDate; time: string; clock: string; step: StepReport }
  | { kind: 'deadline'; date: CalendarDate; name: DeadlineName; status: DeadlineStatus }
  /**
   * A validated dossier's last day to cancel for free under one limit, or two that end
   * the same day; `untilStart` when the limit reaches the start, which ends it the day before.
   */
  | { kind: 'free-cancellation'; date: CalendarDate; limits: FreeCancellationLimit[]; untilStart: boolean }
  /** The dossier reached a final state: nothing after this happened. */
  | { kind: 'end'; date: CalendarDate; time: string; clock: string; entry: HistoryEntry };

export interface TimelineDay {
  date: CalendarDate;
  /** Saturday or Sunday. */
  weekend: boolean;
  /** The public holiday's name in the scenario's region, if any. */
  holiday: string | null;
  /** From the training's first day to its last, both included. */
  inTraining: boolean;
  /** Outside the dossier's life (padding to whole weeks, or the few days around it). */
  margin: boolean;
  /** After the day the dossier reached a final state. */
  afterEnd: boolean;
  items: TimelineItem[];
}

export type TimelineRow =
  | { kind: 'week'; days: TimelineDay[] }
  /** Whole weeks in a row with nothing on them, shown as one line. */
  | { kind: 'quiet'; from: CalendarDate; to: CalendarDate; weeks: number; inTraining: boolean; afterEnd: boolean };

export interface Timeline {
  /** The first and last day of the dossier's life as shown (before padding to whole weeks). */
  from: CalendarDate;
  to: CalendarDate;
  rows: TimelineRow[];
  /** Every item, in time order. */
  items: TimelineItem[];
  /** The history entry that took the dossier to a final state, if any. */
  end: HistoryEntry | null;
}

/** Days shown before the first thing that happens and after the last. */
export const MARGIN_DAYS = 3;
/** Runs of at least this many empty weeks are folded into one line. */
export const QUIET_WEEKS_FOLDED = 4;

const DECLARATION_EVENTS: Record<string, Declaration> = { ENTRY_DECLARED: 'entryDeclaration', EXIT_DECLARED: 'exitDeclaration' };

function holidaySafe(date: CalendarDate, region: Region): string | null {
  try {
    return holidayOn(date, region);
  } catch {
    return null; // outside the years the holiday calendar covers
  }
}

/** Sort order inside a day: the training's edges first, then by time, the deadlines (end of day) last. */
function orderOf(item: TimelineItem): string {
  switch (item.kind) {
    case 'training':
      return `0 ${item.edge === 'start' ? 0 : 1}`;
    case 'end':
      return `1 ${item.clock}~`; // after the event at the same instant that ended the dossier
    case 'deadline':
      return `2 ${DEADLINE_NAMES.indexOf(item.name)}`;
    case 'free-cancellation':
      return '3';
    case 'identity-usable':
    case 'deadline-passed':
    case 'event':
    case 'rejection':
      return `1 ${item.clock}`;
  }
}

/** The history entry that took the dossier to a final state (refused, expired, cancelled). */
export function endOf(report: ScenarioReport): HistoryEntry | null {
  return report.history.find((entry) => (FINAL_STATES as readonly string[]).includes(entry.to)) ?? null;
}

/**
 * The last day of each free-cancellation limit of a validated dossier, as
 * `lastFreeCancellationDays` gives them, kept only where they fall from the validation to
 * the day before the start (a limit after it is ended by the start).
 */
function freeCancellationItems(report: ScenarioReport): TimelineItem[] {
  const validation = report.history.find((entry) => entry.event === 'HOLDER_VALIDATES');
  if (!validation) return [];
  const validatedOn = validation.at.slice(0, 10);
  const lastBeforeStart = addCalendarDays(report.training.start, -1);
  let limits: ReturnType<typeof lastFreeCancellationDays>;
  try {
    limits = lastFreeCancellationDays(validatedOn, report.training.start, report.calendar);
  } catch {
    return []; // a limit outside the years the holiday calendar covers
  }
  const items: Array<Extract<TimelineItem, { kind: 'free-cancellation' }>> = [];
  for (const limit of ['whileRecentlyValidated', 'whileStartIsFar'] as const) {
    const untilStart = limits[limit] >= report.training.start;
    const date = untilStart ? lastBeforeStart : limits[limit];
    if (date < validatedOn) continue;
    const same = items.find((item) => item.date === date);
    if (same) same.limits.push(limit);
    else items.push({ kind: 'free-cancellation', date, limits: [limit], untilStart });
  }
  return items;
}

/** The items of a scenario's replay, each on its calendar day. */
export function timelineItemsOf(report: ScenarioReport): TimelineItem[] {
  const items: TimelineItem[] = [];
  const final = report.final;
  const end = endOf(report);
  const endDate = end?.at.slice(0, 10) ?? null;
  // The training starts on its first day whatever happens that day; it ends on its last only if the dossier is still alive.
  items.push({ kind: 'training', date: report.training.start, edge: 'start', happened: endDate === null || report.training.start <= endDate });
  items.push({ kind: 'training', date: report.training.end, edge: 'end', happened: endDate === null || report.training.end < endDate });
  items.push(...freeCancellationItems(report));
  if (end) items.push({ kind: 'end', date: endDate!, time: localTimeOf(end.at), clock: clockOf(end.at), entry: end });
  const usableFrom = final?.identity.usableFrom;
  if (usableFrom) items.push({ kind: 'identity-usable', date: usableFrom.slice(0, 10), time: localTimeOf(usableFrom), clock: clockOf(usableFrom) });
  for (const entry of report.history) {
    if (entry.event === 'DEADLINE_PASSED') items.push({ kind: 'deadline-passed', date: entry.at.slice(0, 10), time: localTimeOf(entry.at), clock: clockOf(entry.at), entry });
  }
  const lateDeclarations = new Set(final?.late ?? []);
  for (const step of report.steps) {
    const time = localTimeOf(step.at);
    const clock = clockOf(step.at);
    if (!step.accepted) {
      items.push({ kind: 'rejection', date: step.date, time, clock, step });
      continue;
    }
    const declaration = DECLARATION_EVENTS[step.event];
    const deadline = declaration ? final?.deadlines[declaration] : undefined;
    const late = declaration && deadline && lateDeclarations.has(declaration) && step.date > deadline ? { declaration, deadline } : null;
    const cancelled = step.event === 'HOLDER_CANCELS' && final?.state === 'cancelled' && final.outcome !== null && step.statePath === 'cancelled';
    const cancellation = cancelled ? { reason: final.reason, outcome: final.outcome!, money: final.money } : null;
    items.push({ kind: 'event', date: step.date, time, clock, step, late, cancellation });
  }
  const expired = new Set(report.history.filter((entry) => entry.event === 'DEADLINE_PASSED').map((entry) => entry.deadline));
  const ended = end !== null;
  for (const name of DEADLINE_NAMES) {
    const date = final?.deadlines[name];
    if (!final || !date) continue;
    let status: DeadlineStatus;
    if (final.overdue.includes(name as Declaration)) status = 'overdue';
    else if (final.late.includes(name as Declaration)) status = 'late';
    else if (expired.has(name)) status = 'expired';
    else if (report.history.some((entry) => MET_BY[name].includes(entry.event))) status = 'met';
    else if (final.runningDeadline === name) status = final.at !== null && final.at.slice(0, 10) > date ? 'passed' : 'running';
    else status = ended ? 'unused' : 'later';
    items.push({ kind: 'deadline', date, name, status });
  }
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.date < b.item.date ? -1 : a.item.date > b.item.date ? 1 : orderOf(a.item).localeCompare(orderOf(b.item)) || a.index - b.index))
    .map(({ item }) => item);
}

function mondayOf(date: CalendarDate): CalendarDate {
  return addCalendarDays(date, -((weekdayOf(date) + 6) % 7));
}

/**
 * The calendar of a scenario: whole weeks (Monday to Sunday) from a few days before the
 * first thing that happens to a few days after the last event or deadline.
 */
export function timelineOf(report: ScenarioReport): Timeline {
  const all = timelineItemsOf(report);
  const end = endOf(report);
  // The identity may have been activated long before: it is shown only inside the dossier's life.
  const dates = all.filter((item) => item.kind !== 'identity-usable').map((item) => item.date).sort();
  const from = addCalendarDays(dates[0]!, -MARGIN_DAYS);
  const to = addCalendarDays(dates[dates.length - 1]!, MARGIN_DAYS);
  const items = all.filter((item) => item.kind !== 'identity-usable' || (from <= item.date && item.date <= to));
  const byDate = new Map<CalendarDate, TimelineItem[]>();
  for (const item of items) byDate.set(item.date, [...(byDate.get(item.date) ?? []), item]);
  const weeks: TimelineDay[][] = [];
  const last = toDayNumber(to);
  for (let monday = mondayOf(from); toDayNumber(monday) <= last; monday = addCalendarDays(monday, 7)) {
    const week: TimelineDay[] = [];
    for (let i = 0; i < 7; i++) {
      const date = addCalendarDays(monday, i);
      week.push({
        date,
        weekend: isWeekend(date),
        holiday: holidaySafe(date, report.calendar),
        inTraining: report.training.start <= date && date <= report.training.end,
        margin: date < from || date > to,
        afterEnd: end !== null && date > end.at.slice(0, 10),
        items: byDate.get(date) ?? [],
      });
    }
    weeks.push(week);
  }
  const rows: TimelineRow[] = [];
  const quiet = (week: TimelineDay[]) => week.every((day) => day.items.length === 0 && day.holiday === null);
  for (let i = 0; i < weeks.length; ) {
    let j = i;
    while (j < weeks.length && quiet(weeks[j]!)) j++;
    if (j - i >= QUIET_WEEKS_FOLDED) {
      const days = weeks.slice(i, j).flat();
      rows.push({ kind: 'quiet', from: days[0]!.date, to: days[days.length - 1]!.date, weeks: j - i, inTraining: days.some((day) => day.inTraining), afterEnd: days.every((day) => day.afterEnd) });
      i = j;
    } else {
      rows.push({ kind: 'week', days: weeks[i]! });
      i++;
    }
  }
  return { from, to, rows, items, end };
}
