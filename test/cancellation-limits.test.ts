import { describe, expect, it } from 'vitest';
import { applyEvent, createDossier, quoteCancellation } from '../index.js';
import type { Dossier } from '../index.js';
import { addCalendarDays } from '../calendar/index.js';
import type { Region } from '../calendar/index.js';
import { lastFreeCancellationDays } from '../guards/cancellation.js';

/** A dossier validated at `validatedAt`, for a training from `start`. */
function validated(validatedAt: string, start: string, calendar: Region = 'FR'): Dossier {
  const created = createDossier({ calendar, training: { start, end: addCalendarDays(start, 11) }, identityActivatedAt: '2025-01-01T10:00:00+01:00' });
  if (!created.ok) throw new Error(created.error.message);
  let dossier = created.dossier;
  for (const event of ['SUBMIT', 'ORGANISATION_ACCEPTS', 'HOLDER_VALIDATES'] as const) {
    const step = applyEvent(dossier, { type: event, at: validatedAt });
    if (!step.ok) throw new Error(`${event}: ${step.rejection.message}`);
    dossier = step.dossier;
  }
  return dossier;
}

/** What cancelling at `at` costs, as the row of the table: free or charged. */
function rowAt(dossier: Dossier, at: string): 'free' | 'charged' {
  const quote = quoteCancellation(dossier, at, { forceMajeure: false });
  if (!quote.ok) throw new Error(quote.rejection.message);
  return quote.quote.outcome.cpfRights === 'restored' ? 'free' : 'charged';
}

describe('lastFreeCancellationDays', () => {
  it('gives the last day of each limit in Moselle, Good Friday, Easter Monday and 1 May skipped', () => {
    expect(lastFreeCancellationDays('2026-04-01', '2026-05-04', 'FR-57')).toEqual({ whileRecentlyValidated: '2026-04-22', whileStartIsFar: '2026-04-21' });
  });

  it('gives a day on which cancelling is free to its last millisecond, and charged from the next day (validated recently)', () => {
    // Validated 1 April 2026 for a start on 4 May: the later limit is the 14 working days (22 April in Moselle).
    const dossier = validated('2026-04-01T10:00:00+02:00', '2026-05-04', 'FR-57');
    const { whileRecentlyValidated } = lastFreeCancellationDays('2026-04-01', '2026-05-04', 'FR-57');
    expect(rowAt(dossier, `${whileRecentlyValidated}T23:59:59.999+02:00`)).toBe('free');
    expect(rowAt(dossier, `${addCalendarDays(whileRecentlyValidated, 1)}T00:00:00+02:00`)).toBe('charged');
  });

  it('gives a day on which cancelling is free to its last millisecond, and charged from the next day (start far away)', () => {
    // Validated 2 March 2026 for a start on 4 May: 14 working days end on 19 March; the start is more than 7 working days away until 21 April.
    const dossier = validated('2026-03-02T10:00:00+01:00', '2026-05-04');
    const limits = lastFreeCancellationDays('2026-03-02', '2026-05-04', 'FR');
    expect(limits).toEqual({ whileRecentlyValidated: '2026-03-19', whileStartIsFar: '2026-04-21' });
    expect(rowAt(dossier, '2026-04-21T23:59:59.999+02:00')).toBe('free');
    expect(rowAt(dossier, '2026-04-22T00:00:00+02:00')).toBe('charged');
  });
});
