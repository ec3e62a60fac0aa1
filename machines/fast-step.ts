import { and, not } from 'xstate';
import type { AnyStateMachine, AnyStateNode, ContextFrom, EventFromLogic, EventObject, InputFrom, SnapshotFrom, StateValue } from 'xstate';
import type { RejectedEmit, RejectionCode } from './types.js';

/**
 * A step function read from a machine's own definition: its state nodes, their `on`
 * transitions in order (the `*` wildcard after the exact ones, the child before its
 * parent), targets, tags and final states, and its guards and actions by name from
 * `setup`, called as XState calls them. Nothing of the rules is written here: change the
 * machine and this follows (test/fast-step.test.ts holds it against `machine.transition`
 * on every model-based path, on random sequences and on mutated copies of the machine).
 *
 * Why: an XState v5 macrostep costs ~6-8 us an event here, the whole of the API's cost;
 * this does the same step in a fraction of a microsecond (bench/RESULTS.md).
 *
 * It supports exactly what the dossier and identity machines use, and refuses to build,
 * with an UnsupportedMachineError naming the state node and the feature, for anything
 * else: states are atomic, compound or final (final states only at the top level); no
 * entry or exit actions, invoke, after, always, onDone, history or parallel states,
 * route, output or initial actions; transitions have at most one target, no `reenter`,
 * an exact event type or `*`; guards are named (with static params), or `not(...)` and
 * `and([...])` of named guards; actions are named, with static params, implemented by
 * `assign`, `emit` or `enqueueActions` (which may enqueue `assign` and `emit` only: the
 * others throw when enqueued, as `self`, `system` and `spawn` do when read).
 */

/** A state of the fast step: its state node and its context. Plain, never changed. */
export interface FastState<C> {
  readonly node: FastStateNode;
  readonly context: C;
}

/** A state node as the fast step knows it. */
export interface FastStateNode {
  /** The state path, e.g. `finished.awaitingEvaluation`. */
  readonly path: string;
  /** The top-level state, e.g. `finished`. */
  readonly top: string;
  /** XState's state value, e.g. `{ finished: 'awaitingEvaluation' }`. */
  readonly value: StateValue;
  /** `done` in a final state, as XState's snapshot status. */
  readonly status: 'active' | 'done';
  /** The tags of the state and its ancestors, as XState's snapshot `tags`. */
  readonly tags: ReadonlySet<string>;
}

export interface FastStep<C> {
  state: FastState<C>;
  /** The code of the `rejected` event the step emitted, or null. */
  rejected: RejectionCode | null;
}

export interface FastSteps<M extends AnyStateMachine> {
  /** The machine's initial state for an input (its `context` factory, its initial states). */
  initial(input: InputFrom<M>): FastState<ContextFrom<M>>;
  /** The state at a path (`finished.evaluated`) with a context; null for a path the machine does not have. */
  at(path: string, context: ContextFrom<M>): FastState<ContextFrom<M>> | null;
  /** One event: the next state (the same object when nothing changed), and the rejection emitted. */
  step(state: FastState<ContextFrom<M>>, event: EventFromLogic<M>): FastStep<ContextFrom<M>>;
  /** XState's own snapshot of a state (`machine.resolveState`), for the inspector and the graph tools. */
  snapshotOf(state: FastState<ContextFrom<M>>): SnapshotFrom<M>;
}

/** A machine uses something the fast step does not support. */
export class UnsupportedMachineError extends Error {
  constructor(machineId: string, where: string, what: string) {
    super(`machine '${machineId}', ${where}: ${what}; the fast step (machines/fast-step.ts) supports only what the dossier and identity machines use`);
    this.name = 'UnsupportedMachineError';
  }
}

type Args = { context: unknown; event: EventObject };
type Guard = (args: Args) => boolean;

/** What the actions of one transition work on, in order: the context so far, what was emitted. */
class ActionRun {
  rejected: RejectionCode | null = null;
  constructor(
    public context: unknown,
    readonly event: EventObject,
  ) {}
}
type Action = (run: ActionRun) => void;

interface Transition {
  guard: Guard | null;
  /** For XState's error message when a guard throws. */
  guardName: string | undefined;
  /** The atomic state entered (the target's initial descendants), or null for a transition that stays. */
  target: StateNodeOf | null;
  actions: Action[];
}

interface StateNodeOf extends FastStateNode {
  readonly id: string;
  readonly parent: StateNodeOf | null;
  /** Per event type, the candidates in XState's order: exact ones, then the wildcard's. */
  readonly candidates: Map<string, Transition[]>;
  /** The candidates of any other event type: the wildcard's. */
  readonly wildcard: Transition[];
}

const NOT_CHECK = (not('a') as unknown as { check: unknown }).check;
const AND_CHECK = (and(['a']) as unknown as { check: unknown }).check;

/**
 * The only keys a state node's and a transition's config may have: any other (entry,
 * exit, invoke, after, always, onDone, route, output, ...) is refused by its name.
 */
const STATE_KEYS = new Set(['id', 'initial', 'context', 'on', 'states', 'type', 'tags', 'description', 'meta', 'schemas', 'types', 'version']);
const TRANSITION_KEYS = new Set(['target', 'guard', 'actions', 'description', 'meta']);

/** `self`, `system` and `spawn` are not there: an implementation that reads one throws this. */
function noActor(name: string): never {
  throw new Error(`'${name}' is not available in the fast step (machines/fast-step.ts): these machines' implementations take only context, event and params`);
}
class ActionArgs {
  constructor(
    readonly context: unknown,
    readonly event: EventObject,
  ) {}
  get self(): never {
    return noActor('self');
  }
  get system(): never {
    return noActor('system');
  }
  get spawn(): never {
    return noActor('spawn');
  }
}
const argsOf = (context: unknown, event: EventObject): Args => new ActionArgs(context, event);

/** What `enqueue` offers besides assign and emit, each throwing when called: the fast step runs only those two. */
const UNSUPPORTED_ENQUEUES = ['cancel', 'raise', 'sendTo', 'sendParent', 'spawnChild', 'stopChild'].map((method) => [
  method,
  () => {
    throw new Error(`enqueue.${method} is not supported by the fast step (machines/fast-step.ts): only enqueue.assign and enqueue.emit`);
  },
] as const);

export function fastStepsOf<M extends AnyStateMachine>(machine: M): FastSteps<M> {
  const machineId = machine.id;
  const { guards, actions } = machine.implementations as { guards: Record<string, unknown>; actions: Record<string, unknown> };
  const refuse = (where: string, what: string): never => {
    throw new UnsupportedMachineError(machineId, where, what);
  };
  const nodeName = (node: AnyStateNode) => (node.path.length === 0 ? 'the root' : `state '${node.path.join('.')}'`);

  function paramsOf(where: string, reference: unknown): unknown {
    if (typeof reference !== 'object' || reference === null || !('params' in reference)) return undefined;
    const params = (reference as { params: unknown }).params;
    if (typeof params === 'function') refuse(where, 'params computed by a function');
    return params;
  }

  function compileGuard(where: string, guard: unknown): Guard {
    if (typeof guard === 'function') {
      const check = (guard as { check?: unknown }).check;
      const inner = ((guard as { guards?: unknown[] }).guards ?? []).map((g) => compileGuard(where, g));
      if (check === NOT_CHECK) {
        const negated = inner[0]!;
        return (args) => !negated(args);
      }
      if (check === AND_CHECK) return (args) => inner.every((g) => g(args));
      return refuse(where, check === undefined ? 'an inline guard function (guards must be named in setup)' : `the guard combinator '${(guard as { name?: string }).name}' (only not and and)`);
    }
    const name = typeof guard === 'string' ? guard : typeof guard === 'object' && guard !== null ? (guard as { type?: unknown }).type : undefined;
    if (typeof name !== 'string') return refuse(where, `a guard that is not a name: ${String(guard)}`);
    const implementation = guards[name];
    if (implementation === undefined) return refuse(where, `guard '${name}' is not implemented in setup`);
    if (typeof implementation === 'function' && 'check' in implementation) return compileGuard(`${where}, guard '${name}'`, implementation);
    if (typeof implementation !== 'function') return refuse(where, `guard '${name}' is not a function`);
    const params = paramsOf(where, guard);
    const check = implementation as (args: Args, params: unknown) => boolean;
    return (args) => check(args, params);
  }

  /** An `assign` or `emit` action object, as `enqueueActions` gets it from `enqueue.assign` / `enqueue.emit`. */
  function runBuiltin(run: ActionRun, action: { type?: unknown }, params: unknown): void {
    if (action.type === 'xstate.assign') {
      const assignment = (action as { assignment: unknown }).assignment;
      const args = argsOf(run.context, run.event);
      let partial: Record<string, unknown>;
      if (typeof assignment === 'function') partial = assignment(args, params) as Record<string, unknown>;
      else {
        partial = {};
        for (const [key, value] of Object.entries(assignment as Record<string, unknown>)) {
          partial[key] = typeof value === 'function' ? (value as (a: Args, p: unknown) => unknown)(args, params) : value;
        }
      }
      // As XState's resolveAssign (Object.assign({}, context, partial)); spread gives the
      // same object and V8 makes it ~3x faster.
      run.context = { ...(run.context as object), ...partial };
    } else if (action.type === 'xstate.emit') {
      const event = (action as { event: unknown }).event;
      const emitted = (typeof event === 'function' ? event(argsOf(run.context, run.event), params) : event) as RejectedEmit;
      if (emitted.type === 'rejected') run.rejected = emitted.code;
    } else {
      throw new Error(`the action '${String(action.type)}' was enqueued, which the fast step (machines/fast-step.ts) does not run: only assign and emit`);
    }
  }

  function enqueueFor(run: ActionRun, queue: Array<{ type?: unknown }>) {
    const enqueue = (() => {
      throw new Error('enqueue(action) is not supported by the fast step (machines/fast-step.ts): use enqueue.assign or enqueue.emit');
    }) as unknown as Record<string, unknown>;
    for (const [method, unsupported] of UNSUPPORTED_ENQUEUES) enqueue[method] = unsupported;
    enqueue.assign = (assignment: unknown) => queue.push({ type: 'xstate.assign', assignment } as { type: string });
    enqueue.emit = (event: unknown) => queue.push({ type: 'xstate.emit', event } as { type: string });
    return { context: run.context, event: run.event, enqueue, check: (guard: unknown) => compileGuard('check()', guard)(argsOf(run.context, run.event)) };
  }

  function compileAction(where: string, action: unknown): Action {
    const name = typeof action === 'string' ? action : typeof action === 'object' && action !== null ? (action as { type?: unknown }).type : undefined;
    if (typeof name !== 'string') return refuse(where, 'an inline action (actions must be named in setup)');
    const implementation = actions[name] as { type?: unknown; collect?: unknown } | undefined;
    if (implementation === undefined) return refuse(where, `action '${name}' is not implemented in setup`);
    const params = paramsOf(where, action);
    switch (implementation.type) {
      case 'xstate.assign':
      case 'xstate.emit':
        return (run) => runBuiltin(run, implementation, params);
      case 'xstate.enqueueActions': {
        const collect = implementation.collect as (args: unknown, params: unknown) => void;
        return (run) => {
          const queue: Array<{ type?: unknown }> = [];
          collect(enqueueFor(run, queue), params);
          for (const queued of queue) runBuiltin(run, queued, undefined);
        };
      }
      default:
        return refuse(where, `action '${name}' is ${typeof implementation.type === 'string' ? `'${implementation.type}'` : 'a plain function'} (only assign, emit and enqueueActions)`);
    }
  }

  const atomic = new Map<string, StateNodeOf>();
  const compiled = new Map<AnyStateNode, StateNodeOf>();
  const pending: Array<() => void> = [];

  function checkNode(node: AnyStateNode): void {
    const where = nodeName(node);
    for (const key of Object.keys(node.config)) {
      if (!STATE_KEYS.has(key)) refuse(where, `'${key}'`);
    }
    if (node.type !== 'atomic' && node.type !== 'compound' && node.type !== 'final') refuse(where, `a ${node.type} state`);
    if (node.type === 'final' && node.parent !== node.machine.root) refuse(where, 'a final state below the top level (its done event would need onDone)');
    if (node.type === 'compound' && node.initial.actions.length > 0) refuse(where, 'initial actions');
  }

  function leafOf(node: AnyStateNode): AnyStateNode {
    return node.type === 'compound' ? leafOf(node.initial.target[0]!) : node;
  }

  function compileTransition(node: AnyStateNode, eventType: string, definition: AnyStateNode['transitions'] extends Map<string, Array<infer T>> ? T : never): Transition {
    const where = `${nodeName(node)}, on ${eventType}`;
    for (const key of Object.keys(definition)) {
      if (!TRANSITION_KEYS.has(key) && !['source', 'reenter', 'eventType', 'toJSON'].includes(key)) refuse(where, `'${key}' on a transition`);
    }
    if (definition.reenter) refuse(where, 'reenter');
    const targets = (definition.target ?? []) as AnyStateNode[];
    if (targets.length > 1) refuse(where, 'several targets');
    const guardName = typeof definition.guard === 'string' ? definition.guard : typeof definition.guard === 'object' ? (definition.guard as { type: string }).type : undefined;
    const transition: Transition = {
      guard: definition.guard === undefined ? null : compileGuard(where, definition.guard),
      guardName,
      target: null,
      actions: (definition.actions as unknown[]).map((action) => compileAction(where, action)),
    };
    if (targets.length === 1) pending.push(() => (transition.target = compiled.get(leafOf(targets[0]!))!));
    return transition;
  }

  function compileNode(node: AnyStateNode, parent: StateNodeOf | null): void {
    checkNode(node);
    const exact = new Map<string, Transition[]>();
    let wildcard: Transition[] = [];
    for (const [eventType, definitions] of node.transitions as Map<string, unknown[]>) {
      if (eventType !== '*' && eventType.includes('*')) refuse(nodeName(node), `the partial wildcard '${eventType}'`);
      if (eventType.startsWith('xstate.')) refuse(nodeName(node), `a transition on '${eventType}'`);
      const list = definitions.map((definition) => compileTransition(node, eventType, definition as never));
      if (eventType === '*') wildcard = list;
      else exact.set(eventType, list);
    }
    const candidates = new Map<string, Transition[]>();
    for (const [eventType, list] of exact) candidates.set(eventType, [...list, ...wildcard]);
    const path = node.path.join('.');
    const self: StateNodeOf = {
      id: node.id,
      path,
      top: node.path[0] ?? '',
      value: valueOf(node.path),
      status: node.type === 'final' ? 'done' : 'active',
      tags: new Set([...(parent?.tags ?? []), ...(node.tags as string[])]),
      parent,
      candidates,
      wildcard,
    };
    compiled.set(node, self);
    // Only atomic states are where a state can be: `finished` alone is not one.
    if (node.type !== 'compound') atomic.set(path, self);
    for (const child of Object.values(node.states) as AnyStateNode[]) compileNode(child, self);
  }

  compileNode(machine.root, null);
  for (const resolve of pending) resolve();
  const initialNode = compiled.get(leafOf(machine.root))!;
  const contextConfig = machine.config.context as unknown;

  function take(state: FastState<unknown>, transition: Transition, event: EventObject): FastStep<unknown> {
    if (transition.actions.length === 0) {
      return { state: transition.target === null || transition.target === state.node ? state : { node: transition.target, context: state.context }, rejected: null };
    }
    const run = new ActionRun(state.context, event);
    for (const action of transition.actions) action(run);
    const node = transition.target ?? (state.node as StateNodeOf);
    return { state: node === state.node && run.context === state.context ? state : { node, context: run.context }, rejected: run.rejected };
  }

  const steps: FastSteps<AnyStateMachine> = {
    initial(input) {
      const context = typeof contextConfig === 'function' ? contextConfig(new ContextArgs(input)) : (contextConfig ?? {});
      return { node: initialNode, context };
    },
    at(path, context) {
      const node = atomic.get(path);
      return node === undefined ? null : { node, context };
    },
    step(state, event) {
      const type = event.type;
      const args = { context: state.context, event } as Args;
      for (let source: StateNodeOf | null = state.node as StateNodeOf; source !== null; source = source.parent) {
        const candidates = source.candidates.get(type) ?? source.wildcard;
        for (const transition of candidates) {
          if (transition.guard !== null) {
            let passed: boolean;
            try {
              passed = transition.guard(args);
            } catch (error) {
              // XState's own wording (StateNode.next), so that an error reads the same either way.
              throw new Error(
                `Unable to evaluate guard ${transition.guardName ? `'${transition.guardName}' ` : ''}in transition for event '${type}' in state node '${source.id}':\n${(error as Error).message}`,
              );
            }
            if (!passed) continue;
          }
          return take(state, transition, event);
        }
      }
      return { state, rejected: null };
    },
    snapshotOf(state) {
      return machine.resolveState({ value: state.node.value, context: state.context as never });
    },
  };
  return steps as unknown as FastSteps<M>;
}

/** XState's value of the atomic state at a path: `'draft'`, `{ finished: 'evaluated' }`. */
function valueOf(path: readonly string[]): StateValue {
  if (path.length === 0) return {};
  return path.length === 1 ? path[0]! : { [path[0]!]: valueOf(path.slice(1)) };
}

/** What a `context` factory gets: the input (`self` and `spawn` throw, as in actions). */
class ContextArgs {
  constructor(readonly input: unknown) {}
  get self(): never {
    return noActor('self');
  }
  get spawn(): never {
    return noActor('spawn');
  }
}
