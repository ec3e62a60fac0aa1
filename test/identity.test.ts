/**
 * rules.md section 2: the Identité Numérique. created -> verified (post office, postman
 * or online) -> activated by choosing a 4-digit code; usable from 24 hours after the
 * code was chosen, to the millisecond; a code that is not exactly 4 digits is refused.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { identityMachine, serializeDossier, VERIFICATION_METHODS } from '../index.js';
import { apply, create, describeAt, expectRejected, run, SEPT_INPUT } from './support/dossier.js';

const TRAINING = { ...SEPT_INPUT.training }; // 2026-09-29 .. 2026-10-09, registration closes 2026-09-14

const fresh = () => create({ training: TRAINING });
const created = () => apply(fresh(), { type: 'IDENTITY_CREATED', at: '2026-09-01T09:00:00+02:00' });
const verified = (method = 'post-office') => apply(created(), { type: 'IDENTITY_VERIFIED', at: '2026-09-02T09:00:00+02:00', method });
const activated = () => apply(verified(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-03T10:00:00+02:00', code: '0421' });

describe('the identity steps', () => {
  it('a new dossier without a given identity has none: notCreated, not usable', () => {
    expect(describeAt(fresh(), '2026-09-01T08:00:00+02:00').identity).toEqual({ state: 'notCreated', usableFrom: null, usable: false });
  });

  it('IDENTITY_CREATED: notCreated -> created', () => {
    expect(created().context.identity.state).toBe('created');
    expect(created().history.at(-1)).toMatchObject({ event: 'IDENTITY_CREATED', identity: 'created', from: 'draft', to: 'draft' });
  });

  it.each(VERIFICATION_METHODS.map((m) => [m]))('IDENTITY_VERIFIED by %s: created -> verified', (method) => {
    const dossier = verified(method);
    expect(dossier.context.identity).toMatchObject({ state: 'verified', method });
  });

  it('the three verification methods are the post office, the postman and online', () => {
    expect([...VERIFICATION_METHODS].sort()).toEqual(['online', 'post-office', 'postman']);
  });

  it('IDENTITY_ACTIVATED with a 4-digit code: verified -> activated, at the instant the code was chosen', () => {
    const dossier = activated();
    expect(dossier.context.identity).toMatchObject({ state: 'activated', activatedAt: Date.parse('2026-09-03T10:00:00+02:00') });
    expect(dossier.state).toBe('draft');
  });

  it.each([['0000'], ['0421'], ['9999']])("code '%s' is accepted", (code) => {
    expect(apply(verified(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-03T10:00:00+02:00', code }).context.identity.state).toBe('activated');
  });

  it.each([['123'], ['12345'], ['12a4'], [''], [' 1234'], ['1234 '], ['12.4'], ['-123'], ['١٢٣٤']])(
    "code '%s' (not exactly 4 digits) is INVALID_PAYLOAD",
    (code) => {
      expectRejected(verified(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-03T10:00:00+02:00', code }, 'INVALID_PAYLOAD');
    },
  );

  it.each([[1234], [null], [['1234']], [{ code: '1234' }]])('code of the wrong type (%j) is INVALID_PAYLOAD', (code) => {
    expectRejected(verified(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-03T10:00:00+02:00', code }, 'INVALID_PAYLOAD');
  });

  it('IDENTITY_ACTIVATED without a code is INVALID_PAYLOAD', () => {
    expectRejected(verified(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-03T10:00:00+02:00' }, 'INVALID_PAYLOAD');
  });

  it.each([['email'], ['Online'], [''], [42], [null]])('IDENTITY_VERIFIED by an unknown method (%j) is INVALID_PAYLOAD', (method) => {
    expectRejected(created(), { type: 'IDENTITY_VERIFIED', at: '2026-09-02T09:00:00+02:00', method }, 'INVALID_PAYLOAD');
  });

  it('the steps are in order: verifying or activating before creating, activating before verifying, are INVALID_IN_STATE', () => {
    expectRejected(fresh(), { type: 'IDENTITY_VERIFIED', at: '2026-09-01T09:00:00+02:00', method: 'online' }, 'INVALID_IN_STATE');
    expectRejected(fresh(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-01T09:00:00+02:00', code: '1234' }, 'INVALID_IN_STATE');
    expectRejected(created(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-02T09:00:00+02:00', code: '1234' }, 'INVALID_IN_STATE');
  });

  it('no step twice: a second IDENTITY_CREATED, IDENTITY_VERIFIED or IDENTITY_ACTIVATED is INVALID_IN_STATE', () => {
    expectRejected(created(), { type: 'IDENTITY_CREATED', at: '2026-09-02T09:00:00+02:00' }, 'INVALID_IN_STATE');
    expectRejected(verified(), { type: 'IDENTITY_VERIFIED', at: '2026-09-03T09:00:00+02:00', method: 'online' }, 'INVALID_IN_STATE');
    expectRejected(activated(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-04T09:00:00+02:00', code: '1234' }, 'INVALID_IN_STATE');
  });

  it('an identity given at creation is already activated: identity events are INVALID_IN_STATE', () => {
    const given = create({ ...SEPT_INPUT });
    expect(given.context.identity.state).toBe('activated');
    expectRejected(given, { type: 'IDENTITY_CREATED', at: '2026-09-01T09:00:00+02:00' }, 'INVALID_IN_STATE');
  });

  it('the code itself is never kept, neither in the dossier nor in its stored form', () => {
    const dossier = apply(verified(), { type: 'IDENTITY_ACTIVATED', at: '2026-09-03T10:00:00+02:00', code: '7319' });
    expect(JSON.stringify({ context: dossier.context, history: dossier.history })).not.toContain('7319');
    expect(serializeDossier(dossier)).not.toContain('7319');
  });
});

describe('the identity is usable from 24 hours after the code was chosen, to the millisecond', () => {
  it('activated at 2026-09-03T10:00:00+02:00: SUBMIT at 2026-09-04T09:59:59.999+02:00 is IDENTITY_NOT_ACTIVE', () => {
    expectRejected(activated(), { type: 'SUBMIT', at: '2026-09-04T09:59:59.999+02:00' }, 'IDENTITY_NOT_ACTIVE');
  });

  it('activated at 2026-09-03T10:00:00+02:00: SUBMIT at exactly 2026-09-04T10:00:00.000+02:00 is accepted', () => {
    expect(apply(activated(), { type: 'SUBMIT', at: '2026-09-04T10:00:00.000+02:00' }).state).toBe('requested');
  });

  it('the same with the activation given at creation (identityActivatedAt)', () => {
    const draft = create({ training: TRAINING, identityActivatedAt: '2026-09-03T10:00:00+02:00' });
    expectRejected(draft, { type: 'SUBMIT', at: '2026-09-04T09:59:59.999+02:00' }, 'IDENTITY_NOT_ACTIVE');
    expect(apply(draft, { type: 'SUBMIT', at: '2026-09-04T10:00:00.000+02:00' }).state).toBe('requested');
  });

  it('a created or verified identity (no code yet) is not usable: IDENTITY_NOT_ACTIVE', () => {
    expectRejected(created(), { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' }, 'IDENTITY_NOT_ACTIVE');
    expectRejected(verified(), { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' }, 'IDENTITY_NOT_ACTIVE');
  });

  it('describeDossier shows usableFrom and whether the identity is usable at the instant described', () => {
    const dossier = activated();
    expect(describeAt(dossier, '2026-09-04T09:59:59.999+02:00').identity).toEqual({
      state: 'activated',
      usableFrom: '2026-09-04T10:00:00+02:00',
      usable: false,
    });
    expect(describeAt(dossier, '2026-09-04T10:00:00.000+02:00').identity.usable).toBe(true);
  });

  // 24 hours are 24 hours, not "the same wall-clock time tomorrow": across the change to
  // winter time on Sunday 2026-10-25, 12:00 +02:00 on 10-24 plus 24 hours is 11:00 +01:00 on 10-25.
  describe('across the change to winter time (2026-10-25)', () => {
    const build = () =>
      run(create({ training: { start: '2026-12-01', end: '2026-12-04' } }), [
        { type: 'IDENTITY_CREATED', at: '2026-10-24T10:00:00+02:00' },
        { type: 'IDENTITY_VERIFIED', at: '2026-10-24T11:00:00+02:00', method: 'online' },
        { type: 'IDENTITY_ACTIVATED', at: '2026-10-24T12:00:00+02:00', code: '2468' },
      ]);

    it('usable from 2026-10-25T11:00:00+01:00', () => {
      expect(describeAt(build()).identity.usableFrom).toBe('2026-10-25T11:00:00+01:00');
    });

    it('SUBMIT at 2026-10-25T10:59:59.999+01:00 is IDENTITY_NOT_ACTIVE', () => {
      expectRejected(build(), { type: 'SUBMIT', at: '2026-10-25T10:59:59.999+01:00' }, 'IDENTITY_NOT_ACTIVE');
    });

    it('SUBMIT at 2026-10-25T11:00:00.000+01:00 (10:00:00Z) is accepted', () => {
      expect(apply(build(), { type: 'SUBMIT', at: '2026-10-25T10:00:00.000Z' }).state).toBe('requested');
    });
  });
});

describe('the identity machine itself', () => {
  it('goes notCreated -> created -> verified -> activated, and refuses a 3-digit code', () => {
    const actor = createActor(identityMachine).start();
    const rejections: string[] = [];
    actor.on('rejected', (event) => rejections.push(event.code));
    expect(actor.getSnapshot().value).toBe('notCreated');
    actor.send({ type: 'IDENTITY_CREATED', at: 0 });
    expect(actor.getSnapshot().value).toBe('created');
    actor.send({ type: 'IDENTITY_VERIFIED', at: 1, method: 'postman' });
    expect(actor.getSnapshot().value).toBe('verified');
    actor.send({ type: 'IDENTITY_ACTIVATED', at: 2, code: '123' });
    expect(actor.getSnapshot().value).toBe('verified');
    expect(rejections).toEqual(['INVALID_PAYLOAD']);
    actor.send({ type: 'IDENTITY_ACTIVATED', at: 3, code: '1234' });
    expect(actor.getSnapshot().value).toBe('activated');
    expect(actor.getSnapshot().context).toEqual({ method: 'postman', activatedAt: 3 });
    actor.send({ type: 'IDENTITY_CREATED', at: 4 });
    expect(rejections).toEqual(['INVALID_PAYLOAD', 'INVALID_IN_STATE']);
    actor.stop();
  });
});
