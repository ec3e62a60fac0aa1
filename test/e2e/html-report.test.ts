import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../../cli/run.js';
import { folderWith } from '../support/cli.js';

/**
 * The HTML report as a person sees it, in a real browser: Debian's Chromium driven by
 * playwright-core. Without /usr/bin/chromium these tests are skipped locally, and fail
 * on CI (CI=true), where .ci/run installs it.
 */

// What the functions passed to page.evaluate use of the browser: declared here, for this
// file only, because the project compiles for Node (no DOM library).
interface BrowserNode {
  nodeType: number;
  textContent: string | null;
}
interface BrowserElement extends BrowserNode {
  tagName: string;
  parentElement: BrowserElement | null;
  childNodes: Iterable<BrowserNode>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; width: number; height: number };
  getClientRects(): { length: number };
  closest(selector: string): BrowserElement | null;
  querySelector(selector: string): BrowserElement | null;
}
declare const document: {
  scripts: { length: number };
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  getElementById(id: string): BrowserElement | null;
};
declare const location: { hash: string };
declare const Node: { TEXT_NODE: number };
declare const SVGElement: new () => BrowserElement;
declare function getComputedStyle(element: BrowserElement): {
  backgroundColor: string;
  backgroundImage: string;
  boxShadow: string;
  color: string;
  fill: string;
  strokeWidth: string;
  breakBefore: string;
  breakAfter: string;
  breakInside: string;
};

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ON_CI = process.env.CI === 'true';
const ROOT = process.cwd();
const FIXTURES = join(ROOT, 'test/fixtures/html-report');
const SCREENSHOTS = join(ROOT, 'report-screenshots');
const TIMEOUT = 60_000;

const FAILING = `name: "A failing scenario <script>alert('x')</script>"
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - at: 2026-04-03T16:00:00+02:00
    event: SUBMIT
then:
  state: accepted
`;

async function replayToHtml(paths: string[], out: string): Promise<number> {
  return runCli(['replay', ...paths, '--html', out], { stdout: () => {}, stderr: () => {}, color: false, cwd: ROOT });
}

/** The pages of a PDF Chromium wrote: its /Type /Page objects. */
function pagesOf(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
}

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  problems: string[];
}

describe('Chromium for the browser tests', () => {
  it.runIf(!HAS_CHROMIUM && ON_CI)(`is installed at ${CHROMIUM} on CI`, () => {
    expect.fail(`${CHROMIUM} is missing: .ci/run installs Debian's chromium before npm test`);
  });
  if (!HAS_CHROMIUM && !ON_CI) it.skip(`is missing at ${CHROMIUM}: the browser tests are skipped (apt-get install chromium)`, () => {});
  it.runIf(HAS_CHROMIUM)(`is at ${CHROMIUM}`, () => {
    expect(HAS_CHROMIUM).toBe(true);
  });
});

describe.skipIf(!HAS_CHROMIUM)('the HTML report in Chromium', { timeout: TIMEOUT }, () => {
  let browser: Browser;
  let fixturesReport: string;
  let folder: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-quic', '--disable-component-update', '--disable-sync'],
    });
    folder = folderWith({ 'zz-failing.yaml': FAILING });
    fixturesReport = join(folder, 'fixtures.html');
    expect(await replayToHtml([FIXTURES, join(folder, 'zz-failing.yaml')], fixturesReport)).toBe(1);
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report file, recording every request and every console error or page error. */
  async function open(file: string, viewport = { width: 1366, height: 900 }): Promise<Opened> {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, url, requests, problems };
  }

  const section = (page: Page, name: string) => page.locator('section.scenario', { has: page.getByRole('heading', { level: 2, name }) });
  const cell = (page: Page, name: string, date: string) => section(page, name).locator(`td[data-date="${date}"]`);

  it('loads with no request but the document itself, no console error, no script', async () => {
    const { page, url, requests, problems } = await open(fixturesReport);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.close();
  });

  it('shows the index with pass/fail in words, and its links lead to each scenario', async () => {
    const { page } = await open(fixturesReport);
    const rows = page.locator('nav.index tbody tr');
    expect(await rows.count()).toBe(5);
    const failing = rows.filter({ hasText: 'A failing scenario' });
    await expect.poll(() => failing.innerText()).toContain('✗ failed');
    expect(await rows.filter({ hasText: 'Organisation silent over Easter' }).innerText()).toContain('✓ passed');
    // The hostile name is shown as text and did not run.
    expect(await failing.innerText()).toContain("<script>alert('x')</script>");
    await failing.getByRole('link').click();
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#scenario-\d+-a-failing-scenario/);
    const heading = page.locator(`${hash} h2`);
    await expect.poll(() => heading.boundingBox().then((box) => box !== null && box.y >= 0 && box.y < 900)).toBe(true);
    expect(await page.locator(hash).innerText()).toContain('✗ then.state (line 9): expected accepted, got requested');
    await page.close();
  });

  it('names the public holidays on their days and shades them, per region', async () => {
    const { page } = await open(fixturesReport);
    const easter = 'Organisation silent over Easter';
    const easterMonday = cell(page, easter, '2026-04-06');
    expect(await easterMonday.innerText()).toContain('Lundi de Pâques');
    const background = (date: string) => cell(page, easter, date).evaluate((node) => getComputedStyle(node).backgroundColor);
    const working = await background('2026-04-07');
    expect(await background('2026-04-06')).not.toBe(working);
    expect(await background('2026-04-04')).not.toBe(working); // Saturday
    expect(await cell(page, easter, '2026-05-14').innerText()).toContain('Ascension');
    // Good Friday: a working day in FR, a public holiday in Moselle (FR-57).
    expect(await cell(page, easter, '2026-04-03').innerText()).not.toContain('Vendredi saint');
    expect(await cell(page, 'Cancelled before the start in Moselle, charged', '2026-04-03').innerText()).toContain('Vendredi saint');
    await page.close();
  });

  it('places events with their local time, and deadlines on their dates', async () => {
    const { page } = await open(fixturesReport);
    const easter = 'Organisation silent over Easter';
    expect(await cell(page, easter, '2026-04-03').innerText()).toMatch(/16:00 ● SUBMIT → requested/);
    const deadline = cell(page, easter, '2026-04-08').locator('[data-deadline="organisationResponse"]');
    expect(await deadline.innerText()).toMatch(/Deadline\s*organisationResponse\s*⊘ MISSED: the dossier expired/);
    const next = await cell(page, easter, '2026-04-09').innerText();
    expect(next).toMatch(/00:00 ⊘ DEADLINE PASSED: organisationResponse → expired[\s\S]*00:00:01 ✗ ORGANISATION_ACCEPTS REJECTED: INVALID_IN_STATE \(expected\)/);
    // The dossier expired in April: the training it was for did not happen.
    expect(await cell(page, easter, '2026-05-04').innerText()).toContain('▷ Training would start (did not happen)');
    expect(await cell(page, easter, '2026-05-15').innerText()).toContain('□ Training would end (did not happen)');
    expect(await cell(page, 'Happy path to the quality evaluation', '2026-05-11').innerText()).toContain('▶ Training starts');

    const happy = 'Happy path to the quality evaluation';
    const dates = { registration: '2026-04-22', organisationResponse: '2026-04-16', holderValidation: '2026-04-21', entryDeclaration: '2026-05-15', exitDeclaration: '2026-05-28' };
    for (const [name, date] of Object.entries(dates)) {
      const marker = section(page, happy).locator(`li[data-deadline="${name}"]`);
      expect(await marker.count()).toBe(1);
      expect(await marker.evaluate((node) => node.closest('td')?.getAttribute('data-date'))).toBe(date);
      expect(await marker.innerText()).toContain('✓ met');
    }
    expect(await section(page, happy).locator('dl.outcome').innerText()).toMatch(/State\s+finished \(finished\.evaluated\)[\s\S]*103\.20 € paid[\s\S]*5 \/ 5/);
    await page.close();
  });

  it('marks late and overdue declarations and rejections in words, not by colour alone', async () => {
    const { page } = await open(fixturesReport);
    const late = 'Entry declared late, exit overdue';
    expect(await cell(page, late, '2026-05-11').locator('li[data-late="true"]').innerText()).toMatch(/ENTRY_DECLARED → in-training\s*⚠ LATE: entryDeclaration was due Thu 7 May 2026/);
    expect(await cell(page, late, '2026-05-07').innerText()).toMatch(/entryDeclaration\s*⚠ MISSED: declared late/);
    expect(await cell(page, late, '2026-05-20').innerText()).toMatch(/exitDeclaration\s*⚠ OVERDUE: not declared yet/);
    expect(await cell(page, late, '2026-05-01').innerText()).toMatch(/Fête du travail[\s\S]*✗ ENTRY_DECLARED REJECTED: TOO_EARLY \(expected\)/);
    expect(await section(page, late).locator('dl.outcome').innerText()).toMatch(/Late declarations\s+⚠ entryDeclaration\s+Overdue declarations\s+⚠ exitDeclaration/);
    const moselle = 'Cancelled before the start in Moselle, charged';
    expect(await section(page, moselle).locator('dl.outcome').innerText()).toMatch(
      /State\s+cancelled[\s\S]*Reason\s+HOLDER_CANCELLED[\s\S]*CPF rights\s+debited[\s\S]*103\.20 € paid, 103\.20 € credited; on cancellation: rights debited, charge credited/,
    );
    await page.close();
  });

  it('highlights the path the dossier took in the statechart, and lists it in words', async () => {
    const { page } = await open(fixturesReport);
    const easter = section(page, 'Organisation silent over Easter');
    const svg = easter.locator('svg.statechart');
    expect(await svg.getAttribute('role')).toBe('img');
    expect(await svg.locator('title').first().textContent()).toContain('Statechart of the CPF dossier');
    const state = (path: string) => svg.locator(`g[data-state="${path}"]`);
    const edge = (id: string) => svg.locator(`g[data-edge="${id}"]`);
    for (const path of ['draft', 'requested', 'expired']) expect(await state(path).getAttribute('data-visited')).toBe('true');
    // States not visited are only in the chart drawn once for the page, never highlighted.
    for (const path of ['accepted', 'refused', 'cancelled', 'finished']) expect(await state(path).count()).toBe(0);
    expect(await svg.locator('use').getAttribute('href')).toBe('#statechart');
    expect(await state('expired').getAttribute('data-current')).toBe('true');
    expect(await state('expired').textContent()).toContain('✓ expired');
    expect(await edge('draft->requested').getAttribute('data-taken')).toBe('true');
    expect(await edge('requested->expired').getAttribute('data-taken')).toBe('true');
    expect(await edge('requested->accepted').count()).toBe(0);
    const base = page.locator('svg.statechart-base symbol#statechart');
    expect(await base.locator('path.sc-line').count()).toBe(await page.locator('svg.statechart-base g.edge').count());
    const width = (line: ReturnType<Page['locator']>) => line.evaluate((node) => parseFloat(getComputedStyle(node).strokeWidth));
    expect(await width(edge('requested->expired').locator('path.sc-line'))).toBeGreaterThan(2 * (await width(base.locator('path.sc-line').first())));
    expect(await edge('requested->expired').locator('text').textContent()).toBe('#2 TICK: organisationResponse passed');
    // Every state and every taken edge is drawn where one can see it.
    for (const path of ['draft', 'requested', 'expired']) expect(await state(path).isVisible()).toBe(true);
    const list = await easter.getByRole('list', { name: 'Path the dossier took' }).innerText();
    expect(list).toMatch(/Fri 3 Apr 2026 16:00: SUBMIT: draft → requested\s+Thu 9 Apr 2026 00:00: deadline organisationResponse passed: requested → expired/);

    const happy = section(page, 'Happy path to the quality evaluation').locator('svg.statechart');
    expect(await happy.locator('g.edge[data-taken="true"]').count()).toBe(6);
    expect(await happy.locator('g[data-edge="finished.awaitingEvaluation->finished.evaluated"]').getAttribute('data-taken')).toBe('true');
    await page.close();
  });

  it('keeps text contrast at 4.5:1 or more, in HTML and in the SVG', async () => {
    const { page } = await open(fixturesReport);
    const { failures, checked } = await page.evaluate(() => {
      const parse = (color: string): [number, number, number, number] => {
        const parts = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 1];
        return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
      };
      const luminance = ([r, g, b]: number[]) => {
        const channel = (c: number) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
        return (x + 0.05) / (y + 0.05);
      };
      const backgroundOf = (node: BrowserElement | null): number[] => {
        for (let current = node; current; current = current.parentElement) {
          const color = parse(getComputedStyle(current).backgroundColor);
          if (color[3] > 0) return color;
        }
        return [255, 255, 255, 1];
      };
      const bad: string[] = [];
      let count = 0;
      for (const node of document.querySelectorAll('body *')) {
        const hasText = [...node.childNodes].some((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.trim() !== '');
        const box = node.getBoundingClientRect();
        if (!hasText || box.width <= 1 || box.height <= 1) continue;
        let fore: number[];
        let back: number[];
        if (node instanceof SVGElement) {
          fore = parse(getComputedStyle(node).fill);
          const rect = node.closest('g.state')?.querySelector('rect');
          back = rect ? parse(getComputedStyle(rect).fill) : [255, 255, 255, 1]; // edge labels have a white halo
        } else {
          fore = parse(getComputedStyle(node).color);
          back = backgroundOf(node);
        }
        count++;
        const value = ratio(fore, back);
        if (value < 4.5) bad.push(`${node.tagName}.${node.getAttribute('class') ?? ''} "${node.textContent!.trim().slice(0, 40)}": ${value.toFixed(2)}`);
      }
      return { failures: bad, checked: count };
    });
    expect(checked).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('is printable: print styles apply and Chromium makes a PDF of it', async () => {
    const { page, problems } = await open(fixturesReport);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('p.back').first().isVisible()).toBe(false);
    // Scenarios follow each other on paper; headings stay with what follows, weeks and blocks whole.
    expect(await page.locator('section.scenario').nth(1).evaluate((node) => getComputedStyle(node).breakBefore)).toBe('auto');
    for (const selector of ['section.scenario h2', 'section.scenario h3', 'ul.legend']) {
      expect(await page.locator(selector).first().evaluate((node) => getComputedStyle(node).breakAfter), selector).toBe('avoid');
    }
    for (const selector of ['section.scenario .keep', 'table.calendar tbody tr', '.chart-cols']) {
      expect(await page.locator(selector).first().evaluate((node) => getComputedStyle(node).breakInside), selector).toBe('avoid');
    }
    expect(await page.locator('table.calendar tbody tr:last-child').first().evaluate((node) => getComputedStyle(node).breakBefore)).toBe('avoid');
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Five scenarios and the index: each scenario began a page and took four, now they flow (13 pages).
    expect(pagesOf(pdf)).toBeLessThanOrEqual(14);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('looks right: screenshots for people to check (report-screenshots/)', async () => {
    const { page } = await open(fixturesReport);
    const easter = section(page, 'Organisation silent over Easter');
    await easter.screenshot({ path: join(SCREENSHOTS, 'scenario-organisation-silent-over-easter.png') });
    await section(page, 'Entry declared late, exit overdue').locator('table.calendar').screenshot({ path: join(SCREENSHOTS, 'calendar-late-and-overdue.png') });
    await section(page, 'Happy path to the quality evaluation').locator('.chart-cols').screenshot({ path: join(SCREENSHOTS, 'statechart-happy-path.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png') });
    for (const name of ['scenario-organisation-silent-over-easter.png', 'calendar-late-and-overdue.png', 'statechart-happy-path.png', 'index.png']) {
      expect(statSync(join(SCREENSHOTS, name)).size).toBeGreaterThan(10_000);
    }
    // Narrow laptop: nothing wider than the window but the page's own scroll.
    const narrow = await open(fixturesReport, { width: 1024, height: 768 });
    const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await narrow.page.screenshot({ path: join(SCREENSHOTS, 'index-1024.png') });
    await narrow.page.close();
    await page.close();
  });

  it('shows on its day what a cancellation cost, and the last day cancelling was free', async () => {
    const { page } = await open(fixturesReport);
    const moselle = 'Cancelled before the start in Moselle, charged';
    const cancelled = cell(page, moselle, '2026-04-27').locator('li[data-event="HOLDER_CANCELS"]');
    expect(await cancelled.innerText()).toMatch(/15:00 ● HOLDER_CANCELS → cancelled\s*HOLDER_CANCELLED: CPF rights debited, 103\.20 € credited for a future training/);
    // Validated Wed 1 Apr 2026 in Moselle for a start on Tue 5 May: both limits end on Wed 22 Apr
    // (13 working days after the validation; 8 working days before the start, 1 May skipped).
    const free = section(page, moselle).locator('li[data-kind="free-cancellation"]');
    expect(await free.count()).toBe(1);
    expect(await free.evaluate((node) => node.closest('td')?.getAttribute('data-date'))).toBe('2026-04-22');
    expect(await free.getAttribute('data-limits')).toBe('whileRecentlyValidated whileStartIsFar');
    expect(await free.innerText()).toMatch(/€ Last day to cancel for free\s*validated fewer than 14 working days ago; the start more than 7 working days away/);
    // No marker for a dossier never validated.
    expect(await section(page, 'Organisation silent over Easter').locator('li[data-kind="free-cancellation"]').count()).toBe(0);
    await page.close();
  });

  it('marks the end of a dossier and greys what did not happen after it', async () => {
    const { page } = await open(fixturesReport);
    const easter = 'Organisation silent over Easter';
    const end = cell(page, easter, '2026-04-09');
    expect(await end.getAttribute('class')).toContain('end');
    expect(await end.locator('li[data-kind="end"]').innerText()).toMatch(/00:00 ✕ DOSSIER ENDED: expired\. Nothing after this happened\./);
    const style = (date: string) => cell(page, easter, date).evaluate((node) => ({ image: getComputedStyle(node).backgroundImage, shadow: getComputedStyle(node).boxShadow }));
    expect((await style('2026-04-08')).image).toBe('none');
    expect((await style('2026-04-10')).image).toContain('gradient');
    expect(await cell(page, easter, '2026-04-10').getAttribute('data-after-end')).toBe('true');
    expect(await cell(page, easter, '2026-04-08').getAttribute('data-after-end')).toBeNull();
    // The training bar is grey where the training did not happen, green where it did.
    expect((await style('2026-05-05')).shadow).toContain('rgb(175, 184, 193)');
    expect(await cell(page, 'Happy path to the quality evaluation', '2026-05-12').evaluate((node) => getComputedStyle(node).boxShadow)).toContain('rgb(26, 127, 55)');
    await page.close();
  });

  it('never breaks an identifier inside a word, at 1366 and 1024 pixels wide', async () => {
    for (const viewport of [{ width: 1366, height: 900 }, { width: 1024, height: 768 }]) {
      const { page } = await open(fixturesReport, viewport);
      const { count, broken, overflowing } = await page.evaluate(() => {
        const idents = [...document.querySelectorAll('.ident')];
        const bad: string[] = [];
        const out: string[] = [];
        for (const ident of idents) {
          if (ident.getClientRects().length > 1) bad.push(ident.textContent ?? '');
          const box = ident.closest('li') ?? ident.closest('td') ?? ident.closest('dd');
          const own = ident.getBoundingClientRect();
          if (box && own.right > box.getBoundingClientRect().right + 0.5) out.push(ident.textContent ?? '');
        }
        return { count: idents.length, broken: bad, overflowing: out };
      });
      expect(count, `${viewport.width}`).toBeGreaterThan(50);
      expect(broken, `${viewport.width}`).toEqual([]);
      expect(overflowing, `${viewport.width}`).toEqual([]);
      await page.close();
    }
  });

  it('groups the index by folder, with the final state, the region and the dates as columns', async () => {
    const { page } = await open(fixturesReport);
    const tables = page.locator('nav.index table.index');
    expect(await tables.count()).toBe(2); // the fixtures folder, and the temporary folder of the failing scenario
    const fixtures = page.locator('nav.index table.index[data-folder="test/fixtures/html-report"]');
    expect(await fixtures.locator('caption').innerText()).toBe('test/fixtures/html-report/ · 4 scenarios');
    expect(await fixtures.locator('thead th').allInnerTexts()).toEqual(['Result', 'Scenario', 'Final state', 'Region', 'Dates', 'Training', 'File']);
    const easter = fixtures.locator('tbody tr', { hasText: 'Organisation silent over Easter' });
    expect((await easter.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '))).toEqual([
      '✓ passed',
      'Organisation silent over Easter',
      'expired ORGANISATION_NO_RESPONSE',
      'FR',
      'Fri 3 Apr 2026 → Thu 9 Apr 2026',
      'Mon 4 May 2026 → Fri 15 May 2026',
      'organisation-silent-over-easter.yaml',
    ]);
    await page.close();
  });

  it.runIf(existsSync(join(ROOT, 'scenarios')))('shows the whole scenarios/ folder offline, with a working index, light and in few pages', { timeout: 180_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cpf-html-e2e-')), 'scenarios.html');
    await replayToHtml([join(ROOT, 'scenarios')], out);
    const { page, url, requests, problems } = await open(out);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : /\.(ya?ml|json)$/.test(entry.name) ? [join(dir, entry.name)] : [],
      );
    const count = files(resolve(ROOT, 'scenarios')).length;
    expect(await page.locator('nav.index tbody tr').count()).toBe(count);
    const broken = await page.evaluate(() => [...document.querySelectorAll('a[href^="#"]')].filter((a) => !document.getElementById(a.getAttribute('href')!.slice(1))).length);
    expect(broken).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'scenarios-index.png') });
    // Light: the statechart drawn once and referenced (was 2.3 MB, 10 KB of chart per scenario).
    expect(statSync(out).size / count).toBeLessThan(24_000);
    expect(await page.locator('svg.statechart use[href="#statechart"]').count()).toBe(count);
    // Printed: fewer than 3 A4 pages a scenario (372 pages for 76 before, each scenario starting a page).
    await page.emulateMedia({ media: 'print' });
    expect(pagesOf(await page.pdf({ format: 'A4', landscape: true, printBackground: true }))).toBeLessThan(3 * count);
    await page.close();
  });
});
