import { addCalendarDays, holidayOn, isWorkingDay, weekdayNameOf } from '../calendar/index.js';
import type { CalendarDate, Region } from '../calendar/index.js';
import { printable } from './printable.js';
import type { StepReport, ScenarioReport } from './replay.js';
import type { ReplayRun } from './run.js';

export interface Paint {
  ok: (text: string) => string;
  bad: (text: string) => string;
  warn: (text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

function ansi(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

export function paintFor(color: boolean): Paint {
  if (!color) {
    const plain = (text: string) => text;
    return { ok: plain, bad: plain, warn: plain, dim: plain, bold: plain };
  }
  return { ok: ansi(32, 39), bad: ansi(31, 39), warn: ansi(33, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
}

const short = (date: CalendarDate) => `${weekdayNameOf(date).slice(0, 3)} ${date}`;

/** The days off strictly between two dates, with the holidays named: what a count of working days skipped. */
function daysOffBetween(from: CalendarDate, to: CalendarDate, region: Region): Array<{ date: CalendarDate; holiday: string | null }> {
  const days: Array<{ date: CalendarDate; holiday: string | null }> = [];
  for (let day = addCalendarDays(from, 1); day < to; day = addCalendarDays(day, 1)) {
    if (!isWorkingDay(day, region)) days.push({ date: day, holiday: holidayOn(day, region) });
  }
  return days;
}

function dayOffText(day: { date: CalendarDate; holiday: string | null }): string {
  return day.holiday ? `${short(day.date)} ${day.holiday}` : short(day.date);
}

function timeOf(at: string): string {
  // 2026-04-03T16:00:00+02:00 -> 16:00:00 +02:00
  return `${at.slice(11, at.length - 6)} ${at.slice(-6)}`;
}

/** One line for the days off between two timeline lines, when there are any. */
function gapLine(from: CalendarDate, to: CalendarDate, region: Region, paint: Paint): string | null {
  const off = daysOffBetween(from, to, region);
  if (off.length === 0) return null;
  if (off.length <= 12) return paint.dim(`     · days off: ${off.map(dayOffText).join(', ')}`);
  const holidays = off.filter((day) => day.holiday !== null);
  return paint.dim(`     · ${off.length} days off, ${holidays.length ? `among them ${holidays.map(dayOffText).join(', ')}` : 'weekends only'}`);
}

/** The timeline lines of one step: the deadlines that passed on the way, then the event itself. */
function stepLines(step: StepReport, paint: Paint): Array<{ date: CalendarDate; text: string }> {
  const lines = step.passed.map((passed) => ({
    date: passed.at.slice(0, 10),
    text: `   ${short(passed.at.slice(0, 10))} ${timeOf(passed.at)}  ${paint.warn(`deadline ${passed.deadline} passed`)} -> ${passed.to}`,
  }));
  const when = `${short(step.date)} ${timeOf(step.at)}`;
  const holiday = step.holiday ? paint.dim(` (${step.holiday})`) : '';
  let outcome: string;
  if (step.accepted) outcome = `-> ${paint.bold(step.statePath)}`;
  else {
    const expected = step.expectedRejection === step.rejection?.code;
    const text = `refused ${step.rejection?.code}${expected ? ' (expected)' : ''}: ${step.rejection?.message}`;
    outcome = expected ? paint.warn(text) : paint.bad(text);
  }
  const running = step.running ? paint.dim(`  [${step.running.name} due ${short(step.running.date)}]`) : '';
  const failures = step.failures.map((failure) => `\n     ${paint.bad(`✗ ${failure}`)}`).join('');
  lines.push({ date: step.date, text: `   ${when}${holiday}  ${step.event.padEnd(20)} ${outcome}${running}${failures}` });
  return lines;
}

function scenarioLines(report: ScenarioReport, paint: Paint): string[] {
  const mark = report.passed ? paint.ok('✓') : paint.bad('✗');
  const lines = [
    `${mark} ${paint.bold(printable(report.name))}  ${paint.dim(printable(report.file))}`,
    paint.dim(`   calendar ${report.calendar} · training ${short(report.training.start)} -> ${short(report.training.end)}`),
  ];
  let previous: CalendarDate | null = null;
  for (const line of report.steps.flatMap((step) => stepLines(step, paint))) {
    const gap = previous !== null && line.date > previous ? gapLine(previous, line.date, report.calendar, paint) : null;
    if (gap) lines.push(gap);
    lines.push(line.text);
    previous = line.date;
  }
  const final = report.final;
  if (final) {
    const parts = [
      `state ${final.state}`,
      final.reason ? `reason ${final.reason}` : null,
      final.outcome ? `rights ${final.outcome.cpfRights}, charge ${final.outcome.resteACharge}` : null,
      `paid ${final.paid.toFixed(2)} €`,
      final.late.length ? `late: ${final.late.join(', ')}` : null,
      final.overdue.length ? `overdue: ${final.overdue.join(', ')}` : null,
      final.rating !== null ? `rating ${final.rating}` : null,
      final.edofState ? `EDOF ${final.edofState}` : null,
    ].filter(Boolean);
    lines.push(`   => ${parts.join(' · ')}`);
  }
  for (const failure of report.failures.filter((failure) => failure.startsWith('then') || failure.startsWith('given'))) {
    lines.push(`   ${paint.bad(`✗ ${failure}`)}`);
  }
  return lines;
}

/** What a scenario came to, in a few words: `expired · ORGANISATION_NO_RESPONSE`, and its mismatches. */
function outcomeOf(report: ScenarioReport): string {
  const final = report.final;
  const parts = final
    ? [final.statePath, final.reason, final.late.length ? `late: ${final.late.join(', ')}` : null, final.overdue.length ? `overdue: ${final.overdue.join(', ')}` : null]
    : ['not created'];
  if (!report.passed) parts.push(`${report.failures.length} mismatch${report.failures.length === 1 ? '' : 'es'}`);
  return parts.filter(Boolean).join(' · ');
}

export interface TextReportOptions {
  /** Every scenario's timeline, not only those of the scenarios that failed. */
  verbose: boolean;
  /** Whether an HTML report is being written (then the closing line does not suggest one). */
  html: boolean;
}

/**
 * The human report, first screen first: the summary, one line per scenario (✓/✗, name,
 * outcome), the timelines of the scenarios that failed (of all with `verbose`), and how
 * to see more. File errors are not repeated here: they go to stderr, once.
 */
export function textReportOf(run: ReplayRun, paint: Paint, options: TextReportOptions = { verbose: false, html: false }): string {
  const passed = run.reports.filter((report) => report.passed).length;
  const failed = run.reports.length - passed;
  const summary = `${passed} passed, ${failed} failed, ${run.invalid.length} invalid`;
  const list = run.order.map((item) => {
    if (item.kind === 'report') {
      const report = run.reports[item.index]!;
      return `${report.passed ? paint.ok('✓') : paint.bad('✗')} ${printable(report.name)}  ${paint.dim(outcomeOf(report))}`;
    }
    const invalid = run.invalid[item.index]!;
    const errors = `${invalid.errors.length} file error${invalid.errors.length === 1 ? '' : 's'}`;
    return `${paint.bad('!')} ${printable(invalid.name ?? invalid.file)}  ${paint.dim(`invalid: ${errors} on stderr (${printable(invalid.file)})`)}`;
  });
  const timelines = run.reports.filter((report) => options.verbose || !report.passed).map((report) => scenarioLines(report, paint).join('\n'));
  const more = [
    options.verbose || run.reports.length === 0 ? null : 'for every timeline, add --verbose',
    options.html || run.reports.length === 0 ? null : 'for the calendars, deadlines and statechart path in one page, add --html report.html',
  ].filter((line): line is string => line !== null);
  const blocks = [
    `${run.invalid.length || failed ? paint.bad(summary) : paint.ok(summary)}\n\n${list.join('\n')}`,
    ...timelines,
    ...(more.length ? [paint.dim(more.map((line) => `${line[0]!.toUpperCase()}${line.slice(1)}.`).join('\n'))] : []),
  ];
  return `${blocks.join('\n\n')}\n`;
}
