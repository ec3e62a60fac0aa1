/**
 * rules.md section 3: the events table, one test per row, and every rejection code.
 * Instants are worked out by hand in test/support/dossier.ts (the September timeline).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, CPF_RIGHTS_OUTCOMES, DOSSIER_STATES, EVENT_TYPES, FINAL_STATES, REJECTION_CODES, RESTE_A_CHARGE_OUTCOMES } from '../index.js';
import type { Dossier } from '../index.js';
import {
  apply,
  create,
  expectRejected,
  observable,
  run,
  sample,
  SEPT,
  SEPT_INPUT,
  septAccepted,
  septDraft,
  septEvaluated,
  septFinished,
  septInTraining,
  septRequested,
  septValidated, applyUnchecked } from './support/dossier.js';

describe('states table (rules.md section 3), one test per row', () => {
  it('draft: the holder picked a training; nothing sent yet', () => {
    const dossier = septDraft();
    expect(dossier.state).toBe('draft');
    expect(dossier.history).toEqual([]);
    expect(dossier.context.submittedAt).toBeNull();
  });
  it('requested: registration sent; the training organisation must answer', () => {
    const dossier = septRequested();
    expect(dossier.state).toBe('requested');
    expect(dossier.context.submittedAt).toBe(Date.parse(SEPT.submit.at));
  });
  it('accepted: the organisation accepted; the holder must check and validate', () => {
    expect(septAccepted().state).toBe('accepted');
  });
  it('refused: the organisation refused (final)', () => {
    const dossier = apply(septRequested(), { type: 'ORGANISATION_REFUSES', at: '2026-09-08T11:00:00+02:00' });
    expect(dossier.state).toBe('refused');
    expect(FINAL_STATES).toContain('refused');
  });
  it('expired: a deadline passed with no action (final)', () => {
    expect(apply(septRequested(), { type: 'TICK', at: '2026-09-10T00:00:00+02:00' }).state).toBe('expired');
    expect(FINAL_STATES).toContain('expired');
  });
  it('validated: the holder validated and paid the remaining charge; training not started', () => {
    const dossier = septValidated();
    expect(dossier.state).toBe('validated');
    expect(dossier.context.money.paid).toBe(10_320);
    expect(dossier.context.enteredAt).toBeNull();
  });
  it('in-training: entry into training declared', () => {
    const dossier = septInTraining();
    expect(dossier.state).toBe('in-training');
    expect(dossier.context.enteredAt).toBe(Date.parse(SEPT.entry.at));
  });
  it('finished: exit from training declared; quality evaluation can follow', () => {
    const dossier = septFinished();
    expect(dossier.state).toBe('finished');
    expect(dossier.context.exitedAt).toBe(Date.parse(SEPT.exit.at));
    expect(apply(dossier, SEPT.evaluate).state).toBe('finished');
  });
  it('cancelled: the holder cancelled or abandoned (final)', () => {
    expect(apply(septValidated(), { type: 'HOLDER_CANCELS', at: '2026-09-10T10:00:00+02:00' }).state).toBe('cancelled');
    expect(FINAL_STATES).toContain('cancelled');
  });
  it('the final states are exactly refused, expired and cancelled', () => {
    expect([...FINAL_STATES].sort()).toEqual(['cancelled', 'expired', 'refused']);
  });
  it('outcome fields (section 5): cpfRights is untouched | restored | debited; resteACharge is none | refunded | credited | debited', () => {
    expect([...CPF_RIGHTS_OUTCOMES].sort()).toEqual(['debited', 'restored', 'untouched']);
    expect([...RESTE_A_CHARGE_OUTCOMES].sort()).toEqual(['credited', 'debited', 'none', 'refunded']);
  });
});

describe('events table (rules.md section 3), one test per row', () => {
  it('SUBMIT in draft, identity usable and >= 11 working days before the start: -> requested, organisationResponse = 2 working days', () => {
    const dossier = apply(septDraft(), SEPT.submit);
    expect(dossier.state).toBe('requested');
    // SUBMIT Monday 2026-09-07 + 2 working days = Wednesday 2026-09-09
    expect(dossier.context.deadlines.organisationResponse).toBe('2026-09-09');
  });

  it('SUBMIT guard: identity not usable at `at` is IDENTITY_NOT_ACTIVE', () => {
    const noIdentity = create({ training: { start: '2026-09-29', end: '2026-10-09' } });
    expectRejected(noIdentity, SEPT.submit, 'IDENTITY_NOT_ACTIVE');
  });

  it('SUBMIT guard: fewer than 11 working days before the start is TOO_LATE_TO_REGISTER', () => {
    // workingDaysBetween(2026-09-15, 2026-09-29) = 10
    expectRejected(septDraft(), { type: 'SUBMIT', at: '2026-09-15T10:00:00+02:00' }, 'TOO_LATE_TO_REGISTER');
  });

  it('SUBMIT guard: both failing, the identity is checked first (IDENTITY_NOT_ACTIVE)', () => {
    const noIdentity = create({ training: { start: '2026-09-29', end: '2026-10-09' } });
    expectRejected(noIdentity, { type: 'SUBMIT', at: '2026-09-28T10:00:00+02:00' }, 'IDENTITY_NOT_ACTIVE');
  });

  it('ORGANISATION_ACCEPTS in requested: -> accepted, holderValidation = 4 working days from acceptance', () => {
    const dossier = apply(septRequested(), SEPT.accept);
    expect(dossier.state).toBe('accepted');
    // Tuesday 2026-09-08 + 4 working days: 09, 10, 11, 14 -> Monday 2026-09-14
    expect(dossier.context.deadlines.holderValidation).toBe('2026-09-14');
  });

  it('ORGANISATION_REFUSES in requested: -> refused, reason ORGANISATION_REFUSED', () => {
    const dossier = apply(septRequested(), { type: 'ORGANISATION_REFUSES', at: '2026-09-08T11:00:00+02:00' });
    expect(dossier.state).toBe('refused');
    expect(dossier.context.reason).toBe('ORGANISATION_REFUSED');
  });

  it('HOLDER_VALIDATES in accepted: -> validated; the remaining charge is paid and the CPF rights reserved', () => {
    const dossier = apply(septAccepted(), SEPT.validate);
    expect(dossier.state).toBe('validated');
    expect(dossier.context.money).toEqual({ paid: 10_320, refunded: 0, credited: 0, debited: 0 });
    expect(dossier.context.cpfRights).toBe('reserved');
  });

  it('ENTRY_DECLARED in validated, on or after the start date: -> in-training; the reserved rights become debited', () => {
    const dossier = apply(septValidated(), SEPT.entry);
    expect(dossier.state).toBe('in-training');
    expect(dossier.context.cpfRights).toBe('debited');
    expect(dossier.context.late).toEqual([]);
  });

  it('ENTRY_DECLARED guard: date(at) before training.start is TOO_EARLY', () => {
    expectRejected(septValidated(), { type: 'ENTRY_DECLARED', at: '2026-09-28T12:00:00+02:00' }, 'TOO_EARLY');
  });

  it('EXIT_DECLARED in in-training, on or after the end date: -> finished', () => {
    const dossier = apply(septInTraining(), SEPT.exit);
    expect(dossier.state).toBe('finished');
    expect(dossier.context.late).toEqual([]);
  });

  it('EXIT_DECLARED guard: date(at) before training.end is TOO_EARLY', () => {
    expectRejected(septInTraining(), { type: 'EXIT_DECLARED', at: '2026-10-08T12:00:00+02:00' }, 'TOO_EARLY');
  });

  it('EVALUATED in finished, once: records the quality evaluation', () => {
    const dossier = apply(septFinished(), SEPT.evaluate);
    expect(dossier.state).toBe('finished');
    expect(dossier.context.rating).toBe(4);
  });

  it.each([1, 5])('EVALUATED guard: rating %i (an integer 1..5, both ends) is accepted', (rating) => {
    const dossier = apply(septFinished(), { ...SEPT.evaluate, rating });
    expect(dossier.context.rating).toBe(rating);
  });

  it.each([0, 6, 2.5, -1, Number.NaN, Number.POSITIVE_INFINITY])('EVALUATED guard: rating %s is INVALID_PAYLOAD', (rating) => {
    expectRejected(septFinished(), { ...SEPT.evaluate, rating }, 'INVALID_PAYLOAD');
  });

  it.each([['4'], [null], [true], [[4]], [{ value: 4 }]])('EVALUATED guard: rating of the wrong type (%j) is INVALID_PAYLOAD', (rating) => {
    expectRejected(septFinished(), { ...SEPT.evaluate, rating }, 'INVALID_PAYLOAD');
  });

  it('EVALUATED guard: no rating at all is INVALID_PAYLOAD', () => {
    expectRejected(septFinished(), { type: 'EVALUATED', at: SEPT.evaluate.at }, 'INVALID_PAYLOAD');
  });

  it('EVALUATED a second time is INVALID_IN_STATE', () => {
    const evaluated = septEvaluated();
    expectRejected(evaluated, { type: 'EVALUATED', at: '2026-10-13T10:00:00+02:00', rating: 5 }, 'INVALID_IN_STATE');
    expect(evaluated.context.rating).toBe(4);
  });

  it.each([
    ['requested', septRequested, '2026-09-08T10:00:00+02:00'],
    ['accepted', septAccepted, '2026-09-09T10:00:00+02:00'],
    ['validated', septValidated, '2026-09-10T10:00:00+02:00'],
    ['in-training', septInTraining, '2026-09-30T10:00:00+02:00'],
  ] as const)('HOLDER_CANCELS in %s: -> cancelled', (_state, build, at) => {
    const dossier = apply(build(), { type: 'HOLDER_CANCELS', at });
    expect(dossier.state).toBe('cancelled');
    expect(dossier.context.outcome).not.toBeNull();
  });

  it.each([
    ['draft', septDraft, '2026-09-07T10:00:00+02:00'],
    ['finished', septFinished, '2026-10-12T10:00:00+02:00'],
  ] as const)('HOLDER_CANCELS in %s (not in its row) is INVALID_IN_STATE', (_state, build, at) => {
    expectRejected(build(), { type: 'HOLDER_CANCELS', at }, 'INVALID_IN_STATE');
  });

  it('HOLDER_CANCELS forceMajeure defaults to false', () => {
    const dossier = apply(septRequested(), { type: 'HOLDER_CANCELS', at: '2026-09-08T10:00:00+02:00' });
    expect(dossier.context.forceMajeure).toBe(false);
  });

  it('TICK in any state only advances time', () => {
    const states: Array<[Dossier, string]> = [
      [septDraft(), '2026-09-07T10:00:00+02:00'],
      [septRequested(), '2026-09-08T10:00:00+02:00'],
      [septAccepted(), '2026-09-09T10:00:00+02:00'],
      [septValidated(), '2026-10-01T10:00:00+02:00'],
      [septInTraining(), '2026-10-13T10:00:00+02:00'],
      [septFinished(), '2026-10-12T09:00:00+02:00'],
      [septEvaluated(), '2027-01-01T00:00:00+01:00'],
    ];
    for (const [dossier, at] of states) {
      const ticked = apply(dossier, { type: 'TICK', at });
      expect(observable(ticked)).toEqual(observable(dossier));
      expect(ticked.clock).toBe(Date.parse(at));
    }
  });
});

describe('any other event in a state is INVALID_IN_STATE; final states accept only TICK', () => {
  // At each instant below every guard of the allowed events passes (worked out by hand).
  const refused = () => apply(septRequested(), { type: 'ORGANISATION_REFUSES', at: '2026-09-08T11:00:00+02:00' });
  const expiredOrganisation = () => apply(septRequested(), { type: 'TICK', at: '2026-09-10T00:00:00+02:00' });
  const expiredHolder = () => apply(septAccepted(), { type: 'TICK', at: '2026-09-15T00:00:00+02:00' });
  const cancelled = () => apply(septValidated(), { type: 'HOLDER_CANCELS', at: '2026-09-10T10:00:00+02:00' });
  const abandoned = () => apply(septInTraining(), { type: 'HOLDER_CANCELS', at: '2026-09-30T10:00:00+02:00' });

  const rows: Array<[string, () => Dossier, string, string[]]> = [
    ['draft', septDraft, '2026-09-07T10:00:00+02:00', ['SUBMIT', 'TICK']],
    ['requested', septRequested, '2026-09-08T10:00:00+02:00', ['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'HOLDER_CANCELS', 'TICK']],
    ['accepted', septAccepted, '2026-09-09T10:00:00+02:00', ['HOLDER_VALIDATES', 'HOLDER_CANCELS', 'TICK']],
    ['validated', septValidated, '2026-09-29T10:00:00+02:00', ['ENTRY_DECLARED', 'HOLDER_CANCELS', 'TICK']],
    ['in-training', septInTraining, '2026-10-09T18:00:00+02:00', ['EXIT_DECLARED', 'HOLDER_CANCELS', 'TICK']],
    ['finished.awaitingEvaluation', septFinished, '2026-10-12T09:00:00+02:00', ['EVALUATED', 'TICK']],
    ['finished.evaluated', septEvaluated, '2026-10-12T11:00:00+02:00', ['TICK']],
    ['refused (final)', refused, '2026-09-08T12:00:00+02:00', ['TICK']],
    ['expired, no organisation response (final)', expiredOrganisation, '2026-09-10T10:00:00+02:00', ['TICK']],
    ['expired, no holder validation (final)', expiredHolder, '2026-09-15T10:00:00+02:00', ['TICK']],
    ['cancelled (final)', cancelled, '2026-09-29T10:00:00+02:00', ['TICK']],
    ['cancelled, abandoned (final)', abandoned, '2026-10-09T18:00:00+02:00', ['TICK']],
  ];

  it.each(rows)('in %s, every event type but the table\'s is INVALID_IN_STATE', (_name, build, at, allowed) => {
    const dossier = build();
    for (const type of EVENT_TYPES) {
      if (allowed.includes(type)) {
        const result = applyUnchecked(dossier, sample(type, at));
        expect(result.ok, `${type} in ${dossier.statePath}`).toBe(true);
      } else {
        expectRejected(dossier, sample(type, at), 'INVALID_IN_STATE');
      }
    }
  });

  it.each([
    ['refused', refused],
    ['expired', expiredOrganisation],
    ['expired', expiredHolder],
    ['cancelled', cancelled],
    ['cancelled', abandoned],
  ] as const)('a final state (%s) stays as it is under TICK, even years later', (state, build) => {
    const dossier = build();
    expect(dossier.state).toBe(state);
    const later = apply(dossier, { type: 'TICK', at: '2030-01-01T00:00:00+01:00' });
    expect(observable(later)).toEqual(observable(dossier));
  });
});

describe('rejections: every code, a code and a message, nothing thrown, nothing changed', () => {
  it('the codes of the contract are exactly these', () => {
    expect([...REJECTION_CODES].sort()).toEqual(
      ['CLOCK_WENT_BACKWARDS', 'IDENTITY_NOT_ACTIVE', 'INVALID_IN_STATE', 'INVALID_PAYLOAD', 'TOO_EARLY', 'TOO_LATE_TO_REGISTER'].sort(),
    );
  });

  it('INVALID_IN_STATE: ORGANISATION_ACCEPTS in draft', () => {
    expectRejected(septDraft(), { type: 'ORGANISATION_ACCEPTS', at: '2026-09-07T10:00:00+02:00' }, 'INVALID_IN_STATE');
  });

  it('INVALID_PAYLOAD: rating 0, 6 and 2.5', () => {
    for (const rating of [0, 6, 2.5]) expectRejected(septFinished(), { ...SEPT.evaluate, rating }, 'INVALID_PAYLOAD');
  });

  it("INVALID_PAYLOAD: identity code '123', '12345' and '12a4'", () => {
    const verified = run(create({ training: { ...SEPT_INPUT.training } }), [
      { type: 'IDENTITY_CREATED', at: '2026-08-20T09:00:00+02:00' },
      { type: 'IDENTITY_VERIFIED', at: '2026-08-20T10:00:00+02:00', method: 'online' },
    ]);
    for (const code of ['123', '12345', '12a4']) {
      expectRejected(verified, { type: 'IDENTITY_ACTIVATED', at: '2026-08-20T11:00:00+02:00', code }, 'INVALID_PAYLOAD');
    }
  });

  it('CLOCK_WENT_BACKWARDS: an event 1 ms earlier than the previous one changes nothing, not even the clock', () => {
    const requested = septRequested(); // SUBMIT at 2026-09-07T10:00:00+02:00
    const earlier = { type: 'ORGANISATION_ACCEPTS', at: '2026-09-07T09:59:59.999+02:00' };
    expectRejected(requested, earlier, 'CLOCK_WENT_BACKWARDS');
    const result = applyUnchecked(requested, earlier);
    expect(result.ok).toBe(false);
    expect(result.dossier.clock).toBe(requested.clock);
    expectRejected(requested, { type: 'TICK', at: '2026-09-07T09:00:00+02:00' }, 'CLOCK_WENT_BACKWARDS');
  });

  it('an event at the same instant as the previous one is in time order', () => {
    const accepted = apply(septRequested(), { type: 'ORGANISATION_ACCEPTS', at: SEPT.submit.at });
    expect(accepted.state).toBe('accepted');
  });

  it('IDENTITY_NOT_ACTIVE: SUBMIT without an activated identity', () => {
    expectRejected(create({ training: { ...SEPT_INPUT.training } }), SEPT.submit, 'IDENTITY_NOT_ACTIVE');
  });

  it('TOO_LATE_TO_REGISTER: SUBMIT on the training start date', () => {
    expectRejected(septDraft(), { type: 'SUBMIT', at: '2026-09-29T10:00:00+02:00' }, 'TOO_LATE_TO_REGISTER');
  });

  it('TOO_EARLY: ENTRY_DECLARED before the start date and EXIT_DECLARED before the end date', () => {
    expectRejected(septValidated(), { type: 'ENTRY_DECLARED', at: '2026-09-10T10:00:00+02:00' }, 'TOO_EARLY');
    expectRejected(septInTraining(), { type: 'EXIT_DECLARED', at: '2026-09-30T10:00:00+02:00' }, 'TOO_EARLY');
  });

  it.each(['SUBMITTED', 'submit', '', 'DEADLINE_PASSED', 'toString', '__proto__', 'xstate.init'])(
    'an unknown event type (%j) is a rejection (INVALID_PAYLOAD), not an exception',
    (type) => {
      expectRejected(septDraft(), { type, at: '2026-09-07T10:00:00+02:00' }, 'INVALID_PAYLOAD');
    },
  );

  it.each([[null], [undefined], ['SUBMIT'], [42], [[]], [{}], [{ at: '2026-09-07T10:00:00+02:00' }], [{ type: 42, at: 0 }]])(
    'an event that is not an event object (%j) is INVALID_PAYLOAD',
    (event) => {
      expectRejected(septDraft(), event, 'INVALID_PAYLOAD');
    },
  );

  it('an event without `at` is INVALID_PAYLOAD', () => {
    expectRejected(septDraft(), { type: 'SUBMIT' }, 'INVALID_PAYLOAD');
    expectRejected(septDraft(), { type: 'TICK', at: undefined }, 'INVALID_PAYLOAD');
  });

  it.each([
    [null],
    [''],
    ['yesterday'],
    ['2026-09-07'],
    ['2026-09-07 10:00:00+02:00'],
    ['2026-02-30T10:00:00+01:00'],
    ['2026-09-07T24:00:00+02:00'],
    ['2026-09-07T10:60:00+02:00'],
    ['2026-09-07T10:00:00+25:00'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [1.5],
    [true],
    [{}],
    [['2026-09-07T10:00:00+02:00']],
  ])('a malformed `at` (%j) is INVALID_PAYLOAD', (at) => {
    expectRejected(septDraft(), { type: 'SUBMIT', at }, 'INVALID_PAYLOAD');
  });

  it('an `at` whose getter throws is a rejection, not an exception', () => {
    const event = {
      type: 'SUBMIT',
      get at(): string {
        throw new Error('boom');
      },
    };
    const rejection = expectRejected(septDraft(), event, 'INVALID_PAYLOAD');
    expect(rejection.message).toMatch(/boom/);
  });

  it.each([
    [{ type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00', training: 'x' }],
    [{ type: 'TICK', at: '2026-09-07T10:00:00+02:00', forceMajeure: true }],
    [{ type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00', rating: 4 }],
  ])('an unknown payload field is INVALID_PAYLOAD (%j)', (event) => {
    expectRejected(septDraft(), event, 'INVALID_PAYLOAD');
  });

  it('EVALUATED with an extra field besides rating is INVALID_PAYLOAD', () => {
    expectRejected(septFinished(), { ...SEPT.evaluate, comment: 'great' }, 'INVALID_PAYLOAD');
  });

  // rules.md is silent on `forceMajeure: null`; the model reads it as absent (false), so it is not listed here.
  it.each([['yes'], [1], [0], ['true'], [{}]])('HOLDER_CANCELS with forceMajeure %j (not a boolean) is INVALID_PAYLOAD', (forceMajeure) => {
    expectRejected(septValidated(), { type: 'HOLDER_CANCELS', at: '2026-09-10T10:00:00+02:00', forceMajeure }, 'INVALID_PAYLOAD');
  });

  it('a rejected event leaves the dossier it was given as it was (the API is pure)', () => {
    const dossier = septRequested();
    const before = structuredClone({ ...observable(dossier), clock: dossier.clock });
    for (const event of [
      { type: 'HOLDER_VALIDATES', at: '2026-09-08T10:00:00+02:00' },
      { type: 'SUBMIT', at: '2026-09-08T10:00:00+02:00' },
      { type: 'NOPE', at: '2026-09-08T10:00:00+02:00' },
    ]) {
      applyUnchecked(dossier, event);
    }
    expect({ ...observable(dossier), clock: dossier.clock }).toEqual(before);
  });

  it('every state name of the contract is reached by the tests above', () => {
    const reached = new Set<string>([
      septDraft().state,
      septRequested().state,
      septAccepted().state,
      septValidated().state,
      septInTraining().state,
      septFinished().state,
      apply(septRequested(), { type: 'ORGANISATION_REFUSES', at: '2026-09-08T11:00:00+02:00' }).state,
      apply(septRequested(), { type: 'TICK', at: '2026-09-10T00:00:00+02:00' }).state,
      apply(septRequested(), { type: 'HOLDER_CANCELS', at: '2026-09-08T11:00:00+02:00' }).state,
    ]);
    expect([...reached].sort()).toEqual([...DOSSIER_STATES].sort());
  });
});

describe('no event sequence, however malformed, throws (rules.md section 8)', () => {
  const HOUR = 3_600_000;
  const t0 = Date.parse('2026-08-20T09:00:00+02:00');
  const anyValue = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -10, max: 10 }),
    fc.double(),
    fc.string({ maxLength: 6 }),
    fc.constantFrom('0421', '123', 'online', 'postman', 'x'),
  );
  const eventArb = fc.record(
    {
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.constantFrom('NOPE', '', 'DEADLINE_PASSED')),
      dt: fc.integer({ min: -2 * HOUR, max: 5 * 24 * HOUR }),
      method: fc.oneof(fc.constantFrom('post-office', 'postman', 'online'), anyValue),
      code: fc.oneof(fc.constantFrom('0421', '9999', '12a4'), anyValue),
      rating: fc.oneof(fc.integer({ min: 0, max: 6 }), anyValue),
      forceMajeure: fc.oneof(fc.boolean(), anyValue),
      extra: anyValue,
    },
    { requiredKeys: ['type', 'dt'] },
  );

  it('every answer is a dossier or a rejection with a code; a rejection changes no state, context or past history', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(eventArb, { maxLength: 25 }), (givenIdentity, steps) => {
        let dossier = givenIdentity ? septDraft() : create({ training: { start: '2026-09-29', end: '2026-10-09' } });
        let now = t0;
        for (const { dt, ...payload } of steps) {
          now += dt;
          const event: Record<string, unknown> = { ...payload, at: now };
          let result: ReturnType<typeof applyEvent> | undefined;
          expect(() => {
            result = applyUnchecked(dossier, event);
          }).not.toThrow();
          if (result!.ok) {
            dossier = result!.dossier;
          } else {
            expect(REJECTION_CODES).toContain(result!.rejection.code);
            const after = result!.dossier;
            const added = after.history.slice(dossier.history.length);
            expect(after.history.slice(0, dossier.history.length)).toEqual(dossier.history);
            if (added.length === 0) expect(observable(after)).toEqual(observable(dossier));
            else expect(added.map((e) => e.event)).toEqual(['DEADLINE_PASSED']);
            dossier = after;
          }
          const { paid, refunded, credited, debited } = dossier.context.money;
          expect(Number.isSafeInteger(paid)).toBe(true);
          expect(refunded + credited + debited).toBe(dossier.state === 'cancelled' ? paid : 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
