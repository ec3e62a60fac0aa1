/**
 * rules.md sections 1 and 3: time-based transitions, deadlines and both sides of every
 * boundary. Every literal instant was worked out by hand from the rules (see the
 * comments); none was copied from the program's output.
 */
import { describe, expect, it } from 'vitest';
import type { Dossier, Region } from '../index.js';
import {
  apply,
  create,
  describeAt,
  expectRejected,
  rejected,
  run,
  SEPT,
  septAccepted,
  septDraft,
  septInTraining,
  septRequested,
  septValidated,
} from './support/dossier.js';

function expectExpired(dossier: Dossier, reason: string, deadline: string, passedAt: string): void {
  expect(dossier.state).toBe('expired');
  expect(dossier.context.reason).toBe(reason);
  expect(dossier.history.at(-1)).toMatchObject({ event: 'DEADLINE_PASSED', deadline, at: passedAt, to: 'expired' });
}

describe('time-based transitions table (rules.md section 3)', () => {
  it('requested, past the organisation response deadline (2 working days) -> expired, ORGANISATION_NO_RESPONSE', () => {
    // SUBMIT Mon 2026-09-07: the deadline is Wed 2026-09-09, past from Thu 2026-09-10 00:00 (+02:00)
    const dossier = apply(septRequested(), { type: 'TICK', at: '2026-09-10T00:00:00.000+02:00' });
    expectExpired(dossier, 'ORGANISATION_NO_RESPONSE', 'organisationResponse', '2026-09-10T00:00:00+02:00');
  });

  it('accepted, past the holder validation deadline (4 working days) -> expired, HOLDER_NO_VALIDATION', () => {
    // ACCEPTS Tue 2026-09-08: the deadline is Mon 2026-09-14, past from Tue 2026-09-15 00:00 (+02:00)
    const dossier = apply(septAccepted(), { type: 'TICK', at: '2026-09-15T00:00:00.000+02:00' });
    expectExpired(dossier, 'HOLDER_NO_VALIDATION', 'holderValidation', '2026-09-15T00:00:00+02:00');
  });

  it('time advances with any event: an event long after the deadline finds the dossier expired at the deadline, not at the event', () => {
    const { rejection, dossier } = rejected(septRequested(), { type: 'HOLDER_CANCELS', at: '2026-12-01T10:00:00+01:00' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expectExpired(dossier, 'ORGANISATION_NO_RESPONSE', 'organisationResponse', '2026-09-10T00:00:00+02:00');
  });

  it('no other state expires with time: draft, validated, in-training and finished stay put', () => {
    const later = '2027-06-01T10:00:00+02:00';
    expect(apply(septDraft(), { type: 'TICK', at: later }).state).toBe('draft');
    expect(apply(septValidated(), { type: 'TICK', at: later }).state).toBe('validated');
    expect(apply(septInTraining(), { type: 'TICK', at: later }).state).toBe('in-training');
    expect(apply(apply(septInTraining(), SEPT.exit), { type: 'TICK', at: later }).statePath).toBe('finished.awaitingEvaluation');
  });
});

describe('registration: SUBMIT on the last day (11 working days before the start) vs the day after', () => {
  it('registration deadline of a training starting Tue 2026-09-29 is Mon 2026-09-14', () => {
    expect(septDraft().context.deadlines.registration).toBe('2026-09-14');
  });

  it('SUBMIT at 2026-09-14T23:59:59.999+02:00 (workingDaysBetween = 11) is on time', () => {
    expect(apply(septDraft(), { type: 'SUBMIT', at: '2026-09-14T23:59:59.999+02:00' }).state).toBe('requested');
  });

  it('SUBMIT at 2026-09-15T00:00:00.000+02:00 (workingDaysBetween = 10) is TOO_LATE_TO_REGISTER', () => {
    expectRejected(septDraft(), { type: 'SUBMIT', at: '2026-09-15T00:00:00.000+02:00' }, 'TOO_LATE_TO_REGISTER');
  });

  it('a training starting on a Monday (2026-09-28) has a Sunday registration deadline (2026-09-13)', () => {
    // counting back from 09-28: 28, 25, 24, 23, 22, 21, 18, 17, 16, 15, 14 (the 11th) -> d = Sunday 09-13
    const draft = create({ training: { start: '2026-09-28', end: '2026-10-02' }, identityActivatedAt: '2026-08-31T09:00:00+02:00' });
    expect(draft.context.deadlines.registration).toBe('2026-09-13');
    expect(apply(draft, { type: 'SUBMIT', at: '2026-09-13T23:59:59.999+02:00' }).state).toBe('requested');
    expectRejected(draft, { type: 'SUBMIT', at: '2026-09-14T00:00:00.000+02:00' }, 'TOO_LATE_TO_REGISTER');
  });
});

describe("the organisation's 2 working days: 23:59:59.999 on the deadline day vs 00:00:00.000 the next day", () => {
  it('ORGANISATION_ACCEPTS at 2026-09-09T23:59:59.999+02:00 is on time', () => {
    expect(apply(septRequested(), { type: 'ORGANISATION_ACCEPTS', at: '2026-09-09T23:59:59.999+02:00' }).state).toBe('accepted');
  });

  it('ORGANISATION_REFUSES at 2026-09-09T23:59:59.999+02:00 is on time', () => {
    expect(apply(septRequested(), { type: 'ORGANISATION_REFUSES', at: '2026-09-09T23:59:59.999+02:00' }).state).toBe('refused');
  });

  it('ORGANISATION_ACCEPTS at 2026-09-10T00:00:00.000+02:00 finds the dossier expired: INVALID_IN_STATE, state expired', () => {
    const { rejection, dossier } = rejected(septRequested(), { type: 'ORGANISATION_ACCEPTS', at: '2026-09-10T00:00:00.000+02:00' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expect(rejection.message.length).toBeGreaterThan(0);
    expectExpired(dossier, 'ORGANISATION_NO_RESPONSE', 'organisationResponse', '2026-09-10T00:00:00+02:00');
  });

  it('ORGANISATION_REFUSES at 2026-09-10T00:00:00.000+02:00 is INVALID_IN_STATE too (expired, not refused)', () => {
    const { rejection, dossier } = rejected(septRequested(), { type: 'ORGANISATION_REFUSES', at: '2026-09-10T00:00:00.000+02:00' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expect(dossier.state).toBe('expired');
    expect(dossier.context.reason).toBe('ORGANISATION_NO_RESPONSE');
  });
});

describe("the holder's 4 working days: 23:59:59.999 on the deadline day vs 00:00:00.000 the next day", () => {
  it('HOLDER_VALIDATES at 2026-09-14T23:59:59.999+02:00 (the 4th working day after Tue 09-08, over a weekend) is on time', () => {
    expect(apply(septAccepted(), { type: 'HOLDER_VALIDATES', at: '2026-09-14T23:59:59.999+02:00' }).state).toBe('validated');
  });

  it('HOLDER_VALIDATES at 2026-09-15T00:00:00.000+02:00 finds the dossier expired: INVALID_IN_STATE, HOLDER_NO_VALIDATION', () => {
    const { rejection, dossier } = rejected(septAccepted(), { type: 'HOLDER_VALIDATES', at: '2026-09-15T00:00:00.000+02:00' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expectExpired(dossier, 'HOLDER_NO_VALIDATION', 'holderValidation', '2026-09-15T00:00:00+02:00');
    expect(dossier.context.money.paid).toBe(0);
  });

  it('HOLDER_CANCELS at 2026-09-15T00:00:00.000+02:00 is INVALID_IN_STATE (already expired)', () => {
    const { rejection, dossier } = rejected(septAccepted(), { type: 'HOLDER_CANCELS', at: '2026-09-15T00:00:00.000+02:00' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expect(dossier.state).toBe('expired');
  });
});

describe('declarations: TOO_EARLY before the date, late after 3 working days, overdue while due and past', () => {
  it('ENTRY_DECLARED at 2026-09-28T23:59:59.999+02:00 (the day before the start) is TOO_EARLY', () => {
    expectRejected(septValidated(), { type: 'ENTRY_DECLARED', at: '2026-09-28T23:59:59.999+02:00' }, 'TOO_EARLY');
  });

  it('ENTRY_DECLARED at 2026-09-29T00:00:00.000+02:00 (the start date) is accepted', () => {
    expect(apply(septValidated(), { type: 'ENTRY_DECLARED', at: '2026-09-29T00:00:00.000+02:00' }).state).toBe('in-training');
  });

  it('entry deadline = addWorkingDays(2026-09-29, 3) = 2026-10-02', () => {
    expect(septDraft().context.deadlines.entryDeclaration).toBe('2026-10-02');
  });

  it('ENTRY_DECLARED at 2026-10-02T23:59:59.999+02:00 is on time', () => {
    const dossier = apply(septValidated(), { type: 'ENTRY_DECLARED', at: '2026-10-02T23:59:59.999+02:00' });
    expect(dossier.state).toBe('in-training');
    expect(dossier.context.late).toEqual([]);
  });

  it('ENTRY_DECLARED at 2026-10-03T00:00:00.000+02:00 is accepted and recorded as late', () => {
    const dossier = apply(septValidated(), { type: 'ENTRY_DECLARED', at: '2026-10-03T00:00:00.000+02:00' });
    expect(dossier.state).toBe('in-training');
    expect(dossier.context.late).toEqual(['entryDeclaration']);
    expect(describeAt(dossier).late).toEqual(['entryDeclaration']);
  });

  it('describeDossier reports entryDeclaration overdue from 2026-10-03T00:00:00.000+02:00, not at 23:59:59.999 the day before', () => {
    const validated = septValidated();
    expect(describeAt(validated, '2026-09-29T10:00:00+02:00').overdue).toEqual([]);
    expect(describeAt(validated, '2026-10-02T23:59:59.999+02:00').overdue).toEqual([]);
    expect(describeAt(validated, '2026-10-03T00:00:00.000+02:00').overdue).toEqual(['entryDeclaration']);
    expect(describeAt(validated, '2026-10-14T23:59:59.999+02:00').overdue).toEqual(['entryDeclaration']);
  });

  it('never declared: once the exit deadline (2026-10-14) has passed too, both declarations are overdue', () => {
    // rules.md is silent here; the model's documented decision (api/describe.ts overdueAt) reports both.
    const validated = septValidated();
    expect([...describeAt(validated, '2026-10-15T00:00:00.000+02:00').overdue].sort()).toEqual(['entryDeclaration', 'exitDeclaration']);
  });

  it('once declared (even late), the entry is no longer overdue', () => {
    const late = apply(septValidated(), { type: 'ENTRY_DECLARED', at: '2026-10-05T10:00:00+02:00' });
    expect(describeAt(late, '2026-10-05T10:00:00+02:00').overdue).toEqual([]);
  });

  it('EXIT_DECLARED at 2026-10-08T23:59:59.999+02:00 (the day before the end) is TOO_EARLY', () => {
    expectRejected(septInTraining(), { type: 'EXIT_DECLARED', at: '2026-10-08T23:59:59.999+02:00' }, 'TOO_EARLY');
  });

  it('EXIT_DECLARED at 2026-10-09T00:00:00.000+02:00 (the end date) is accepted', () => {
    expect(apply(septInTraining(), { type: 'EXIT_DECLARED', at: '2026-10-09T00:00:00.000+02:00' }).state).toBe('finished');
  });

  it('exit deadline = addWorkingDays(2026-10-09, 3) = 2026-10-14', () => {
    expect(septDraft().context.deadlines.exitDeclaration).toBe('2026-10-14');
  });

  it('EXIT_DECLARED at 2026-10-14T23:59:59.999+02:00 is on time', () => {
    const dossier = apply(septInTraining(), { type: 'EXIT_DECLARED', at: '2026-10-14T23:59:59.999+02:00' });
    expect(dossier.statePath).toBe('finished.awaitingEvaluation');
    expect(dossier.context.late).toEqual([]);
  });

  it('EXIT_DECLARED at 2026-10-15T00:00:00.000+02:00 is accepted and recorded as late', () => {
    const dossier = apply(septInTraining(), { type: 'EXIT_DECLARED', at: '2026-10-15T00:00:00.000+02:00' });
    expect(dossier.state).toBe('finished');
    expect(dossier.context.late).toEqual(['exitDeclaration']);
  });

  it('describeDossier reports exitDeclaration overdue from 2026-10-15T00:00:00.000+02:00', () => {
    const inTraining = septInTraining();
    expect(describeAt(inTraining, '2026-10-09T10:00:00+02:00').overdue).toEqual([]);
    expect(describeAt(inTraining, '2026-10-14T23:59:59.999+02:00').overdue).toEqual([]);
    expect(describeAt(inTraining, '2026-10-15T00:00:00.000+02:00').overdue).toEqual(['exitDeclaration']);
    const exited = apply(inTraining, { type: 'EXIT_DECLARED', at: '2026-10-16T10:00:00+02:00' });
    expect(describeAt(exited).overdue).toEqual([]);
  });

  it('both declarations late are both recorded', () => {
    const dossier = run(septValidated(), [
      { type: 'ENTRY_DECLARED', at: '2026-10-05T10:00:00+02:00' },
      { type: 'EXIT_DECLARED', at: '2026-10-20T10:00:00+02:00' },
    ]);
    expect([...dossier.context.late].sort()).toEqual(['entryDeclaration', 'exitDeclaration']);
  });
});

describe('deadlines across a daylight-saving change in Paris', () => {
  // Autumn 2026: the clocks go back on Sunday 2026-10-25 (+02:00 -> +01:00).
  // SUBMIT Thu 2026-10-22 + 2 working days = Fri 10-23, Mon 10-26 -> deadline 2026-10-26,
  // whose 23:59:59.999 is in +01:00: 2026-10-26T22:59:59.999Z.
  // Training Mon 2026-11-16: workingDaysBetween(10-22, 11-16) = 16 (11-11 is a holiday).
  const autumn = () =>
    apply(create({ training: { start: '2026-11-16', end: '2026-11-20' }, identityActivatedAt: '2026-08-31T09:00:00+02:00' }), {
      type: 'SUBMIT',
      at: '2026-10-22T10:00:00+02:00',
    });

  it('SUBMIT on Thu 2026-10-22: organisationResponse is Mon 2026-10-26', () => {
    expect(autumn().context.deadlines.organisationResponse).toBe('2026-10-26');
  });

  it('ORGANISATION_ACCEPTS at 2026-10-26T23:59:59.999+01:00 (22:59:59.999Z) is on time', () => {
    expect(apply(autumn(), { type: 'ORGANISATION_ACCEPTS', at: '2026-10-26T23:59:59.999+01:00' }).state).toBe('accepted');
    expect(apply(autumn(), { type: 'ORGANISATION_ACCEPTS', at: '2026-10-26T22:59:59.999Z' }).state).toBe('accepted');
  });

  it('ORGANISATION_ACCEPTS at 2026-10-26T22:30:00Z (23:30 local in +01:00) is on time: the day does not end at 21:59:59.999Z', () => {
    expect(apply(autumn(), { type: 'ORGANISATION_ACCEPTS', at: '2026-10-26T22:30:00Z' }).state).toBe('accepted');
  });

  it('ORGANISATION_ACCEPTS at 2026-10-27T00:00:00.000+01:00 (23:00:00.000Z) is too late: expired', () => {
    const { rejection, dossier } = rejected(autumn(), { type: 'ORGANISATION_ACCEPTS', at: '2026-10-26T23:00:00.000Z' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expectExpired(dossier, 'ORGANISATION_NO_RESPONSE', 'organisationResponse', '2026-10-27T00:00:00+01:00');
  });

  it('holderValidation across the change: ACCEPTS Thu 2026-10-22 -> Wed 2026-10-28, on time until 2026-10-28T22:59:59.999Z', () => {
    // 10-23 (1), 10-26 (2), 10-27 (3), 10-28 (4)
    const accepted = apply(autumn(), { type: 'ORGANISATION_ACCEPTS', at: '2026-10-22T15:00:00+02:00' });
    expect(accepted.context.deadlines.holderValidation).toBe('2026-10-28');
    expect(apply(accepted, { type: 'HOLDER_VALIDATES', at: '2026-10-28T22:59:59.999Z' }).state).toBe('validated');
    expect(rejected(accepted, { type: 'HOLDER_VALIDATES', at: '2026-10-28T23:00:00.000Z' }).dossier.state).toBe('expired');
  });

  // Spring 2026: the clocks go forward on Sunday 2026-03-29 (+01:00 -> +02:00).
  // SUBMIT Thu 2026-03-26 + 2 working days = Fri 03-27, Mon 03-30 -> deadline 2026-03-30,
  // whose 23:59:59.999 is in +02:00: 2026-03-30T21:59:59.999Z.
  // Training Tue 2026-04-14: workingDaysBetween(03-26, 04-14) = 12 (04-06 is Easter Monday).
  const spring = () =>
    apply(create({ training: { start: '2026-04-14', end: '2026-04-17' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' }), {
      type: 'SUBMIT',
      at: '2026-03-26T10:00:00+01:00',
    });

  it('SUBMIT on Thu 2026-03-26: organisationResponse is Mon 2026-03-30', () => {
    expect(spring().context.deadlines.organisationResponse).toBe('2026-03-30');
  });

  it('ORGANISATION_ACCEPTS at 2026-03-30T23:59:59.999+02:00 (21:59:59.999Z) is on time', () => {
    expect(apply(spring(), { type: 'ORGANISATION_ACCEPTS', at: '2026-03-30T23:59:59.999+02:00' }).state).toBe('accepted');
    expect(apply(spring(), { type: 'ORGANISATION_ACCEPTS', at: '2026-03-30T21:59:59.999Z' }).state).toBe('accepted');
  });

  it('ORGANISATION_ACCEPTS at 2026-03-31T00:00:00.000+02:00 (22:00:00.000Z) is too late: expired', () => {
    const { rejection, dossier } = rejected(spring(), { type: 'ORGANISATION_ACCEPTS', at: '2026-03-30T22:00:00.000Z' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expectExpired(dossier, 'ORGANISATION_NO_RESPONSE', 'organisationResponse', '2026-03-31T00:00:00+02:00');
  });

  it('ORGANISATION_ACCEPTS at 2026-03-30T22:30:00Z (23:30 in +01:00, but it is +02:00 now) is too late', () => {
    expect(rejected(spring(), { type: 'ORGANISATION_ACCEPTS', at: '2026-03-30T22:30:00Z' }).dossier.state).toBe('expired');
  });
});

describe('regional calendars', () => {
  // FR-57 (Moselle): Good Friday 2026-04-03 is a holiday. SUBMIT Thu 2026-04-02 + 2 working days:
  //   FR:    04-03 (1), [04-06 Easter Monday], 04-07 (2) -> 2026-04-07
  //   FR-57: [04-03], [04-06], 04-07 (1), 04-08 (2)    -> 2026-04-08
  const moselle = (calendar: Region) =>
    apply(create({ calendar, training: { start: '2026-04-28', end: '2026-04-30' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' }), {
      type: 'SUBMIT',
      at: '2026-04-02T10:00:00+02:00',
    });

  it('FR-57: Good Friday is skipped: organisationResponse after SUBMIT on 2026-04-02 is 2026-04-08 (2026-04-07 in FR)', () => {
    expect(moselle('FR-57').context.deadlines.organisationResponse).toBe('2026-04-08');
    expect(moselle('FR').context.deadlines.organisationResponse).toBe('2026-04-07');
  });

  it('FR-57: ORGANISATION_ACCEPTS at 2026-04-08T12:00+02:00 is on time in FR-57 and too late in FR', () => {
    expect(apply(moselle('FR-57'), { type: 'ORGANISATION_ACCEPTS', at: '2026-04-08T12:00:00+02:00' }).state).toBe('accepted');
    expect(rejected(moselle('FR'), { type: 'ORGANISATION_ACCEPTS', at: '2026-04-08T12:00:00+02:00' }).dossier.state).toBe('expired');
  });

  it('FR-57: ORGANISATION_ACCEPTS at 2026-04-08T23:59:59.999+02:00 is on time, at 2026-04-09T00:00:00.000+02:00 expired', () => {
    expect(apply(moselle('FR-57'), { type: 'ORGANISATION_ACCEPTS', at: '2026-04-08T23:59:59.999+02:00' }).state).toBe('accepted');
    const { dossier } = rejected(moselle('FR-57'), { type: 'ORGANISATION_ACCEPTS', at: '2026-04-09T00:00:00.000+02:00' });
    expectExpired(dossier, 'ORGANISATION_NO_RESPONSE', 'organisationResponse', '2026-04-09T00:00:00+02:00');
  });

  it('FR-57: registration for a training starting Fri 2026-04-17 closes on 2026-03-31 (2026-04-01 in FR)', () => {
    // counting back from 04-17: 17, 16, 15, 14, 13, 10, 9, 8, 7 (9), [6], FR: 3 (10), 2 (11) -> 04-01;
    // FR-57: [3], 2 (10), 1 (11) -> 03-31
    const input = { training: { start: '2026-04-17', end: '2026-04-17' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' };
    const fr = create(input);
    const fr57 = create({ ...input, calendar: 'FR-57' });
    expect(fr.context.deadlines.registration).toBe('2026-04-01');
    expect(fr57.context.deadlines.registration).toBe('2026-03-31');
    const submit = { type: 'SUBMIT', at: '2026-04-01T10:00:00+02:00' };
    expect(apply(fr, submit).state).toBe('requested');
    expectRejected(fr57, submit, 'TOO_LATE_TO_REGISTER');
  });

  // FR-GP (Guadeloupe), America/Guadeloupe = -04:00 all year. Abolition of slavery: Wed 2026-05-27.
  // SUBMIT Tue 2026-05-26 + 2 working days: [05-27], 05-28 (1), 05-29 (2) -> 2026-05-29,
  // whose 23:59:59.999 is 2026-05-30T03:59:59.999Z (already Saturday 05:59 in Paris).
  // Training Mon 2026-06-22 .. Fri 06-26: entryDeclaration = 06-23, 06-24, 06-25 -> 2026-06-25.
  const guadeloupe = () =>
    apply(
      create({ calendar: 'FR-GP', training: { start: '2026-06-22', end: '2026-06-26' }, identityActivatedAt: '2026-05-01T10:00:00-04:00' }),
      { type: 'SUBMIT', at: '2026-05-26T10:00:00-04:00' },
    );

  it('FR-GP: the abolition of slavery (2026-05-27) is skipped: organisationResponse is 2026-05-29', () => {
    expect(guadeloupe().context.deadlines.organisationResponse).toBe('2026-05-29');
    expect(guadeloupe().context.deadlines.entryDeclaration).toBe('2026-06-25');
  });

  it('FR-GP: an instant without an offset is read in America/Guadeloupe', () => {
    const draft = create({ calendar: 'FR-GP', training: { start: '2026-06-22', end: '2026-06-26' }, identityActivatedAt: '2026-05-01T10:00:00-04:00' });
    expect(apply(draft, { type: 'SUBMIT', at: '2026-05-26T10:00:00' }).clock).toBe(Date.parse('2026-05-26T14:00:00Z'));
  });

  it('FR-GP: ORGANISATION_ACCEPTS at 2026-05-29T23:30:00-04:00 (Saturday in Paris) is on time', () => {
    expect(apply(guadeloupe(), { type: 'ORGANISATION_ACCEPTS', at: '2026-05-29T23:30:00-04:00' }).state).toBe('accepted');
  });

  it('FR-GP: ORGANISATION_ACCEPTS at 2026-05-30T03:59:59.999Z is on time, at 2026-05-30T04:00:00.000Z expired', () => {
    expect(apply(guadeloupe(), { type: 'ORGANISATION_ACCEPTS', at: '2026-05-30T03:59:59.999Z' }).state).toBe('accepted');
    const { rejection, dossier } = rejected(guadeloupe(), { type: 'ORGANISATION_ACCEPTS', at: '2026-05-30T04:00:00.000Z' });
    expect(rejection.code).toBe('INVALID_IN_STATE');
    expectExpired(dossier, 'ORGANISATION_NO_RESPONSE', 'organisationResponse', '2026-05-30T00:00:00-04:00');
  });

  it('FR-GP: ENTRY_DECLARED at 2026-06-21T23:30:00-04:00 (already 06-22 in Paris) is TOO_EARLY; at 2026-06-22T00:00:00-04:00 accepted', () => {
    const validated = run(guadeloupe(), [
      { type: 'ORGANISATION_ACCEPTS', at: '2026-05-28T10:00:00-04:00' },
      { type: 'HOLDER_VALIDATES', at: '2026-05-29T10:00:00-04:00' },
    ]);
    expectRejected(validated, { type: 'ENTRY_DECLARED', at: '2026-06-21T23:30:00-04:00' }, 'TOO_EARLY');
    const entered = apply(validated, { type: 'ENTRY_DECLARED', at: '2026-06-22T00:00:00-04:00' });
    expect(entered.state).toBe('in-training');
  });

  it('FR-GP: ENTRY_DECLARED at 2026-06-25T23:59:59.999-04:00 is on time, at 2026-06-26T00:00:00.000-04:00 late', () => {
    const validated = run(guadeloupe(), [
      { type: 'ORGANISATION_ACCEPTS', at: '2026-05-28T10:00:00-04:00' },
      { type: 'HOLDER_VALIDATES', at: '2026-05-29T10:00:00-04:00' },
    ]);
    expect(apply(validated, { type: 'ENTRY_DECLARED', at: '2026-06-26T03:59:59.999Z' }).context.late).toEqual([]);
    expect(apply(validated, { type: 'ENTRY_DECLARED', at: '2026-06-26T04:00:00.000Z' }).context.late).toEqual(['entryDeclaration']);
  });
});
