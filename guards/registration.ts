import { latestDateWithWorkingDaysBefore, workingDaysBetween } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import type { Training } from '../machines/types.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';
import { dateOf } from './time.js';

/**
 * The `registration` deadline: the last date d with workingDaysBetween(d, start) >= 11.
 * @example registrationDeadline({ start: '2026-03-17', end: '2026-03-20' }, 'FR') === '2026-03-02'
 */
export function registrationDeadline(training: Training, region: Region): CalendarDate {
  return latestDateWithWorkingDaysBefore(training.start, CPF_POLICY.registration.minWorkingDaysBeforeStart, region);
}

/** SUBMIT's guard, failing with TOO_LATE_TO_REGISTER: fewer than 11 working days left before the start. */
export function isTooLateToRegister(at: Instant, training: Training, region: Region): boolean {
  return workingDaysBetween(dateOf(at, region), training.start, region) < CPF_POLICY.registration.minWorkingDaysBeforeStart;
}
