/**
 * describeDossier and quoteCancellation (rules.md sections 3, 5, 6, 7): who must act,
 * the events accepted now, the deadlines as dates, the next instant at which time alone
 * changes something, the EDOF state name, and a cancellation quote that is exactly what
 * HOLDER_CANCELS does.
 */
import { describe, expect, it } from 'vitest';
import { applyEvent, DEADLINE_NAMES, describeDossier, edofStateOf, mustActOf, quoteCancellation } from '../index.js';
import type { Dossier } from '../index.js';
import {
  apply,
  create,
  describeAt,
  observable,
  octValidatedEarly,
  octValidatedLate,
  rejected,
  run,
  SEPT,
  SEPT_INPUT,
  septAccepted,
  septDraft,
  septEvaluated,
  septFinished,
  septInTraining,
  septRequested,
  septValidated, applyUnchecked } from './support/dossier.js';

const refused = () => apply(septRequested(), { type: 'ORGANISATION_REFUSES', at: '2026-09-08T11:00:00+02:00' });
const expiredOrganisation = () => apply(septRequested(), { type: 'TICK', at: '2026-09-10T00:00:00+02:00' });
const expiredHolder = () => apply(septAccepted(), { type: 'TICK', at: '2026-09-15T00:00:00+02:00' });
const cancelledBeforeStart = () => apply(septValidated(), { type: 'HOLDER_CANCELS', at: '2026-09-10T10:00:00+02:00' });
const cancelledInRequested = () => apply(septRequested(), { type: 'HOLDER_CANCELS', at: '2026-09-08T10:00:00+02:00' });
const abandonedInTraining = () => apply(septInTraining(), { type: 'HOLDER_CANCELS', at: '2026-09-30T10:00:00+02:00' });
const abandonedOnStartDay = () => apply(septValidated(), { type: 'HOLDER_CANCELS', at: '2026-09-29T08:00:00+02:00' });

describe('mustAct: the tag of the state says who must act next', () => {
  it.each([
    ['draft', septDraft, 'holder'],
    ['requested', septRequested, 'organisation'],
    ['accepted', septAccepted, 'holder'],
    ['validated', septValidated, 'holder'],
    ['in-training', septInTraining, 'holder'],
    ['finished (awaiting the evaluation)', septFinished, 'holder'],
    ['finished (evaluated)', septEvaluated, 'nobody'],
    ['refused', refused, 'nobody'],
    ['expired', expiredOrganisation, 'nobody'],
    ['cancelled', cancelledBeforeStart, 'nobody'],
  ] as const)('in %s, %s must act… (%s)', (_name, build, actor) => {
    expect(describeAt(build()).mustAct).toBe(actor);
    expect(mustActOf(build())).toBe(actor);
  });
});

describe('allowedEvents: the event types that would be accepted now', () => {
  const sorted = (events: readonly string[]) => [...events].sort();
  const noIdentity = () => create({ training: { ...SEPT_INPUT.training } });

  it.each([
    ['draft, no identity', noIdentity, '2026-08-20T09:00:00+02:00', ['IDENTITY_CREATED', 'TICK']],
    ['draft, identity usable, registration open', septDraft, '2026-09-07T10:00:00+02:00', ['SUBMIT', 'TICK']],
    ['draft, registration closed (2026-09-15)', septDraft, '2026-09-15T00:00:00+02:00', ['TICK']],
    ['requested', septRequested, '2026-09-08T10:00:00+02:00', ['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'HOLDER_CANCELS', 'TICK']],
    ['requested, described after its deadline (now expired)', septRequested, '2026-09-10T00:00:00+02:00', ['TICK']],
    ['accepted', septAccepted, '2026-09-09T10:00:00+02:00', ['HOLDER_VALIDATES', 'HOLDER_CANCELS', 'TICK']],
    ['validated, before the start', septValidated, '2026-09-28T23:59:59.999+02:00', ['HOLDER_CANCELS', 'TICK']],
    ['validated, on the start date', septValidated, '2026-09-29T00:00:00+02:00', ['ENTRY_DECLARED', 'HOLDER_CANCELS', 'TICK']],
    ['in-training, before the end', septInTraining, '2026-10-08T23:59:59.999+02:00', ['HOLDER_CANCELS', 'TICK']],
    ['in-training, on the end date', septInTraining, '2026-10-09T00:00:00+02:00', ['EXIT_DECLARED', 'HOLDER_CANCELS', 'TICK']],
    ['finished, awaiting the evaluation', septFinished, '2026-10-12T10:00:00+02:00', ['EVALUATED', 'TICK']],
    ['finished, evaluated', septEvaluated, '2026-10-13T10:00:00+02:00', ['TICK']],
    ['refused', refused, '2026-09-09T10:00:00+02:00', ['TICK']],
    ['expired', expiredHolder, '2026-09-16T10:00:00+02:00', ['TICK']],
    ['cancelled', cancelledBeforeStart, '2026-09-11T10:00:00+02:00', ['TICK']],
  ] as const)('%s', (_name, build, at, expected) => {
    expect(sorted(describeAt(build(), at).allowedEvents)).toEqual(sorted(expected));
  });

  it('every allowed event is indeed accepted, and every other one refused', () => {
    const dossier = septRequested();
    const description = describeAt(dossier, '2026-09-08T10:00:00+02:00');
    for (const type of description.allowedEvents) {
      const payload = type === 'HOLDER_CANCELS' ? { forceMajeure: false } : {};
      expect(applyUnchecked(dossier, { type, at: '2026-09-08T10:00:00+02:00', ...payload }).ok).toBe(true);
    }
  });
});

describe('deadlines: the five names of the contract, shown as calendar dates', () => {
  it('the deadline names are registration, organisationResponse, holderValidation, entryDeclaration, exitDeclaration', () => {
    expect([...DEADLINE_NAMES].sort()).toEqual(['entryDeclaration', 'exitDeclaration', 'holderValidation', 'organisationResponse', 'registration']);
  });

  it('registration, entryDeclaration and exitDeclaration are known as soon as the dossier exists', () => {
    expect(describeAt(septDraft()).deadlines).toEqual({
      registration: '2026-09-14',
      entryDeclaration: '2026-10-02',
      exitDeclaration: '2026-10-14',
    });
  });

  it('organisationResponse is known from SUBMIT', () => {
    expect(describeAt(septRequested()).deadlines).toEqual({
      registration: '2026-09-14',
      entryDeclaration: '2026-10-02',
      exitDeclaration: '2026-10-14',
      organisationResponse: '2026-09-09',
    });
  });

  it("holderValidation is known from the organisation's acceptance", () => {
    expect(describeAt(septAccepted()).deadlines).toEqual({
      registration: '2026-09-14',
      entryDeclaration: '2026-10-02',
      exitDeclaration: '2026-10-14',
      organisationResponse: '2026-09-09',
      holderValidation: '2026-09-14',
    });
  });

  it('every deadline is a YYYY-MM-DD date, not an instant', () => {
    for (const date of Object.values(describeAt(septEvaluated()).deadlines)) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('nextChange: the first instant at which time alone changes something (rules.md section 6)', () => {
  function expectNext(dossier: Dossier, at: string | undefined, next: string | null): void {
    const description = describeAt(dossier, at);
    if (next === null) {
      expect(description.nextChange).toBeNull();
    } else {
      expect(description.nextChange).toMatchObject({ at: next, atInstant: Date.parse(next) });
    }
  }

  it('in requested it is the first instant after the organisation deadline (2026-09-10T00:00:00+02:00)', () => {
    expectNext(septRequested(), undefined, '2026-09-10T00:00:00+02:00');
    const next = describeAt(septRequested()).nextChange!.atInstant;
    expect(apply(septRequested(), { type: 'TICK', at: next - 1 }).state).toBe('requested');
    expect(apply(septRequested(), { type: 'TICK', at: next }).state).toBe('expired');
  });

  it('in accepted it is the first instant after the holder deadline (2026-09-15T00:00:00+02:00)', () => {
    expectNext(septAccepted(), undefined, '2026-09-15T00:00:00+02:00');
  });

  it('in draft with a usable identity it is when registration closes (2026-09-15T00:00:00+02:00)', () => {
    expectNext(septDraft(), '2026-09-07T10:00:00+02:00', '2026-09-15T00:00:00+02:00');
  });

  it('in draft with an identity activated at 2026-09-03T10:00+02:00 it is when the identity becomes usable, 24 hours later', () => {
    const draft = create({ ...SEPT_INPUT, identityActivatedAt: '2026-09-03T10:00:00+02:00' });
    expectNext(draft, '2026-09-03T12:00:00+02:00', '2026-09-04T10:00:00+02:00');
  });

  it('in validated (validated 2026-09-03, start 2026-10-22) it is when cancelling starts to cost: 2026-10-13T00:00:00+02:00', () => {
    // free while validated < 14 working days ago (until 09-22) or start > 7 working days away (until 10-12)
    expectNext(octValidatedEarly(), undefined, '2026-10-13T00:00:00+02:00');
  });

  it('then the start of the training (2026-10-22T00:00:00+02:00), then the entry declaration overdue (2026-10-28T00:00:00+01:00)', () => {
    expectNext(octValidatedEarly(), '2026-10-13T00:00:00+02:00', '2026-10-22T00:00:00+02:00');
    // entryDeclaration = addWorkingDays(10-22, 3) = 10-23, 10-26, 10-27; after the change to +01:00
    expectNext(octValidatedEarly(), '2026-10-22T00:00:00+02:00', '2026-10-28T00:00:00+01:00');
    // rules.md is silent on a holder who never declared entry; the model (api/describe.ts overdueAt) then
    // also reports the exit declaration overdue: exitDeclaration = addWorkingDays(10-23, 3) = 10-28.
    expectNext(octValidatedEarly(), '2026-10-28T00:00:00+01:00', '2026-10-29T00:00:00+01:00');
    expect(describeAt(octValidatedEarly(), '2026-10-29T00:00:00+01:00').overdue.sort()).toEqual(['entryDeclaration', 'exitDeclaration']);
    expectNext(octValidatedEarly(), '2026-10-29T00:00:00+01:00', null);
  });

  it('in validated (validated 2026-09-09, start 2026-09-29) cancelling is free until the start: the next change is the start', () => {
    // workingDaysBetween(09-09, 09-28) = 13 < 14: free on every day before the start
    expectNext(septValidated(), undefined, '2026-09-29T00:00:00+02:00');
  });

  it('in in-training it is the end date, then the exit declaration overdue', () => {
    expectNext(septInTraining(), undefined, '2026-10-09T00:00:00+02:00');
    expectNext(septInTraining(), '2026-10-09T00:00:00+02:00', '2026-10-15T00:00:00+02:00');
  });

  it('in a final state, or once evaluated, nothing changes any more', () => {
    for (const dossier of [refused(), expiredOrganisation(), cancelledBeforeStart(), septEvaluated()]) expect(describeAt(dossier).nextChange).toBeNull();
  });
});

describe('EDOF mapping table (rules.md section 7), one test per row', () => {
  it.each([
    ['requested', septRequested, 'notProcessed'],
    ['accepted', septAccepted, 'validated'],
    ['validated', septValidated, 'accepted'],
    ['in-training', septInTraining, 'inTraining'],
    ['finished', septFinished, 'terminated'],
    ['finished (evaluated)', septEvaluated, 'terminated'],
    ['refused', refused, 'refusedByOrganism'],
    ['expired (no answer from the organisation)', expiredOrganisation, 'rejectedWithoutOfSuite'],
    ['expired (holder did not validate)', expiredHolder, 'rejectedWithoutTitulaireSuite'],
    ['cancelled (before start, in validated)', cancelledBeforeStart, 'canceledByAttendee'],
    ['cancelled (before start, in requested)', cancelledInRequested, 'canceledByAttendee'],
    ['cancelled (abandoned after start, in-training)', abandonedInTraining, 'canceledByAttendeeNotRealized'],
    ['cancelled (abandoned on the start day, entry not declared)', abandonedOnStartDay, 'canceledByAttendeeNotRealized'],
  ] as const)('%s -> %s', (_name, build, edof) => {
    const dossier = build();
    expect(describeAt(dossier).edofState).toBe(edof);
    expect(edofStateOf(dossier.state, dossier.context.reason)).toBe(edof);
  });

  it('a draft has not reached EDOF: no EDOF state (rules.md lists none)', () => {
    expect(describeAt(septDraft()).edofState).toBeNull();
  });
});

describe('the cancellation quote is what HOLDER_CANCELS actually does', () => {
  const instants = [
    '2026-09-04T10:00:00+02:00',
    '2026-09-22T23:59:59.999+02:00',
    '2026-09-23T00:00:00+02:00',
    '2026-10-12T23:59:59.999+02:00',
    '2026-10-13T00:00:00+02:00',
    '2026-10-14T23:59:59.999+02:00',
    '2026-10-15T00:00:00+02:00',
    '2026-10-21T23:59:59.999+02:00',
    '2026-10-22T00:00:00+02:00',
    '2026-10-26T10:00:00+01:00',
  ];
  const dossiers: Array<[string, Dossier]> = [
    ['validated early', octValidatedEarly()],
    ['validated late', octValidatedLate()],
    ['validated early, c2p', octValidatedEarly({ exemption: 'c2p' })],
  ];

  for (const [name, dossier] of dossiers) {
    for (const at of instants) {
      if (Date.parse(at) < dossier.clock!) continue;
      for (const forceMajeure of [false, true]) {
        it(`${name}, at ${at}${forceMajeure ? ', force majeure' : ''}`, () => {
          const quote = quoteCancellation(dossier, at, { forceMajeure });
          const applied = applyEvent(dossier, { type: 'HOLDER_CANCELS', at, forceMajeure });
          expect(quote.ok).toBe(true);
          expect(applied.ok).toBe(true);
          if (!quote.ok || !applied.ok) return;
          const after = describeAt(applied.dossier);
          expect(quote.quote).toEqual({
            state: applied.dossier.state,
            reason: applied.dossier.context.reason,
            outcome: applied.dossier.context.outcome,
            money: applied.dossier.context.money,
            edofState: after.edofState,
            forceMajeure,
          });
          if (!forceMajeure) expect(describeAt(dossier, at).cancellation).toEqual(quote.quote);
        });
      }
    }
  }

  it('in requested, accepted and in-training as well', () => {
    for (const [dossier, at] of [
      [septRequested(), '2026-09-08T10:00:00+02:00'],
      [septAccepted(), '2026-09-09T10:00:00+02:00'],
      [septInTraining(), '2026-09-30T10:00:00+02:00'],
    ] as const) {
      const quote = describeAt(dossier, at).cancellation;
      const applied = apply(dossier, { type: 'HOLDER_CANCELS', at });
      expect(quote).toMatchObject({ state: 'cancelled', reason: applied.context.reason, outcome: applied.context.outcome, money: applied.context.money });
    }
  });

  it('where cancelling is not possible the quote is null and quoteCancellation is a rejection', () => {
    for (const dossier of [septDraft(), septFinished(), septEvaluated(), refused(), expiredOrganisation(), cancelledBeforeStart()]) {
      const at = '2026-10-20T10:00:00+02:00';
      expect(describeAt(dossier, at).cancellation).toBeNull();
      const quote = quoteCancellation(dossier, at);
      expect(quote.ok).toBe(false);
      if (!quote.ok) expect(quote.rejection.code).toBe('INVALID_IN_STATE');
    }
  });

  it('quoting and describing change nothing', () => {
    const dossier = octValidatedEarly();
    const before = { ...observable(dossier), clock: dossier.clock };
    quoteCancellation(dossier, '2026-10-13T10:00:00+02:00');
    describeDossier(dossier, '2026-10-22T10:00:00+02:00');
    expect({ ...observable(dossier), clock: dossier.clock }).toEqual(before);
  });
});

describe('describeDossier: the rest of the description', () => {
  it('shows the state, statePath, reason, rating and the instant described in the calendar zone', () => {
    const description = describeAt(septEvaluated(), '2026-11-02T09:00:00Z');
    expect(description).toMatchObject({
      at: '2026-11-02T10:00:00+01:00',
      state: 'finished',
      statePath: 'finished.evaluated',
      reason: null,
      rating: 4,
      cpfRights: 'debited',
      late: [],
      overdue: [],
    });
  });

  it('described at a later instant, time has advanced: a requested dossier past its deadline is shown expired', () => {
    const description = describeAt(septRequested(), '2026-09-10T00:00:00+02:00');
    expect(description).toMatchObject({ state: 'expired', reason: 'ORGANISATION_NO_RESPONSE', mustAct: 'nobody', edofState: 'rejectedWithoutOfSuite' });
  });

  it('describing at an instant before the clock is CLOCK_WENT_BACKWARDS; a malformed instant INVALID_PAYLOAD', () => {
    const before = describeDossier(septRequested(), '2026-09-07T09:59:59.999+02:00');
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.rejection.code).toBe('CLOCK_WENT_BACKWARDS');
    const malformed = describeDossier(septRequested(), 'next tuesday');
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expect(malformed.rejection.code).toBe('INVALID_PAYLOAD');
  });

  it('shows the cancellation outcome and the money of a cancelled dossier', () => {
    const description = describeAt(cancelledBeforeStart());
    expect(description).toMatchObject({
      outcome: { cpfRights: 'restored', resteACharge: 'refunded' },
      money: { paid: 10_320, refunded: 10_320, credited: 0, debited: 0 },
      cpfRights: 'restored',
      paidCents: 10_320,
    });
  });

  it('a dossier with late declarations lists them', () => {
    const dossier = run(septValidated(), [
      { type: 'ENTRY_DECLARED', at: '2026-10-05T10:00:00+02:00' },
      { ...SEPT.exit, at: '2026-10-09T17:00:00+02:00' },
    ]);
    expect(describeAt(dossier).late).toEqual(['entryDeclaration']);
  });

  it('a late answer described afterwards: the rejection left the dossier expired, which the description shows', () => {
    const { dossier } = rejected(septRequested(), { type: 'ORGANISATION_ACCEPTS', at: '2026-09-10T08:00:00+02:00' });
    expect(describeAt(dossier).state).toBe('expired');
  });
});
