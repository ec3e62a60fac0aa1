import { createActor } from 'xstate';
import type { AnyActorScope, AnyMachineSnapshot, AnyStateMachine, ContextFrom, EventFromLogic, ExecutableActionObject, InputFrom, SnapshotFrom, StateValue } from 'xstate';
import type { FastState, FastSteps } from './fast-step.js';
import type { RejectedEmit, RejectionCode } from './types.js';

/**
 * One pure step of a machine, `machine.transition(snapshot, event, scope)`, through one
 * long-lived scope per machine: the same step an actor takes on `send`, without an actor,
 * a system and a mailbox per call (XState's own `transition()` function builds all three
 * every time). Speed: about a third of the API's time per event (bench/RESULTS.md). The
 * machines have no side effects to run: their only action that is not an assign is
 * `emit({ type: 'rejected', code })`, which the scope records instead of running. A
 * guard or action that throws reaches the caller, instead of putting an actor in error.
 */
export interface MachineSteps<M extends AnyStateMachine> {
  /** The machine's initial snapshot for an input. */
  initial(input: InputFrom<M>): SnapshotFrom<M>;
  /** One event: the next snapshot, and the code of the `rejected` event it emitted, if any. */
  step(snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): { snapshot: SnapshotFrom<M>; rejected: RejectionCode | null };
}

export function machineStepsOf<M extends AnyStateMachine>(machine: M): MachineSteps<M> {
  let scope: AnyActorScope | undefined;
  let rejected: RejectionCode | null = null;
  const scopeOf = (): AnyActorScope => {
    if (scope === undefined) {
      // `self` must be an actor of the machine; like XState's createInertActorScope, it is
      // one that is never started (its initial snapshot, without input, is unused).
      const self = createActor(machine, { input: undefined as never });
      scope = {
        self,
        id: '',
        sessionId: '',
        logger: () => {},
        defer: () => {},
        system: self.system,
        stopChild: () => {},
        emit: () => {},
        actionExecutor: (action: ExecutableActionObject) => {
          if (action.type === 'xstate.emit') rejected = (action.params as { event: RejectedEmit }).event.code;
        },
      } as unknown as AnyActorScope;
    }
    return scope;
  };
  return {
    initial: (input) => machine.getInitialSnapshot(scopeOf(), input) as SnapshotFrom<M>,
    step: (snapshot, event) => {
      rejected = null;
      const next = machine.transition(snapshot, event, scopeOf()) as SnapshotFrom<M>;
      return { snapshot: next, rejected };
    },
  };
}

/** The state path of an XState state value: `draft`, `finished.awaitingEvaluation`. */
export function statePathOfValue(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [parent, child] = Object.entries(value)[0]!;
  return `${parent}.${statePathOfValue(child as StateValue)}`;
}

/**
 * XState's own step behind the fast step's interface (machines/fast-step.ts): the
 * reference implementation that the fast step is held against (test/fast-step.test.ts)
 * and the benchmark's baseline. Each state keeps XState's snapshot.
 */
export function xstateStepsOf<M extends AnyStateMachine>(machine: M): FastSteps<M> {
  const steps = machineStepsOf(machine);
  type State = FastState<ContextFrom<M>> & { snapshot: AnyMachineSnapshot };
  const stateOf = (snapshot: AnyMachineSnapshot): State => {
    const path = statePathOfValue(snapshot.value);
    return {
      node: { path, top: path.split('.')[0]!, value: snapshot.value, status: snapshot.status === 'done' ? 'done' : 'active', tags: snapshot.tags },
      context: snapshot.context,
      snapshot,
    };
  };
  return {
    initial: (input) => stateOf(steps.initial(input) as AnyMachineSnapshot),
    at: (path, context) => stateOf(machine.resolveState({ value: path.split('.').reduceRight<StateValue>((inner, key) => (inner === '' ? key : { [key]: inner }), ''), context })),
    step: (state, event) => {
      const { snapshot, rejected } = steps.step((state as State).snapshot as SnapshotFrom<M>, event);
      return { state: snapshot === (state as State).snapshot ? state : stateOf(snapshot as AnyMachineSnapshot), rejected };
    },
    snapshotOf: (state) => (state as State).snapshot as SnapshotFrom<M>,
  };
}
