import { addCalendarDays, describeValue, FIRST_SUPPORTED_DATE, formatInstant, isSupportedDate, LAST_SUPPORTED_DATE } from '../calendar/index.js';
import type { Instant, Region } from '../calendar/index.js';
import { entryDeclarationDeadline, exitDeclarationDeadline } from '../guards/declarations.js';
import { identityUsableFrom } from '../guards/identity.js';
import { registrationDeadline } from '../guards/registration.js';
import { firstInstantPast } from '../guards/time.js';
import type { Training } from '../machines/types.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';
import { LAST_INSTANT } from './events.js';

/**
 * Every date a dossier will need must be one the calendar covers, and every instant it
 * will name (the first instant past each deadline, when the identity becomes usable) one
 * an event could carry: else a guard would throw in the middle of a transition (XState
 * then leaves the actor in its `error` status, with an empty context), or a description
 * would write a year past 9999. So they are checked where the dossier is created and
 * where the identity is activated, and refused there with the field at fault.
 *
 * The deadlines set by later events need no check of their own: `organisationResponse`
 * is set by a SUBMIT on time, so it falls before `training.start`; `holderValidation` by
 * an acceptance before that deadline, so before `training.start` too; the expiries they
 * cause are their first instants past. All of them lie inside what is checked here.
 */

export interface DateError {
  field: 'training.start' | 'training.end' | 'identityActivatedAt';
  message: string;
}

const COVERED = `the calendar covers ${FIRST_SUPPORTED_DATE} to ${LAST_SUPPORTED_DATE}`;

/** Only a calendar RangeError means a date out of range; anything else is a bug, thrown on. */
function rethrowUnlessRange(error: unknown): void {
  if (!(error instanceof RangeError)) throw error;
}

function outside(field: DateError['field'], date: string): DateError | null {
  return !isSupportedDate(date) ? { field, message: `${field} ${date} is outside the dates the calendar covers (${FIRST_SUPPORTED_DATE} to ${LAST_SUPPORTED_DATE})` } : null;
}

function pastTheLastInstant(instant: Instant): boolean {
  return instant > LAST_INSTANT;
}

/**
 * Training dates a year or more inside the calendar's ends: their deadlines, a few working
 * days away (each region has some 250 a year), are inside it too, and pass long before
 * the last instant (test/hardening-api.test.ts checks it at both ends, for every region;
 * a deadline moves with its date). Speed: a new dossier's dates are then checked without
 * computing its three deadlines, which the machine computes for its context anyway.
 */
const FIRST_SURELY_COVERED = addCalendarDays(FIRST_SUPPORTED_DATE, 365);
const LAST_SURELY_COVERED = addCalendarDays(LAST_SUPPORTED_DATE, -365);

/** The first error among the dates a new dossier needs, or null when they are all covered. */
export function dossierDatesError(training: Training, region: Region, identityActivatedAt: Instant | null): DateError | null {
  const surelyCovered = isSurelyCovered(training.start) && isSurelyCovered(training.end);
  return (surelyCovered ? null : trainingDatesError(training, region)) ?? identityError(identityActivatedAt, region);
}

function isSurelyCovered(date: string): boolean {
  return isSupportedDate(date) && date >= FIRST_SURELY_COVERED && date <= LAST_SURELY_COVERED;
}

function identityError(identityActivatedAt: Instant | null, region: Region): DateError | null {
  if (identityActivatedAt === null) return null;
  const message = identityUsableError(identityActivatedAt, region);
  return message === null ? null : { field: 'identityActivatedAt', message };
}

function trainingDatesError(training: Training, region: Region): DateError | null {
  const outOfRange = outside('training.start', training.start) ?? outside('training.end', training.end);
  if (outOfRange) return outOfRange;
  try {
    registrationDeadline(training, region);
  } catch (error) {
    rethrowUnlessRange(error);
    return {
      field: 'training.start',
      message: `training.start ${training.start} is too early: its registration deadline, ${CPF_POLICY.registration.minWorkingDaysBeforeStart} working days before it, would fall before ${FIRST_SUPPORTED_DATE} (${COVERED})`,
    };
  }
  const declarations = [
    { field: 'training.start', date: training.start, name: 'entryDeclaration', days: CPF_POLICY.declarations.entryWorkingDays, deadline: entryDeclarationDeadline },
    { field: 'training.end', date: training.end, name: 'exitDeclaration', days: CPF_POLICY.declarations.exitWorkingDays, deadline: exitDeclarationDeadline },
  ] as const;
  for (const { field, date, name, days, deadline } of declarations) {
    const tooLate = `${field} ${date} is too late: its ${name} deadline, ${days} working days after it,`;
    let last: string;
    try {
      last = deadline(training, region);
    } catch (error) {
      rethrowUnlessRange(error);
      return { field, message: `${tooLate} would fall past ${LAST_SUPPORTED_DATE} (${COVERED})` };
    }
    const expires = firstInstantPast(last, region);
    if (pastTheLastInstant(expires)) {
      return {
        field,
        message: `${tooLate} is ${last}, and the instant it passes (${formatInstant(expires, region)}) would be past the last instant an event can carry (${formatInstant(LAST_INSTANT, region)}; ${COVERED})`,
      };
    }
  }
  return null;
}

/** Why an identity activated at `activatedAt` cannot be kept (it becomes usable past the calendar), or null. */
export function identityUsableError(activatedAt: Instant, region: Region): string | null {
  const usableFrom = identityUsableFrom(activatedAt);
  if (!pastTheLastInstant(usableFrom)) return null;
  return `${describeValue(formatInstant(activatedAt, region))}: the identity would be usable from 24 hours later, past the last instant the calendar covers (${formatInstant(LAST_INSTANT, region)})`;
}
