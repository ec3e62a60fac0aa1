import { calendarDateOf, formatInstant, holidayOn, parseInstant, weekdayNameOf } from '../calendar/index.js';
import type { CalendarDate, Region } from '../calendar/index.js';
import { applyEvent, createDossier } from '../api/dossier.js';
import type { Dossier, HistoryEntry } from '../api/dossier.js';
import { describeDossier, eurosOf, RUNNING_DEADLINE } from '../api/describe.js';
import type { DossierDescription } from '../api/describe.js';
import type { Rejection } from '../api/rejections.js';
import type { DeadlineName, DossierStateName, RejectionCode } from '../machines/types.js';
import type { Scenario, ThenExpectation } from './scenario.js';

/** One event of a replay, as the reports show it. */
export interface StepReport {
  number: number;
  line: number;
  event: string;
  /** The instant in the calendar's zone, its date and weekday. */
  at: string;
  date: CalendarDate;
  weekday: string;
  /** The public holiday that day, if any. */
  holiday: string | null;
  accepted: boolean;
  rejection: Rejection | null;
  expectedRejection: RejectionCode | null;
  state: DossierStateName;
  statePath: string;
  /** Deadlines that passed on the way to this event (time-based transitions). */
  passed: HistoryEntry[];
  /** The deadline the dossier waits on after this event, with its date. */
  running: { name: DeadlineName; date: CalendarDate } | null;
  failures: string[];
}

export interface ScenarioReport {
  file: string;
  name: string;
  description: string | null;
  calendar: Region;
  training: { start: CalendarDate; end: CalendarDate };
  passed: boolean;
  /** Every mismatch, one sentence each, naming the step (number, event, line) or the `then` field. */
  failures: string[];
  steps: StepReport[];
  final: DossierDescription | null;
  history: HistoryEntry[];
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (value === undefined) return 'nothing';
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

function checkThen(then: ThenExpectation, description: DossierDescription, lines: Scenario['thenLines']): string[] {
  const failures: string[] = [];
  const where = (field: keyof ThenExpectation, name: string) => `then.${name}${lines[field] ? ` (line ${lines[field]})` : ''}`;
  const mismatch = (field: keyof ThenExpectation, name: string, expected: unknown, got: unknown) =>
    failures.push(`${where(field, name)}: expected ${show(expected)}, got ${show(got)}`);
  if (then.state !== undefined && then.state !== description.state) mismatch('state', 'state', then.state, description.state);
  if (then.reason !== undefined && then.reason !== description.reason) mismatch('reason', 'reason', then.reason, description.reason ?? 'none');
  if (then.outcome) {
    for (const key of ['cpfRights', 'resteACharge'] as const) {
      const expected = then.outcome[key];
      const got = description.outcome?.[key];
      if (expected !== undefined && expected !== got) mismatch('outcome', `outcome.${key}`, expected, got ?? 'no cancellation outcome');
    }
  }
  if (then.paidCents !== undefined && then.paidCents !== description.paidCents) {
    mismatch('paidCents', 'paid', eurosOf(then.paidCents), description.paid);
  }
  if (then.deadlines) {
    for (const [name, expected] of Object.entries(then.deadlines)) {
      const got = description.deadlines[name as DeadlineName] ?? null;
      if (expected !== got) mismatch('deadlines', `deadlines.${name}`, expected ?? 'not set', got ?? 'not set');
    }
  }
  if (then.late && !sameSet(then.late, description.late)) mismatch('late', 'late', then.late, description.late);
  if (then.overdue && !sameSet(then.overdue, description.overdue)) mismatch('overdue', 'overdue', then.overdue, description.overdue);
  if (then.rating !== undefined && then.rating !== description.rating) mismatch('rating', 'rating', then.rating ?? 'none', description.rating ?? 'none');
  return failures;
}

function runningDeadline(dossier: Dossier): StepReport['running'] {
  const name = RUNNING_DEADLINE[dossier.state];
  const date = name ? dossier.context.deadlines[name] : undefined;
  return name && date ? { name, date } : null;
}

/**
 * Replays a scenario through the public API (no second implementation): each event
 * with applyEvent, each `expect` right after it, `then` on describeDossier at the end.
 */
export function replayScenario(scenario: Scenario): ScenarioReport {
  const { file, name, description, calendar } = scenario;
  const base = { file, name, description, calendar, training: scenario.input.training };
  const created = createDossier(scenario.input);
  if (!created.ok) {
    return { ...base, passed: false, failures: [`given: ${created.error.message}`], steps: [], final: null, history: [] };
  }
  let dossier = created.dossier;
  const failures: string[] = [];
  const steps: StepReport[] = [];
  for (const step of scenario.steps) {
    const result = applyEvent(dossier, step.event);
    const passed = result.dossier.history.slice(dossier.history.length).filter((entry) => entry.event === 'DEADLINE_PASSED');
    dossier = result.dossier;
    const label = `step ${step.number} (${step.event.type} at ${step.atText}, line ${step.line})`;
    const stepFailures: string[] = [];
    const rejectionCode = result.ok ? null : result.rejection.code;
    if (step.expect.rejected === undefined && !result.ok) {
      stepFailures.push(`${label}: rejected ${result.rejection.code} (${result.rejection.message}) but no rejection was expected`);
    } else if (step.expect.rejected !== undefined && rejectionCode !== step.expect.rejected) {
      stepFailures.push(`${label}: rejected: expected ${step.expect.rejected}, got ${rejectionCode ?? 'accepted'}`);
    }
    if (step.expect.state !== undefined && step.expect.state !== dossier.state) {
      stepFailures.push(`${label}: state: expected ${step.expect.state}, got ${dossier.state}`);
    }
    failures.push(...stepFailures);
    // The file's `at` was checked when the file was read, so it parses.
    const instant = result.ok ? result.event.at : (parseInstant(step.atText, calendar) as { value: number }).value;
    const date = calendarDateOf(instant, calendar);
    steps.push({
      number: step.number,
      line: step.line,
      event: step.event.type,
      at: formatInstant(instant, calendar),
      date,
      weekday: weekdayNameOf(date),
      holiday: holidayOn(date, calendar),
      accepted: result.ok,
      rejection: result.ok ? null : result.rejection,
      expectedRejection: step.expect.rejected ?? null,
      state: dossier.state,
      statePath: dossier.statePath,
      passed,
      running: runningDeadline(dossier),
      failures: stepFailures,
    });
  }
  const described = describeDossier(dossier);
  const final = described.ok ? described.description : null;
  if (scenario.then && final) failures.push(...checkThen(scenario.then, final, scenario.thenLines));
  return { ...base, passed: failures.length === 0, failures, steps, final, history: [...dossier.history] };
}
