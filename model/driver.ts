import { createActor, initialTransition } from 'xstate';
import type { AnyStateNode, SnapshotFrom } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import type { Instant } from '../calendar/index.js';
import { dossierMachine } from '../machines/dossier.js';
import type { DossierEvent, DossierMachineInput, RejectedEmit, RejectionCode } from '../machines/types.js';

/**
 * Drives the dossier machine the way the API (api/dossier.ts) does, as a pure step
 * function: events in time order, time advanced to an event's instant (a TICK sent to
 * the machine) before the event itself, final states refusing everything. Each step
 * also says which of the machine's transitions it took, so that a traversal can measure
 * how much of the machine definition it covered.
 */

/** The dossier machine, or a copy of it with other implementations (`dossierMachine.provide(...)`). */
export type DossierMachine = typeof dossierMachine;
export type DossierSnapshot = SnapshotFrom<DossierMachine>;

/** Where a driven dossier is: the machine's snapshot, plus what the API keeps around it. */
export interface ModelState {
  snapshot: DossierSnapshot;
  /** The instant of the last event considered, or null before any. */
  clock: Instant | null;
  /** The code the last event was refused with, or null when it was accepted. */
  rejected: RejectionCode | null;
  /** The keys (`transitionKey`) of the machine transitions the last event took, TICK first. */
  taken: string[];
}

/** A machine transition as the definition declares it. */
export interface TransitionInfo {
  key: string;
  /** The state node it leaves, e.g. `validated` (the root is `(root)`). */
  source: string;
  eventType: string;
  /** Where it goes, or null for a transition that stays (a rejection, a record). */
  target: string | null;
  guard: string | null;
  description: string | null;
}

/** A state node as the definition declares it, by its path (`finished.evaluated`). */
export interface StateInfo {
  path: string;
  node: AnyStateNode;
}

function nodePath(node: AnyStateNode): string {
  return node.path.length === 0 ? '(root)' : node.path.join('.');
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return (guard as { name?: string }).name || 'inline';
  if (typeof guard === 'object' && 'type' in (guard as object)) return String((guard as { type: unknown }).type);
  return 'guard';
}

/** The key of the `index`-th transition of `node` on `eventType`: `validated HOLDER_CANCELS#2`. */
export function transitionKey(node: AnyStateNode, eventType: string, index: number): string {
  return `${nodePath(node)} ${eventType}#${index}`;
}

/** Every state node of a machine (the root excluded), in document order. */
export function statesOf(machine: { root: AnyStateNode }): StateInfo[] {
  return getStateNodes(machine.root).map((node) => ({ path: nodePath(node), node }));
}

/** Every transition of a machine's definition, root's included (computed, not listed by hand). */
export function transitionsOf(machine: { root: AnyStateNode }): TransitionInfo[] {
  const infos: TransitionInfo[] = [];
  for (const node of [machine.root, ...getStateNodes(machine.root)]) {
    for (const [eventType, definitions] of node.transitions) {
      definitions.forEach((definition, index) => {
        const targets = (definition.target ?? []) as AnyStateNode[];
        infos.push({
          key: transitionKey(node, eventType, index),
          source: nodePath(node),
          eventType,
          target: targets.length ? targets.map(nodePath).join(',') : null,
          guard: guardName(definition.guard),
          description: definition.description ?? null,
        });
      });
    }
  }
  return infos;
}

/** The key of a transition definition the machine selected. */
function keyOfSelected(definition: { source: AnyStateNode; eventType: string }): string {
  const siblings = definition.source.transitions.get(definition.eventType) ?? [];
  return transitionKey(definition.source, definition.eventType, siblings.indexOf(definition as never));
}

type Scope = Parameters<DossierMachine['transition']>[2];

const SCOPE_INPUT: DossierMachineInput = {
  calendar: 'FR',
  training: { start: '2026-01-05', end: '2026-01-05' },
  exemption: null,
  identityActivatedAt: null,
};

/**
 * A pure stepper over one machine: `transition` with a reused actor scope (a fresh
 * scope per call, as `xstate`'s `transition()` makes, costs five times as much).
 */
export class MachineDriver {
  readonly machine: DossierMachine;
  private readonly scope: Scope;
  private readonly executed: Array<{ type: string; params?: unknown }> = [];

  constructor(machine: DossierMachine = dossierMachine) {
    this.machine = machine;
    // The scope's actor is never started; it only has to exist (any valid input will do).
    const self = createActor(machine, { input: SCOPE_INPUT });
    const executed = this.executed;
    this.scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: { type: string; params?: unknown }) => {
        executed.push(action);
      },
    } as unknown as Scope;
  }

  initial(input: DossierMachineInput): ModelState {
    const [snapshot] = initialTransition(this.machine, input);
    return { snapshot, clock: null, rejected: null, taken: [] };
  }

  /** One event sent to the machine: the next snapshot, the code it was refused with, the transitions taken. */
  send(snapshot: DossierSnapshot, event: DossierEvent, taken: string[]): { snapshot: DossierSnapshot; rejected: RejectionCode | null } {
    for (const definition of this.machine.getTransitionData(snapshot, event)) taken.push(keyOfSelected(definition));
    this.executed.length = 0;
    const next = this.machine.transition(snapshot, event, this.scope);
    let rejected: RejectionCode | null = null;
    for (const action of this.executed) {
      if (action.type === 'xstate.emit') rejected = (action.params as { event: RejectedEmit }).event.code;
    }
    this.executed.length = 0;
    return { snapshot: next, rejected };
  }

  /**
   * One event as the API applies it (rules.md section 3): refused if earlier than the
   * clock; otherwise time advances to `at` first (TICK), then the event is considered.
   */
  step(state: ModelState, event: DossierEvent): ModelState {
    if (state.clock !== null && event.at < state.clock) return { ...state, rejected: 'CLOCK_WENT_BACKWARDS', taken: [] };
    const taken: string[] = [];
    let snapshot = state.snapshot;
    if (snapshot.status === 'active') snapshot = this.send(snapshot, { type: 'TICK', at: event.at }, taken).snapshot;
    if (event.type === 'TICK') return { snapshot, clock: event.at, rejected: null, taken };
    if (snapshot.status !== 'active') return { snapshot, clock: event.at, rejected: 'INVALID_IN_STATE', taken };
    const sent = this.send(snapshot, event, taken);
    if (sent.rejected !== null) return { snapshot, clock: event.at, rejected: sent.rejected, taken };
    return { snapshot: sent.snapshot, clock: event.at, rejected: null, taken };
  }
}

export { statePathOfValue } from '../machines/step.js';
