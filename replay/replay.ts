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
  /** The same mismatches as data, in the same order. */
  mismatches: Mismatch[];
  steps: StepReport[];
  final: DossierDescription | null;
  history: HistoryEntry[];
}

/**
 * One expectation that did not hold, as data: the step (1-based; null for `given` and
 * `then`), the field of the file at fault, what the file expected and what came, both as
 * JSON values, and the line. `message` is the same as a sentence (the report's `failures`).
 */
export interface Mismatch {
  message: string;
  step: number | null;
  /** The step's event type, or null for `given` and `then`. */
  event: string | null;
  /** The field as a path in the file: `when[1].expect.rejected`, `then.deadlines.holderValidation`, `given.training.end`. */
  field: string;
  expected: unknown;
  actual: unknown;
  line: number | null;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (value === undefined) return 'nothing';
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

function checkThen(then: ThenExpectation, description: DossierDescription, lines: Scenario['thenLines']): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const mismatch = (field: keyof ThenExpectation, name: string, expected: unknown, actual: unknown, shownExpected = expected, shownActual = actual) => {
    const line = lines[field] ?? null;
    mismatches.push({
      message: `then.${name}${line ? ` (line ${line})` : ''}: expected ${show(shownExpected)}, got ${show(shownActual)}`,
      step: null,
      event: null,
      field: `then.${name}`,
      expected,
      actual,
      line,
    });
  };
  if (then.state !== undefined && then.state !== description.state) mismatch('state', 'state', then.state, description.state);
  if (then.reason !== undefined && then.reason !== description.reason) mismatch('reason', 'reason', then.reason, description.reason, then.reason, description.reason ?? 'none');
  if (then.outcome) {
    for (const key of ['cpfRights', 'resteACharge'] as const) {
      const expected = then.outcome[key];
      const got = description.outcome?.[key];
      if (expected !== undefined && expected !== got) mismatch('outcome', `outcome.${key}`, expected, got ?? null, expected, got ?? 'no cancellation outcome');
    }
  }
  if (then.paidCents !== undefined && then.paidCents !== description.paidCents) {
    mismatch('paidCents', 'paid', eurosOf(then.paidCents), description.paid);
  }
  if (then.deadlines) {
    for (const [name, expected] of Object.entries(then.deadlines)) {
      const got = description.deadlines[name as DeadlineName] ?? null;
      if (expected !== got) mismatch('deadlines', `deadlines.${name}`, expected ?? null, got, expected ?? 'not set', got ?? 'not set');
    }
  }
  if (then.late && !sameSet(then.late, description.late)) mismatch('late', 'late', then.late, description.late);
  if (then.overdue && !sameSet(then.overdue, description.overdue)) mismatch('overdue', 'overdue', then.overdue, description.overdue);
  if (then.rating !== undefined && then.rating !== description.rating) mismatch('rating', 'rating', then.rating, description.rating, then.rating ?? 'none', description.rating ?? 'none');
  return mismatches;
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
    const { field, message } = created.error;
    const mismatch: Mismatch = { message: `given: ${message}`, step: null, event: null, field: field ? `given.${field}` : 'given', expected: null, actual: null, line: null };
    return { ...base, passed: false, failures: [mismatch.message], mismatches: [mismatch], steps: [], final: null, history: [] };
  }
  let dossier = created.dossier;
  const mismatches: Mismatch[] = [];
  const steps: StepReport[] = [];
  for (const step of scenario.steps) {
    const result = applyEvent(dossier, step.event);
    const passed = result.dossier.history.slice(dossier.history.length).filter((entry) => entry.event === 'DEADLINE_PASSED');
    dossier = result.dossier;
    const label = `step ${step.number} (${step.event.type} at ${step.atText}, line ${step.line})`;
    const stepMismatches: Mismatch[] = [];
    const at = (field: string, expected: unknown, actual: unknown, sentence: string) =>
      stepMismatches.push({ message: `${label}: ${sentence}`, step: step.number, event: step.event.type, field: `when[${step.number - 1}].${field}`, expected, actual, line: step.line });
    const rejectionCode = result.ok ? null : result.rejection.code;
    if (step.expect.rejected === undefined && !result.ok) {
      at('expect.rejected', null, result.rejection.code, `rejected ${result.rejection.code} (${result.rejection.message}) but no rejection was expected`);
    } else if (step.expect.rejected !== undefined && rejectionCode !== step.expect.rejected) {
      at('expect.rejected', step.expect.rejected, rejectionCode, `rejected: expected ${step.expect.rejected}, got ${rejectionCode ?? 'accepted'}`);
    }
    if (step.expect.state !== undefined && step.expect.state !== dossier.state) {
      at('expect.state', step.expect.state, dossier.state, `state: expected ${step.expect.state}, got ${dossier.state}`);
    }
    mismatches.push(...stepMismatches);
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
      failures: stepMismatches.map((mismatch) => mismatch.message),
    });
  }
  const described = describeDossier(dossier);
  const final = described.ok ? described.description : null;
  if (scenario.then && final) mismatches.push(...checkThen(scenario.then, final, scenario.thenLines));
  const failures = mismatches.map((mismatch) => mismatch.message);
  return { ...base, passed: failures.length === 0, failures, mismatches, steps, final, history: [...dossier.history] };
}
