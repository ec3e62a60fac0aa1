import fc from 'fast-check';
import { and, assign, createMachine, emit, enqueueActions, or, raise, setup } from 'xstate';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { applyEvent, createDossier, dossierMachine, identityMachine, machineSnapshotOf, mustActOf, restoreDossier, serializeDossier } from '../index.js';
import type { Dossier, DossierEvent } from '../index.js';
import { stateTagsOf, withXStateSteps } from '../api/dossier.js';
import { fastStepsOf, UnsupportedMachineError } from '../machines/fast-step.js';
import type { FastSteps } from '../machines/fast-step.js';
import { xstateStepsOf } from '../machines/step.js';
import { concretise, differenceFromXState, sequencePlanArbitrary } from '../model/properties.js';
import { generateDossiers } from '../bench/generate.js';
import { snapshotText, snapshotView } from './support/snapshots.js';

/**
 * The fast step (machines/fast-step.ts) against XState's own `machine.transition`, the
 * reference kept in machines/step.ts: through the public API (`withXStateSteps` makes
 * dossiers that step through XState) on random sequences and generated dossiers (every
 * model-based path is compared in test/model-based.test.ts, which builds them),
 * comparing at every step the result, the rejection, the state, the context, the
 * history, the clock and the XState snapshot; on mutated copies of the machine; and the
 * builder's refusals.
 */

const TIMEOUT = 60_000;

describe('the fast step gives what XState gives, through the public API', () => {
  it('on 1,500 random sequences (model/properties.ts: any event, malformed ones too, at the edges of every deadline)', () => {
    fc.assert(
      fc.property(sequencePlanArbitrary(), (plan) => {
        const sequence = concretise(plan);
        expect(differenceFromXState(sequence.input, sequence.events)).toBeNull();
      }),
      { numRuns: 1_500, seed: 20261201 },
    );
  }, TIMEOUT);

  it("on the benchmark's generated dossiers (every path a service sees), snapshots included", () => {
    for (const generated of generateDossiers(400)) {
      expect(differenceFromXState(generated.setup, generated.events, snapshotText), generated.path).toBeNull();
    }
  }, TIMEOUT);

  it('restores a stored dossier to the same dossier, and a restored dossier continues with the fast step', () => {
    const generated = generateDossiers(50);
    for (const { setup: input, events } of generated) {
      let dossier = (createDossier(input) as { dossier: Dossier }).dossier;
      for (const event of events) dossier = applyEvent(dossier, event).dossier;
      const text = serializeDossier(dossier);
      const fast = restoreDossier(text);
      const reference = withXStateSteps(() => restoreDossier(text));
      expect(fast).toEqual(reference);
      expect(fast.ok && serializeDossier(fast.dossier)).toBe(text);
      if (fast.ok) expect(snapshotView(machineSnapshotOf(fast.dossier))).toEqual(snapshotView(machineSnapshotOf(dossier)));
    }
  });

  it('keeps the dossier plain: no own key but its six fields, Object.prototype, and a copy has no machine state', () => {
    const created = createDossier({ training: { start: '2026-05-04', end: '2026-05-15' } });
    if (!created.ok) throw new Error(created.error.message);
    const { dossier } = created;
    expect(Reflect.ownKeys(dossier)).toEqual(['setup', 'state', 'statePath', 'context', 'clock', 'history']);
    expect(Object.getPrototypeOf(dossier)).toBe(Object.prototype);
    expect(Object.isFrozen(dossier)).toBe(true);
    expect(() => machineSnapshotOf({ ...dossier })).toThrow(/not a dossier made by createDossier/);
    expect(() => machineSnapshotOf(structuredClone(dossier))).toThrow(/not a dossier made by createDossier/);
    // The snapshot is made once, when first asked for.
    expect(machineSnapshotOf(dossier)).toBe(machineSnapshotOf(dossier));
  });

  it("carries XState's tags in every state, so that mustActOf reads them without making XState's snapshot", () => {
    const fast = fastStepsOf(dossierMachine);
    const paths = (node: AnyStateNode): string[] => (node.type === 'compound' ? Object.values(node.states).flatMap(paths) : [node.path.join('.')]);
    const { context } = fast.initial({ calendar: 'FR', training: { start: '2026-05-04', end: '2026-05-15' }, exemption: null, identityActivatedAt: null });
    const all = paths(dossierMachine.root);
    expect(all).toHaveLength(10);
    for (const path of all) {
      const state = fast.at(path, context)!;
      expect([...state.node.tags], path).toEqual([...fast.snapshotOf(state).tags]);
    }
    const actorOf = (snapshot: AnyMachineSnapshot) => (snapshot.hasTag('organisation') ? 'organisation' : snapshot.hasTag('holder') ? 'holder' : 'nobody');
    const seen = new Set<string>();
    for (const { setup: input, events } of generateDossiers(200)) {
      for (const reference of [false, true]) {
        const make = () => (createDossier(input) as { dossier: Dossier }).dossier;
        let dossier = reference ? withXStateSteps(make) : make();
        for (const event of events) {
          dossier = applyEvent(dossier, event).dossier;
          expect([...stateTagsOf(dossier)]).toEqual([...machineSnapshotOf(dossier).tags]);
          expect(mustActOf(dossier)).toBe(actorOf(machineSnapshotOf(dossier)));
          seen.add(mustActOf(dossier));
        }
      }
    }
    expect([...seen].sort()).toEqual(['holder', 'nobody', 'organisation']);
  });
});

/** The API's protocol on any machine of the dossier's shape: a TICK at each event's instant, then the event. */
function traceOf(steps: FastSteps<AnyStateMachine>, input: unknown, events: readonly DossierEvent[]): string[] {
  let state = steps.initial(input);
  const trace = [`${state.node.path} ${JSON.stringify(state.context)}`];
  for (const event of events) {
    if (state.node.status === 'active') state = steps.step(state, { type: 'TICK', at: event.at }).state;
    let rejected: string | null = state.node.status === 'active' ? null : 'INVALID_IN_STATE';
    if (event.type !== 'TICK' && rejected === null) ({ state, rejected } = steps.step(state, event));
    trace.push(`${rejected ?? 'ok'} ${state.node.path} ${JSON.stringify(state.context)}`);
  }
  return trace;
}

describe('the identity machine: the fast step gives what XState gives', () => {
  const fast = fastStepsOf(identityMachine);
  const reference = xstateStepsOf(identityMachine);
  const identityEvent = fc.oneof(
    fc.constant({ type: 'IDENTITY_CREATED' as const }),
    fc.constantFrom('post-office', 'postman', 'online').map((method) => ({ type: 'IDENTITY_VERIFIED' as const, method })),
    fc.constantFrom('0421', '421', '04210', 'abcd', '０４２１').map((code) => ({ type: 'IDENTITY_ACTIVATED' as const, code })),
    fc.constantFrom('SUBMIT', 'TICK').map((type) => ({ type })),
  );

  it('on 2,000 random sequences of identity events (and others), from each state', () => {
    fc.assert(
      fc.property(fc.array(identityEvent, { maxLength: 8 }), (events) => {
        const timed = events.map((event, index) => ({ ...event, at: 1_780_000_000_000 + index * 60_000 }) as never);
        expect(traceOf(fast as never, undefined, timed)).toEqual(traceOf(reference as never, undefined, timed));
      }),
      { numRuns: 2_000, seed: 16 },
    );
    for (const path of ['notCreated', 'created', 'verified', 'activated']) {
      const context = { method: null, activatedAt: null };
      const [a, b] = [fast.at(path, context)!, reference.at(path, context)!];
      for (const event of [{ type: 'IDENTITY_CREATED' }, { type: 'IDENTITY_VERIFIED', method: 'online' }, { type: 'IDENTITY_ACTIVATED', code: '0421' }]) {
        const [x, y] = [fast.step(a, { ...event, at: 5 } as never), reference.step(b, { ...event, at: 5 } as never)];
        const seen = (step: typeof x) => [step.rejected, step.state.node.path, step.state.node.value, step.state.node.status, step.state.context];
        expect(seen(x)).toEqual(seen(y));
        expect(snapshotView(fast.snapshotOf(x.state) as AnyMachineSnapshot)).toEqual(snapshotView(reference.snapshotOf(y.state) as AnyMachineSnapshot));
      }
    }
    expect(fast.at('nowhere', { method: null, activatedAt: null })).toBeNull();
  });
});

/**
 * Mutations of the machine's definition: a copy of its config with one change, built
 * with the same implementations. The fast step follows each change (it agrees with
 * XState on the mutant), and the change shows (the mutant differs from the machine).
 */
describe('a mutated machine: the fast step follows the definition', () => {
  const config = dossierMachine.config as Record<string, any>;
  const states = config.states as Record<string, any>;
  const withState = (name: string, state: Record<string, unknown>) =>
    createMachine({ ...config, states: { ...states, [name]: { ...states[name], ...state } } } as never, dossierMachine.implementations as never);

  const mutants: Array<{ name: string; machine: AnyStateMachine }> = [
    {
      // A guard: a declared entry is refused until the training's end instead of its start.
      name: 'guard: validated ENTRY_DECLARED guarded by trainingNotEnded instead of trainingNotStarted',
      machine: withState('validated', {
        on: { ...states.validated.on, ENTRY_DECLARED: [{ ...states.validated.on.ENTRY_DECLARED[0], guard: 'trainingNotEnded' }, states.validated.on.ENTRY_DECLARED[1]] },
      }),
    },
    {
      name: 'target: ORGANISATION_REFUSES goes to cancelled instead of refused',
      machine: withState('requested', { on: { ...states.requested.on, ORGANISATION_REFUSES: { ...states.requested.on.ORGANISATION_REFUSES, target: 'cancelled' } } }),
    },
    {
      // A deadline: `requested` expires when the registration deadline passes, not the organisation's response deadline.
      name: 'deadline: requested expires on deadlinePassed(registration)',
      machine: withState('requested', {
        on: {
          ...states.requested.on,
          TICK: {
            ...states.requested.on.TICK,
            guard: { type: 'deadlinePassed', params: { deadline: 'registration', reason: 'ORGANISATION_NO_RESPONSE' } },
            actions: { type: 'recordExpiry', params: { deadline: 'registration', reason: 'ORGANISATION_NO_RESPONSE' } },
          },
        },
      }),
    },
  ];
  const dossiers = generateDossiers(600);

  for (const { name, machine } of mutants) {
    it(name, () => {
      const fast = fastStepsOf(machine);
      const reference = xstateStepsOf(machine);
      const original = fastStepsOf(dossierMachine);
      let changed = 0;
      for (const generated of dossiers) {
        const trace = traceOf(fast, generated.setup, generated.events);
        expect(trace, generated.path).toEqual(traceOf(reference, generated.setup, generated.events));
        if (JSON.stringify(trace) !== JSON.stringify(traceOf(original, generated.setup, generated.events))) changed++;
      }
      expect(changed).toBeGreaterThan(10);
    }, TIMEOUT);
  }

  it('a changed implementation (provide) is followed too: the response deadline of 3 working days instead of 2', () => {
    const machine = dossierMachine.provide({
      actions: {
        recordSubmission: assign(({ context, event }) => ({
          submittedAt: event.at,
          deadlines: { ...context.deadlines, organisationResponse: '2000-01-01' },
        })),
      },
    });
    const input = { calendar: 'FR' as const, training: { start: '2026-05-18', end: '2026-05-29' }, exemption: null, identityActivatedAt: 0 };
    const events: DossierEvent[] = [
      { type: 'SUBMIT', at: Date.parse('2026-04-03T10:00:00+02:00') },
      { type: 'ORGANISATION_ACCEPTS', at: Date.parse('2026-04-03T11:00:00+02:00') },
    ];
    const trace = traceOf(fastStepsOf(machine), input, events);
    expect(trace).toEqual(traceOf(xstateStepsOf(machine), input, events));
    expect(trace[2]).toMatch(/^INVALID_IN_STATE expired /);
  });
});

describe('the fast step refuses a machine that uses what it does not support', () => {
  const base = setup({
    guards: { yes: () => true, no: () => false },
    actions: { note: assign({}), reject: emit({ type: 'rejected', code: 'INVALID_IN_STATE' }), bump: raise({ type: 'B' }), run: () => {} },
  });
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['after (delayed transitions)', () => base.createMachine({ initial: 'a', states: { a: { after: { 1000: 'b' } }, b: {} } }), /state 'a': 'after'/],
    ['invoke', () => base.createMachine({ initial: 'a', states: { a: { invoke: { src: 'x' } } } } as never), /state 'a': 'invoke'/],
    ['always', () => base.createMachine({ initial: 'a', states: { a: { always: 'b' }, b: {} } }), /state 'a': 'always'/],
    ['entry actions', () => base.createMachine({ initial: 'a', states: { a: { entry: 'note' } } }), /state 'a': 'entry'/],
    ['exit actions', () => base.createMachine({ initial: 'a', states: { a: { exit: 'note' } } }), /state 'a': 'exit'/],
    ['a parallel state', () => base.createMachine({ initial: 'p', states: { p: { type: 'parallel', states: { x: {}, y: {} } } } }), /state 'p': a parallel state/],
    ['a history state', () => base.createMachine({ initial: 'a', states: { a: {}, h: { type: 'history' } } }), /state 'h': a history state/],
    ['onDone', () => base.createMachine({ initial: 'a', states: { a: { initial: 'x', states: { x: {} }, onDone: 'b' }, b: {} } }), /state 'a': 'onDone'/],
    ['a nested final state', () => base.createMachine({ initial: 'a', states: { a: { initial: 'x', states: { x: { type: 'final' } } } } }), /state 'a.x': a final state below the top level/],
    ['output', () => base.createMachine({ initial: 'a', output: { done: true }, states: { a: { type: 'final' } } }), /the root: 'output'/],
    ['an inline guard', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { guard: () => true, target: 'b' } } }, b: {} } }), /state 'a', on E: an inline guard function/],
    ['or(...)', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { guard: or(['yes', 'no']) } } } } }), /state 'a', on E: the guard combinator 'or'/],
    ['and() of an inline guard', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { guard: and(['yes', () => true]) } } } } }), /an inline guard function/],
    ['an unknown guard', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { guard: 'maybe' as never } } } } }), /guard 'maybe' is not implemented/],
    ['guard params from a function', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { guard: { type: 'yes', params: () => ({}) } } } } } }), /params computed by a function/],
    ['an inline action', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { actions: assign({}) } } } } }), /state 'a', on E: an inline action/],
    ['raise', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { actions: 'bump' } } } } }), /action 'bump' is 'xstate.raise'/],
    ['a plain function action', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { actions: 'run' } } } } }), /action 'run' is a plain function/],
    [
      'several targets',
      () =>
        base.createMachine({
          initial: 'p',
          on: { E: { target: ['.p.x.b', '.p.y.b'] } },
          states: { p: { type: 'parallel', states: { x: { initial: 'a', states: { a: {}, b: {} } }, y: { initial: 'a', states: { a: {}, b: {} } } } } },
        }),
      /the root, on E: several targets/,
    ],
    ['reenter', () => base.createMachine({ initial: 'a', states: { a: { on: { E: { target: 'a', reenter: true } } } } }), /state 'a', on E: reenter/],
    ['a partial wildcard', () => base.createMachine({ initial: 'a', states: { a: { on: { 'E.*': {} } } } }), /the partial wildcard 'E.\*'/],
  ];

  for (const [feature, build, message] of cases) {
    it(`${feature}: UnsupportedMachineError, naming the state and the feature`, () => {
      const machine = build() as AnyStateMachine;
      expect(() => fastStepsOf(machine)).toThrow(UnsupportedMachineError);
      expect(() => fastStepsOf(machine)).toThrow(message);
    });
  }

  it('builds for the dossier and identity machines', () => {
    expect(() => fastStepsOf(dossierMachine)).not.toThrow();
    expect(() => fastStepsOf(identityMachine)).not.toThrow();
  });

  it('an enqueued action it does not run, or self read by an implementation, throws a clear error when the event comes', () => {
    const machine = setup({
      actions: {
        raising: enqueueActions(({ enqueue }) => enqueue.raise({ type: 'B' })),
        readsSelf: assign(({ self }) => ({ id: self.id })),
      },
    }).createMachine({ initial: 'a', context: {}, states: { a: { on: { R: { actions: 'raising' }, S: { actions: 'readsSelf' } } } } }) as unknown as AnyStateMachine;
    const steps = fastStepsOf(machine);
    const start = steps.initial(undefined as never);
    expect(() => steps.step(start, { type: 'R' } as never)).toThrow(/enqueue.raise is not supported by the fast step/);
    expect(() => steps.step(start, { type: 'S' } as never)).toThrow(/'self' is not available in the fast step/);
  });

  it('a guard that throws reads as XState words it', () => {
    const machine = setup({ guards: { broken: () => { throw new Error('no calendar'); } } }).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { on: { E: { guard: 'broken', target: 'b' } } }, b: {} },
    }) as unknown as AnyStateMachine;
    const message = "Unable to evaluate guard 'broken' in transition for event 'E' in state node 'm.a':\nno calendar";
    const steps = fastStepsOf(machine);
    expect(() => steps.step(steps.initial(undefined as never), { type: 'E' } as never)).toThrow(message);
    const reference = xstateStepsOf(machine);
    expect(() => reference.step(reference.initial(undefined as never), { type: 'E' } as never)).toThrow(message);
  });
});
