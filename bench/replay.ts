import { createActor, initialTransition, transition } from 'xstate';
import { isPastDeadline } from '../guards/time.js';
import { applyEvent, createDossier, statePathOf, withXStateSteps } from '../api/dossier.js';
import type { Dossier } from '../api/dossier.js';
import type { DossierEventInput } from '../api/events.js';
import { formatInstant } from '../calendar/index.js';
import { EXPIRING_DEADLINES, dossierMachine } from '../machines/dossier.js';
import { machineStepsOf } from '../machines/step.js';
import type { DossierEvent, RejectedEmit, RejectionCode } from '../machines/types.js';
import type { GeneratedDossier } from './generate.js';
import { initialReducerState, reduce, summaryOf } from './reducer.js';
import type { DossierSummary } from './reducer.js';

/**
 * The four ways of replaying the generated dossiers that the benchmark times, each
 * returning a number that depends on every result (so nothing can be optimised away):
 *
 * - `api`: the public API, `createDossier` then `applyEvent` per event (what a service
 *   calls; it parses each event, checks the clock, advances time, keeps the history).
 * - `apiXState`: the same API with its dossiers stepping through XState's own
 *   `machine.transition` (`withXStateSteps`): the API as it was before the fast step,
 *   kept as the reference the fast step is tested against.
 * - `actor`: XState used naively: `createActor` per dossier, then, per event, `send` a
 *   TICK at the event's instant (so that deadlines that passed take effect first, as
 *   the machine's documentation asks) and `send` the event.
 * - `transition`: XState's pure `transition(machine, snapshot, event)`, the same two
 *   calls per event, with the `rejected` emits read from the returned actions.
 * - `machine`: what the API does inside, alone: `dossierMachine.transition(snapshot,
 *   event, scope)` with one long-lived actor scope, a TICK only when an expiring
 *   deadline passed; no parsing, no history, no dossier objects. The floor of any API
 *   built on the XState machine.
 * - `reducer`: the hand-written switch of bench/reducer.ts: the limit.
 */

export type ReplayWay = 'api' | 'apiXState' | 'actor' | 'transition' | 'machine' | 'reducer';

function createdDossier(generated: GeneratedDossier): Dossier {
  const created = createDossier(generated.setup);
  if (!created.ok) throw new Error(`bench: a generated dossier was refused: ${created.error.message}`);
  return created.dossier;
}

export function replayApi(dossiers: readonly GeneratedDossier[]): number {
  let accepted = 0;
  for (const generated of dossiers) {
    let dossier = createdDossier(generated);
    for (const event of generated.events) {
      const result = applyEvent(dossier, event);
      if (result.ok) accepted++;
      dossier = result.dossier;
    }
  }
  return accepted;
}

/**
 * The same dossiers with every `at` written as ISO 8601 in the calendar's zone, as a
 * scenario file or a JSON request gives it: the API parses each one.
 */
export interface IsoDossier {
  setup: GeneratedDossier['setup'];
  events: Array<Record<string, unknown>>;
}

export function withIsoInstants(dossiers: readonly GeneratedDossier[]): IsoDossier[] {
  return dossiers.map((generated) => ({
    setup: generated.setup,
    events: generated.events.map((event) => ({ ...event, at: formatInstant(event.at, generated.setup.calendar) })),
  }));
}

export function replayApiIso(dossiers: readonly IsoDossier[]): number {
  let accepted = 0;
  for (const generated of dossiers) {
    const created = createDossier(generated.setup);
    if (!created.ok) throw new Error(`bench: a generated dossier was refused: ${created.error.message}`);
    let dossier = created.dossier;
    for (const event of generated.events) {
      const result = applyEvent(dossier, event as DossierEventInput);
      if (result.ok) accepted++;
      dossier = result.dossier;
    }
  }
  return accepted;
}

export function replayActor(dossiers: readonly GeneratedDossier[]): number {
  let accepted = 0;
  for (const generated of dossiers) {
    let rejected = false;
    const actor = createActor(dossierMachine, { input: generated.setup });
    actor.on('rejected', () => {
      rejected = true;
    });
    actor.start();
    for (const event of generated.events) {
      // A dossier in a final state is a stopped actor: it takes no event.
      if (actor.getSnapshot().status !== 'active') continue;
      actor.send({ type: 'TICK', at: event.at });
      if (actor.getSnapshot().status !== 'active') continue;
      rejected = false;
      actor.send(event);
      if (!rejected) accepted++;
    }
  }
  return accepted;
}

function rejectionIn(actions: ReadonlyArray<{ type: string; params?: unknown }>): RejectionCode | null {
  for (const action of actions) {
    if (action.type === 'xstate.emit') return ((action.params as { event: RejectedEmit }).event).code;
  }
  return null;
}

export function replayTransition(dossiers: readonly GeneratedDossier[]): number {
  let accepted = 0;
  for (const generated of dossiers) {
    let [snapshot] = initialTransition(dossierMachine, generated.setup);
    for (const event of generated.events) {
      [snapshot] = transition(dossierMachine, snapshot, { type: 'TICK', at: event.at });
      if (snapshot.status !== 'active') continue;
      const [next, actions] = transition(dossierMachine, snapshot, event);
      snapshot = next;
      if (rejectionIn(actions as ReadonlyArray<{ type: string }>) === null) accepted++;
    }
  }
  return accepted;
}

/** The machine's own step through one shared scope, exactly as api/dossier.ts uses it. */
const dossierSteps = machineStepsOf(dossierMachine);

export function replayMachine(dossiers: readonly GeneratedDossier[]): number {
  let accepted = 0;
  for (const generated of dossiers) {
    let snapshot = dossierSteps.initial(generated.setup);
    for (const event of generated.events) {
      const expiring = EXPIRING_DEADLINES[snapshot.value as keyof typeof EXPIRING_DEADLINES];
      if (expiring !== undefined) {
        const deadline = snapshot.context.deadlines[expiring.deadline];
        if (deadline !== undefined && isPastDeadline(event.at, deadline, generated.setup.calendar)) {
          snapshot = dossierSteps.step(snapshot, { type: 'TICK', at: event.at }).snapshot;
        }
      }
      if (event.type === 'TICK') {
        accepted++;
        continue;
      }
      if (snapshot.status !== 'active') continue;
      const stepped = dossierSteps.step(snapshot, event);
      snapshot = stepped.snapshot;
      if (stepped.rejected === null) accepted++;
    }
  }
  return accepted;
}

export function replayReducer(dossiers: readonly GeneratedDossier[]): number {
  let accepted = 0;
  for (const generated of dossiers) {
    let state = initialReducerState(generated.setup);
    for (const event of generated.events) {
      const step = reduce(state, event);
      state = step.state;
      if (step.rejected === null) accepted++;
    }
  }
  return accepted;
}

export const REPLAYS: Record<ReplayWay, (dossiers: readonly GeneratedDossier[]) => number> = {
  api: replayApi,
  apiXState: (dossiers) => withXStateSteps(() => replayApi(dossiers)),
  actor: replayActor,
  transition: replayTransition,
  machine: replayMachine,
  reducer: replayReducer,
};

// --- Agreement: the same summary from every way, for the same dossier -------------

export function summaryByApi(generated: GeneratedDossier): DossierSummary {
  let dossier = createdDossier(generated);
  const rejections: (RejectionCode | null)[] = [];
  for (const event of generated.events) {
    const result = applyEvent(dossier, event);
    rejections.push(result.ok ? null : result.rejection.code);
    dossier = result.dossier;
  }
  const c = dossier.context;
  return { state: dossier.statePath, reason: c.reason, outcome: c.outcome, paid: c.money.paid, late: c.late, rating: c.rating, rejections };
}

export function summaryByApiXState(generated: GeneratedDossier): DossierSummary {
  return withXStateSteps(() => summaryByApi(generated));
}

export function summaryByActor(generated: GeneratedDossier): DossierSummary {
  let rejected: RejectionCode | null = null;
  const rejections: (RejectionCode | null)[] = [];
  const actor = createActor(dossierMachine, { input: generated.setup });
  actor.on('rejected', (emitted: RejectedEmit) => {
    rejected = emitted.code;
  });
  actor.start();
  let clock: number | null = null;
  for (const event of generated.events) {
    if (clock !== null && event.at < clock) {
      rejections.push('CLOCK_WENT_BACKWARDS');
      continue;
    }
    clock = event.at;
    if (actor.getSnapshot().status === 'active') actor.send({ type: 'TICK', at: event.at });
    if (event.type === 'TICK') {
      rejections.push(null);
      continue;
    }
    if (actor.getSnapshot().status !== 'active') {
      rejections.push('INVALID_IN_STATE');
      continue;
    }
    rejected = null;
    actor.send(event);
    rejections.push(rejected);
  }
  const snapshot = actor.getSnapshot();
  const c = snapshot.context;
  return { state: statePathOf(snapshot.value), reason: c.reason, outcome: c.outcome, paid: c.money.paid, late: c.late, rating: c.rating, rejections };
}

export function summaryByTransition(generated: GeneratedDossier): DossierSummary {
  const rejections: (RejectionCode | null)[] = [];
  let [snapshot] = initialTransition(dossierMachine, generated.setup);
  let clock: number | null = null;
  for (const event of generated.events) {
    if (clock !== null && event.at < clock) {
      rejections.push('CLOCK_WENT_BACKWARDS');
      continue;
    }
    clock = event.at;
    [snapshot] = transition(dossierMachine, snapshot, { type: 'TICK', at: event.at });
    if (event.type === 'TICK') {
      rejections.push(null);
      continue;
    }
    if (snapshot.status !== 'active') {
      rejections.push('INVALID_IN_STATE');
      continue;
    }
    const [next, actions] = transition(dossierMachine, snapshot, event as DossierEvent);
    snapshot = next;
    rejections.push(rejectionIn(actions as ReadonlyArray<{ type: string }>));
  }
  const c = snapshot.context;
  return { state: statePathOf(snapshot.value), reason: c.reason, outcome: c.outcome, paid: c.money.paid, late: c.late, rating: c.rating, rejections };
}

export function summaryByReducer(generated: GeneratedDossier): DossierSummary {
  let state = initialReducerState(generated.setup);
  const rejections: (RejectionCode | null)[] = [];
  for (const event of generated.events) {
    const step = reduce(state, event);
    state = step.state;
    rejections.push(step.rejected);
  }
  return summaryOf(state, rejections);
}

/** A stable text of a summary, to compare two of them. */
export function summaryKey(summary: DossierSummary): string {
  return JSON.stringify([summary.state, summary.reason, summary.outcome, summary.paid, summary.late, summary.rating, summary.rejections]);
}

export interface Disagreement {
  index: number;
  way: string;
  expected: string;
  got: string;
}

/**
 * Holds every way against the API (the machine behind it) on the given dossiers; the
 * first disagreements found, or none. `ways` chooses which ways are checked.
 */
export function disagreements(
  dossiers: readonly GeneratedDossier[],
  ways: ReadonlyArray<'actor' | 'transition' | 'reducer'>,
  limit = 5,
): Disagreement[] {
  const by = { actor: summaryByActor, transition: summaryByTransition, reducer: summaryByReducer };
  const found: Disagreement[] = [];
  dossiers.forEach((generated, index) => {
    if (found.length >= limit) return;
    const expected = summaryKey(summaryByApi(generated));
    for (const way of ways) {
      const got = summaryKey(by[way](generated));
      if (got !== expected && found.length < limit) found.push({ index, way, expected, got });
    }
  });
  return found;
}
