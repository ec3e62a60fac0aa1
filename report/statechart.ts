import type { HistoryEntry } from '../api/dossier.js';
import { arrowsOf, choiceHeading, choiceLabel, choiceRowLine, diagramModelOf } from '../diagram/model.js';
import type { Choice } from '../diagram/model.js';
import type { MachineGraph, StateInfo, TransitionInfo } from '../machines/graph.js';
import { el, join, raw } from './html.js';
import type { Html } from './html.js';

/**
 * The statechart as an inline SVG, laid out from `machineGraphOf` alone (never by hand):
 * the top-level states that are not final in one column, ranked by their distance from
 * the initial state; a compound state holds its children in the same column; the final
 * states in a second column, each level with the states it is reached from; under them,
 * the table of the choices (the cancellation rows, in the order the guards are tried,
 * with the row each transition names and its outcome). A dossier's history highlights
 * the states it visited and the transitions it took.
 *
 * A page with many dossiers draws the chart once (`statechartBaseSvg`, a `<symbol>`) and
 * each dossier's chart references it with `<use>`, drawing on top only what its path
 * highlights. Styles inside a `<use>` match only selectors on the element itself (no
 * ancestor outside it), so every element of the chart carries its own classes.
 */

export interface Box {
  state: StateInfo;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Edge {
  /** `source->target`, paths as in the graph. */
  id: string;
  source: string;
  target: string;
  transitions: TransitionInfo[];
  label: string;
}

/** The table of the choices: one heading per choice, then its rows (long rows wrapped). */
export interface ChoiceTable {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: Array<{ text: string; heading: boolean; indent: boolean; edge: string }>;
}

export interface ChartLayout {
  width: number;
  height: number;
  boxes: Map<string, Box>;
  edges: Edge[];
  table: ChoiceTable | null;
}

/** One step of the path a dossier took: a history entry and the transition it followed, if it changed state. */
export interface PathStep {
  number: number;
  entry: HistoryEntry;
  /** The drawn edge it followed; null when the state did not change. */
  edge: string | null;
  transition: TransitionInfo | null;
}

export interface DossierPath {
  steps: PathStep[];
  visited: Set<string>;
  /** Edge id -> the numbers of the path steps that followed it. */
  taken: Map<string, number[]>;
  /** The state the dossier is in at the end (full path). */
  current: string;
}

const MAIN_X = 24;
const MAIN_W = 240;
const BOX_H = 44;
const ROW_GAP = 62;
const HEADER_H = 34;
const CHILD_INDENT = 12;
const CHILD_H = 40;
const CHILD_GAP = 50;
const FINAL_X = 660;
const FINAL_W = 200;
const FINAL_GAP = 26;
const WIDTH = FINAL_X + FINAL_W + 20;
const TOP = 40;
const TABLE_X = MAIN_X + MAIN_W + 36;
const TABLE_LINE_H = 15;
/** Characters of a table line at 11px in the table's width. */
const TABLE_LINE_CHARS = 88;
/** Room kept on a stub for the step numbers a path adds before a label (`#4, #7 `). */
const STEP_NUMBERS_W = 44;

function ancestorsOrSelf(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

function topOf(path: string): string {
  return path.split('.')[0]!;
}

function deadlineOfGuard(guard: string | null): string | null {
  const match = guard ? /^deadlinePassed\((\w+)\)$/.exec(guard) : null;
  return match ? match[1]! : null;
}

function edgeLabel(transitions: TransitionInfo[], choices: readonly Choice[]): string {
  const events = [...new Set(transitions.map((t) => t.event))];
  return events
    .map((event) => {
      const own = transitions.filter((t) => t.event === event);
      const choice = choices.find((candidate) => candidate.rows[0]!.transition === own[0]);
      if (choice) return choiceLabel(choice);
      const deadline = own.length === 1 ? deadlineOfGuard(own[0]!.guard) : null;
      return deadline ? `${event}: ${deadline} passed` : event;
    })
    .join(' / ');
}

function choicesOf(graph: MachineGraph): Choice[] {
  return arrowsOf(diagramModelOf(graph)).choices;
}

/** The drawn edges: the graph's transitions that change state, one edge per source and target. */
export function edgesOf(graph: MachineGraph): Edge[] {
  const choices = choicesOf(graph);
  const edges = new Map<string, Edge>();
  for (const transition of graph.transitions) {
    if (transition.target === null || transition.source === '' || transition.target === transition.source) continue;
    const id = `${transition.source}->${transition.target}`;
    const edge = edges.get(id) ?? { id, source: transition.source, target: transition.target, transitions: [], label: '' };
    edge.transitions.push(transition);
    edges.set(id, edge);
  }
  for (const edge of edges.values()) edge.label = edgeLabel(edge.transitions, choices);
  return [...edges.values()];
}

/** Words in lines of at most `width` characters (a longer word keeps its own line). */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Positions every state of the graph (see the module comment). */
export function layoutOf(graph: MachineGraph): ChartLayout {
  const edges = edgesOf(graph);
  const tops = graph.states.filter((state) => state.parent === null);
  const main = tops.filter((state) => state.type !== 'final');
  const finals = tops.filter((state) => state.type === 'final');
  // Rank: breadth-first distance from the initial state, over edges between top-level states.
  const rank = new Map<string, number>();
  const start = topOf(graph.initial || main[0]?.path || '');
  rank.set(start, 0);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const edge of edges) {
      const from = topOf(edge.source);
      const to = topOf(edge.target);
      if (from === current && !rank.has(to)) {
        rank.set(to, rank.get(current)! + 1);
        queue.push(to);
      }
    }
  }
  const order = new Map(graph.states.map((state, index) => [state.path, index]));
  const ranked = [...main].sort((a, b) => (rank.get(a.path) ?? Infinity) - (rank.get(b.path) ?? Infinity) || order.get(a.path)! - order.get(b.path)!);
  const boxes = new Map<string, Box>();
  const childrenOf = (path: string) => graph.states.filter((state) => state.parent === path);
  /** Places a state and its children from `y`; returns its height. */
  const place = (state: StateInfo, x: number, y: number, w: number): number => {
    const children = childrenOf(state.path);
    if (children.length === 0) {
      const h = state.parent === null ? BOX_H : CHILD_H;
      boxes.set(state.path, { state, x, y, w, h });
      return h;
    }
    // Children in order: the initial child first, then as declared.
    const sorted = [...children].sort((a, b) => Number(b.path === state.initial) - Number(a.path === state.initial) || order.get(a.path)! - order.get(b.path)!);
    let cy = y + HEADER_H;
    sorted.forEach((child, index) => {
      cy += place(child, x + CHILD_INDENT, cy, w - 2 * CHILD_INDENT) + (index < sorted.length - 1 ? CHILD_GAP : 14);
    });
    const h = cy - y;
    boxes.set(state.path, { state, x, y, w, h });
    return h;
  };
  let y = TOP;
  for (const state of ranked) y += place(state, MAIN_X, y, MAIN_W) + ROW_GAP;
  let bottom = y - ROW_GAP;
  // Final states: at the mean height of the states they are reached from, without overlapping.
  const centre = (path: string) => {
    const box = boxes.get(path)!;
    return box.y + box.h / 2;
  };
  const wanted = finals.map((state) => {
    const sources = edges.filter((edge) => edge.target === state.path && boxes.has(edge.source)).map((edge) => centre(edge.source));
    const mean = sources.length > 0 ? sources.reduce((a, b) => a + b, 0) / sources.length : TOP + BOX_H / 2;
    return { state, mean };
  });
  wanted.sort((a, b) => a.mean - b.mean || order.get(a.state.path)! - order.get(b.state.path)!);
  let next = TOP;
  let lowestRight = 0;
  for (const { state, mean } of wanted) {
    const fy = Math.max(next, mean - BOX_H / 2);
    boxes.set(state.path, { state, x: FINAL_X, y: fy, w: FINAL_W, h: BOX_H });
    next = fy + BOX_H + FINAL_GAP;
    bottom = Math.max(bottom, fy + BOX_H);
    lowestRight = Math.max(lowestRight, fy + BOX_H);
  }
  // The choices' table: under the final states and under every edge drawn to them.
  for (const edge of edges) if (boxes.get(edge.target)?.state.type === 'final') lowestRight = Math.max(lowestRight, centre(edge.source) + 16);
  const choices = choicesOf(graph);
  let table: ChoiceTable | null = null;
  if (choices.length > 0) {
    const keyOf = (path: string) => boxes.get(path)?.state.key ?? path;
    const lines: ChoiceTable['lines'] = [];
    for (const choice of choices) {
      const edge = `${choice.source}->${choice.target}`;
      lines.push({ text: `${keyOf(choice.source)}: ${choiceHeading(choice, graph)}`, heading: true, indent: false, edge });
      for (const row of choice.rows) {
        wrapped(choiceRowLine(row), TABLE_LINE_CHARS).forEach((text, index) => lines.push({ text, heading: false, indent: index > 0, edge }));
      }
    }
    const ty = lowestRight + 28;
    table = { x: TABLE_X, y: ty, w: WIDTH - 20 - TABLE_X, h: lines.length * TABLE_LINE_H + choices.length * 6 + 14, lines };
    bottom = Math.max(bottom, table.y + table.h);
  }
  return { width: WIDTH, height: bottom + 24, boxes, edges, table };
}

/** The path a dossier took through the graph, from its history. */
export function dossierPathOf(graph: MachineGraph, history: readonly HistoryEntry[], current: string | null): DossierPath {
  const edges = edgesOf(graph);
  const visited = new Set<string>();
  const taken = new Map<string, number[]>();
  const visit = (path: string) => ancestorsOrSelf(path).forEach((p) => visited.add(p));
  visit(history[0]?.from ?? current ?? graph.initial);
  const steps: PathStep[] = history.map((entry, index) => {
    const number = index + 1;
    visit(entry.from);
    visit(entry.to);
    if (entry.from === entry.to) return { number, entry, edge: null, transition: null };
    const event = entry.event === 'DEADLINE_PASSED' ? 'TICK' : entry.event;
    const from = ancestorsOrSelf(entry.from);
    const to = ancestorsOrSelf(entry.to);
    const matches = (t: TransitionInfo) => t.event === event && t.target !== null && from.includes(t.source) && to.includes(t.target);
    const transition =
      graph.transitions.find((t) => matches(t) && (entry.deadline === undefined || deadlineOfGuard(t.guard) === entry.deadline)) ??
      graph.transitions.find(matches) ??
      null;
    const edge = transition ? edges.find((e) => e.transitions.includes(transition))?.id ?? null : null;
    if (edge) taken.set(edge, [...(taken.get(edge) ?? []), number]);
    return { number, entry, edge, transition };
  });
  const end = current ?? history[history.length - 1]?.to ?? graph.initial;
  visit(end);
  return { steps, visited, taken, current: end };
}

/** A generous estimate of a label's width at 12px (bold), to size the stub that carries it. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[A-Z_#]/.test(char) ? 8.4 : /[a-z0-9 ]/.test(char) ? 6.8 : 7.5;
  return width;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

interface Route {
  d: string;
  label: { x: number; y: number };
}

/** Spreads the edges that leave a box's right side (and reach a box's left side) so that they do not overlap. */
function spreadOf(layout: ChartLayout): Map<string, { out: number; in: number }> {
  const spread = new Map<string, { out: number; in: number }>();
  const right = layout.edges.filter((edge) => {
    const a = layout.boxes.get(edge.source);
    const b = layout.boxes.get(edge.target);
    return a && b && b.x >= a.x + a.w;
  });
  const centreY = (path: string) => layout.boxes.get(path)!.y + layout.boxes.get(path)!.h / 2;
  const assign = (key: 'out' | 'in', groupOf: (edge: Edge) => string, otherEnd: (edge: Edge) => string, step: number) => {
    const groups = new Map<string, Edge[]>();
    for (const edge of right) groups.set(groupOf(edge), [...(groups.get(groupOf(edge)) ?? []), edge]);
    for (const group of groups.values()) {
      group.sort((e, f) => centreY(otherEnd(e)) - centreY(otherEnd(f)));
      group.forEach((edge, index) => {
        const entry = spread.get(edge.id) ?? { out: 0, in: 0 };
        entry[key] = (index - (group.length - 1) / 2) * step;
        spread.set(edge.id, entry);
      });
    }
  };
  assign('out', (edge) => edge.source, (edge) => edge.target, 16);
  assign('in', (edge) => edge.target, (edge) => edge.source, 8);
  return spread;
}

/**
 * The route of every edge: its points, and where its label goes. Drawn the same in the
 * shared chart and in a dossier's highlight, so the highlight lies exactly on the edge.
 */
function routesOf(layout: ChartLayout): Map<string, Route> {
  const spread = spreadOf(layout);
  // Every edge that leaves the same side shares the longest stub, so that no line crosses a sibling's label.
  const stubs = new Map<string, number>();
  for (const edge of layout.edges) stubs.set(edge.source, Math.max(stubs.get(edge.source) ?? 0, textWidth(edge.label) + STEP_NUMBERS_W + 16));
  const routes = new Map<string, Route>();
  for (const edge of layout.edges) {
    const a = layout.boxes.get(edge.source)!;
    const b = layout.boxes.get(edge.target)!;
    const offsets = spread.get(edge.id) ?? { out: 0, in: 0 };
    if (b.x >= a.x + a.w) {
      // To the right (the final states): a short horizontal stub carrying the label, then straight to the target.
      const p = { x: a.x + a.w, y: a.y + a.h / 2 + offsets.out };
      const q = { x: b.x, y: b.y + b.h / 2 + offsets.in };
      const stub = Math.max(20, Math.min(stubs.get(edge.source)!, q.x - p.x - 40));
      routes.set(edge.id, { d: `M${round(p.x)},${round(p.y)} L${round(p.x + stub)},${round(p.y)} L${round(q.x - 2)},${round(q.y)}`, label: { x: p.x + 6, y: p.y - 4 } });
    } else if (b.y >= a.y + a.h) {
      // Downwards in the same column: a vertical line, its label to its right.
      const x = Math.min(a.x + a.w / 2, b.x + b.w / 2) + offsets.out;
      routes.set(edge.id, { d: `M${round(x)},${round(a.y + a.h)} L${round(x)},${round(b.y - 2)}`, label: { x: x + 8, y: (a.y + a.h + b.y) / 2 + 4 } });
    } else {
      // Back or sideways: around the left of the column.
      const p = { x: a.x, y: a.y + a.h / 2 };
      const q = { x: b.x, y: b.y + b.h / 2 };
      const bend = Math.max(4, Math.min(p.x, q.x) - 18);
      routes.set(edge.id, { d: `M${round(p.x)},${round(p.y)} C${round(bend)},${round(p.y)} ${round(bend)},${round(q.y)} ${round(q.x - 2)},${round(q.y)}`, label: { x: bend + 4, y: (p.y + q.y) / 2 } });
    }
  }
  return routes;
}

function describeTransition(t: TransitionInfo): string {
  return `${t.event}${t.guard ? ` [${t.guard}]` : ''}${t.description ? `: ${t.description}` : ''}`;
}

interface Chart {
  layout: ChartLayout;
  routes: Map<string, Route>;
}

const charts = new WeakMap<MachineGraph, Chart>();

function chartOf(graph: MachineGraph): Chart {
  let chart = charts.get(graph);
  if (!chart) {
    const layout = layoutOf(graph);
    chart = { layout, routes: routesOf(layout) };
    charts.set(graph, chart);
  }
  return chart;
}

/** How a state is drawn: as in the shared chart (`null`), or highlighted for a dossier. */
type Highlight = { visited: boolean; current: boolean } | null;

function stateSvg(box: Box, highlight: Highlight): Html {
  const { state } = box;
  const visited = highlight?.visited ?? false;
  const current = highlight?.current ?? false;
  const marks = [state.type, visited ? 'visited' : '', current ? 'current' : ''].filter(Boolean).join(' ');
  const status = highlight === null ? '' : current ? ', current state (visited)' : visited ? ', visited' : ', not visited';
  const kind = state.type === 'final' ? 'final state' : state.type === 'compound' ? 'compound state' : 'state';
  const inner: Html[] = [el('title', {}, `${state.path}: ${kind}${status}${state.description ? `. ${state.description}` : ''}`)];
  inner.push(raw(`<rect class="sc-box ${marks}" x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="8"/>`));
  if (state.type === 'final') inner.push(raw(`<rect class="sc-inner ${marks}" x="${box.x + 4}" y="${box.y + 4}" width="${box.w - 8}" height="${box.h - 8}" rx="5"/>`));
  const mark = visited ? '✓ ' : '';
  if (state.type === 'compound') {
    inner.push(el('text', { x: box.x + 12, y: box.y + 22, class: `sc-name ${marks}` }, `${mark}${state.key}`));
  } else {
    const cx = box.x + box.w / 2;
    const note = current ? 'current state' : state.type === 'final' ? 'final' : null;
    inner.push(el('text', { x: cx, y: box.y + (note ? box.h / 2 - 2 : box.h / 2 + 5), class: `sc-name ${marks}`, 'text-anchor': 'middle' }, `${mark}${state.key}`));
    if (note) inner.push(el('text', { x: cx, y: box.y + box.h / 2 + 13, class: `sc-note ${marks}`, 'text-anchor': 'middle' }, note));
  }
  const attributes = highlight === null ? { class: `state ${state.type}` } : { class: `state ${marks}`, 'data-state': state.path, 'data-visited': visited ? 'true' : 'false', 'data-current': current ? 'true' : null };
  return el('g', attributes, inner);
}

function edgeSvg(edge: Edge, route: Route, arrowId: string, steps: number[] | null): Html {
  const taken = steps !== null;
  const text = taken ? `#${steps.join(', #')} ${edge.label}` : edge.label;
  const modifier = taken ? ' taken' : '';
  // A highlighted label is drawn over the shared chart's one: a white ground hides it.
  const ground = taken ? raw(`<rect class="sc-label-ground" x="${round(route.label.x - 2)}" y="${round(route.label.y - 12)}" width="${round(textWidth(text) + 4)}" height="16"/>`) : null;
  return el(
    'g',
    taken ? { class: 'edge taken', 'data-edge': edge.id, 'data-taken': 'true', 'data-steps': steps.join(' ') } : { class: 'edge' },
    el('title', {}, `${edge.source} → ${edge.target}${taken ? ` (taken at step ${steps.join(', ')} of the path)` : ''}: ${edge.transitions.map(describeTransition).join('; ')}`),
    raw(`<path class="sc-line${modifier}" d="${route.d}" marker-end="url(#${arrowId})"/>`),
    ground,
    raw(`<text class="sc-label${modifier}" x="${round(route.label.x)}" y="${round(route.label.y)}">${join(text).html}</text>`),
  );
}

function tableSvg(table: ChoiceTable, takenEdges: ReadonlySet<string>): Html {
  const parts: Html[] = [raw(`<rect class="sc-table" x="${table.x}" y="${table.y}" width="${table.w}" height="${table.h}" rx="4"/>`)];
  let y = table.y + 4;
  let previous: string | null = null;
  for (const line of table.lines) {
    if (line.heading && previous !== null) y += 6;
    y += TABLE_LINE_H;
    const taken = takenEdges.has(line.edge) ? ' taken' : '';
    parts.push(el('text', { x: table.x + 8 + (line.indent ? 18 : 0), y, class: `sc-row${line.heading ? ' heading' : ''}${taken}` }, line.text));
    previous = line.edge;
  }
  return el('g', { class: 'choices' }, el('title', {}, 'The rows of each choice, in the order the machine tries them: the first whose guard holds is taken'), parts);
}

function markersSvg(id: string): Html {
  return raw(
    `<marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="sc-arrowhead"/></marker>` +
      `<marker id="${id}-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="13" markerHeight="13" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="sc-arrowhead taken"/></marker>`,
  );
}

/** The initial markers: a dot and an arrow into the initial state of the machine and of each compound state. */
function initialsSvg(graph: MachineGraph, layout: ChartLayout, arrowId: string, visited: ReadonlySet<string> | null): Html[] {
  const parts: Html[] = [];
  for (const initial of [graph.initial, ...graph.states.map((state) => state.initial)].filter((p): p is string => Boolean(p))) {
    const box = layout.boxes.get(initial);
    const taken = visited?.has(initial) ?? false;
    if (!box || (visited !== null && !taken)) continue;
    const cx = box.x + box.w / 2;
    const top = box.state.parent === null ? box.y - 26 : box.y - 20;
    const modifier = taken ? ' taken' : '';
    parts.push(
      raw(
        `<g class="initial${modifier}"><title>initial state: ${initial}</title><circle class="sc-dot${modifier}" cx="${cx + 40}" cy="${top}" r="5"/>` +
          `<path class="sc-initial${modifier}" d="M${cx + 35},${top} L${cx + 12},${top} L${cx + 12},${box.y - 2}" marker-end="url(#${arrowId}${modifier ? '-taken' : ''})"/></g>`,
      ),
    );
  }
  return parts;
}

/** The chart with nothing highlighted: its states (compound ones first, so that their children are drawn over them), initial markers, edges and table. */
function plainChart(graph: MachineGraph, id: string): Html[] {
  const { layout, routes } = chartOf(graph);
  const boxes = [...layout.boxes.values()].sort((a, b) => Number(b.state.type === 'compound') - Number(a.state.type === 'compound'));
  return [
    ...boxes.map((box) => stateSvg(box, null)),
    ...initialsSvg(graph, layout, `${id}-arrow`, null),
    ...layout.edges.map((edge) => edgeSvg(edge, routes.get(edge.id)!, `${id}-arrow`, null)),
    ...(layout.table ? [tableSvg(layout.table, new Set())] : []),
  ];
}

/** What a dossier's path adds over the plain chart: its visited states, its initial markers, its taken edges and choices. */
function highlightOf(graph: MachineGraph, path: DossierPath, id: string): Html[] {
  const { layout, routes } = chartOf(graph);
  const parts: Html[] = [];
  const boxes = [...layout.boxes.values()].filter((box) => path.visited.has(box.state.path));
  boxes.sort((a, b) => Number(b.state.type === 'compound') - Number(a.state.type === 'compound'));
  for (const box of boxes) {
    const { state } = box;
    const current = path.current === state.path || (state.type !== 'compound' && path.current.startsWith(`${state.path}.`));
    parts.push(stateSvg(box, { visited: true, current }));
  }
  parts.push(...initialsSvg(graph, layout, `${id}-arrow`, path.visited));
  for (const edge of layout.edges) {
    const steps = path.taken.get(edge.id);
    if (steps) parts.push(edgeSvg(edge, routes.get(edge.id)!, `${id}-arrow-taken`, steps));
  }
  if (layout.table && layout.table.lines.some((line) => path.taken.has(line.edge))) {
    // The choice the dossier went through is drawn again, its lines in bold.
    parts.push(tableSvg(layout.table, new Set(path.taken.keys())));
  }
  return parts;
}

export interface StatechartOptions {
  /** Makes the SVG's ids unique in the page. */
  idPrefix: string;
  /** Accessible name of the figure. */
  title: string;
  /**
   * The id given to `statechartBaseSvg` on the same page: the chart is then referenced,
   * not drawn again, and only the path is drawn over it. Without it the SVG stands alone.
   */
  baseId?: string;
}

/**
 * The statechart drawn once for a page, to be referenced by every `statechartSvg` given
 * the same `baseId`: a hidden SVG holding a `<symbol>` and the arrowheads.
 */
export function statechartBaseSvg(graph: MachineGraph, baseId: string): Html {
  const { layout } = chartOf(graph);
  return raw(
    `<svg class="statechart-base" aria-hidden="true" focusable="false" width="0" height="0"><defs>${markersSvg(baseId).html}` +
      `<symbol id="${baseId}" viewBox="0 0 ${layout.width} ${round(layout.height)}">${join(plainChart(graph, baseId)).html}</symbol></defs></svg>`,
  );
}

/** The statechart SVG, with the dossier's path highlighted. */
export function statechartSvg(graph: MachineGraph, path: DossierPath, options: StatechartOptions): Html {
  const { layout } = chartOf(graph);
  const id = options.idPrefix;
  const route = path.steps.filter((step) => step.edge !== null).map((step) => step.entry.to.split('.')[0]);
  const start = path.steps[0]?.entry.from ?? path.current;
  const summary = `Path taken: ${[start.split('.')[0], ...route].join(' → ')}. Ends in ${path.current}.`;
  const markers = options.baseId ?? id;
  const parts: Html[] = [el('title', { id: `${id}-title` }, options.title), el('desc', { id: `${id}-desc` }, summary)];
  if (options.baseId) parts.push(raw(`<use href="#${options.baseId}" x="0" y="0" width="${layout.width}" height="${round(layout.height)}"/>`));
  else parts.push(raw(`<defs>${markersSvg(id).html}</defs>`), ...plainChart(graph, id));
  parts.push(...highlightOf(graph, path, markers));
  return raw(
    `<svg class="statechart" viewBox="0 0 ${layout.width} ${round(layout.height)}" width="${layout.width}" height="${round(layout.height)}" role="img" aria-labelledby="${id}-title ${id}-desc">${join(parts).html}</svg>`,
  );
}
