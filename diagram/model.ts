import type { MachineGraph, StateInfo, TransitionInfo } from '../machines/graph.js';

/**
 * What every diagram format draws, read off `machineGraphOf` alone: the states by
 * parent, the transitions drawn as arrows, and the root-level transitions that hold in
 * every state (the wildcard refusal among them), which are summarised once instead of
 * being drawn from every state.
 */

export interface DiagramModel {
  graph: MachineGraph;
  /** Children of each state by parent path ('' for the root), in declaration order. */
  children: Map<string, StateInfo[]>;
  /** Transitions declared by a state: drawn as arrows (a targetless one as a self-loop). */
  drawn: TransitionInfo[];
  /** Transitions declared at the root: they hold in every state. */
  everywhere: TransitionInfo[];
}

export function diagramModelOf(graph: MachineGraph): DiagramModel {
  const children = new Map<string, StateInfo[]>();
  for (const state of graph.states) {
    const parent = state.parent ?? '';
    const list = children.get(parent) ?? [];
    list.push(state);
    children.set(parent, list);
  }
  return {
    graph,
    children,
    drawn: graph.transitions.filter((transition) => transition.source !== ''),
    everywhere: graph.transitions.filter((transition) => transition.source === ''),
  };
}

/** The wildcard event: any event no state (nor an earlier root transition) takes. */
export const WILDCARD = '*';

/** Whether the transition refuses its event (its actions emit a rejection). */
export function isRefusal(transition: TransitionInfo): boolean {
  return transition.actions.some((action) => action.startsWith('reject'));
}

/**
 * The label of an arrow: the event and its guard as written in the machine
 * (`TICK [deadlinePassed(organisationResponse)]`); for a transition that stays, its
 * actions too (`ENTRY_DECLARED [trainingNotStarted] / reject(TOO_EARLY)`), since they are
 * what it does.
 */
export function transitionLabel(transition: TransitionInfo): string {
  const guard = transition.guard === null ? '' : ` [${transition.guard}]`;
  const actions = transition.target === null && transition.actions.length > 0 ? ` / ${transition.actions.join(', ')}` : '';
  return `${transition.event}${guard}${actions}`;
}

/**
 * One line per group of root-level transitions that do the same thing: the summary of
 * what happens in every state. The wildcard comes last, as it applies last.
 */
export function everywhereLines(model: DiagramModel): string[] {
  const groups: Array<{ key: string; events: string[]; sample: TransitionInfo }> = [];
  for (const transition of model.everywhere) {
    const key = JSON.stringify([transition.target, transition.guard, transition.actions, transition.description, transition.event === WILDCARD]);
    const group = groups.find((candidate) => candidate.key === key);
    if (group) group.events.push(transition.event);
    else groups.push({ key, events: [transition.event], sample: transition });
  }
  const lines = groups.map(({ events, sample }) => {
    const eventText = events.includes(WILDCARD) ? 'any other event' : events.join(', ');
    const guard = sample.guard === null ? '' : ` [${sample.guard}]`;
    const does = [
      ...(sample.target === null ? [] : [`goes to ${sample.target}`]),
      ...(sample.actions.length > 0 ? [sample.actions.join(', ')] : []),
    ];
    const what = does.length > 0 ? ` / ${does.join(', ')}` : sample.target === null ? ' / stays' : '';
    const description = sample.description === null ? '' : ` (${sample.description})`;
    return { wildcard: events.includes(WILDCARD), text: `${eventText}${guard}${what}${description}` };
  });
  return [...lines.filter((line) => !line.wildcard), ...lines.filter((line) => line.wildcard)].map((line) => line.text);
}

/**
 * One arrow per pair of states: several arrows between the same two states would be
 * drawn over each other. Its label is one line per event, in priority order.
 */
export interface Arrow {
  source: string;
  /** The target; the source itself for a root-level loop. */
  target: string;
  transitions: TransitionInfo[];
}

/**
 * Several transitions of one event from one state to the same target: the machine tries
 * their guards in order and takes the first that holds (the cancellation table's rows, each
 * named by its action's `row` parameter). A diagram lists them in the source state's box,
 * numbered, and labels the arrow with the event and the row numbers only.
 */
export interface Choice {
  source: string;
  target: string;
  event: string;
  rows: Array<{ number: number; transition: TransitionInfo }>;
}

/** The transitions a state's box lists under its name: those that stay, and its choices. */
export interface Compartment {
  stays: TransitionInfo[];
  choices: Choice[];
}

/** The state's own transitions of `transition`'s event, in priority order, numbered from 1. */
function rowNumberOf(model: DiagramModel, transition: TransitionInfo): number {
  return model.drawn.filter((candidate) => candidate.source === transition.source && candidate.event === transition.event).indexOf(transition) + 1;
}

/** The arrows that change state, one per pair of states, and the choices among them. */
export function arrowsOf(model: DiagramModel): { arrows: Arrow[]; choices: Choice[] } {
  const arrows = new Map<string, Arrow>();
  for (const transition of model.drawn) {
    if (transition.target === null) continue;
    const key = `${transition.source}\u0000${transition.target}`;
    const arrow = arrows.get(key) ?? { source: transition.source, target: transition.target, transitions: [] };
    arrow.transitions.push(transition);
    arrows.set(key, arrow);
  }
  const choices: Choice[] = [];
  for (const arrow of arrows.values()) {
    for (const event of new Set(arrow.transitions.map((transition) => transition.event))) {
      const own = arrow.transitions.filter((transition) => transition.event === event);
      if (own.length < 2) continue;
      choices.push({ source: arrow.source, target: arrow.target, event, rows: own.map((transition) => ({ number: rowNumberOf(model, transition), transition })) });
    }
  }
  return { arrows: [...arrows.values()], choices };
}

/** The label of a choice's arrow: `HOLDER_CANCELS (rows 1-5)`, `HOLDER_CANCELS (rows 1, 3)`. */
export function choiceLabel(choice: Choice): string {
  const numbers = choice.rows.map((row) => row.number);
  const contiguous = numbers.every((number, index) => index === 0 || number === numbers[index - 1]! + 1);
  return `${choice.event} (rows ${contiguous ? `${numbers[0]}-${numbers[numbers.length - 1]}` : numbers.join(', ')})`;
}

/** The label lines of an arrow: one per transition, or one per choice (`HOLDER_CANCELS (rows 1-5)`). */
export function arrowLabels(arrow: Arrow, choices: readonly Choice[]): string[] {
  const labels: string[] = [];
  for (const transition of arrow.transitions) {
    const choice = choices.find((candidate) => candidate.source === arrow.source && candidate.target === arrow.target && candidate.event === transition.event);
    if (!choice) labels.push(transitionLabel(transition));
    else if (choice.rows[0]!.transition === transition) labels.push(choiceLabel(choice));
  }
  return labels;
}

/** The heading of a choice in its source state's box. */
export function choiceHeading(choice: Choice, graph: MachineGraph): string {
  const target = graph.states.find((state) => state.path === choice.target)?.key ?? choice.target;
  return `${choice.event} → ${target}, the first row that holds`;
}

/** `3. [cancellationIsFree] → free — rights restored, charge refunded (...)`: the guard, the row its action names, what it does. */
export function choiceRowLine(row: Choice['rows'][number]): string {
  const { transition } = row;
  const guard = transition.guard === null ? 'otherwise' : `[${transition.guard}]`;
  const named = transition.params.row ?? null;
  return `${row.number}. ${guard}${named === null ? '' : ` → ${named}`}${transition.description === null ? '' : ` — ${transition.description}`}`;
}

/** What each state's box lists under its name. */
export function compartmentsOf(model: DiagramModel, choices: readonly Choice[]): Map<string, Compartment> {
  const compartments = new Map<string, Compartment>();
  const of = (path: string) => {
    const compartment = compartments.get(path) ?? { stays: [], choices: [] };
    compartments.set(path, compartment);
    return compartment;
  };
  for (const transition of model.drawn) if (transition.target === null) of(transition.source).stays.push(transition);
  for (const choice of choices) of(choice.source).choices.push(choice);
  return compartments;
}

/** A transition that stays, as its state's box lists it. */
export function staysLine(transition: TransitionInfo): string {
  return `stays on ${transitionLabel(transition)}`;
}

/** The heading of the summary of root-level transitions. */
export const EVERYWHERE_HEADING = 'In every state, unless the state handles the event itself:';

/** The state a transition's arrow is drawn in: the nearest common parent of its ends. */
export function scopeOf(model: DiagramModel, transition: TransitionInfo): string {
  const parentOf = (path: string): string => model.graph.states.find((state) => state.path === path)?.parent ?? '';
  const target = transition.target ?? transition.source;
  const ancestors = (path: string): string[] => {
    const chain: string[] = [];
    for (let current = parentOf(path); ; current = parentOf(current)) {
      chain.push(current);
      if (current === '') return chain;
    }
  };
  const fromSource = ancestors(transition.source);
  const fromTarget = new Set(ancestors(target));
  return fromSource.find((path) => fromTarget.has(path)) ?? '';
}

/**
 * Identifiers safe in every format (letters, digits, underscore), one per state path,
 * unique: the key when no other state has the same one, else the whole path.
 */
export function identifiersOf(graph: MachineGraph, reserved: ReadonlySet<string> = new Set()): Map<string, string> {
  const clean = (text: string) => {
    const id = text.replace(/[^A-Za-z0-9_]/g, '_');
    return /^[0-9]/.test(id) || reserved.has(id.toLowerCase()) ? `s_${id}` : id;
  };
  const keyCount = new Map<string, number>();
  for (const state of graph.states) keyCount.set(clean(state.key), (keyCount.get(clean(state.key)) ?? 0) + 1);
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const state of graph.states) {
    let id = keyCount.get(clean(state.key)) === 1 ? clean(state.key) : clean(state.path.replace(/\./g, '__'));
    while (used.has(id)) id = `${id}_`;
    used.add(id);
    ids.set(state.path, id);
  }
  return ids;
}
