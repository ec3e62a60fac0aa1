import { createActor } from 'xstate';
import type { AnyActorScope, AnyStateMachine, EventFromLogic, ExecutableActionObject, InputFrom, SnapshotFrom } from 'xstate';
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
