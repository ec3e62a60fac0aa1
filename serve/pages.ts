import { addCalendarDays, calendarDateOf, formatInstant, holidayOn, weekdayNameOf } from '../calendar/index.js';
import type { CalendarDate } from '../calendar/index.js';
import type { HistoryEntry } from '../api/dossier.js';
import { dossierViewOf, REPORT_CSS } from '../report/index.js';
import { longDate, localTimeOf, offsetOf, shortDate } from '../report/format.js';
import { el, join } from '../report/html.js';
import type { Html } from '../report/html.js';
import type { ScenarioReport, StepReport } from '../replay/replay.js';
import type { DeadlineName, DossierStateName } from '../machines/types.js';
import type { DossierStore, LogEntry, WorklistItem } from '../store/types.js';
import type { Principal } from './access.js';
import { HttpError, storeHttpError } from './errors.js';

/**
 * The two pages of the service: the worklist (GET /) and a dossier's timeline
 * (GET /dossiers/{id}/page). Self-contained: inline CSS, no script, no image or font
 * from anywhere; the Content-Security-Policy header and meta forbid any other request.
 */

/** In the page itself, so that a saved copy opened from disk makes no request either. */
const META_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
/** As a header: the same, and no framing by other sites (which a meta element cannot say). */
export const PAGE_CSP = `${META_CSP}; frame-ancestors 'none'`;

/** The most dossiers a worklist page lists per actor; past it the page says so and links the API. */
export const WORKLIST_PAGE_LIMIT = 500;

/** What each deadline asks of whom, in the words of the back office. */
const DEADLINE_ACTION: Record<DeadlineName, string> = {
  registration: 'submit the registration',
  organisationResponse: 'accept or refuse the registration',
  holderValidation: 'validate the accepted registration',
  entryDeclaration: 'declare the entry into training',
  exitDeclaration: 'declare the exit from training',
};

const PAGE_CSS = `${REPORT_CSS}
.groups { display: grid; gap: 18px; }
.group h2 { display: flex; align-items: baseline; gap: 10px; }
.group .count { font-size: 0.95rem; font-weight: 400; color: #57606a; }
.group.overdue h2 { color: #a40e26; }
.group.today h2 { color: #8a4600; }
table.worklist { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
table.worklist th, table.worklist td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
table.worklist th { background: #f6f8fa; }
.filters { display: flex; gap: 14px; margin: 6px 0 16px; padding: 0; list-style: none; }
.filters [aria-current] { font-weight: 700; text-decoration: none; color: #1f2328; }
table.log { width: 100%; border-collapse: collapse; font-size: 0.88rem; }
table.log th, table.log td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
table.log tr.refused td { background: #fff8f0; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 24px; margin: 6px 0 12px; padding: 0; list-style: none; }
`;

function documentOf(title: string, body: Html): string {
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${META_CSP}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light">\n` +
    `${el('title', {}, title).html}\n<style>${PAGE_CSS}</style>\n</head>\n<body>\n${body.html}\n</body>\n</html>\n`
  );
}

function dossierHref(id: string): string {
  return `/dossiers/${encodeURIComponent(id)}/page`;
}

type Group = 'overdue' | 'today' | 'tomorrow' | 'later';

const GROUPS: Array<{ group: Group; heading: string; empty: string }> = [
  { group: 'overdue', heading: '⚠ Overdue', empty: 'Nothing overdue.' },
  { group: 'today', heading: 'Last day today', empty: 'Nothing ends today.' },
  { group: 'tomorrow', heading: 'Last day tomorrow', empty: 'Nothing ends tomorrow.' },
  { group: 'later', heading: 'Later', empty: 'Nothing later.' },
];

/**
 * A dossier's group by the last day of its running deadline, against today. Today is
 * read in Europe/Paris (the worklist rows carry no calendar); a dossier waiting on no
 * deadline (an evaluation) is `later`.
 */
export function groupOf(lastDay: CalendarDate | null, today: CalendarDate): Group {
  if (lastDay === null) return 'later';
  if (lastDay < today) return 'overdue';
  if (lastDay === today) return 'today';
  return lastDay === addCalendarDays(today, 1) ? 'tomorrow' : 'later';
}

function worklistRow(item: WorklistItem, today: CalendarDate): Html {
  const deadline = item.runningDeadline;
  const when =
    item.lastDay === null
      ? 'no deadline'
      : item.lastDay < today
        ? `${shortDate(item.lastDay)} (passed)`
        : item.lastDay === today
          ? `${shortDate(item.lastDay)} (today, until 23:59)`
          : shortDate(item.lastDay);
  return el(
    'tr',
    { 'data-id': item.id, 'data-last-day': item.lastDay },
    el('td', {}, el('a', { href: dossierHref(item.id) }, item.id)),
    el('td', {}, item.mustAct === 'organisation' ? 'Organisation' : 'Holder'),
    el('td', {}, deadline ? DEADLINE_ACTION[deadline] : item.state === 'finished' ? 'evaluate the training' : '—'),
    el('td', {}, when),
    el('td', {}, item.state),
  );
}

/** GET /: the dossiers someone must act on, grouped by the last day to act. */
export async function worklistPageOf(store: DossierStore, principal: Principal, filter: { mustAct?: 'holder' | 'organisation' }): Promise<string | HttpError> {
  const now = store.clock.now();
  const today = calendarDateOf(now, 'FR');
  const actors = filter.mustAct ? [filter.mustAct] : (['organisation', 'holder'] as const);
  const items: WorklistItem[] = [];
  let truncated = false;
  for (const mustAct of actors) {
    const read = await store.worklist({ mustAct, limit: WORKLIST_PAGE_LIMIT, idPrefix: principal.dossiers ?? undefined });
    if (!read.ok) return storeHttpError(read.error);
    items.push(...read.items);
    if (read.next !== null) truncated = true;
  }
  // Merged back into the API's order: by last day (none last), then id.
  items.sort((a, b) => (a.lastDay ?? '9999-99-99').localeCompare(b.lastDay ?? '9999-99-99') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const filterLink = (label: string, value: string | null) => {
    const current = (filter.mustAct ?? null) === value;
    return el('li', {}, el('a', { href: value ? `/?mustAct=${value}` : '/', 'aria-current': current ? 'page' : null }, label));
  };
  const sections = GROUPS.map(({ group, heading, empty }) => {
    const rows = items.filter((item) => groupOf(item.lastDay, today) === group);
    return el(
      'section',
      { class: `group ${group}`, 'data-group': group, 'aria-labelledby': `group-${group}` },
      el('h2', { id: `group-${group}` }, heading, el('span', { class: 'count' }, `${rows.length} dossier${rows.length === 1 ? '' : 's'}`)),
      rows.length === 0
        ? el('p', { class: 'muted' }, empty)
        : el(
            'table',
            { class: 'worklist' },
            el('thead', {}, el('tr', {}, ['Dossier', 'Who must act', 'To do', 'Last day', 'State'].map((name) => el('th', { scope: 'col' }, name)))),
            el('tbody', {}, rows.map((item) => worklistRow(item, today))),
          ),
    );
  });
  const title = 'Worklist: who must act';
  const body = el(
    'div',
    { class: 'page' },
    el(
      'header',
      {},
      el('h1', {}, title),
      el(
        'p',
        { class: 'summary' },
        `Today is ${longDate(today)} (Europe/Paris, ${localTimeOf(formatInstant(now, 'FR'))}). ${items.length} dossier${items.length === 1 ? '' : 's'} waiting on someone`,
        principal.dossiers === null ? '.' : [', among the dossiers starting with ', el('code', {}, principal.dossiers), '.'],
        ' A deadline ends at 23:59:59 on its last day.',
      ),
      el('ul', { class: 'filters', 'aria-label': 'Who must act' }, filterLink('Everyone', null), filterLink('Organisation', 'organisation'), filterLink('Holder', 'holder')),
    ),
    truncated ? el('p', { class: 'failures' }, `Only the first ${WORKLIST_PAGE_LIMIT} dossiers of each kind are shown; GET /dossiers lists them all, page by page.`) : null,
    el('main', { class: 'groups' }, sections),
  );
  return documentOf(title, body);
}

/**
 * The steps of the report from the stored log: each event that reached the model, with
 * the state it left (from the dossier's own history, in the same order). The page's
 * calendar shows accepted events; refused ones are in the log table below it.
 */
function stepsOf(entries: readonly LogEntry[], history: readonly HistoryEntry[], calendar: ScenarioReport['calendar']): StepReport[] {
  const accepted = history.filter((entry) => entry.event !== 'DEADLINE_PASSED');
  let next = 0;
  const steps: StepReport[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'event' || !entry.accepted || entry.at === null) continue;
    const match = accepted.slice(next).findIndex((candidate) => candidate.event === entry.type);
    const historyEntry = match >= 0 ? accepted[next + match]! : null;
    if (match >= 0) next += match + 1;
    const statePath = historyEntry?.to ?? '';
    const date = entry.at.slice(0, 10);
    steps.push({
      number: entry.seq,
      line: 0,
      event: entry.type,
      at: entry.at,
      date,
      weekday: weekdayNameOf(date),
      holiday: holidayOn(date, calendar),
      accepted: true,
      rejection: null,
      expectedRejection: null,
      state: statePath.split('.')[0] as DossierStateName,
      statePath,
      passed: [],
      running: null,
      failures: [],
    });
  }
  return steps;
}

function logTable(entries: readonly LogEntry[]): Html {
  if (entries.length === 0) return el('p', {}, 'The log is empty.');
  return el(
    'table',
    { class: 'log' },
    el('caption', { class: 'visually-hidden' }, 'The stored log, oldest first'),
    el('thead', {}, el('tr', {}, ['#', 'When (local time)', 'Event', 'Result', 'Received', 'Idempotency key', 'Version'].map((name) => el('th', { scope: 'col' }, name)))),
    el(
      'tbody',
      {},
      entries.map((entry) => {
        const when = entry.at === null ? '—' : `${shortDate(entry.at.slice(0, 10))} ${localTimeOf(entry.at)} (${offsetOf(entry.at)})`;
        const what = entry.kind === 'deadline' ? join('⊘ deadline ', el('code', {}, entry.deadline ?? ''), ' passed') : el('code', {}, entry.type);
        const result = entry.accepted ? '✓ accepted' : join('✗ ', el('strong', {}, `refused ${entry.code ?? ''}`), entry.message ? `: ${entry.message}` : '');
        return el(
          'tr',
          { class: entry.accepted ? null : 'refused', 'data-seq': entry.seq, 'data-kind': entry.kind, 'data-accepted': entry.accepted ? 'true' : 'false' },
          el('td', {}, String(entry.seq)),
          el('td', {}, when),
          el('td', {}, what),
          el('td', {}, result),
          el('td', {}, `${shortDate(entry.receivedAt.slice(0, 10))} ${localTimeOf(entry.receivedAt)}`),
          el('td', {}, entry.idempotencyKey === null ? '—' : el('code', {}, entry.idempotencyKey)),
          el('td', {}, String(entry.version)),
        );
      }),
    ),
  );
}

/** GET /dossiers/{id}/page: the dossier's calendar, deadlines, log and path, from what is stored. */
export async function dossierPageOf(store: DossierStore, id: string): Promise<string | HttpError> {
  const [stored, log] = await Promise.all([store.get(id), store.log(id)]);
  if (!stored.ok) return storeHttpError(stored.error);
  if (!log.ok) return storeHttpError(log.error);
  const { dossier, description, version } = stored;
  const { calendar, training } = dossier.setup;
  const report: ScenarioReport = {
    file: '',
    name: id,
    description: null,
    calendar,
    training,
    passed: true,
    failures: [],
    mismatches: [],
    steps: stepsOf(log.entries, dossier.history, calendar),
    final: description,
    history: [...dossier.history],
  };
  const view = dossierViewOf(report, 'dossier');
  const running = description.runningDeadline;
  const runningDay = running ? description.deadlines[running] : undefined;
  const refused = log.entries.filter((entry) => !entry.accepted).length;
  const title = `Dossier ${id}`;
  const body = el(
    'div',
    { class: 'page' },
    el(
      'header',
      {},
      el('p', {}, el('a', { href: '/' }, '← Worklist')),
      el('h1', {}, title),
      el(
        'ul',
        { class: 'facts' },
        el('li', {}, 'State ', el('strong', { 'data-state': description.state }, description.statePath)),
        el('li', {}, 'Who must act: ', el('strong', {}, description.mustAct)),
        el('li', {}, running && runningDay ? ['Waiting on ', el('code', {}, running), `: last day ${shortDate(runningDay)}`] : 'No deadline running'),
        el('li', {}, `Version ${version}`),
        el('li', {}, `Calendar ${calendar}, training ${shortDate(training.start)} to ${shortDate(training.end)}`),
        description.at ? el('li', { class: 'muted' }, `As of ${shortDate(description.at.slice(0, 10))} ${localTimeOf(description.at)} (${offsetOf(description.at)})`) : null,
      ),
    ),
    el(
      'main',
      {},
      el('div', { class: 'two-cols' }, el('div', {}, el('h2', {}, 'Outcome'), { html: view.outcome }), el('div', {}, el('h2', {}, 'Deadlines'), { html: view.deadlines })),
      el('h2', {}, 'Timeline'),
      { html: view.calendar },
      el('h2', {}, `Log (${log.entries.length} line${log.entries.length === 1 ? '' : 's'}, ${refused} refused)`),
      logTable(log.entries),
      el('h2', {}, 'Statechart and the path the dossier took'),
      { html: view.statechart },
    ),
  );
  return documentOf(title, body);
}
