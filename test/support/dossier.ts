/**
 * Shared helpers for the dossier tests: build dossiers through the public API
 * (index.ts) only, apply events expecting success, and check rejections.
 *
 * Every instant below was worked out by hand from rules.md (calendar FR, 2026:
 * 2026-09-01 is a Tuesday; no public holiday from 2026-08-16 to 2026-10-31;
 * Europe/Paris is +02:00 until 2026-10-25 03:00 local, +01:00 after).
 */
import { expect } from 'vitest';
import { applyEvent, createDossier, describeDossier, REJECTION_CODES } from '../../index.js';
import type { ApplyResult, Dossier, DossierDescription, DossierEventInput, DossierInput, Rejection, RejectionCode } from '../../index.js';

export type EventLike = Record<string, unknown>;

/** applyEvent with a value that may not be a well-formed event, as JSON from outside can be. */
export function applyUnchecked(dossier: Dossier, event: unknown): ApplyResult {
  return applyEvent(dossier, event as DossierEventInput);
}

/** A new dossier; fails the test if the input is refused. */
export function create(input: DossierInput): Dossier {
  const created = createDossier(input);
  if (!created.ok) throw new Error(`createDossier refused its input: ${created.error.message}`);
  return created.dossier;
}

/** Applies an event that must be accepted. */
export function apply(dossier: Dossier, event: EventLike): Dossier {
  const result = applyUnchecked(dossier, event);
  if (!result.ok) {
    throw new Error(`${String(event.type)} at ${String(event.at)} was refused (${result.rejection.code}): ${result.rejection.message}`);
  }
  return result.dossier;
}

/** Applies events in order, each of which must be accepted. */
export function run(dossier: Dossier, events: readonly EventLike[]): Dossier {
  return events.reduce(apply, dossier);
}

/** What a rejected event must leave unchanged: the state, the context and the history. */
export function observable(dossier: Dossier): { state: string; statePath: string; context: unknown; history: unknown } {
  return structuredClone({
    state: dossier.state,
    statePath: dossier.statePath,
    context: dossier.context,
    history: dossier.history,
  });
}

/** Everything a dossier holds, as plain data (for "the argument was not changed"). */
function everything(dossier: Dossier): unknown {
  return structuredClone({ ...observable(dossier), clock: dossier.clock, setup: dossier.setup });
}

/**
 * Applies an event that must be rejected with `code`, without throwing, and checks that
 * the rejection changed nothing: the result's state, context and history deep-equal
 * the dossier's before the event, and the argument itself is untouched.
 */
export function expectRejected(dossier: Dossier, event: unknown, code: RejectionCode): Rejection {
  const before = observable(dossier);
  const all = everything(dossier);
  let result: ApplyResult | undefined;
  expect(() => {
    result = applyUnchecked(dossier, event);
  }).not.toThrow();
  expect(result!.ok).toBe(false);
  if (result!.ok) throw new Error('unreachable');
  expect(result!.rejection).toMatchObject({ code, message: expect.any(String) });
  expect(result!.rejection.message.length).toBeGreaterThan(0);
  expect(REJECTION_CODES).toContain(result!.rejection.code);
  expect(observable(result!.dossier)).toEqual(before);
  expect(everything(dossier)).toEqual(all);
  return result!.rejection;
}

/** Applies an event that must be rejected (time may still advance and expire the dossier). */
export function rejected(dossier: Dossier, event: unknown): { rejection: Rejection; dossier: Dossier } {
  const result = applyUnchecked(dossier, event);
  if (result.ok) throw new Error(`expected a rejection, but the event was accepted: ${JSON.stringify(event)}`);
  return { rejection: result.rejection, dossier: result.dossier };
}

/** describeDossier at an instant (or at the dossier's clock); fails the test on a rejection. */
export function describeAt(dossier: Dossier, at?: string | number): DossierDescription {
  const result = describeDossier(dossier, at);
  if (!result.ok) throw new Error(`describeDossier refused: ${result.rejection.message}`);
  return result.description;
}

/**
 * Money is integer cents and never created (rules.md section 8): once cancelled,
 * refunded + credited + debited = paid; before that nothing has moved yet.
 */
export function expectMoneyConserved(dossier: Dossier): void {
  const { paid, refunded, credited, debited } = dossier.context.money;
  for (const cents of [paid, refunded, credited, debited]) {
    expect(Number.isSafeInteger(cents)).toBe(true);
    expect(cents).toBeGreaterThanOrEqual(0);
  }
  expect(refunded + credited + debited).toBe(dossier.state === 'cancelled' ? paid : 0);
}

// ---------------------------------------------------------------------------
// The main timeline ("September training"), calendar FR.
//
// training 2026-09-29 (Tue) .. 2026-10-09 (Fri)
//   registration deadline: the 11th working day counting back from 09-29 (inclusive) is
//     09-15, so the latest d with workingDaysBetween(d, 09-29) >= 11 is 2026-09-14 (Mon).
//   entryDeclaration = addWorkingDays(09-29, 3) = 09-30, 10-01, 10-02 -> 2026-10-02 (Fri)
//   exitDeclaration  = addWorkingDays(10-09, 3) = 10-12, 10-13, 10-14 -> 2026-10-14 (Wed)
// SUBMIT     2026-09-07 (Mon) -> organisationResponse = 09-08, 09-09 -> 2026-09-09 (Wed)
// ACCEPTS    2026-09-08 (Tue) -> holderValidation = 09-09, 09-10, 09-11, 09-14 -> 2026-09-14 (Mon)
// VALIDATES  2026-09-09 (Wed) -> 103.20 EUR (the 2026 rate)
// ---------------------------------------------------------------------------

export const SEPT_TRAINING = { start: '2026-09-29', end: '2026-10-09' } as const;
export const SEPT_INPUT: DossierInput = {
  training: { ...SEPT_TRAINING },
  identityActivatedAt: '2026-08-31T09:00:00+02:00',
};

export const SEPT = {
  submit: { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' },
  accept: { type: 'ORGANISATION_ACCEPTS', at: '2026-09-08T11:00:00+02:00' },
  validate: { type: 'HOLDER_VALIDATES', at: '2026-09-09T12:00:00+02:00' },
  entry: { type: 'ENTRY_DECLARED', at: '2026-09-29T09:00:00+02:00' },
  exit: { type: 'EXIT_DECLARED', at: '2026-10-09T17:00:00+02:00' },
  evaluate: { type: 'EVALUATED', at: '2026-10-12T10:00:00+02:00', rating: 4 },
} as const;

export function septDraft(input: Partial<DossierInput> = {}): Dossier {
  return create({ ...SEPT_INPUT, ...input });
}
export function septRequested(input: Partial<DossierInput> = {}): Dossier {
  return apply(septDraft(input), SEPT.submit);
}
export function septAccepted(input: Partial<DossierInput> = {}): Dossier {
  return apply(septRequested(input), SEPT.accept);
}
export function septValidated(input: Partial<DossierInput> = {}): Dossier {
  return apply(septAccepted(input), SEPT.validate);
}
export function septInTraining(input: Partial<DossierInput> = {}): Dossier {
  return apply(septValidated(input), SEPT.entry);
}
export function septFinished(input: Partial<DossierInput> = {}): Dossier {
  return apply(septInTraining(input), SEPT.exit);
}
export function septEvaluated(input: Partial<DossierInput> = {}): Dossier {
  return apply(septFinished(input), SEPT.evaluate);
}

// ---------------------------------------------------------------------------
// The cancellation timeline ("October training"), calendar FR, all in +02:00.
//
// training 2026-10-22 (Thu) .. 2026-10-23 (Fri)
// Working days counting back from 10-22: 10-22 (1), 21, 20, 19 (4), 16, 15, 14 (7), 13 (8) ...
//   workingDaysBetween(10-13, 10-22) = 7 (charged), workingDaysBetween(10-12, 10-22) = 8 (free).
//
// Early validation (row "start 7 vs 8 working days away"):
//   SUBMIT 2026-09-01 (Tue), ACCEPTS 2026-09-02 (Wed), VALIDATES 2026-09-03 (Thu).
//   workingDaysBetween(09-03, 10-12) = 27 >= 14, so only the start distance can make it free.
//
// Late validation (row "validated 13 vs 14 working days ago"):
//   SUBMIT 2026-09-22 (Tue), ACCEPTS 2026-09-23 (Wed), VALIDATES 2026-09-25 (Fri).
//   (09-25, 10-14] = 09-28..10-02 (5), 10-05..10-09 (10), 10-12, 13, 14 (13) working days;
//   (09-25, 10-15] = 14. The start is 6 resp. 5 working days away: never more than 7.
// ---------------------------------------------------------------------------

export const OCT_INPUT: DossierInput = {
  training: { start: '2026-10-22', end: '2026-10-23' },
  identityActivatedAt: '2026-08-31T09:00:00+02:00',
};

export function octValidatedEarly(input: Partial<DossierInput> = {}): Dossier {
  return run(create({ ...OCT_INPUT, ...input }), [
    { type: 'SUBMIT', at: '2026-09-01T10:00:00+02:00' },
    { type: 'ORGANISATION_ACCEPTS', at: '2026-09-02T10:00:00+02:00' },
    { type: 'HOLDER_VALIDATES', at: '2026-09-03T10:00:00+02:00' },
  ]);
}

export function octValidatedLate(input: Partial<DossierInput> = {}): Dossier {
  return run(create({ ...OCT_INPUT, ...input }), [
    { type: 'SUBMIT', at: '2026-09-22T10:00:00+02:00' },
    { type: 'ORGANISATION_ACCEPTS', at: '2026-09-23T10:00:00+02:00' },
    { type: 'HOLDER_VALIDATES', at: '2026-09-25T10:00:00+02:00' },
  ]);
}

/** A sample payload for each event type, so that only the state decides. */
export const SAMPLE_EVENTS: Record<string, EventLike> = {
  IDENTITY_CREATED: { type: 'IDENTITY_CREATED' },
  IDENTITY_VERIFIED: { type: 'IDENTITY_VERIFIED', method: 'online' },
  IDENTITY_ACTIVATED: { type: 'IDENTITY_ACTIVATED', code: '1234' },
  SUBMIT: { type: 'SUBMIT' },
  ORGANISATION_ACCEPTS: { type: 'ORGANISATION_ACCEPTS' },
  ORGANISATION_REFUSES: { type: 'ORGANISATION_REFUSES' },
  HOLDER_VALIDATES: { type: 'HOLDER_VALIDATES' },
  ENTRY_DECLARED: { type: 'ENTRY_DECLARED' },
  EXIT_DECLARED: { type: 'EXIT_DECLARED' },
  EVALUATED: { type: 'EVALUATED', rating: 5 },
  HOLDER_CANCELS: { type: 'HOLDER_CANCELS', forceMajeure: false },
  TICK: { type: 'TICK' },
};

export function sample(type: string, at: string | number): EventLike {
  return { ...SAMPLE_EVENTS[type], at };
}
