import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { INPUT, openTestService } from '../support/serve.js';
import type { TestService } from '../support/serve.js';

/**
 * The service's pages as a back-office user sees them, in Debian's Chromium driven by
 * playwright-core, served for real on 127.0.0.1. Skipped without /usr/bin/chromium,
 * except with CI=true, where test/e2e/html-report.test.ts fails for it.
 */

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const TIMEOUT = 120_000;
// Wednesday 8 April 2026, 09:00 in Paris: "today" for the worklist.
const NOW = '2026-04-08T09:00:00+02:00';

describe.skipIf(!HAS_CHROMIUM)('the worklist and dossier pages in Chromium', { timeout: TIMEOUT }, () => {
  let browser: Browser;
  let service: TestService;
  let base: string;

  beforeAll(async () => {
    service = await openTestService({ at: NOW });
    const create = async (id: string, training = INPUT.training) => expect((await service.call({ method: 'POST', url: '/dossiers', payload: { id, input: { ...INPUT, training } } })).status).toBe(201);
    const send = async (id: string, type: string, at: string) => service.call({ method: 'POST', url: `/dossiers/${id}/events`, payload: { type, at } });
    // Organisation's last day today: submitted Friday 3 April (Easter Monday skipped).
    await create('of-1:today');
    await send('of-1:today', 'SUBMIT', '2026-04-03T16:00:00+02:00');
    await send('of-1:today', 'HOLDER_VALIDATES', '2026-04-03T16:30:00+02:00');
    // Organisation's last day tomorrow: submitted Tuesday 7 April.
    await create('of-1:tomorrow');
    await send('of-1:tomorrow', 'SUBMIT', '2026-04-07T10:00:00+02:00');
    // Holder's registration closed on 26 March for a training starting 13 April: overdue.
    await create('of-1:overdue', { start: '2026-04-13', end: '2026-04-24' });
    // Holder's registration closes on 16 April: later.
    await create('of-1:later');
    // Refused: nobody must act, not on the worklist.
    await create('of-1:refused');
    await send('of-1:refused', 'SUBMIT', '2026-04-03T11:00:00+02:00');
    await send('of-1:refused', 'ORGANISATION_REFUSES', '2026-04-07T11:00:00+02:00');
    base = await service.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-quic', '--disable-component-update', '--disable-sync'],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  async function open(path: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return { page, requests, problems };
  }

  it('the worklist groups who must act by last day: overdue, today, tomorrow, later', async () => {
    const { page, requests, problems } = await open('/');
    const group = (name: string) => page.locator(`section[data-group="${name}"]`);
    expect(await group('overdue').locator('tbody tr').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { id: string } }).dataset.id))).toEqual(['of-1:overdue']);
    expect(await group('today').locator('tbody tr').count()).toBe(1);
    expect(await group('today').innerText()).toContain('of-1:today');
    expect(await group('today').innerText()).toContain('Organisation');
    expect(await group('today').innerText()).toContain('accept or refuse the registration');
    expect(await group('tomorrow').innerText()).toContain('of-1:tomorrow');
    expect(await group('later').innerText()).toContain('of-1:later');
    expect(await page.locator('main').innerText()).not.toContain('of-1:refused');
    const headings = (await page.getByRole('heading', { level: 2 }).allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    expect(headings).toEqual(['⚠ Overdue 1 dossier', 'Last day today 1 dossier', 'Last day tomorrow 1 dossier', 'Later 1 dossier']);
    expect(await page.locator('header .summary').innerText()).toContain('Today is Wednesday 8 April 2026');
    expect(requests).toEqual([`${base}/`]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: '/tmp/serve-worklist.png', fullPage: true });
    await page.close();
  });

  it('a dossier link opens its timeline page, with its deadlines on their days and its log', async () => {
    const { page, requests, problems } = await open('/');
    await page.getByRole('link', { name: 'of-1:today' }).click();
    await page.waitForURL(`${base}/dossiers/of-1%3Atoday/page`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Dossier of-1:today');
    const day = (date: string) => page.locator(`table.calendar td[data-date="${date}"]`);
    expect(await day('2026-04-08').locator('[data-kind="deadline"][data-deadline="organisationResponse"]').count()).toBe(1);
    expect(await day('2026-04-16').locator('[data-kind="deadline"][data-deadline="registration"]').count()).toBe(1);
    expect(await day('2026-05-07').locator('[data-kind="deadline"][data-deadline="entryDeclaration"]').count()).toBe(1);
    expect(await day('2026-04-03').locator('[data-kind="event"][data-event="SUBMIT"]').innerText()).toContain('16:00');
    expect(await day('2026-04-06').getAttribute('data-holiday')).toBe('Lundi de Pâques');
    expect(await day('2026-05-04').locator('[data-kind="training-start"]').count()).toBe(1);
    const refused = page.locator('table.log tr[data-accepted="false"]');
    expect(await refused.innerText()).toContain('refused INVALID_IN_STATE');
    expect(await page.locator('ul.facts').innerText()).toContain('Waiting on organisationResponse: last day Wed 8 Apr 2026');
    expect(new Set(requests.map((url) => new URL(url).origin))).toEqual(new Set([base]));
    expect(problems).toEqual([]);
    await page.screenshot({ path: '/tmp/serve-dossier.png', fullPage: true });
    await page.close();
  });

  it('a dossier still waiting shows its running deadline on its last day', async () => {
    const { page, problems } = await open('/dossiers/of-1:tomorrow/page');
    expect(await page.locator('table.calendar td[data-date="2026-04-09"] [data-kind="deadline"][data-deadline="organisationResponse"]').getAttribute('data-status')).toBe('running');
    expect(problems).toEqual([]);
    await page.close();
  });
});
