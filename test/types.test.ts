/**
 * Type-level tests (checked by `tsc --noEmit`, tsconfig.json includes test/): the state
 * names, event types, deadline names and rejection codes of the contract are literal
 * types, so that an unknown one does not compile. Every `// @ts-expect-error` line below
 * must be an error, or tsc fails with "Unused '@ts-expect-error' directive".
 */
import { createActor } from 'xstate';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { applyEvent, createDossier, DOSSIER_STATES, dossierMachine, EVENT_TYPES } from '../index.js';
import type {
  DeadlineName,
  Dossier,
  DossierDescription,
  DossierEvent,
  DossierEventInput,
  DossierEventType,
  DossierInput,
  DossierStateName,
  EdofState,
  Exemption,
  Reason,
  Region,
  RejectionCode,
} from '../index.js';

describe('the names of the contract are literal types', () => {
  it('DossierStateName is exactly the nine states of rules.md section 3', () => {
    expectTypeOf<DossierStateName>().toEqualTypeOf<
      'draft' | 'requested' | 'accepted' | 'refused' | 'expired' | 'validated' | 'in-training' | 'finished' | 'cancelled'
    >();
    expectTypeOf<(typeof DOSSIER_STATES)[number]>().toEqualTypeOf<DossierStateName>();
    expectTypeOf<Dossier['state']>().toEqualTypeOf<DossierStateName>();
    expectTypeOf<DossierDescription['state']>().toEqualTypeOf<DossierStateName>();
  });

  it('DossierEventType is exactly the twelve events of rules.md sections 2 and 3', () => {
    expectTypeOf<DossierEventType>().toEqualTypeOf<
      | 'IDENTITY_CREATED'
      | 'IDENTITY_VERIFIED'
      | 'IDENTITY_ACTIVATED'
      | 'SUBMIT'
      | 'ORGANISATION_ACCEPTS'
      | 'ORGANISATION_REFUSES'
      | 'HOLDER_VALIDATES'
      | 'ENTRY_DECLARED'
      | 'EXIT_DECLARED'
      | 'EVALUATED'
      | 'HOLDER_CANCELS'
      | 'TICK'
    >();
    expectTypeOf<(typeof EVENT_TYPES)[number]>().toEqualTypeOf<DossierEventType>();
    expectTypeOf<DossierEventInput['type']>().toEqualTypeOf<DossierEventType>();
  });

  it('deadline names, rejection codes and reasons are the contract', () => {
    expectTypeOf<DeadlineName>().toEqualTypeOf<'registration' | 'organisationResponse' | 'holderValidation' | 'entryDeclaration' | 'exitDeclaration'>();
    expectTypeOf<RejectionCode>().toEqualTypeOf<
      'INVALID_IN_STATE' | 'INVALID_PAYLOAD' | 'CLOCK_WENT_BACKWARDS' | 'IDENTITY_NOT_ACTIVE' | 'TOO_LATE_TO_REGISTER' | 'TOO_EARLY'
    >();
    expectTypeOf<Reason>().toEqualTypeOf<
      'ORGANISATION_REFUSED' | 'ORGANISATION_NO_RESPONSE' | 'HOLDER_NO_VALIDATION' | 'HOLDER_CANCELLED' | 'HOLDER_ABANDONED'
    >();
    expectTypeOf<EdofState>().toExtend<string>();
  });

  it('payloads are typed: EVALUATED carries a number rating, HOLDER_CANCELS an optional boolean', () => {
    expectTypeOf<Extract<DossierEvent, { type: 'EVALUATED' }>['rating']>().toEqualTypeOf<number>();
    expectTypeOf<Extract<DossierEventInput, { type: 'HOLDER_CANCELS' }>['forceMajeure']>().toEqualTypeOf<boolean | undefined>();
  });
});

describe('an unknown event type or state name does not compile', () => {
  it('in a call to applyEvent', () => {
    const created = createDossier({ training: { start: '2026-10-05', end: '2026-10-09' } });
    if (!created.ok) throw new Error(created.error.message);
    const good = applyEvent(created.dossier, { type: 'TICK', at: '2026-09-07T10:00:00+02:00' });
    // @ts-expect-error 'SUBMITTED' is not an event type
    const unknownType = applyEvent(created.dossier, { type: 'SUBMITTED', at: '2026-09-07T10:00:00+02:00' });
    // @ts-expect-error HOLDER_CANCELS takes forceMajeure, not force
    const misspelt = applyEvent(created.dossier, { type: 'HOLDER_CANCELS', at: '2026-09-07T10:00:00+02:00', force: true });
    expect([good.ok, unknownType.ok, misspelt.ok]).toEqual([true, false, false]);
  });

  it('in an event written as DossierEventInput', () => {
    const good: DossierEventInput = { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' };
    // @ts-expect-error 'SUBMITTED' is not an event type
    const unknownType: DossierEventInput = { type: 'SUBMITTED', at: '2026-09-07T10:00:00+02:00' };
    // @ts-expect-error EVALUATED needs a rating
    const noRating: DossierEventInput = { type: 'EVALUATED', at: '2026-10-12T10:00:00+02:00' };
    // @ts-expect-error a rating is a number
    const stringRating: DossierEventInput = { type: 'EVALUATED', at: '2026-10-12T10:00:00+02:00', rating: '4' };
    // @ts-expect-error SUBMIT takes no payload field
    const extraField: DossierEventInput = { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00', rating: 4 };
    // @ts-expect-error `at` is an instant, not a Date object
    const dateAt: DossierEventInput = { type: 'TICK', at: new Date() };
    expect([good, unknownType, noRating, stringRating, extraField, dateAt]).toHaveLength(6);
  });

  it('in a state name', () => {
    const good: DossierStateName = 'in-training';
    // @ts-expect-error 'submitted' is not a state
    const unknownState: DossierStateName = 'submitted';
    // @ts-expect-error states are written in kebab case: 'in-training'
    const camel: DossierStateName = 'inTraining';
    expect([good, unknownState, camel]).toHaveLength(3);
  });

  it('in a comparison with a dossier state', () => {
    const created = createDossier({ training: { start: '2026-09-29', end: '2026-10-09' } });
    if (!created.ok) throw new Error(created.error.message);
    const dossier = created.dossier;
    expect(dossier.state === 'draft').toBe(true);
    // @ts-expect-error 'closed' is not a state: the comparison can never be true
    expect(dossier.state === 'closed').toBe(false);
  });

  it('in a deadline name or a rejection code', () => {
    // @ts-expect-error 'submission' is not a deadline name
    const deadline: DeadlineName = 'submission';
    // @ts-expect-error 'TOO_LATE' is not a rejection code
    const code: RejectionCode = 'TOO_LATE';
    expect([deadline, code]).toHaveLength(2);
  });

  it('sent to the dossier machine itself, or asked of its snapshot', () => {
    const actor = createActor(dossierMachine, {
      input: { calendar: 'FR', training: { start: '2026-09-29', end: '2026-10-09' }, exemption: null, identityActivatedAt: null },
    });
    // Never started: only the types matter here.
    const typeOnly = () => {
      actor.send({ type: 'TICK', at: 0 });
      // @ts-expect-error 'SUBMITTED' is not an event of the machine
      actor.send({ type: 'SUBMITTED', at: 0 });
      // @ts-expect-error every event carries `at`
      actor.send({ type: 'SUBMIT' });
      const snapshot = actor.getSnapshot();
      snapshot.matches('requested');
      snapshot.matches({ finished: 'evaluated' });
      // @ts-expect-error 'submitted' is not a state of the machine
      snapshot.matches('submitted');
      // @ts-expect-error 'done' is not a child state of finished
      snapshot.matches({ finished: 'done' });
      snapshot.hasTag('organisation');
      // @ts-expect-error 'bank' is not a tag
      snapshot.hasTag('bank');
    };
    expect(typeof typeOnly).toBe('function');
  });
});

describe("createDossier's input is typed as its unions", () => {
  it('calendar is a Region and exemption an Exemption: an unknown one does not compile, and a JSON caller is still checked at run time', () => {
    expectTypeOf<NonNullable<DossierInput['calendar']>>().toEqualTypeOf<Region>();
    expectTypeOf<NonNullable<DossierInput['exemption']>>().toEqualTypeOf<Exemption>();
    const training = { start: '2026-05-04', end: '2026-05-15' };
    expect(createDossier({ calendar: 'FR-57', exemption: 'c2p', training }).ok).toBe(true);
    // @ts-expect-error FR-75 is not a holiday calendar
    const paris = createDossier({ calendar: 'FR-75', training });
    // @ts-expect-error 'student' is not an exemption
    const student = createDossier({ exemption: 'student', training });
    expect(paris).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'calendar' } });
    expect(student).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'exemption' } });
    const fromJson = JSON.parse('{"calendar":"FR-75","training":{"start":"2026-05-04","end":"2026-05-15"}}') as DossierInput;
    expect(createDossier(fromJson)).toMatchObject({ ok: false, error: { field: 'calendar' } });
  });
});
