import { addCalendarDays, addWorkingDays, latestDateWithWorkingDaysBefore, workingDaysBetween } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import type { CancellationOutcome, DossierContext, DossierStateName, Money, Reason } from '../machines/types.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';
import { dateOf } from './time.js';

/** The row of the cancellation table (rules.md section 5) a HOLDER_CANCELS falls in. */
export type CancellationRow = 'beforeValidation' | 'free' | 'charged' | 'abandoned';

export interface CancellationRuling {
  row: CancellationRow;
  forceMajeure: boolean;
  reason: Reason;
  outcome: CancellationOutcome;
  /** Where the remaining charge goes, in cents; refunded + credited + debited = paid. */
  money: Money;
}

/**
 * Which cancellation row applies at `at` in a validated dossier that has not started:
 * free while validated for fewer than 14 working days, or while the start is more than
 * 7 working days away (a start exactly 7 working days away is charged).
 */
export function isCancellationFree(context: DossierContext, at: Instant): boolean {
  const region = context.calendar;
  const today = dateOf(at, region);
  const validatedOn = dateOf(context.validatedAt ?? at, region);
  const { freeWhileValidatedForLessThanWorkingDays, freeWhenStartIsMoreThanWorkingDays } = CPF_POLICY.cancellation;
  return (
    workingDaysBetween(validatedOn, today, region) < freeWhileValidatedForLessThanWorkingDays ||
    workingDaysBetween(today, context.training.start, region) > freeWhenStartIsMoreThanWorkingDays
  );
}

/**
 * The last day of each limit under which a dossier validated on `validatedOn` can be
 * cancelled for free (rules.md section 5, as `isCancellationFree` reads it): validated
 * for fewer than 14 working days, and the start more than 7 working days away. Before
 * the start, cancelling is free on a day on or before either; a limit may lie before the
 * validation (a start already near) or after the start (then the start ends it).
 * @example lastFreeCancellationDays('2026-04-01', '2026-05-04', 'FR-57')
 * // { whileRecentlyValidated: '2026-04-22', whileStartIsFar: '2026-04-21' } (Good Friday, Easter Monday and 1 May skipped)
 */
export function lastFreeCancellationDays(validatedOn: CalendarDate, start: CalendarDate, region: Region): { whileRecentlyValidated: CalendarDate; whileStartIsFar: CalendarDate } {
  const { freeWhileValidatedForLessThanWorkingDays, freeWhenStartIsMoreThanWorkingDays } = CPF_POLICY.cancellation;
  return {
    // workingDaysBetween(validatedOn, d) < 14 until the day before the 14th working day after the validation.
    whileRecentlyValidated: addCalendarDays(addWorkingDays(validatedOn, freeWhileValidatedForLessThanWorkingDays, region), -1),
    // workingDaysBetween(d, start) > 7, that is >= 8.
    whileStartIsFar: latestDateWithWorkingDaysBefore(start, freeWhenStartIsMoreThanWorkingDays + 1, region),
  };
}

/** "The training has started" (rules.md section 5): `date(at) >= training.start`, declared or not. */
export function hasTrainingStarted(context: DossierContext, at: Instant): boolean {
  return dateOf(at, context.calendar) >= context.training.start;
}

export function cancellationRowOf(state: DossierStateName, context: DossierContext, at: Instant): CancellationRow {
  if (state === 'requested' || state === 'accepted') return 'beforeValidation';
  if (state === 'in-training' || hasTrainingStarted(context, at)) return 'abandoned';
  return isCancellationFree(context, at) ? 'free' : 'charged';
}

/**
 * What HOLDER_CANCELS at `at` does to rights and money: the whole of rules.md section 5,
 * used both by the machine and by the quote a service asks for before cancelling.
 */
export function ruleOnCancellation(
  state: DossierStateName,
  context: DossierContext,
  at: Instant,
  forceMajeure: boolean,
): CancellationRuling {
  return ruleOnCancellationRow(cancellationRowOf(state, context, at), context.money.paid, forceMajeure);
}

/**
 * What a cancellation in a given row of the table does, for a holder who paid `paid`
 * cents. The machine names the row on each HOLDER_CANCELS transition, so the diagram
 * and the outcome cannot disagree.
 */
export function ruleOnCancellationRow(row: CancellationRow, paid: number, forceMajeure: boolean): CancellationRuling {
  const money: Money = { paid, refunded: 0, credited: 0, debited: 0 };
  const reason: Reason = row === 'abandoned' ? 'HOLDER_ABANDONED' : 'HOLDER_CANCELLED';
  if (row === 'beforeValidation') {
    return { row, forceMajeure, reason, outcome: { cpfRights: 'untouched', resteACharge: 'none' }, money };
  }
  // Force majeure: « SAUF en cas de force majeure » — nothing debited, everything paid refunded.
  const rowOutcome: CancellationOutcome =
    forceMajeure || row === 'free'
      ? { cpfRights: 'restored', resteACharge: 'refunded' }
      : row === 'charged'
        ? { cpfRights: 'debited', resteACharge: 'credited' }
        : { cpfRights: 'debited', resteACharge: 'debited' };
  if (paid > 0) {
    const resteACharge = rowOutcome.resteACharge as 'refunded' | 'credited' | 'debited';
    money[resteACharge] = paid;
  }
  return {
    row,
    forceMajeure,
    reason,
    outcome: { cpfRights: rowOutcome.cpfRights, resteACharge: paid > 0 ? rowOutcome.resteACharge : 'none' },
    money,
  };
}
