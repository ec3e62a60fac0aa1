import { timeZoneOf } from '../calendar/index.js';
import type { CalendarDate } from '../calendar/index.js';
import { formatScenarioError } from '../replay/files.js';
import type { ScenarioReport } from '../replay/replay.js';
import type { ReplayRun } from '../replay/run.js';
import { dossierMachine } from '../machines/dossier.js';
import { machineGraphOf } from '../machines/graph.js';
import type { MachineGraph } from '../machines/graph.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';
import { DEADLINE_NAMES } from '../machines/types.js';
import type { DeadlineName } from '../machines/types.js';
import { dayLabel, dayOfMonth, euros, localTimeOf, offsetOf, shortDate } from './format.js';
import { el, ident, join, slugOf } from './html.js';
import type { Html } from './html.js';
import { dossierPathOf, statechartBaseSvg, statechartSvg } from './statechart.js';
import type { DossierPath } from './statechart.js';
import { REPORT_CSS } from './style.js';
import { endOf, timelineOf } from './timeline.js';
import type { CancellationShown, DeadlineStatus, FreeCancellationLimit, TimelineDay, TimelineItem } from './timeline.js';

/**
 * The HTML report of a replay (`cpf-dossier replay PATH... --html OUT`): one
 * self-contained page, inline CSS and inline SVG, no script, no request of any kind
 * (its Content-Security-Policy forbids them), readable offline and printable.
 */

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** What each deadline is, for people. */
const DEADLINE_TEXT: Record<DeadlineName, string> = {
  registration: 'last day to submit the registration',
  organisationResponse: 'last day for the organisation to answer',
  holderValidation: 'last day for the holder to validate',
  entryDeclaration: 'last day to declare the entry into training',
  exitDeclaration: 'last day to declare the exit from training',
};

/** How a deadline's status reads: never by colour alone. */
const DEADLINE_STATUS: Record<DeadlineStatus, { icon: string; flag: string | null; text: string }> = {
  met: { icon: '✓', flag: null, text: 'met' },
  late: { icon: '⚠', flag: 'Missed', text: 'declared late' },
  overdue: { icon: '⚠', flag: 'Overdue', text: 'not declared yet' },
  expired: { icon: '⊘', flag: 'Missed', text: 'the dossier expired' },
  passed: { icon: '⊘', flag: 'Passed', text: 'no action in time' },
  running: { icon: '', flag: null, text: 'running' },
  unused: { icon: '', flag: null, text: 'not needed: the dossier ended' },
  later: { icon: '', flag: null, text: 'not running yet' },
};

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface HtmlReportOptions {
  /** The page's title; by default from the scenarios. */
  title?: string;
}

function anchorOf(report: ScenarioReport, index: number): string {
  return `scenario-${index + 1}-${slugOf(report.name).slice(0, 60).replace(/-+$/, '')}`;
}

function resultBadge(passed: boolean): Html {
  return passed ? el('span', { class: 'badge pass' }, '✓ passed') : el('span', { class: 'badge fail' }, '✗ failed');
}

/** Why a day is the last free one, in the words of rules.md section 5 and the numbers of the policy. */
const FREE_LIMIT_TEXT: Record<FreeCancellationLimit, string> = {
  whileRecentlyValidated: `validated fewer than ${CPF_POLICY.cancellation.freeWhileValidatedForLessThanWorkingDays} working days ago`,
  whileStartIsFar: `the start more than ${CPF_POLICY.cancellation.freeWhenStartIsMoreThanWorkingDays} working days away`,
};

/** Where the remaining charge went, for people. */
function moneyOutcomeText(cancellation: CancellationShown): string {
  const { money, outcome } = cancellation;
  switch (outcome.resteACharge) {
    case 'none':
      return 'nothing was paid';
    case 'refunded':
      return `${euros(money.refunded)} refunded`;
    case 'credited':
      return `${euros(money.credited)} credited for a future training`;
    case 'debited':
      return `${euros(money.debited)} debited`;
  }
}

function itemHtml(item: TimelineItem): Html {
  switch (item.kind) {
    case 'training': {
      const kind = item.edge === 'start' ? 'training-start' : 'training-end';
      if (!item.happened) {
        return el('li', { class: 'item training not-happened', 'data-kind': kind, 'data-happened': 'false' }, item.edge === 'start' ? '▷ Training would start' : '□ Training would end', ' (did not happen)');
      }
      return el('li', { class: 'item training', 'data-kind': kind }, item.edge === 'start' ? '▶ Training starts' : '■ Training ends');
    }
    case 'free-cancellation':
      return el(
        'li',
        { class: 'item free', 'data-kind': 'free-cancellation', 'data-limits': item.limits.join(' '), title: 'Cancelling until 23:59:59 that day restores the CPF rights and refunds the remaining charge' },
        '€ Last day to cancel for free',
        el('span', { class: 'why' }, `${item.limits.map((limit) => FREE_LIMIT_TEXT[limit]).join('; ')}${item.untilStart ? ', until the start' : ''}`),
      );
    case 'end':
      return el(
        'li',
        { class: 'item end', 'data-kind': 'end', 'data-state': item.entry.to },
        el('span', { class: 'time' }, item.time),
        ' ✕ ',
        el('span', { class: 'flag' }, 'Dossier ended'),
        ': ',
        ident(item.entry.to),
        '. Nothing after this happened.',
      );
    case 'identity-usable':
      return el('li', { class: 'item identity', 'data-kind': 'identity-usable' }, el('span', { class: 'time' }, item.time), ' identity usable from here (24 h after activation)');
    case 'deadline-passed':
      return el(
        'li',
        { class: 'item passed', 'data-kind': 'deadline-passed', 'data-deadline': item.entry.deadline ?? null },
        el('span', { class: 'time' }, item.time),
        ' ⊘ ',
        el('span', { class: 'flag' }, 'Deadline passed'),
        ': ',
        ident(item.entry.deadline ?? ''),
        ` → ${item.entry.to}`,
      );
    case 'event': {
      const { step, late } = item;
      return el(
        'li',
        { class: `item event${late ? ' late' : ''}`, 'data-kind': 'event', 'data-event': step.event, 'data-step': step.number, 'data-late': late ? 'true' : null },
        el('span', { class: 'time' }, item.time),
        ' ● ',
        el('strong', {}, ident(step.event)),
        ' → ',
        ident(step.statePath),
        late ? [el('br', {}), '⚠ ', el('span', { class: 'flag' }, 'Late'), ': ', ident(late.declaration), ` was due ${shortDate(late.deadline)}`] : null,
        item.cancellation
          ? el(
              'span',
              { class: 'cancellation', 'data-cpf-rights': item.cancellation.outcome.cpfRights, 'data-reste-a-charge': item.cancellation.outcome.resteACharge },
              ident(item.cancellation.reason ?? ''),
              `: CPF rights ${item.cancellation.outcome.cpfRights}, ${moneyOutcomeText(item.cancellation)}`,
            )
          : null,
      );
    }
    case 'rejection': {
      const { step } = item;
      const expected = step.expectedRejection !== null && step.expectedRejection === step.rejection?.code;
      return el(
        'li',
        { class: 'item rejection', 'data-kind': 'rejection', 'data-event': step.event, 'data-step': step.number, title: step.rejection?.message ?? null },
        el('span', { class: 'time' }, item.time),
        ' ✗ ',
        el('strong', {}, ident(step.event)),
        ' ',
        el('span', { class: 'flag' }, 'Rejected'),
        ': ',
        ident(step.rejection?.code ?? ''),
        expected ? ' (expected)' : ' (not expected)',
      );
    }
    case 'deadline': {
      const status = DEADLINE_STATUS[item.status];
      return el(
        'li',
        { class: `item deadline ${item.status}`, 'data-kind': 'deadline', 'data-deadline': item.name, 'data-status': item.status, title: DEADLINE_TEXT[item.name] },
        '⚑ Deadline',
        el('strong', { class: 'name' }, ident(item.name)),
        el('span', { class: 'status' }, status.icon ? `${status.icon} ` : '', status.flag ? [el('span', { class: 'flag' }, status.flag), ': '] : '', status.text),
      );
    }
  }
}

function dayCell(day: TimelineDay, showYear: boolean, endDate: CalendarDate | null): Html {
  const isEnd = day.date === endDate;
  const classes = ['day', day.weekend ? 'weekend' : '', day.holiday ? 'holiday' : '', day.inTraining ? 'training' : '', day.margin ? 'margin' : '', day.afterEnd ? 'after-end' : '', isEnd ? 'end' : '']
    .filter(Boolean)
    .join(' ');
  // What the eye reads from colour, in words for a screen reader; the weekday and the date are the column header and the visible date.
  const flags = [day.inTraining ? (day.afterEnd ? 'training day that did not happen' : 'training day') : null, day.afterEnd && !day.inTraining ? 'after the end' : null].filter(Boolean);
  return el(
    'td',
    { class: classes, 'data-date': day.date, 'data-holiday': day.holiday, 'data-after-end': day.afterEnd ? 'true' : null },
    el('div', { class: 'date' }, dayOfMonth(day.date) === 1 || showYear ? dayLabel(day.date, true) : [String(dayOfMonth(day.date)), ' ', el('span', { class: 'month' }, dayLabel(day.date, false).split(' ')[1]!)]),
    flags.length > 0 ? el('span', { class: 'visually-hidden' }, `, ${flags.join(', ')}`) : null,
    day.holiday ? el('div', { class: 'dayoff' }, el('span', { class: 'holiday-name' }, day.holiday), el('span', { class: 'visually-hidden' }, ' (public holiday)')) : null,
    day.items.length > 0 ? el('ul', { class: 'items' }, day.items.map(itemHtml)) : null,
  );
}

function calendarTable(report: ScenarioReport, anchor: string): Html {
  const timeline = timelineOf(report);
  const endDate = timeline.end?.at.slice(0, 10) ?? null;
  const rows: Html[] = [];
  let first = true;
  for (const row of timeline.rows) {
    if (row.kind === 'quiet') {
      rows.push(
        el(
          'tr',
          { class: 'quiet' },
          el(
            'td',
            { colspan: 7, class: `quiet${row.afterEnd ? ' after-end' : ''}` },
            `⋯ ${row.weeks} weeks with no event, deadline or public holiday: ${shortDate(row.from)} to ${shortDate(row.to)}${row.afterEnd ? ' (after the end of the dossier)' : row.inTraining ? ' (training in progress)' : ''} ⋯`,
          ),
        ),
      );
      continue;
    }
    rows.push(el('tr', {}, row.days.map((day, index) => dayCell(day, first && index === 0, endDate))));
    first = false;
  }
  return join(
    el(
      'ul',
      { class: 'legend', 'aria-label': 'Legend of the calendar' },
      el('li', {}, el('span', { class: 'swatch weekend', 'aria-hidden': 'true' }), 'Weekend'),
      el('li', {}, el('span', { class: 'swatch holiday', 'aria-hidden': 'true' }), 'Public holiday (named)'),
      el('li', {}, el('span', { class: 'swatch training', 'aria-hidden': 'true' }), 'Training days'),
      el('li', {}, '● event (local time) → state after it'),
      el('li', {}, '✗ rejected event'),
      el('li', {}, '⚑ deadline (end of that day)'),
      el('li', {}, '⊘ deadline passed'),
      el('li', {}, '⚠ late or overdue'),
      el('li', {}, '▶ ■ training start and end'),
      el('li', {}, '€ last day to cancel for free'),
      el('li', {}, el('span', { class: 'swatch after-end', 'aria-hidden': 'true' }), '✕ the dossier ended: greyed days did not happen'),
    ),
    el(
      'table',
      { class: 'calendar', id: `${anchor}-calendar`, 'aria-describedby': `${anchor}-calendar-note` },
      el('caption', {}, `Calendar ${report.calendar}, times in ${timeZoneOf(report.calendar)}. ${shortDate(timeline.from)} to ${shortDate(timeline.to)}.`),
      el('thead', {}, el('tr', {}, WEEKDAYS.map((name, index) => el('th', { scope: 'col', class: index >= 5 ? 'weekend' : null, abbr: name }, name.slice(0, 3))))),
      el('tbody', {}, rows),
    ),
    el('p', { class: 'muted', id: `${anchor}-calendar-note` }, 'One cell per day, Monday to Sunday. Deadlines are shown on their last day: an action until 23:59:59 that day is on time.'),
  );
}

function pathList(path: DossierPath): Html {
  if (path.steps.length === 0) return el('p', {}, `No event was accepted: the dossier stayed in ${path.current}.`);
  return el(
    'ol',
    { class: 'path', 'aria-label': 'Path the dossier took' },
    path.steps.map((step) => {
      const { entry } = step;
      const when = `${shortDate(entry.at.slice(0, 10))} ${localTimeOf(entry.at)}`;
      const what =
        entry.event === 'DEADLINE_PASSED'
          ? `deadline ${entry.deadline ?? ''} passed`
          : `${entry.event}${entry.method ? ` (${entry.method})` : ''}${entry.rating !== undefined ? ` (rating ${entry.rating})` : ''}${entry.forceMajeure ? ' (force majeure)' : ''}`;
      const move = entry.from === entry.to ? `stayed in ${entry.to}` : `${entry.from} → ${entry.to}`;
      return el('li', { 'data-edge': step.edge }, `${when}: ${what}: `, entry.from === entry.to ? move : el('strong', {}, move));
    }),
  );
}

function outcomeList(report: ScenarioReport): Html {
  const final = report.final;
  if (!final) return el('p', {}, 'The dossier could not be created (see the failures above).');
  const money = final.money;
  const moneyText =
    money.paid === 0
      ? 'nothing paid'
      : [`${euros(money.paid)} paid`, money.refunded ? `${euros(money.refunded)} refunded` : null, money.credited ? `${euros(money.credited)} credited` : null, money.debited ? `${euros(money.debited)} debited` : null]
          .filter(Boolean)
          .join(', ');
  const rows: Array<[string, Html | string]> = [
    ['State', join(el('strong', {}, final.state), final.statePath !== final.state ? ` (${final.statePath})` : '')],
    ['Reason', final.reason ?? 'none (the dossier did not end early)'],
    ['EDOF state', final.edofState ?? 'none'],
    ['CPF rights', final.cpfRights],
    ['Remaining charge', final.outcome ? `${moneyText}; on cancellation: rights ${final.outcome.cpfRights}, charge ${final.outcome.resteACharge}` : moneyText],
    ['Late declarations', final.late.length ? join('⚠ ', el('strong', {}, final.late.join(', '))) : 'none'],
    ['Overdue declarations', final.overdue.length ? join('⚠ ', el('strong', {}, final.overdue.join(', '))) : 'none'],
  ];
  if (final.rating !== null) rows.push(['Quality rating', `${final.rating} / 5`]);
  if (final.at) rows.push(['As of', `${shortDate(final.at.slice(0, 10))} ${localTimeOf(final.at)} (${offsetOf(final.at)})`]);
  return el('dl', { class: 'outcome', 'data-final-state': final.state }, rows.map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

function deadlineTable(report: ScenarioReport): Html | null {
  const final = report.final;
  if (!final) return null;
  const timeline = timelineOf(report);
  const names = DEADLINE_NAMES.filter((name) => final.deadlines[name]);
  return el(
    'table',
    { class: 'deadlines' },
    el('caption', { class: 'visually-hidden' }, 'Deadlines'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Deadline'), el('th', { scope: 'col' }, 'Last day'), el('th', { scope: 'col' }, 'Meaning'))),
    el(
      'tbody',
      {},
      names.map((name) => {
        const date = final.deadlines[name] as CalendarDate;
        const item = timeline.items.find((candidate) => candidate.kind === 'deadline' && candidate.name === name);
        const status = item?.kind === 'deadline' ? DEADLINE_STATUS[item.status] : null;
        const mark = status ? ` · ${status.icon ? `${status.icon} ` : ''}${status.flag ? `${status.flag.toUpperCase()}: ` : ''}${status.text}` : '';
        return el('tr', { 'data-deadline': name }, el('th', { scope: 'row' }, el('code', {}, name)), el('td', {}, `${shortDate(date)}${mark}`), el('td', {}, DEADLINE_TEXT[name]));
      }),
    ),
  );
}

function eventsTable(report: ScenarioReport): Html {
  if (report.steps.length === 0) return el('p', {}, 'No event was replayed.');
  return el(
    'table',
    { class: 'events' },
    el('caption', { class: 'visually-hidden' }, 'Events of the scenario'),
    el(
      'thead',
      {},
      el('tr', {}, ['#', 'When (local time)', 'Event', 'Result', 'State after', 'Waiting on'].map((name) => el('th', { scope: 'col' }, name))),
    ),
    el(
      'tbody',
      {},
      report.steps.map((step) => {
        const result = step.accepted
          ? '✓ accepted'
          : join('✗ ', el('strong', {}, `rejected ${step.rejection?.code ?? ''}`), step.expectedRejection === step.rejection?.code ? ' (expected)' : ' (not expected)', `: ${step.rejection?.message ?? ''}`);
        return el(
          'tr',
          { 'data-step': step.number },
          el('td', {}, String(step.number)),
          el('td', {}, `${shortDate(step.date)} ${localTimeOf(step.at)} (${offsetOf(step.at)})`, step.holiday ? [el('br', {}), step.holiday] : null),
          el('td', {}, el('code', {}, step.event), el('span', { class: 'muted' }, ` line ${step.line}`)),
          el('td', {}, result, step.failures.map((failure) => [el('br', {}), `✗ ${failure}`])),
          el('td', {}, step.statePath),
          el('td', {}, step.running ? `${step.running.name}, ${shortDate(step.running.date)}` : '—'),
        );
      }),
    ),
  );
}

function scenarioSection(report: ScenarioReport, index: number, graph: MachineGraph, withIndex: boolean, baseId: string | undefined): Html {
  const anchor = anchorOf(report, index);
  const path = dossierPathOf(graph, report.history, report.final?.statePath ?? null);
  return el(
    'section',
    { class: `scenario ${report.passed ? 'passed' : 'failed'}`, id: anchor, 'aria-labelledby': `${anchor}-heading`, 'data-passed': report.passed ? 'true' : 'false' },
    // The heading, what the scenario is and its outcome stay together on paper.
    el(
      'div',
      { class: 'keep' },
      el('h2', { id: `${anchor}-heading` }, resultBadge(report.passed), ' ', report.name),
      el(
        'p',
        { class: 'meta' },
        'File ',
        el('code', {}, report.file),
        ` · calendar ${report.calendar} (${timeZoneOf(report.calendar)}) · training ${shortDate(report.training.start)} to ${shortDate(report.training.end)}`,
      ),
      report.description ? el('p', { class: 'description' }, report.description) : null,
      report.failures.length > 0
        ? el('div', { class: 'failures' }, el('strong', {}, `✗ ${report.failures.length} expectation${report.failures.length === 1 ? '' : 's'} failed`), el('ul', {}, report.failures.map((failure) => el('li', {}, `✗ ${failure}`))))
        : null,
      el('div', { class: 'two-cols' }, el('div', {}, el('h3', {}, 'Outcome'), outcomeList(report)), el('div', {}, el('h3', {}, 'Deadlines'), deadlineTable(report))),
    ),
    el('h3', {}, 'Timeline'),
    report.final || report.steps.length > 0 ? calendarTable(report, anchor) : el('p', {}, 'Nothing to show.'),
    el('h3', {}, 'Statechart and the path the dossier took'),
    el(
      'div',
      { class: 'chart-cols keep' },
      el('figure', { class: 'chart-figure' }, statechartSvg(graph, path, { idPrefix: `${anchor}-chart`, title: `Statechart of the CPF dossier, with the path of “${report.name}” highlighted`, baseId })),
      el('div', {}, el('h4', { class: 'path-heading' }, 'Path, step by step'), pathList(path), el('p', { class: 'muted' }, 'Highlighted in the chart: ✓ visited states (thick blue border) and taken transitions (thick blue arrows, numbered as in this list).')),
    ),
    el('div', { class: 'events-block' }, el('h3', {}, 'Events'), eventsTable(report)),
    withIndex ? el('p', { class: 'back' }, el('a', { href: '#index' }, '↑ Back to the index')) : null,
  );
}

/** The folder of a scenario file as the report names it: `scenarios/cancellation`. */
function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '.' : file.slice(0, slash);
}

function fileNameOf(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

const INDEX_COLUMNS = ['Result', 'Scenario', 'Final state', 'Region', 'Dates', 'Training', 'File'];

function indexRow(run: ReplayRun, item: ReplayRun['order'][number]): Html {
  if (item.kind === 'invalid') {
    const invalid = run.invalid[item.index]!;
    return el(
      'tr',
      { 'data-result': 'invalid' },
      el('td', {}, el('span', { class: 'badge invalid' }, '⚠ invalid')),
      el('td', {}, invalid.name ?? fileNameOf(invalid.file), el('ul', {}, invalid.errors.map((error) => el('li', {}, formatScenarioError(error))))),
      el('td', {}, '—'),
      el('td', {}, '—'),
      el('td', {}, '—'),
      el('td', {}, '—'),
      el('td', {}, el('code', {}, fileNameOf(invalid.file))),
    );
  }
  const report = run.reports[item.index]!;
  const final = report.final;
  const first = report.steps[0]?.date ?? null;
  const end = endOf(report);
  const last = end ? end.at.slice(0, 10) : (report.steps[report.steps.length - 1]?.date ?? null);
  return el(
    'tr',
    { 'data-result': report.passed ? 'passed' : 'failed', 'data-final-state': final?.state ?? null },
    el('td', {}, resultBadge(report.passed)),
    el('td', {}, el('a', { href: `#${anchorOf(report, item.index)}` }, report.name)),
    el('td', {}, final ? [el('strong', {}, ident(final.statePath)), final.reason ? [el('br', {}), ident(final.reason)] : null] : '—'),
    el('td', {}, report.calendar),
    el('td', { class: 'dates' }, first && last ? (first === last ? shortDate(first) : [shortDate(first), el('br', {}), `→ ${shortDate(last)}`]) : '—'),
    el('td', { class: 'dates' }, shortDate(report.training.start), el('br', {}), `→ ${shortDate(report.training.end)}`),
    el('td', {}, el('code', {}, fileNameOf(report.file))),
  );
}

/** The index: one table per folder, in the order the files were replayed. */
function indexNav(run: ReplayRun): Html {
  const groups = new Map<string, Array<ReplayRun['order'][number]>>();
  for (const item of run.order) {
    const file = item.kind === 'invalid' ? run.invalid[item.index]!.file : run.reports[item.index]!.file;
    groups.set(folderOf(file), [...(groups.get(folderOf(file)) ?? []), item]);
  }
  return el(
    'nav',
    { class: 'index', id: 'index', 'aria-labelledby': 'index-heading' },
    el('h2', { id: 'index-heading' }, 'Scenarios'),
    [...groups].map(([folder, items]) =>
      el(
        'table',
        { class: 'index', 'data-folder': folder },
        el('caption', {}, el('code', {}, `${folder}/`), ` · ${items.length} scenario${items.length === 1 ? '' : 's'}`),
        el('colgroup', {}, INDEX_COLUMNS.map((name) => el('col', { class: `col-${slugOf(name)}` }))),
        el('thead', {}, el('tr', {}, INDEX_COLUMNS.map((name) => el('th', { scope: 'col' }, name)))),
        el('tbody', {}, items.map((item) => indexRow(run, item))),
      ),
    ),
  );
}

/** The whole report as one HTML document. */
export function htmlReportOf(run: ReplayRun, options: HtmlReportOptions = {}): string {
  const graph = machineGraphOf(dossierMachine);
  const passed = run.reports.filter((report) => report.passed).length;
  const failed = run.reports.length - passed;
  const total = run.reports.length + run.invalid.length;
  const withIndex = total > 1;
  const baseId = run.reports.length > 1 ? 'statechart' : undefined;
  const title = options.title ?? (run.reports.length === 1 && total === 1 ? `Replay: ${run.reports[0]!.name}` : `Replay of ${total} scenario file${total === 1 ? '' : 's'}`);
  const body = el(
    'div',
    { class: 'page' },
    el(
      'header',
      {},
      el('h1', {}, title),
      el('p', { class: 'summary' }, `${passed} passed, ${failed} failed, ${run.invalid.length} invalid.`, failed + run.invalid.length === 0 ? ' ✓ Every scenario holds.' : ' ✗ Some scenarios do not hold.'),
    ),
    withIndex ? indexNav(run) : null,
    // Several dossiers share one drawing of the statechart; each draws only its path over it.
    baseId ? statechartBaseSvg(graph, baseId) : null,
    el('main', {}, run.reports.map((report, index) => scenarioSection(report, index, graph, withIndex, baseId))),
  );
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="color-scheme" content="light">\n` +
    `${el('title', {}, title).html}\n<style>${REPORT_CSS}</style>\n</head>\n<body>\n${body.html}\n</body>\n</html>\n`
  );
}

/**
 * One dossier's outcome, deadlines, calendar and statechart path, as the replay report
 * draws them, for a page of its own: the service's dossier page (serve/pages.ts) builds
 * the report from the stored log and wraps these in its own document.
 */
export function dossierViewOf(report: ScenarioReport, anchor: string): { outcome: string; deadlines: string; calendar: string; statechart: string } {
  const graph = machineGraphOf(dossierMachine);
  const path = dossierPathOf(graph, report.history, report.final?.statePath ?? null);
  return {
    outcome: outcomeList(report).html,
    deadlines: deadlineTable(report)?.html ?? '',
    calendar: calendarTable(report, anchor).html,
    statechart: el(
      'div',
      { class: 'chart-cols' },
      el('figure', { class: 'chart-figure' }, statechartSvg(graph, path, { idPrefix: `${anchor}-chart`, title: `Statechart of the CPF dossier, with the path of “${report.name}” highlighted` })),
      el('div', {}, el('h4', { class: 'path-heading' }, 'Path, step by step'), pathList(path)),
    ).html,
  };
}
