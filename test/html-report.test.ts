import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';
import { dossierMachine } from '../machines/dossier.js';
import { machineGraphOf } from '../machines/graph.js';
import { replayPaths } from '../replay/run.js';
import { escapeHtml, htmlReportOf } from '../report/index.js';
import { dossierPathOf, edgesOf, layoutOf } from '../report/statechart.js';
import { timelineOf } from '../report/timeline.js';
import type { TimelineDay, TimelineItem } from '../report/timeline.js';
import { folderWith } from './support/cli.js';

const FIXTURES = 'test/fixtures/html-report';
const graph = machineGraphOf(dossierMachine);

function reportOf(file: string) {
  const run = replayPaths([join(FIXTURES, file)], process.cwd());
  expect(run.invalid).toEqual([]);
  return run.reports[0]!;
}

function dayOf(days: TimelineDay[], date: string): TimelineDay {
  const day = days.find((candidate) => candidate.date === date);
  if (!day) throw new Error(`${date} is not in the timeline`);
  return day;
}

function daysOf(file: string): TimelineDay[] {
  return timelineOf(reportOf(file)).rows.flatMap((row) => (row.kind === 'week' ? row.days : []));
}

async function cli(argv: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), color: false, cwd });
  return { code, stdout, stderr };
}

const HOSTILE = `name: "<script>alert('name')</script> & \\"quotes\\" <b>bold</b>"
description: "</style><script src=https://evil.example/x.js></script><img src=x onerror=alert(1)>"
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - at: 2026-04-03T16:00:00+02:00
    event: SUBMIT
then:
  state: refused
`;

describe('escapeHtml', () => {
  it('escapes the five characters that can change a document', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('the HTML report of a scenario with hostile text', () => {
  const folder = folderWith({ 'hostile.yaml': HOSTILE });
  const html = htmlReportOf(replayPaths([folder], process.cwd()));

  it('shows the name and description as text, never as markup', () => {
    expect(html).toContain('&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('&lt;/style&gt;&lt;script src=https://evil.example/x.js&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<b>bold');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('escapes the name in the page title too', () => {
    expect(html).toMatch(/<title>Replay: &lt;script&gt;alert\(&#39;name&#39;\)&lt;\/script&gt;/);
  });
});

describe('the HTML report is self-contained', () => {
  const run = replayPaths([FIXTURES, ...(existsSync('scenarios') ? ['scenarios'] : [])], process.cwd());
  const html = htmlReportOf(run);
  // What the scenario files say is theirs; what the page itself is made of must not reach outside.
  const own = html.replace(/<p class="description">[\s\S]*?<\/p>/g, '');

  it('names no http(s) address and loads nothing: no <link>, no <script>, no src, no url() but in-page references, no @import', () => {
    expect(own).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|audio|video|source)\b/i);
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect([...html.matchAll(/url\(([^)]*)\)/g)].map((match) => match[1]!.startsWith('#'))).not.toContain(false);
  });

  it('forbids requests with its Content-Security-Policy and is a complete English document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('has unique ids, and every in-page link leads to one', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!);
    expect(targets.length).toBeGreaterThanOrEqual(run.reports.length);
    for (const target of targets) expect(ids).toContain(target);
  });

  it('gives every statechart an accessible name', () => {
    const svgs = [...html.matchAll(/<svg class="statechart" [^>]*>/g)].map((match) => match[0]);
    expect(svgs).toHaveLength(run.reports.length);
    // The chart shared by all is hidden from assistive technology: each scenario's chart names it.
    expect(html.match(/<svg [^>]*>/g)).toHaveLength(run.reports.length + 1);
    expect(html).toContain('<svg class="statechart-base" aria-hidden="true"');
    for (const svg of svgs) expect(svg).toMatch(/role="img" aria-labelledby="[^"]+-title [^"]+-desc"/);
  });

  it('is the same, byte for byte, when replayed again', () => {
    expect(htmlReportOf(replayPaths([FIXTURES], process.cwd()))).toBe(htmlReportOf(replayPaths([FIXTURES], process.cwd())));
  });
});

describe('the timeline', () => {
  it('covers the dossier from a few days before its first event to a few days after its last deadline, in whole weeks', () => {
    const timeline = timelineOf(reportOf('organisation-silent-over-easter.yaml'));
    expect(timeline.from).toBe('2026-03-31'); // SUBMIT on 3 April
    expect(timeline.to).toBe('2026-05-23'); // exit deadline 20 May
    const days = timeline.rows.flatMap((row) => (row.kind === 'week' ? row.days : []));
    expect(days[0]!.date).toBe('2026-03-30'); // a Monday
    expect(days[days.length - 1]!.date).toBe('2026-05-24'); // a Sunday
    expect(dayOf(days, '2026-03-30').margin).toBe(true);
  });

  it('names the public holidays of the scenario’s region and marks the weekends', () => {
    const fr = daysOf('organisation-silent-over-easter.yaml');
    expect(dayOf(fr, '2026-04-06').holiday).toBe('Lundi de Pâques');
    expect(dayOf(fr, '2026-04-03').holiday).toBeNull(); // Good Friday works in FR
    expect(dayOf(fr, '2026-04-04').weekend).toBe(true);
    expect(dayOf(fr, '2026-05-14').holiday).toBe('Ascension');
    const moselle = daysOf('cancel-after-validation-moselle.yaml');
    expect(dayOf(moselle, '2026-04-03').holiday).toBe('Vendredi saint');
  });

  it('places each event, rejection, deadline and deadline passing on its day, in time order', () => {
    const days = daysOf('organisation-silent-over-easter.yaml');
    const kinds = (date: string) => dayOf(days, date).items.map((item: TimelineItem) => (item.kind === 'deadline' ? `deadline ${item.name} ${item.status}` : item.kind));
    expect(kinds('2026-04-03')).toEqual(['event']);
    expect(kinds('2026-04-08')).toEqual(['deadline organisationResponse expired']);
    expect(kinds('2026-04-09')).toEqual(['deadline-passed', 'end', 'rejection']); // 00:00:00 before 00:00:01
    expect(kinds('2026-05-04')).toEqual(['training']);
    expect(kinds('2026-05-07')).toEqual(['deadline entryDeclaration unused']);
    expect(kinds('2026-04-16')).toEqual(['deadline registration met']);
  });

  it('marks a late declaration on its event and its deadline, and an overdue one on its deadline', () => {
    const days = daysOf('late-entry-and-overdue-exit.yaml');
    const entry = dayOf(days, '2026-05-11').items.find((item) => item.kind === 'event');
    expect(entry?.kind === 'event' && entry.late).toEqual({ declaration: 'entryDeclaration', deadline: '2026-05-07' });
    expect(dayOf(days, '2026-05-07').items).toContainEqual({ kind: 'deadline', date: '2026-05-07', name: 'entryDeclaration', status: 'late' });
    expect(dayOf(days, '2026-05-20').items).toContainEqual({ kind: 'deadline', date: '2026-05-20', name: 'exitDeclaration', status: 'overdue' });
  });

  it('folds long runs of empty weeks into one line, never hiding anything', () => {
    const folder = folderWith({
      'far.yaml': `name: Training far away
given:
  identityActivatedAt: 2026-01-01T10:00:00+01:00
  training: { start: 2026-11-02, end: 2026-11-06 }
when:
  - { at: 2026-01-12T10:00:00+01:00, event: SUBMIT }
`,
    });
    const report = replayPaths([folder], process.cwd()).reports[0]!;
    const timeline = timelineOf(report);
    const quiet = timeline.rows.filter((row) => row.kind === 'quiet');
    expect(quiet.length).toBeGreaterThan(0);
    const shown = new Set(timeline.rows.flatMap((row) => (row.kind === 'week' ? row.days.map((day) => day.date) : [])));
    for (const item of timeline.items) expect(shown.has(item.date)).toBe(true);
    for (const row of quiet) expect(row.weeks).toBeGreaterThanOrEqual(4);
  });
});

describe('the timeline after a final state, and around a free cancellation', () => {
  const cancel13 = 'scenarios/cancellation/cancel-13-working-days-after-validation-start-7-days-away.yaml';

  it.runIf(existsSync(cancel13))('marks the last free day of each limit, computed by lastFreeCancellationDays', () => {
    // Validated Mon 14 Sep 2026, start Mon 12 Oct: 14 working days until Thu 1 Oct, more than 7 before the start until Wed 30 Sep.
    const report = replayPaths([cancel13], process.cwd()).reports[0]!;
    const free = timelineOf(report).items.filter((item) => item.kind === 'free-cancellation');
    expect(free).toEqual([
      { kind: 'free-cancellation', date: '2026-09-30', limits: ['whileStartIsFar'], untilStart: false },
      { kind: 'free-cancellation', date: '2026-10-01', limits: ['whileRecentlyValidated'], untilStart: false },
    ]);
  });

  it('shows the cancellation’s outcome on its event, and greys every day after the end', () => {
    const report = reportOf('cancel-after-validation-moselle.yaml');
    const timeline = timelineOf(report);
    const cancel = timeline.items.find((item) => item.kind === 'event' && item.step.event === 'HOLDER_CANCELS');
    expect(cancel?.kind === 'event' && cancel.cancellation).toEqual({
      reason: 'HOLDER_CANCELLED',
      outcome: { cpfRights: 'debited', resteACharge: 'credited' },
      money: { paid: 10320, refunded: 0, credited: 10320, debited: 0 },
    });
    expect(timeline.end?.to).toBe('cancelled');
    const days = timeline.rows.flatMap((row) => (row.kind === 'week' ? row.days : []));
    expect(dayOf(days, '2026-04-27').afterEnd).toBe(false);
    expect(dayOf(days, '2026-04-28').afterEnd).toBe(true);
    const training = timeline.items.filter((item) => item.kind === 'training');
    expect(training.map((item) => item.kind === 'training' && item.happened)).toEqual([false, false]);
  });

  it('keeps the training as it happened when the dossier did not end early', () => {
    const timeline = timelineOf(reportOf('happy-path-to-evaluation.yaml'));
    expect(timeline.end).toBeNull();
    expect(timeline.items.filter((item) => item.kind === 'training').map((item) => item.kind === 'training' && item.happened)).toEqual([true, true]);
    expect(timeline.rows.flatMap((row) => (row.kind === 'week' ? row.days : [])).some((day) => day.afterEnd)).toBe(false);
  });
});

describe('the page weight', () => {
  it('draws the statechart once and references it from each scenario', () => {
    const html = htmlReportOf(replayPaths([FIXTURES], process.cwd()));
    expect(html.match(/<symbol id="statechart"/g)).toHaveLength(1);
    expect(html.match(/<use href="#statechart"/g)).toHaveLength(4);
    // A scenario's chart holds only its path: its visited states and taken edges.
    const easter = /<svg class="statechart" [^>]*aria-labelledby="scenario-4[^"]*"[^>]*>[\s\S]*?<\/svg>/.exec(html)![0];
    expect(easter.match(/<g class="edge taken"/g)).toHaveLength(2);
    expect(easter.length).toBeLessThan(4_000);
  });
});

describe('the statechart', () => {
  it('draws every state of machineGraphOf, without overlaps but for a compound state and its children', () => {
    const layout = layoutOf(graph);
    expect([...layout.boxes.keys()].sort()).toEqual(graph.states.map((state) => state.path).sort());
    const boxes = [...layout.boxes.values()];
    for (const a of boxes) {
      expect(a.x + a.w).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.h).toBeLessThanOrEqual(layout.height);
      for (const b of boxes) {
        if (a === b || a.state.path.startsWith(`${b.state.path}.`) || b.state.path.startsWith(`${a.state.path}.`)) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.state.path} overlaps ${b.state.path}`).toBe(false);
      }
    }
  });

  it('lists the cancellation rows in a table clear of every state box and of every edge to the final states', () => {
    const layout = layoutOf(graph);
    const table = layout.table!;
    expect(table.lines.filter((line) => line.heading).map((line) => line.text)).toEqual([
      'validated: HOLDER_CANCELS → cancelled, the first row that holds',
      'in-training: HOLDER_CANCELS → cancelled, the first row that holds',
    ]);
    expect(table.lines.filter((line) => !line.indent && !line.heading).map((line) => line.text.split(' ')[0])).toEqual(['1.', '2.', '3.', '4.', '5.', '1.', '2.']);
    for (const box of layout.boxes.values()) {
      const overlap = table.x < box.x + box.w && box.x < table.x + table.w && table.y < box.y + box.h && box.y < table.y + table.h;
      expect(overlap, box.state.path).toBe(false);
    }
    expect(table.y + table.h).toBeLessThanOrEqual(layout.height);
    expect(edgesOf(graph).find((edge) => edge.id === 'validated->cancelled')!.label).toBe('HOLDER_CANCELS (rows 1-5)');
  });

  it('draws one edge per source and target for every transition that changes state', () => {
    const edges = edgesOf(graph);
    const changing = graph.transitions.filter((t) => t.target !== null && t.source !== '' && t.target !== t.source);
    expect(edges.flatMap((edge) => edge.transitions).sort((a, b) => a.id.localeCompare(b.id))).toEqual([...changing].sort((a, b) => a.id.localeCompare(b.id)));
    expect(edges.map((edge) => edge.id)).toContain('requested->expired');
    expect(edges.find((edge) => edge.id === 'requested->expired')!.label).toBe('TICK: organisationResponse passed');
  });

  it('follows the history entries: visited states and taken transitions', () => {
    const easter = reportOf('organisation-silent-over-easter.yaml');
    const path = dossierPathOf(graph, easter.history, easter.final!.statePath);
    expect([...path.visited].sort()).toEqual(['draft', 'expired', 'requested']);
    expect([...path.taken.entries()]).toEqual([
      ['draft->requested', [1]],
      ['requested->expired', [2]],
    ]);
    expect(path.current).toBe('expired');

    const happy = reportOf('happy-path-to-evaluation.yaml');
    const full = dossierPathOf(graph, happy.history, happy.final!.statePath);
    expect([...full.taken.keys()]).toEqual([
      'draft->requested',
      'requested->accepted',
      'accepted->validated',
      'validated->in-training',
      'in-training->finished',
      'finished.awaitingEvaluation->finished.evaluated',
    ]);
    expect(full.visited.has('finished.awaitingEvaluation')).toBe(true);
    expect(full.visited.has('cancelled')).toBe(false);
  });

  it('marks the highlighted path in the SVG with data attributes and titles', () => {
    const html = htmlReportOf(replayPaths([join(FIXTURES, 'organisation-silent-over-easter.yaml')], process.cwd()));
    expect(html).toMatch(/<g class="edge taken" data-edge="requested-&gt;expired" data-taken="true" data-steps="2">/);
    expect(html).toMatch(/<g class="state final visited current" data-state="expired" data-visited="true" data-current="true">/);
    // A state not visited is drawn once, plain, and never highlighted.
    expect(html).toContain('<g class="state atomic"><title>accepted: state</title>');
    expect(html).not.toContain('data-state="accepted"');
    expect(html).toContain('<desc id="scenario-1-organisation-silent-over-easter-chart-desc">Path taken: draft → requested → expired. Ends in expired.</desc>');
  });
});

describe('cpf-dossier replay --html OUT', () => {
  it('writes the report and keeps the text report and the exit code', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cpf-html-')), 'nested', 'report.html');
    const plain = await cli(['replay', FIXTURES]);
    const run = await cli(['replay', FIXTURES, '--html', out]);
    expect(run.code).toBe(plain.code);
    expect(run.code).toBe(0);
    // The same report, less the closing line that suggests --html.
    expect(run.stdout).toBe(plain.stdout.replace(/\nFor the calendars, deadlines and statechart path in one page, add --html report\.html\.\n$/, '\n'));
    expect(run.stdout).not.toBe(plain.stdout);
    expect(run.stderr).toBe(`HTML report written to ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Organisation silent over Easter');
    expect(html).toContain('<nav class="index" id="index"');
  });

  it('accepts --html=OUT, relative to the working directory, next to --json', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cpf-html-'));
    const run = await cli(['replay', join(process.cwd(), FIXTURES, 'late-entry-and-overdue-exit.yaml'), '--json', '--html=out.html'], cwd);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).passed).toBe(1);
    expect(readFileSync(join(cwd, 'out.html'), 'utf8')).not.toContain('<nav class="index"'); // one scenario: no index
  });

  it('keeps exit code 1 when a scenario fails, and shows it failed', async () => {
    const folder = folderWith({ 'hostile.yaml': HOSTILE });
    const run = await cli(['replay', folder, '--html', 'r.html'], folder);
    expect(run.code).toBe(1);
    expect(readFileSync(join(folder, 'r.html'), 'utf8')).toContain('✗ failed');
  });

  it('is a usage error (exit 2) without a file name', async () => {
    for (const argv of [['replay', FIXTURES, '--html'], ['replay', FIXTURES, '--html', '--json'], ['replay', FIXTURES, '--html=']]) {
      const run = await cli(argv);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^cpf-dossier replay: --html needs a value \(OUT\).*\nUsage: cpf-dossier replay /);
    }
  });
});
