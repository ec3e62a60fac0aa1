import type { HistoryEntry } from '../api/dossier.js';
import type { MachineGraph, StateInfo, TransitionInfo } from '../machines/graph.js';
import { el, join, raw } from './html.js';
import type { Html } from './html.js';

/**
 * The statechart as an inline SVG, laid out from `machineGraphOf` alone (never by hand):
 * the top-level states that are not final in one column, ranked by their distance from
 * the initial state; a compound state holds its children in the same column; the final
 * states in a second column, each level with the states it is reached from. A
 * dossier's history highlights the states it visited and the transitions it took.
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

export interface ChartLayout {
  width: number;
  height: number;
  boxes: Map<string, Box>;
  edges: Edge[];
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

function edgeLabel(transitions: TransitionInfo[]): string {
  const events = [...new Set(transitions.map((t) => t.event))];
  return events
    .map((event) => {
      const own = transitions.filter((t) => t.event === event);
      const deadline = own.length === 1 ? deadlineOfGuard(own[0]!.guard) : null;
      return deadline ? `${event}: ${deadline} passed` : event;
    })
    .join(' / ');
}

/** The drawn edges: the graph's transitions that change state, one edge per source and target. */
export function edgesOf(graph: MachineGraph): Edge[] {
  const edges = new Map<string, Edge>();
  for (const transition of graph.transitions) {
    if (transition.target === null || transition.source === '' || transition.target === transition.source) continue;
    const id = `${transition.source}->${transition.target}`;
    const edge = edges.get(id) ?? { id, source: transition.source, target: transition.target, transitions: [], label: '' };
    edge.transitions.push(transition);
    edges.set(id, edge);
  }
  for (const edge of edges.values()) edge.label = edgeLabel(edge.transitions);
  return [...edges.values()];
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
  for (const { state, mean } of wanted) {
    const fy = Math.max(next, mean - BOX_H / 2);
    boxes.set(state.path, { state, x: FINAL_X, y: fy, w: FINAL_W, h: BOX_H });
    next = fy + BOX_H + FINAL_GAP;
    bottom = Math.max(bottom, fy + BOX_H);
  }
  return { width: WIDTH, height: bottom + 24, boxes, edges };
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

interface Point {
  x: number;
  y: number;
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

/** The route of an edge: its points, and where and at what angle its label goes. */
function routeOf(edge: Edge, text: string, layout: ChartLayout, spread: Map<string, { out: number; in: number }>, stubs: Map<string, number>): { d: string; label: Point & { angle: number; anchor: 'start' | 'middle' } } {
  const a = layout.boxes.get(edge.source)!;
  const b = layout.boxes.get(edge.target)!;
  const offsets = spread.get(edge.id) ?? { out: 0, in: 0 };
  if (b.x >= a.x + a.w) {
    // To the right (the final states): a short horizontal stub carrying the label, then straight to the target.
    const p = { x: a.x + a.w, y: a.y + a.h / 2 + offsets.out };
    const q = { x: b.x, y: b.y + b.h / 2 + offsets.in };
    // Every edge that leaves the same side shares the longest stub, so that no line crosses a sibling's label.
    const stub = Math.max(20, Math.min(stubs.get(edge.source) ?? textWidth(text) + 16, q.x - p.x - 40));
    return {
      d: `M${round(p.x)},${round(p.y)} L${round(p.x + stub)},${round(p.y)} L${round(q.x - 2)},${round(q.y)}`,
      label: { x: p.x + 6, y: p.y - 4, angle: 0, anchor: 'start' },
    };
  }
  if (b.y >= a.y + a.h) {
    // Downwards in the same column: a vertical line, its label to its right.
    const x = Math.min(a.x + a.w / 2, b.x + b.w / 2) + offsets.out;
    const p = { x, y: a.y + a.h };
    const q = { x, y: b.y };
    return { d: `M${round(p.x)},${round(p.y)} L${round(q.x)},${round(q.y - 2)}`, label: { x: x + 8, y: (p.y + q.y) / 2 + 4, angle: 0, anchor: 'start' } };
  }
  // Back or sideways: around the left of the column.
  const p = { x: a.x, y: a.y + a.h / 2 };
  const q = { x: b.x, y: b.y + b.h / 2 };
  const bend = Math.max(4, Math.min(p.x, q.x) - 18);
  return {
    d: `M${round(p.x)},${round(p.y)} C${round(bend)},${round(p.y)} ${round(bend)},${round(q.y)} ${round(q.x - 2)},${round(q.y)}`,
    label: { x: bend + 4, y: (p.y + q.y) / 2, angle: 0, anchor: 'start' },
  };
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

function describeTransition(t: TransitionInfo): string {
  return `${t.event}${t.guard ? ` [${t.guard}]` : ''}${t.description ? `: ${t.description}` : ''}`;
}

export interface StatechartOptions {
  /** Makes the SVG's ids unique in the page. */
  idPrefix: string;
  /** Accessible name of the figure. */
  title: string;
}

/** The statechart SVG, with the dossier's path highlighted. */
export function statechartSvg(graph: MachineGraph, path: DossierPath, options: StatechartOptions): Html {
  const layout = layoutOf(graph);
  const spread = spreadOf(layout);
  const id = options.idPrefix;
  const route = path.steps.filter((step) => step.edge !== null).map((step) => step.entry.to.split('.')[0]);
  const start = path.steps[0]?.entry.from ?? path.current;
  const summary = `Path taken: ${[start.split('.')[0], ...route].join(' → ')}. Ends in ${path.current}.`;
  const parts: Html[] = [];
  parts.push(el('title', { id: `${id}-title` }, options.title));
  parts.push(el('desc', { id: `${id}-desc` }, summary));
  parts.push(
    raw(
      `<defs>` +
        `<marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>` +
        `<marker id="${id}-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="13" markerHeight="13" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead-taken"/></marker>` +
        `</defs>`,
    ),
  );
  // States: compound ones first, so that their children are drawn over them.
  const boxes = [...layout.boxes.values()].sort((a, b) => Number(b.state.type === 'compound') - Number(a.state.type === 'compound'));
  for (const box of boxes) {
    const { state } = box;
    const visited = path.visited.has(state.path);
    const isCurrent = path.current === state.path || (state.type !== 'compound' && path.current.startsWith(`${state.path}.`));
    const classes = ['state', state.type, visited ? 'visited' : 'unvisited', isCurrent ? 'current' : ''].filter(Boolean).join(' ');
    const status = isCurrent ? 'current state (visited)' : visited ? 'visited' : 'not visited';
    const kind = state.type === 'final' ? 'final state' : state.type === 'compound' ? 'compound state' : 'state';
    const inner: Html[] = [el('title', {}, `${state.path}: ${kind}, ${status}${state.description ? `. ${state.description}` : ''}`)];
    inner.push(raw(`<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="8"/>`));
    if (state.type === 'final') inner.push(raw(`<rect class="inner" x="${box.x + 4}" y="${box.y + 4}" width="${box.w - 8}" height="${box.h - 8}" rx="5"/>`));
    const mark = visited ? '✓ ' : '';
    if (state.type === 'compound') {
      inner.push(el('text', { x: box.x + 12, y: box.y + 22, class: 'name' }, `${mark}${state.key}`));
    } else {
      const cx = box.x + box.w / 2;
      const note = isCurrent ? 'current state' : state.type === 'final' ? 'final' : null;
      inner.push(el('text', { x: cx, y: box.y + (note ? box.h / 2 - 2 : box.h / 2 + 5), class: 'name', 'text-anchor': 'middle' }, `${mark}${state.key}`));
      if (note) inner.push(el('text', { x: cx, y: box.y + box.h / 2 + 13, class: 'note', 'text-anchor': 'middle' }, note));
    }
    parts.push(el('g', { class: classes, 'data-state': state.path, 'data-visited': visited ? 'true' : 'false', 'data-current': isCurrent ? 'true' : null }, inner));
  }
  // Initial markers: a dot and an arrow into the initial state of the machine and of each compound state.
  const initials = [graph.initial, ...graph.states.map((state) => state.initial)].filter((p): p is string => Boolean(p));
  for (const initial of initials) {
    const box = layout.boxes.get(initial);
    if (!box) continue;
    const cx = box.x + box.w / 2;
    const visited = path.visited.has(initial);
    const top = box.state.parent === null ? box.y - 26 : box.y - 20;
    parts.push(
      raw(
        `<g class="initial${visited ? ' taken' : ''}"><title>initial state: ${initial}</title><circle cx="${cx + 40}" cy="${top}" r="5"/>` +
          `<path d="M${cx + 35},${top} L${cx + 12},${top} L${cx + 12},${box.y - 2}" marker-end="url(#${id}-arrow${visited ? '-taken' : ''})"/></g>`,
      ),
    );
  }
  const textOf = (edge: Edge) => {
    const steps = path.taken.get(edge.id);
    return steps ? `#${steps.join(', #')} ${edge.label}` : edge.label;
  };
  const stubs = new Map<string, number>();
  for (const edge of layout.edges) stubs.set(edge.source, Math.max(stubs.get(edge.source) ?? 0, textWidth(textOf(edge)) + 16));
  // Edges: the ones not taken first, so that the taken ones are drawn on top.
  const sorted = [...layout.edges].sort((a, b) => Number(path.taken.has(a.id)) - Number(path.taken.has(b.id)));
  for (const edge of sorted) {
    const steps = path.taken.get(edge.id);
    const text = textOf(edge);
    const { d, label } = routeOf(edge, text, layout, spread, stubs);
    const transform = label.angle ? ` transform="rotate(${round(label.angle)} ${round(label.x)} ${round(label.y)})"` : '';
    parts.push(
      el(
        'g',
        { class: `edge ${steps ? 'taken' : 'not-taken'}`, 'data-edge': edge.id, 'data-taken': steps ? 'true' : 'false', 'data-steps': steps ? steps.join(' ') : null },
        el('title', {}, `${edge.source} → ${edge.target}${steps ? ` (taken at step ${steps.join(', ')} of the path)` : ''}: ${edge.transitions.map(describeTransition).join('; ')}`),
        raw(`<path class="line" d="${d}" marker-end="url(#${id}-arrow${steps ? '-taken' : ''})"/>`),
        raw(`<text class="label" x="${round(label.x)}" y="${round(label.y)}" text-anchor="${label.anchor}"${transform}>${join(text).html}</text>`),
      ),
    );
  }
  return raw(
    `<svg class="statechart" viewBox="0 0 ${layout.width} ${round(layout.height)}" width="${layout.width}" height="${round(layout.height)}" role="img" aria-labelledby="${id}-title ${id}-desc">${join(parts).html}</svg>`,
  );
}
