import { addWorkingDays } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import type { Training } from '../machines/types.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';
import { dateOf } from './time.js';

/** The `entryDeclaration` deadline: 3 working days after the start date, e.g. start 2026-05-04 gives 2026-05-07. */
export function entryDeclarationDeadline(training: Training, region: Region): CalendarDate {
  return addWorkingDays(training.start, CPF_POLICY.declarations.entryWorkingDays, region);
}

/** The `exitDeclaration` deadline: 3 working days after the end date. */
export function exitDeclarationDeadline(training: Training, region: Region): CalendarDate {
  return addWorkingDays(training.end, CPF_POLICY.declarations.exitWorkingDays, region);
}

/** ENTRY_DECLARED's guard, failing with TOO_EARLY: the start date has not come yet (`date(at) < start`). */
export function isBeforeTrainingStart(at: Instant, training: Training, region: Region): boolean {
  return dateOf(at, region) < training.start;
}

/** EXIT_DECLARED's guard, failing with TOO_EARLY: the end date has not come yet (`date(at) < end`). */
export function isBeforeTrainingEnd(at: Instant, training: Training, region: Region): boolean {
  return dateOf(at, region) < training.end;
}
