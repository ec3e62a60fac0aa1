/**
 * Issue 13, the embedding API under misuse: every function of index.ts that takes a
 * dossier answers with a code for whatever it is given (NOT_A_DOSSIER for what is not a
 * dossier), or throws the TypeError the README documents; a dossier whose dates the
 * calendar does not cover is refused where it is created, with the field at fault, and
 * never reaches a caller in XState's `error` status.
 *
 * Boundary dates, checked by hand: 0100-01-01 is a Friday and a public holiday; the 11
 * working days x with d < x <= Monday 0100-01-18 start on Monday 0100-01-04, so
 * registration closes Sunday 0100-01-03. For Sunday 0100-01-17 the eleventh working day
 * back would be Thursday 0099-12-31, outside the calendar. 9999-12-27 is a Monday,
 * 3 working days later is Thursday 9999-12-30, whose expiry (9999-12-31T00:00+01:00,
 * 9999-12-30T23:00Z) is within the last instant an event can carry (9999-12-30T23:59:59.999Z).
 */
import { describe, expect, it } from 'vitest';
import {
  advanceTo,
  applyEvent,
  createDossier,
  describeDossier,
  isDossier,
  machineSnapshotOf,
  mustActOf,
  nextChangeOf,
  NOT_A_DOSSIER,
  persistDossier,
  quoteCancellation,
  serializeDossier,
} from '../index.js';
import type { Dossier, DossierEventInput, DossierInput } from '../index.js';
import { apply, create } from './support/dossier.js';
import { FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, REGIONS } from '../calendar/index.js';
import { LAST_INSTANT } from '../api/events.js';
import { entryDeclarationDeadline, exitDeclarationDeadline } from '../guards/declarations.js';
import { registrationDeadline } from '../guards/registration.js';
import { firstInstantPast } from '../guards/time.js';

const TRAINING_2026 = { training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' };

function validated(): Dossier {
  let dossier = create(TRAINING_2026);
  for (const event of [
    { type: 'SUBMIT', at: '2026-04-03T16:00:00+02:00' },
    { type: 'ORGANISATION_ACCEPTS', at: '2026-04-07T10:00:00+02:00' },
    { type: 'HOLDER_VALIDATES', at: '2026-04-08T10:00:00+02:00' },
  ]) {
    dossier = apply(dossier, event);
  }
  return dossier;
}

function expectInputError(input: DossierInput, field: string, words: RegExp): void {
  const created = createDossier(input);
  expect(created.ok).toBe(false);
  if (created.ok) return;
  expect(created.error.code).toBe('INVALID_INPUT');
  expect(created.error.field).toBe(field);
  expect(created.error.message).toMatch(words);
}

describe('a dossier at the edge of the supported years is refused where it is created, naming the field', () => {
  it.each([
    ['0000-05-04', '0000-05-15'],
    ['0050-06-01', '0050-06-12'],
    ['0099-05-04', '0099-05-15'],
  ])('a training starting %s (before 0100-01-01) is INVALID_INPUT on training.start', (start, end) => {
    expectInputError({ training: { start, end } }, 'training.start', /outside the dates the calendar covers \(0100-01-01 to 9999-12-31\)/);
  });

  it('a training starting Sunday 0100-01-17 is refused: its registration deadline would fall before 0100-01-01', () => {
    expectInputError({ training: { start: '0100-01-17', end: '0100-02-01' } }, 'training.start', /registration deadline.*before 0100-01-01/);
  });

  it('a training starting Monday 0100-01-18 is accepted: its registration deadline is Sunday 0100-01-03', () => {
    const dossier = create({ training: { start: '0100-01-18', end: '0100-02-01' } });
    expect(dossier.context.deadlines.registration).toBe('0100-01-03');
    expect(machineSnapshotOf(dossier).status).toBe('active');
  });

  // createDossier computes no deadline for dates a year inside the calendar's ends
  // (api/supported-dates.ts): what that relies on, for every region, at both ends.
  it.each(REGIONS)('%s: a start on 0101-01-01 has its registration deadline inside the calendar; an end on 9998-12-31, its exit deadline passing before the last instant', (calendar) => {
    const training = { start: '0101-01-01', end: '9998-12-31' };
    expect(registrationDeadline(training, calendar) >= FIRST_SUPPORTED_DATE).toBe(true);
    expect(entryDeclarationDeadline(training, calendar) <= LAST_SUPPORTED_DATE).toBe(true);
    expect(firstInstantPast(exitDeclarationDeadline(training, calendar), calendar)).toBeLessThanOrEqual(LAST_INSTANT);
    expect(create({ calendar, training }).context.deadlines).toEqual({
      registration: registrationDeadline(training, calendar),
      entryDeclaration: entryDeclarationDeadline(training, calendar),
      exitDeclaration: exitDeclarationDeadline(training, calendar),
    });
  });

  it('a training ending 9999-12-31 is INVALID_INPUT on training.end: its exit deadline would fall past the calendar', () => {
    expectInputError({ training: { start: '9999-12-01', end: '9999-12-31' } }, 'training.end', /exitDeclaration deadline.*past 9999-12-31/);
  });

  it('FR: a training ending 9999-12-28 is refused (its exit deadline 9999-12-31 would expire in year 10000)', () => {
    expectInputError({ training: { start: '9999-11-01', end: '9999-12-28' } }, 'training.end', /9999-12-31.*past the last instant/);
  });

  it('FR: a training ending 9999-12-27 is accepted, its exit deadline 9999-12-30', () => {
    const dossier = create({ training: { start: '9999-11-01', end: '9999-12-27' } });
    expect(dossier.context.deadlines.exitDeclaration).toBe('9999-12-30');
    const described = describeDossier(dossier, '9999-12-30T22:00:00Z');
    expect(described.ok).toBe(true);
  });

  it('FR-GP (UTC-4): the same end 9999-12-27 is refused, since 9999-12-31T00:00-04:00 is past the last instant; 9999-12-26 is accepted', () => {
    expectInputError({ calendar: 'FR-GP', training: { start: '9999-11-01', end: '9999-12-27' } }, 'training.end', /past the last instant/);
    expect(create({ calendar: 'FR-GP', training: { start: '9999-11-01', end: '9999-12-26' } }).context.deadlines.exitDeclaration).toBe('9999-12-29');
  });

  it('a training starting 9999-12-31 is refused on training.start (its entry deadline), not on training.end', () => {
    expectInputError({ training: { start: '9999-12-31', end: '9999-12-31' } }, 'training.start', /entryDeclaration deadline/);
  });

  it('an identity activated at 9999-12-30T00:00:00Z is refused (usable past the last instant); at 9999-12-29T23:59:59.999Z it is kept', () => {
    const training = { start: '9999-11-01', end: '9999-11-05' };
    expectInputError({ training, identityActivatedAt: '9999-12-30T00:00:00Z' }, 'identityActivatedAt', /usable from 24 hours later, past the last instant/);
    const kept = create({ training, identityActivatedAt: '9999-12-29T23:59:59.999Z' });
    expect(kept.context.identity.activatedAt).toBe(Date.parse('9999-12-29T23:59:59.999Z'));
  });

  it('IDENTITY_ACTIVATED at the same two instants: INVALID_PAYLOAD on at past the limit, accepted on it', () => {
    const verified = [
      { type: 'IDENTITY_CREATED', at: '9999-12-29T00:00:00Z' },
      { type: 'IDENTITY_VERIFIED', at: '9999-12-29T01:00:00Z', method: 'online' },
    ].reduce(apply, create({ training: { start: '9999-11-01', end: '9999-11-05' } }));
    const late = applyEvent(verified, { type: 'IDENTITY_ACTIVATED', at: '9999-12-30T00:00:00Z', code: '0421' });
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect(late.rejection.code).toBe('INVALID_PAYLOAD');
      expect(late.rejection.field).toBe('at');
      expect(late.dossier).toBe(verified);
    }
    expect(applyEvent(verified, { type: 'IDENTITY_ACTIVATED', at: '9999-12-29T23:59:59.999Z', code: '0421' }).ok).toBe(true);
  });

  it.each([['0050-06-01T00:00:00Z'], ['0100-01-01T23:59:59.999Z'], ['9999-12-31T00:00:00Z'], ['9999-12-31T23:59:59Z']])(
    'an event at %s is INVALID_PAYLOAD on at, naming the instants covered',
    (at) => {
      const result = applyEvent(create(TRAINING_2026), { type: 'TICK', at });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.rejection).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'at' });
        expect(result.rejection.message).toContain('0100-01-02 to 9999-12-30');
      }
    },
  );

  it('events at 0100-01-02T00:00:00Z and 9999-12-30T23:59:59.999Z, the first and last instants covered, are accepted', () => {
    const early = apply(create(TRAINING_2026), { type: 'TICK', at: '0100-01-02T00:00:00Z' });
    expect(apply(early, { type: 'TICK', at: '9999-12-30T23:59:59.999Z' }).clock).toBe(Date.parse('9999-12-30T23:59:59.999Z'));
  });

  it('no date at either end of the years ever gives a dossier in XState error status, and describe never throws', () => {
    const starts = ['0099-12-31', '0100-01-01', '0100-01-17', '0100-01-18', '0101-06-15', '9998-06-15', '9999-12-20', '9999-12-27', '9999-12-28', '9999-12-31'];
    for (const start of starts) {
      for (const calendar of ['FR', 'FR-GP']) {
        const created = createDossier({ calendar: calendar as 'FR' | 'FR-GP', training: { start, end: start } });
        if (!created.ok) {
          expect(created.error.code).toBe('INVALID_INPUT');
          expect(['training.start', 'training.end']).toContain(created.error.field);
          continue;
        }
        expect(machineSnapshotOf(created.dossier).status).toBe('active');
        expect(() => describeDossier(created.dossier)).not.toThrow();
        expect(() => describeDossier(created.dossier, '9999-12-30T23:59:59.999Z')).not.toThrow();
      }
    }
  });
});

describe('what is not a dossier is NOT_A_DOSSIER, never a TypeError', () => {
  const dossier = create(TRAINING_2026);
  const notDossiers: Array<[string, unknown]> = [
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['a number', 42],
    ['a JSON copy of a dossier', JSON.parse(JSON.stringify(dossier))],
    ['a spread copy of a dossier', { ...dossier }],
    ['a structured clone of a dossier', structuredClone(dossier)],
  ];

  it.each(notDossiers)('applyEvent(%s, a valid event) is NOT_A_DOSSIER', (_name, value) => {
    const result = applyEvent(value as Dossier, { type: 'SUBMIT', at: '2026-04-03T16:00:00+02:00' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection.code).toBe(NOT_A_DOSSIER);
      expect(result.rejection.event).toBe('SUBMIT');
      expect(result.rejection.message).toMatch(/^not a dossier made by createDossier, applyEvent or restoreDossier: /);
    }
  });

  it.each(notDossiers)('advanceTo, describeDossier and quoteCancellation of %s are NOT_A_DOSSIER', (_name, value) => {
    const advanced = advanceTo(value as Dossier, '2026-04-03T16:00:00+02:00');
    const described = describeDossier(value as Dossier);
    const quoted = quoteCancellation(value as Dossier, '2026-04-03T16:00:00+02:00');
    for (const result of [advanced, described, quoted]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.rejection.code).toBe(NOT_A_DOSSIER);
    }
  });

  it('a plain copy is told how to keep a dossier: serializeDossier and restoreDossier', () => {
    const described = describeDossier(JSON.parse(JSON.stringify(dossier)) as Dossier);
    expect(described.ok).toBe(false);
    if (!described.ok) expect(described.rejection.message).toContain('serializeDossier');
  });

  it.each(notDossiers)('persistDossier, serializeDossier, machineSnapshotOf, mustActOf and nextChangeOf of %s throw a TypeError that says so', (_name, value) => {
    for (const call of [
      () => persistDossier(value as Dossier),
      () => serializeDossier(value as Dossier),
      () => machineSnapshotOf(value as Dossier),
      () => mustActOf(value as Dossier),
      () => nextChangeOf(value as Dossier, 0),
    ]) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/^not a dossier made by createDossier, applyEvent or restoreDossier: /);
    }
  });

  it('a real dossier is one, and works with every function', () => {
    expect(isDossier(dossier)).toBe(true);
    expect(notDossiers.some(([, value]) => isDossier(value))).toBe(false);
    expect(applyEvent(dossier, { type: 'SUBMIT', at: '2026-04-03T16:00:00+02:00' }).ok).toBe(true);
    expect(describeDossier(dossier).ok).toBe(true);
    expect(() => serializeDossier(dossier)).not.toThrow();
  });

  it('nextChangeOf at something that is not an instant throws a TypeError; at an instant it answers', () => {
    expect(() => nextChangeOf(dossier, '2026-04-03' as unknown as number)).toThrow(/is not an instant/);
    expect(nextChangeOf(dossier, Date.parse('2026-04-03T16:00:00+02:00'))?.what).toBe('registration closes (too late to register)');
  });
});

describe('misused arguments of a real dossier give a code', () => {
  it('quoteCancellation(d, at, null) quotes as without options; options that are not an object are INVALID_PAYLOAD on options', () => {
    const dossier = validated();
    const at = '2026-04-27T10:00:00+02:00';
    const withNull = quoteCancellation(dossier, at, null);
    expect(withNull).toEqual(quoteCancellation(dossier, at));
    expect(withNull.ok).toBe(true);
    const withNumber = quoteCancellation(dossier, at, 5 as unknown as { forceMajeure: boolean });
    expect(withNumber.ok).toBe(false);
    if (!withNumber.ok) expect(withNumber.rejection).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'options' });
  });

  it.each([[null], [undefined], [42], ['SUBMIT'], [[]], [{ type: 'SUBMIT' }], [{ type: 'SUBMIT', at: 1n }]])(
    'applyEvent(dossier, %s) is INVALID_PAYLOAD and changes nothing',
    (event) => {
      const dossier = create(TRAINING_2026);
      const result = applyEvent(dossier, event as unknown as DossierEventInput);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.rejection.code).toBe('INVALID_PAYLOAD');
        expect(result.dossier).toBe(dossier);
      }
    },
  );

  it('describeDossier at something that is not an instant is INVALID_PAYLOAD on at', () => {
    const described = describeDossier(create(TRAINING_2026), 'tomorrow');
    expect(described.ok).toBe(false);
    if (!described.ok) expect(described.rejection).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'at' });
  });
});
