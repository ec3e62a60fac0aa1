import { fromTransition } from 'xstate';
import type { TransitionSnapshot } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import type { AdjacencyMap, TraversalOptions } from 'xstate/graph';
import { calendarDateOf } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import { dossierMachine } from '../machines/dossier.js';
import type { DossierEvent, DossierMachineInput, DossierStateName } from '../machines/types.js';
import { MachineDriver, statePathOfValue } from './driver.js';
import type { DossierMachine, ModelState } from './driver.js';
import { candidateInstants } from './timeline.js';

/**
 * The dossier model as a finite graph, through `xstate/graph`: the machine driven like
 * the API (driver.ts), events at the instants of timeline.ts, states serialised as the
 * state value, the clock and the context fields that decide what can happen next.
 */

/** An event of the model: a dossier event, and what its instant is (`start - 7 working days (first ms)`). */
export type ModelEvent = DossierEvent & { label: string };

type ModelSnapshot = TransitionSnapshot<ModelState>;

/** A dossier the model starts from. */
export interface ModelSetup {
  calendar: Region;
  training: { start: CalendarDate; end: CalendarDate };
  exemption: DossierMachineInput['exemption'];
  identityActivatedAt: Instant | null;
}

/** The training the model uses unless told otherwise: Ascension, Whit Monday and 1 and 8 May nearby. */
export const DEFAULT_MODEL_SETUP: ModelSetup = {
  calendar: 'FR',
  training: { start: '2026-05-18', end: '2026-05-29' },
  exemption: null,
  identityActivatedAt: null,
};

type Variant = Omit<DossierEvent, 'at'> & { type: DossierEvent['type'] };

/** Every event type with each payload worth trying (valid and invalid): sent at the current instant. */
const EVERY_EVENT: readonly Variant[] = [
  { type: 'IDENTITY_CREATED' },
  { type: 'IDENTITY_VERIFIED', method: 'post-office' },
  { type: 'IDENTITY_ACTIVATED', code: '0421' },
  { type: 'IDENTITY_ACTIVATED', code: '421' },
  { type: 'SUBMIT' },
  { type: 'ORGANISATION_ACCEPTS' },
  { type: 'ORGANISATION_REFUSES' },
  { type: 'HOLDER_VALIDATES' },
  { type: 'ENTRY_DECLARED' },
  { type: 'EXIT_DECLARED' },
  { type: 'EVALUATED', rating: 1 },
  { type: 'EVALUATED', rating: 5 },
  { type: 'EVALUATED', rating: 0 },
  { type: 'EVALUATED', rating: 6 },
  { type: 'HOLDER_CANCELS', forceMajeure: false },
  { type: 'HOLDER_CANCELS', forceMajeure: true },
  { type: 'TICK' },
] as Variant[];

/** The events a state answers, sent at each later instant of the timeline too. */
const TIMED_EVENTS: Partial<Record<DossierStateName, readonly Variant[]>> = {
  draft: [{ type: 'SUBMIT' }, { type: 'TICK' }],
  requested: [{ type: 'ORGANISATION_ACCEPTS' }, { type: 'ORGANISATION_REFUSES' }, { type: 'HOLDER_CANCELS', forceMajeure: false }, { type: 'TICK' }],
  accepted: [{ type: 'HOLDER_VALIDATES' }, { type: 'HOLDER_CANCELS', forceMajeure: false }, { type: 'TICK' }],
  validated: [
    { type: 'ENTRY_DECLARED' },
    { type: 'HOLDER_CANCELS', forceMajeure: false },
    { type: 'HOLDER_CANCELS', forceMajeure: true },
    { type: 'TICK' },
  ],
  'in-training': [
    { type: 'EXIT_DECLARED' },
    { type: 'HOLDER_CANCELS', forceMajeure: false },
    { type: 'HOLDER_CANCELS', forceMajeure: true },
    { type: 'TICK' },
  ],
} as Partial<Record<DossierStateName, readonly Variant[]>>;

function topStateOf(state: ModelState): DossierStateName {
  return statePathOfValue(state.snapshot.value).split('.')[0] as DossierStateName;
}

/** The events the model tries from a state. */
export function eventsFrom(state: ModelState): ModelEvent[] {
  const top = topStateOf(state);
  const context = state.snapshot.context;
  const [now, ...later] = candidateInstants(top, context, state.clock);
  const events: ModelEvent[] = EVERY_EVENT.map((variant) => ({ ...variant, at: now!.at, label: now!.label }) as ModelEvent);
  for (const candidate of later) {
    for (const variant of TIMED_EVENTS[top] ?? []) events.push({ ...variant, at: candidate.at, label: candidate.label } as ModelEvent);
  }
  return events;
}

/** The event without its label: what is sent. */
export function bareEvent(event: ModelEvent): DossierEvent {
  const { label: _label, ...bare } = event;
  return bare as DossierEvent;
}

export function eventKey(event: DossierEvent): string {
  return JSON.stringify(event, Object.keys(event).filter((key) => key !== 'label').sort());
}

/**
 * The vertex a state is: its path, its clock, and what in its context decides the
 * future (the identity in full only while it can still matter, in `draft`; the
 * validation's date, not its instant). Instants of events already past are left out.
 */
export function vertexKey(state: ModelState): string {
  const { snapshot, clock } = state;
  const context = snapshot.context;
  const path = statePathOfValue(snapshot.value);
  return JSON.stringify([
    path,
    clock,
    path === 'draft' ? context.identity : context.identity.state,
    context.deadlines,
    context.validatedAt === null ? null : calendarDateOf(context.validatedAt, context.calendar),
    context.late,
    context.cpfRights,
    context.money,
    context.outcome,
    context.reason,
    context.rating,
    context.forceMajeure,
  ]);
}

export interface ModelGraph {
  setup: ModelSetup;
  driver: MachineDriver;
  initial: ModelState;
  adjacency: AdjacencyMap<ModelSnapshot, ModelEvent>;
  /** The shortest event sequence to each vertex, by vertex key. */
  shortest: Map<string, ModelEvent[]>;
  /** The vertex keys in the order of their distance from the start. */
  order: string[];
}

function traversalOptions(): TraversalOptions<ModelSnapshot, ModelEvent, undefined> {
  return {
    events: (snapshot) => eventsFrom(snapshot.context),
    serializeState: (snapshot) => vertexKey(snapshot.context),
    serializeEvent: (event) => eventKey(event) as never,
  };
}

/**
 * The traversal of the model: `xstate/graph`'s adjacency map, then the shortest path to
 * each vertex by a breadth-first walk of that map (what `getShortestPaths` computes,
 * without traversing the model a second time).
 */
export function buildModelGraph(setup: ModelSetup = DEFAULT_MODEL_SETUP, machine: DossierMachine = dossierMachine): ModelGraph {
  const driver = new MachineDriver(machine);
  const initial = driver.initial(setup);
  const logic = fromTransition((state: ModelState, event: ModelEvent) => driver.step(state, bareEvent(event)), initial);
  const adjacency = getAdjacencyMap(logic, traversalOptions()) as unknown as AdjacencyMap<ModelSnapshot, ModelEvent>;
  const start = vertexKey(initial);
  const shortest = new Map<string, ModelEvent[]>([[start, []]]);
  const order = [start];
  for (let index = 0; index < order.length; index++) {
    const key = order[index]!;
    const vertex = adjacency[key as keyof typeof adjacency];
    if (!vertex) continue;
    for (const { event, state } of Object.values(vertex.transitions)) {
      const next = vertexKey(state.context);
      if (!shortest.has(next)) {
        shortest.set(next, [...shortest.get(key)!, event]);
        order.push(next);
      }
    }
  }
  return { setup, driver, initial, adjacency, shortest, order };
}

/** A sequence of events replayed through the driver: the state after each. */
export function replay(driver: MachineDriver, initial: ModelState, events: readonly DossierEvent[]): ModelState[] {
  const states: ModelState[] = [];
  let state = initial;
  for (const event of events) {
    state = driver.step(state, event);
    states.push(state);
  }
  return states;
}

/** How thoroughly paths are chosen. */
export type PathSelection =
  /** Enough paths to take every transition of the machine and every (state, event, refusal) once. */
  | 'transitions'
  /** Also every event at every instant of the timeline from every kind of state, whatever it does. */
  | 'boundaries';

/** What an edge does, as the selection tells edges apart. */
function edgeClass(selection: PathSelection, from: ModelState, event: ModelEvent, to: ModelState): string {
  const fromPath = statePathOfValue(from.snapshot.value);
  const variant = eventKey({ ...bareEvent(event), at: 0 } as DossierEvent);
  const base = [fromPath, variant, to.rejected, to.taken.join(' ')];
  if (selection === 'transitions') return JSON.stringify(base);
  const context = to.snapshot.context;
  return JSON.stringify([...base, event.label, statePathOfValue(to.snapshot.value), context.outcome, context.late, context.money.paid]);
}

/**
 * The paths of the generated tests: for each class of edge, the shortest path to its
 * source vertex and the edge. Paths that are the start of a longer one are dropped.
 */
export function selectPaths(graph: ModelGraph, selection: PathSelection = 'boundaries'): ModelEvent[][] {
  const chosen: ModelEvent[][] = [];
  const classes = new Set<string>();
  for (const key of graph.order) {
    const vertex = graph.adjacency[key as keyof typeof graph.adjacency];
    if (!vertex) continue;
    for (const { event, state } of Object.values(vertex.transitions)) {
      const cls = edgeClass(selection, vertex.state.context, event, state.context);
      if (classes.has(cls)) continue;
      classes.add(cls);
      chosen.push([...graph.shortest.get(key)!, event]);
    }
  }
  return dropPrefixes(chosen);
}

function dropPrefixes(paths: ModelEvent[][]): ModelEvent[][] {
  const keyed = paths.map((events) => ({ events, key: events.map(eventKey).join('\n') }));
  keyed.sort((a, b) => b.events.length - a.events.length);
  const kept: typeof keyed = [];
  const prefixes = new Set<string>();
  for (const path of keyed) {
    if (prefixes.has(path.key)) continue;
    kept.push(path);
    let prefix = '';
    path.events.forEach((event, index) => {
      prefix = index === 0 ? eventKey(event) : `${prefix}\n${eventKey(event)}`;
      prefixes.add(prefix);
    });
  }
  return kept.map((path) => path.events).reverse();
}
