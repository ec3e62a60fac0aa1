import { createActor } from 'xstate';
import type { InspectionEvent, Observer } from 'xstate';
import { parseDossierInput, statePathOf } from '../api/dossier.js';
import { parseEvent, withoutIdentityCode } from '../api/events.js';
import { dossierMachine } from '../machines/dossier.js';
import type { DossierEvent, RejectedEmit, RejectionCode } from '../machines/types.js';
import type { Scenario } from '../replay/scenario.js';

/**
 * A scenario replayed into one real, running dossier actor, for the Stately inspector
 * to watch: `createActor(dossierMachine, { input, inspect })`, then for each step a
 * `TICK` at the event's instant (deadlines that passed meanwhile take effect first, as
 * `applyEvent` does) and the event itself.
 */

export type InspectObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface StepStart {
  /** 1-based. */
  number: number;
  total: number;
  /** The instant as the scenario wrote it. */
  atText: string;
  type: string;
}

export interface StepResult extends StepStart {
  /** The state path before the step and after it. */
  from: string;
  to: string;
  /** The state the TICK sent before the event led to, when time alone changed it (an expiry). */
  expiredTo: string | null;
  /** Why the step was refused, or null. */
  rejected: RejectionCode | null;
  /** What the scenario expected of the step, when that is not what happened. */
  unexpected: string | null;
}

export interface ActorReplayOptions {
  /** The inspection observer given to the actor (an inspector's `inspect`). */
  inspect?: InspectObserver;
  /** Awaited before each step; `false` stops the replay there. */
  beforeStep?: (step: StepStart) => boolean | Promise<boolean>;
  /** Told of each step once it is done. */
  onStep?: (step: StepResult) => void;
}

export type ActorReplayOutcome =
  | { ok: true; steps: StepResult[]; finalState: string; status: 'active' | 'done' | 'error' | 'stopped'; completed: boolean }
  | { ok: false; error: string };

/** Replays the scenario's steps into a new dossier actor; the actor is stopped at the end. */
export async function replayIntoActor(scenario: Scenario, options: ActorReplayOptions = {}): Promise<ActorReplayOutcome> {
  const parsed = parseDossierInput(scenario.input);
  if (!parsed.ok) return { ok: false, error: `${parsed.error.field || 'given'}: ${parsed.error.message}` };
  const setup = parsed.setup;
  const actor = options.inspect ? createActor(dossierMachine, { input: setup, inspect: options.inspect }) : createActor(dossierMachine, { input: setup });
  let rejected: RejectionCode | null = null;
  actor.on('rejected', (emitted: RejectedEmit) => {
    rejected = emitted.code;
  });
  actor.start();

  const steps: StepResult[] = [];
  const total = scenario.steps.length;
  let clock: number | null = null;
  let completed = true;
  const send = (event: DossierEvent): RejectionCode | null => {
    rejected = null;
    actor.send(event);
    return rejected;
  };
  for (const step of scenario.steps) {
    const start: StepStart = { number: step.number, total, atText: step.atText, type: step.event.type };
    if (options.beforeStep && !(await options.beforeStep(start))) {
      completed = false;
      break;
    }
    const from = statePathOf(actor.getSnapshot().value);
    const result: StepResult = { ...start, from, to: from, expiredTo: null, rejected: null, unexpected: null };
    const event = parseEvent(step.event, setup.calendar);
    if (!event.ok) {
      result.rejected = event.rejection.code;
    } else if (clock !== null && event.event.at < clock) {
      result.rejected = 'CLOCK_WENT_BACKWARDS';
    } else {
      clock = event.event.at;
      // A dossier that is over takes nothing more (rules.md section 8): nothing is sent.
      if (actor.getSnapshot().status !== 'active') result.rejected = 'INVALID_IN_STATE';
      else {
        send({ type: 'TICK', at: event.event.at });
        const afterTick = statePathOf(actor.getSnapshot().value);
        if (afterTick !== from) result.expiredTo = afterTick;
        if (event.event.type !== 'TICK') {
          if (actor.getSnapshot().status !== 'active') result.rejected = 'INVALID_IN_STATE';
          // The identity code is never kept (README): not even the actor, and so the inspector, sees it.
          else result.rejected = send(withoutIdentityCode(event.event));
        }
      }
      result.to = statePathOf(actor.getSnapshot().value);
    }
    result.unexpected = unexpectedOf(step.expect, result);
    steps.push(result);
    options.onStep?.(result);
  }
  const snapshot = actor.getSnapshot();
  const outcome: ActorReplayOutcome = { ok: true, steps, finalState: statePathOf(snapshot.value), status: snapshot.status, completed };
  actor.stop();
  return outcome;
}

function unexpectedOf(expect: Scenario['steps'][number]['expect'], result: StepResult): string | null {
  const problems: string[] = [];
  const state = result.to.split('.')[0];
  if (expect.state !== undefined && expect.state !== state) problems.push(`expected state ${expect.state}`);
  if (expect.rejected !== undefined && expect.rejected !== result.rejected) problems.push(`expected rejection ${expect.rejected}`);
  if (expect.rejected === undefined && result.rejected !== null) problems.push('expected it accepted');
  return problems.length > 0 ? problems.join(', ') : null;
}
