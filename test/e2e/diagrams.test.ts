import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { diagramOf } from '../../diagram/index.js';
import type { DiagramMachineName } from '../../diagram/index.js';
import { EVERYWHERE_ID } from '../../diagram/mermaid.js';

/**
 * The README's diagrams as people see them: Mermaid 11 (the devDependency, its dist file
 * loaded from node_modules into a blank page, no network) renders each machine in Debian's
 * Chromium, and the test measures what the eye would check: labels clear of each other
 * and of other edges, text inside its box, the every-state box pinned to no state.
 * Skipped without /usr/bin/chromium, except on CI (CI=true), where it fails.
 */

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Drawn {
  labels: Array<{ text: string; edge: string | null; rect: Rect }>;
  /** Each edge path, as points in page coordinates. */
  edges: Array<{ id: string; points: Array<{ x: number; y: number }> }>;
  nodes: Array<{ id: string; text: string; rect: Rect }>;
  clusters: Array<{ id: string; rect: Rect }>;
  notes: number;
}

// What the function passed to page.evaluate uses of the browser, for this file only (the project compiles for Node).
interface BrowserElement {
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  getTotalLength(): number;
  getPointAtLength(length: number): { x: number; y: number; matrixTransform(matrix: unknown): { x: number; y: number } };
  getScreenCTM(): unknown;
  innerHTML: string;
}
declare const document: { getElementById(id: string): BrowserElement };
declare const mermaid: { initialize(config: object): void; render(id: string, text: string): Promise<{ svg: string }> };

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ON_CI = process.env.CI === 'true';
const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

describe('Chromium for the diagram tests', () => {
  it.runIf(!HAS_CHROMIUM && ON_CI)(`is installed at ${CHROMIUM} on CI`, () => {
    expect.fail(`${CHROMIUM} is missing: .ci/run installs Debian's chromium before npm test`);
  });
  if (!HAS_CHROMIUM && !ON_CI) it.skip(`is missing at ${CHROMIUM}: the Mermaid rendering tests are skipped (apt-get install chromium)`, () => {});
});

const inside = (point: { x: number; y: number }, rect: Rect, margin = 0) =>
  point.x > rect.x - margin && point.x < rect.x + rect.width + margin && point.y > rect.y - margin && point.y < rect.y + rect.height + margin;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(!HAS_CHROMIUM)('the Mermaid diagrams in Mermaid 11, in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  const drawn = new Map<DiagramMachineName, Drawn>();

  async function render(page: Page, name: DiagramMachineName): Promise<Drawn> {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent('<!DOCTYPE html><html><body><div id="diagram"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    const result = await page.evaluate(async (text) => {
      mermaid.initialize({ startOnLoad: false });
      const { svg } = await mermaid.render('chart', text);
      const holder = document.getElementById('diagram');
      holder.innerHTML = svg;
      const rectOf = (element: BrowserElement) => {
        const { x, y, width, height } = element.getBoundingClientRect();
        return { x, y, width, height };
      };
      const labels = [...holder.querySelectorAll('g.edgeLabel')]
        .filter((label) => (label.textContent ?? '').trim() !== '')
        .map((label) => ({ text: label.textContent!.trim(), edge: label.querySelector('[data-id]')?.getAttribute('data-id') ?? null, rect: rectOf(label) }));
      const edges = [...holder.querySelectorAll('path.transition')].map((path) => {
        const matrix = path.getScreenCTM();
        const length = path.getTotalLength();
        const points = [];
        for (let at = 0; at <= length; at += 2) points.push(path.getPointAtLength(at).matrixTransform(matrix));
        return { id: path.getAttribute('data-id') ?? path.id, points: points.map(({ x, y }) => ({ x, y })) };
      });
      const nodes = [...holder.querySelectorAll('g.node')].map((node) => ({ id: node.id, text: (node.textContent ?? '').trim(), rect: rectOf(node) }));
      const clusters = [...holder.querySelectorAll('g.statediagram-cluster')].map((cluster) => ({ id: cluster.id, rect: rectOf(cluster) }));
      return { labels, edges, nodes, clusters, notes: [...holder.querySelectorAll('g.note, .note-edge, g.stateGroup.note')].length };
    }, diagramOf(name, 'mermaid'));
    expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
    return result;
  }

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    for (const name of ['dossier', 'identity'] as const) drawn.set(name, await render(page, name));
    await page.close();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each(['dossier', 'identity'] as const)('draws the %s machine with no two edge labels over each other', (name) => {
    const { labels } = drawn.get(name)!;
    expect(labels.length).toBeGreaterThanOrEqual(3);
    const clashes = labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => overlap(a.rect, b.rect)).map((b) => `${a.text} / ${b.text}`));
    expect(clashes).toEqual([]);
  });

  /** The edges that pass through a label that is not theirs. */
  const crossingsOf = ({ labels, edges }: Drawn, which: (text: string) => boolean) =>
    labels
      .filter((label) => which(label.text))
      .flatMap((label) => edges.filter((edge) => edge.id !== label.edge && edge.points.some((point) => inside(point, label.rect, -1))).map((edge) => `${edge.id} through "${label.text}"`));

  it('keeps every edge off the HOLDER_CANCELS labels of the dossier machine, each one line per choice', () => {
    const dossier = drawn.get('dossier')!;
    const cancels = dossier.labels.filter((label) => label.text.startsWith('HOLDER_CANCELS'));
    expect(cancels.map((label) => label.text).sort()).toEqual(['HOLDER_CANCELS', 'HOLDER_CANCELS', 'HOLDER_CANCELS (rows 1-2)', 'HOLDER_CANCELS (rows 1-5)']);
    expect(crossingsOf(dossier, (text) => text.startsWith('HOLDER_CANCELS'))).toEqual([]);
  });

  it('keeps every edge off every label of the identity machine', () => {
    expect(crossingsOf(drawn.get('identity')!, () => true)).toEqual([]);
  });

  it.each(['dossier', 'identity'] as const)('draws no edge of the %s machine across a state it does not join', (name) => {
    const { nodes, clusters, edges } = drawn.get(name)!;
    const crossings: string[] = [];
    for (const edge of edges) {
      const first = edge.points[0]!;
      const last = edge.points[edge.points.length - 1]!;
      for (const box of [...nodes, ...clusters]) {
        // A box the edge starts or ends at (or on its border) is one it joins.
        const near = (point: { x: number; y: number }) => inside(point, box.rect, 4);
        if (near(first) || near(last)) continue;
        if (edge.points.slice(4, -4).some((point) => inside(point, box.rect, -2))) crossings.push(`${edge.id} across ${box.id}`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('keeps what a state lists inside its box, and the nested states inside finished', () => {
    const { nodes, clusters, notes } = drawn.get('dossier')!;
    expect(notes).toBe(0);
    const node = (key: string) => nodes.find((candidate) => candidate.id.startsWith(`chart-state-${key}-`) || candidate.id.includes(`-state-${key}-`))!;
    const validated = node('validated');
    expect(validated.text).toContain('5. otherwise → charged — rights debited, charge credited for a future training');
    expect(validated.text.indexOf('1. [trainingHasStarted && forceMajeure]')).toBeLessThan(validated.text.indexOf('2. [trainingHasStarted]'));
    const finished = clusters.find((cluster) => cluster.id.includes('-state-finished-'))!;
    for (const key of ['awaitingEvaluation', 'evaluated']) {
      const box = node(key).rect;
      expect(inside({ x: box.x, y: box.y }, finished.rect, 1) && inside({ x: box.x + box.width, y: box.y + box.height }, finished.rect, 1), key).toBe(true);
    }
    expect(node('awaitingEvaluation').text).toContain('stays on EVALUATED [!ratingIsValid] / reject(INVALID_PAYLOAD)');
  });

  it.each(['dossier', 'identity'] as const)('shows what holds in every state of the %s machine in a box of its own, joined to no state', (name) => {
    const { nodes, edges } = drawn.get(name)!;
    const box = nodes.find((node) => node.id.includes(`-state-${EVERYWHERE_ID}-`))!;
    expect(box.text).toMatch(/^In every state, unless the state handles the event itself:[\s\S]*any other event \/ reject\(INVALID_IN_STATE\)$/);
    for (const edge of edges) expect(edge.points.some((point) => inside(point, box.rect, 4)), edge.id).toBe(false);
    for (const other of nodes) if (other !== box) expect(overlap(box.rect, other.rect), other.id).toBe(false);
  });
});
