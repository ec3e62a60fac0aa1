/**
 * rules.md sections 4 and 5: the remaining charge ("reste à charge") and cancellation.
 * One test per row of the participation table (with both sides of each date), per
 * exemption, per cancellation row (with force majeure in each row), and the money
 * invariant of section 8: refunded + credited + debited = paid, in integer cents.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, createDossier, EXEMPTIONS } from '../index.js';
import type { Dossier, Region } from '../index.js';
import {
  apply,
  create,
  describeAt,
  expectMoneyConserved,
  OCT_INPUT,
  octValidatedEarly,
  octValidatedLate,
  run,
  septAccepted,
  septInTraining,
  septRequested,
  septValidated,
} from './support/dossier.js';

const PARTICIPATION_2024 = 10_000;
const PARTICIPATION_2025 = 10_223;
const PARTICIPATION_2026 = 10_320;

/**
 * An accepted dossier ready to be validated at the turn of a rate (all worked out by hand):
 * - 2024-05: SUBMIT Mon 2024-04-29, ACCEPTS Tue 04-30 (2024-05-01 is a holiday);
 *   holderValidation = 05-02, 05-03, 05-06, 05-07 -> 2024-05-07.
 * - 2025-01: SUBMIT Fri 2024-12-27, ACCEPTS Mon 12-30; holderValidation = 12-31, [01-01], 01-02, 01-03, 01-06.
 * - 2026-01: SUBMIT Mon 2025-12-29, ACCEPTS Tue 12-30; holderValidation = 12-31, [01-01], 01-02, 01-05, 01-06.
 */
function acceptedAround(turn: '2024-05' | '2025-01' | '2026-01', calendar: Region = 'FR'): Dossier {
  const offset = calendar === 'FR-GP' ? '-04:00' : turn === '2024-05' ? '+02:00' : '+01:00';
  const setups = {
    '2024-05': { start: '2024-06-03', end: '2024-06-07', identity: '2024-04-01', submit: '2024-04-29', accept: '2024-04-30' },
    '2025-01': { start: '2025-01-20', end: '2025-01-24', identity: '2024-12-01', submit: '2024-12-27', accept: '2024-12-30' },
    '2026-01': { start: '2026-01-19', end: '2026-01-23', identity: '2025-12-01', submit: '2025-12-29', accept: '2025-12-30' },
  } as const;
  const s = setups[turn];
  return run(
    create({ calendar, training: { start: s.start, end: s.end }, identityActivatedAt: `${s.identity}T10:00:00${offset}` }),
    [
      { type: 'SUBMIT', at: `${s.submit}T10:00:00${offset}` },
      { type: 'ORGANISATION_ACCEPTS', at: `${s.accept}T10:00:00${offset}` },
    ],
  );
}

function validatedAt(accepted: Dossier, at: string): Dossier {
  const dossier = apply(accepted, { type: 'HOLDER_VALIDATES', at });
  expect(dossier.state).toBe('validated');
  expectMoneyConserved(dossier);
  return dossier;
}

describe('participation table (rules.md section 4), chosen by the date of validation', () => {
  it('before 2024-05-02 nothing was due: validated at 2024-05-01T23:59:59.999+02:00 pays 0', () => {
    expect(validatedAt(acceptedAround('2024-05'), '2024-05-01T23:59:59.999+02:00').context.money.paid).toBe(0);
  });

  it('validated on or after 2024-05-02: 100.00 EUR (at 2024-05-02T00:00:00.000+02:00)', () => {
    expect(validatedAt(acceptedAround('2024-05'), '2024-05-02T00:00:00.000+02:00').context.money.paid).toBe(PARTICIPATION_2024);
  });

  it('the 2024-05-02 rate holds until 2024-12-31T23:59:59.999+01:00', () => {
    expect(validatedAt(acceptedAround('2025-01'), '2024-12-31T23:59:59.999+01:00').context.money.paid).toBe(PARTICIPATION_2024);
  });

  it('validated on or after 2025-01-01: 102.23 EUR (at 2025-01-01T00:00:00.000+01:00)', () => {
    expect(validatedAt(acceptedAround('2025-01'), '2025-01-01T00:00:00.000+01:00').context.money.paid).toBe(PARTICIPATION_2025);
  });

  it('the 2025-01-01 rate holds until 2025-12-31T23:59:59.999+01:00', () => {
    expect(validatedAt(acceptedAround('2026-01'), '2025-12-31T23:59:59.999+01:00').context.money.paid).toBe(PARTICIPATION_2025);
  });

  it('validated on or after 2026-01-01: 103.20 EUR (at 2026-01-01T00:00:00.000+01:00)', () => {
    expect(validatedAt(acceptedAround('2026-01'), '2026-01-01T00:00:00.000+01:00').context.money.paid).toBe(PARTICIPATION_2026);
  });

  it('the date of validation is read in the calendar zone: 2025-12-31T23:30:00Z is 2026-01-01 in Paris (103.20 EUR)', () => {
    expect(validatedAt(acceptedAround('2026-01'), '2025-12-31T23:30:00Z').context.money.paid).toBe(PARTICIPATION_2026);
  });

  it('FR-GP: 2025-12-31T22:00:00-04:00 (already 2026 in Paris) is still 2025-12-31 in Guadeloupe (102.23 EUR)', () => {
    expect(validatedAt(acceptedAround('2026-01', 'FR-GP'), '2025-12-31T22:00:00-04:00').context.money.paid).toBe(PARTICIPATION_2025);
  });

  it('the amount is integer cents in the dossier and euros in the description', () => {
    const dossier = septValidated();
    expect(dossier.context.money.paid).toBe(10_320);
    expect(Number.isInteger(dossier.context.money.paid)).toBe(true);
    expect(describeAt(dossier)).toMatchObject({ paidCents: 10_320, paid: 103.2 });
  });

  it.each(EXEMPTIONS.map((e) => [e]))('exemption %s pays nothing (validated in 2026), the rights are still reserved', (exemption) => {
    const dossier = septValidated({ exemption });
    expect(dossier.context.money).toEqual({ paid: 0, refunded: 0, credited: 0, debited: 0 });
    expect(dossier.context.cpfRights).toBe('reserved');
  });

  it('the exemptions are exactly job-seeker, employer-top-up, c2p, work-incapacity', () => {
    expect([...EXEMPTIONS].sort()).toEqual(['c2p', 'employer-top-up', 'job-seeker', 'work-incapacity']);
  });

  it('an unknown exemption is an input error, not a dossier', () => {
    // @ts-expect-error the type offers the four exemptions only; a JSON caller is checked at run time
    const result = createDossier({ ...OCT_INPUT, exemption: 'student' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INVALID_INPUT', field: 'exemption' });
  });

  it('reserved rights become debited when entry into training is declared', () => {
    expect(septValidated().context.cpfRights).toBe('reserved');
    expect(septInTraining().context.cpfRights).toBe('debited');
  });
});

interface Expected {
  cpfRights: string;
  resteACharge: string;
  reason: string;
  money: { paid: number; refunded: number; credited: number; debited: number };
}

function expectCancellation(dossier: Dossier, event: Record<string, unknown>, expected: Expected): Dossier {
  const cancelled = apply(dossier, { type: 'HOLDER_CANCELS', ...event });
  expect(cancelled.state).toBe('cancelled');
  expect(cancelled.context.reason).toBe(expected.reason);
  expect(cancelled.context.outcome).toEqual({ cpfRights: expected.cpfRights, resteACharge: expected.resteACharge });
  expect(cancelled.context.money).toEqual(expected.money);
  expectMoneyConserved(cancelled);
  return cancelled;
}

const NOTHING = { paid: 0, refunded: 0, credited: 0, debited: 0 };
const REFUNDED = { paid: PARTICIPATION_2026, refunded: PARTICIPATION_2026, credited: 0, debited: 0 };
const CREDITED = { paid: PARTICIPATION_2026, refunded: 0, credited: PARTICIPATION_2026, debited: 0 };
const DEBITED = { paid: PARTICIPATION_2026, refunded: 0, credited: 0, debited: PARTICIPATION_2026 };

const beforeValidation = { cpfRights: 'untouched', resteACharge: 'none', reason: 'HOLDER_CANCELLED', money: NOTHING };
const free = { cpfRights: 'restored', resteACharge: 'refunded', reason: 'HOLDER_CANCELLED', money: REFUNDED };
const charged = { cpfRights: 'debited', resteACharge: 'credited', reason: 'HOLDER_CANCELLED', money: CREDITED };
const abandoned = { cpfRights: 'debited', resteACharge: 'debited', reason: 'HOLDER_ABANDONED', money: DEBITED };
const abandonedForceMajeure = { cpfRights: 'restored', resteACharge: 'refunded', reason: 'HOLDER_ABANDONED', money: REFUNDED };

describe('cancellation table (rules.md section 5), one test per row, force majeure in each row', () => {
  describe('row: in requested or accepted -> untouched / none, HOLDER_CANCELLED', () => {
    it('in requested', () => {
      expectCancellation(septRequested(), { at: '2026-09-08T10:00:00+02:00' }, beforeValidation);
    });
    it('in accepted', () => {
      expectCancellation(septAccepted(), { at: '2026-09-09T10:00:00+02:00' }, beforeValidation);
    });
    // rules.md names force majeure only for the validated/started rows; nothing was reserved or paid here.
    it('in requested, with force majeure: still untouched / none', () => {
      expectCancellation(septRequested(), { at: '2026-09-08T10:00:00+02:00', forceMajeure: true }, beforeValidation);
    });
    it('in accepted, with force majeure: still untouched / none', () => {
      expectCancellation(septAccepted(), { at: '2026-09-09T10:00:00+02:00', forceMajeure: true }, beforeValidation);
    });
  });

  describe('row: in validated, before the start, validated < 14 working days ago or start > 7 working days away -> restored / refunded', () => {
    it('validated 13 working days ago (2026-09-25 -> 2026-10-14T23:59:59.999+02:00), start 6 working days away: free', () => {
      expectCancellation(octValidatedLate(), { at: '2026-10-14T23:59:59.999+02:00' }, free);
    });
    it('start 8 working days away (2026-10-12T23:59:59.999+02:00 -> 2026-10-22), validated 27 working days ago: free', () => {
      expectCancellation(octValidatedEarly(), { at: '2026-10-12T23:59:59.999+02:00' }, free);
    });
    it('the day after validation (both conditions true): free', () => {
      expectCancellation(octValidatedEarly(), { at: '2026-09-04T10:00:00+02:00' }, free);
    });
    it('with force majeure: restored / refunded all the same', () => {
      expectCancellation(octValidatedLate(), { at: '2026-10-14T12:00:00+02:00', forceMajeure: true }, free);
    });
  });

  describe('row: in validated, before the start date, otherwise -> debited / credited', () => {
    it('validated 14 working days ago (2026-09-25 -> 2026-10-15T00:00:00.000+02:00), start 5 working days away: charged', () => {
      expectCancellation(octValidatedLate(), { at: '2026-10-15T00:00:00.000+02:00' }, charged);
    });
    it('start exactly 7 working days away (2026-10-13T00:00:00.000+02:00 -> 2026-10-22) is charged (Decision)', () => {
      expectCancellation(octValidatedEarly(), { at: '2026-10-13T00:00:00.000+02:00' }, charged);
    });
    it('the day before the start (2026-10-21T23:59:59.999+02:00): charged, not abandoned', () => {
      expectCancellation(octValidatedEarly(), { at: '2026-10-21T23:59:59.999+02:00' }, charged);
    });
    it('with force majeure: restored / refunded, HOLDER_CANCELLED', () => {
      expectCancellation(octValidatedEarly(), { at: '2026-10-13T00:00:00.000+02:00', forceMajeure: true }, free);
    });
  });

  describe('row: on or after the start date (validated or in-training) -> debited / debited, HOLDER_ABANDONED', () => {
    it('in validated, on the start day itself (2026-10-22T00:00:00.000+02:00), entry not declared: abandoned', () => {
      const dossier = expectCancellation(octValidatedEarly(), { at: '2026-10-22T00:00:00.000+02:00' }, abandoned);
      expect(dossier.context.cpfRights).toBe('debited');
    });
    it('in validated, after the end date (never declared): abandoned', () => {
      expectCancellation(octValidatedEarly(), { at: '2026-11-02T10:00:00+01:00' }, abandoned);
    });
    it('in in-training: abandoned', () => {
      expectCancellation(septInTraining(), { at: '2026-09-30T10:00:00+02:00' }, abandoned);
    });
    it('in validated on the start day, with force majeure: restored / refunded, HOLDER_ABANDONED', () => {
      const dossier = expectCancellation(octValidatedEarly(), { at: '2026-10-22T00:00:00.000+02:00', forceMajeure: true }, abandonedForceMajeure);
      expect(dossier.context.cpfRights).toBe('restored');
    });
    it('in in-training, with force majeure: restored / refunded, HOLDER_ABANDONED (the debited rights come back)', () => {
      const dossier = expectCancellation(septInTraining(), { at: '2026-09-30T10:00:00+02:00', forceMajeure: true }, abandonedForceMajeure);
      expect(dossier.context.cpfRights).toBe('restored');
    });
  });

  describe('resteACharge is none when nothing was paid (an exemption, or a date with no participation)', () => {
    it.each(EXEMPTIONS.map((e) => [e]))('exemption %s: free -> restored / none; charged -> debited / none; abandoned -> debited / none', (exemption) => {
      const early = octValidatedEarly({ exemption });
      expectCancellation(early, { at: '2026-09-04T10:00:00+02:00' }, { ...free, resteACharge: 'none', money: NOTHING });
      expectCancellation(early, { at: '2026-10-13T10:00:00+02:00' }, { ...charged, resteACharge: 'none', money: NOTHING });
      expectCancellation(early, { at: '2026-10-22T10:00:00+02:00' }, { ...abandoned, resteACharge: 'none', money: NOTHING });
      expectCancellation(early, { at: '2026-10-22T10:00:00+02:00', forceMajeure: true }, { ...abandonedForceMajeure, resteACharge: 'none', money: NOTHING });
    });

    it('validated on 2024-05-01 (nothing due): an abandon is debited / none', () => {
      const dossier = validatedAt(acceptedAround('2024-05'), '2024-05-01T12:00:00+02:00');
      expectCancellation(dossier, { at: '2024-06-03T10:00:00+02:00' }, { ...abandoned, resteACharge: 'none', money: NOTHING });
    });

    it('validated at the 2024 rate: the money moved is 100.00 EUR, not the rate of the cancellation date', () => {
      const dossier = validatedAt(acceptedAround('2025-01'), '2024-12-31T12:00:00+01:00');
      const money = { paid: PARTICIPATION_2024, refunded: 0, credited: 0, debited: PARTICIPATION_2024 };
      expectCancellation(dossier, { at: '2025-01-20T10:00:00+01:00' }, { ...abandoned, money });
    });
  });
});

describe('money invariant (rules.md section 8): refunded + credited + debited = paid, integer cents', () => {
  const DAY = 86_400_000;
  const builders: Array<[string, () => Dossier]> = [
    ['requested', () => septRequested()],
    ['accepted', () => septAccepted()],
    ['validated early', () => octValidatedEarly()],
    ['validated late', () => octValidatedLate()],
    ['validated, job-seeker', () => octValidatedEarly({ exemption: 'job-seeker' })],
    ['in-training', () => septInTraining()],
  ];
  const built = builders.map(([name, build]) => [name, build()] as const);

  it('holds for every cancellation at any instant, with or without force majeure', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...built),
        fc.integer({ min: 0, max: 80 * DAY }),
        fc.boolean(),
        ([, dossier], delta, forceMajeure) => {
          const result = applyEvent(dossier, { type: 'HOLDER_CANCELS', at: dossier.clock! + delta, forceMajeure });
          if (!result.ok) {
            // only a requested/accepted dossier can expire before the cancellation arrives
            expect(result.rejection.code).toBe('INVALID_IN_STATE');
            expect(result.dossier.state).toBe('expired');
            expectMoneyConserved(result.dossier);
            return;
          }
          expect(result.dossier.state).toBe('cancelled');
          expectMoneyConserved(result.dossier);
          const { outcome, money } = result.dossier.context;
          if (outcome!.resteACharge === 'none') expect(money.refunded + money.credited + money.debited).toBe(0);
          else expect(money[outcome!.resteACharge]).toBe(money.paid);
        },
      ),
      { numRuns: 300 },
    );
  });
});
