import type { CalendarDate } from '../calendar/index.js';
import { PARTICIPATION_RATES } from '../policy/cpf-policy.js';
import type { Exemption, ParticipationRate } from '../policy/cpf-policy.js';

/**
 * The flat participation due at a validation on `validationDate`, in cents: the newest
 * rate in force that day, nothing before the first, nothing for an exempted holder.
 * @example participationDueCents('2026-01-01', null) === 10_320
 */
export function participationDueCents(
  validationDate: CalendarDate,
  exemption: Exemption | null,
  rates: readonly ParticipationRate[] = PARTICIPATION_RATES,
): number {
  if (exemption !== null) return 0;
  let due = 0;
  for (const rate of rates) if (rate.from <= validationDate) due = rate.amountCents;
  return due;
}
