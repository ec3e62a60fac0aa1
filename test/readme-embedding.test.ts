import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEvent, createDossier, describeDossier, quoteCancellation, restoreDossier, serializeDossier } from '../index.js';

/** The README's embedding example, step by step, with the values its comments promise. */
describe("the README's embedding example", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('gives what its comments say', () => {
    const created = createDossier({
      calendar: 'FR',
      training: { start: '2026-05-04', end: '2026-05-15' },
      identityActivatedAt: '2026-03-01T10:00:00+01:00',
    });
    if (!created.ok) throw new Error(created.error.message);
    const submitted = applyEvent(created.dossier, { type: 'SUBMIT', at: '2026-04-03T16:00:00+02:00' });
    expect(submitted.ok).toBe(true);

    const described = describeDossier(submitted.dossier, '2026-04-07T09:00:00+02:00');
    if (!described.ok) throw new Error(described.rejection.message);
    const { description } = described;
    expect(description.state).toBe('requested');
    expect(description.mustAct).toBe('organisation');
    expect(description.allowedEvents).toEqual(['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'HOLDER_CANCELS', 'TICK']);
    expect(description.deadlines).toEqual({
      registration: '2026-04-16',
      entryDeclaration: '2026-05-07',
      exitDeclaration: '2026-05-20',
      organisationResponse: '2026-04-08',
    });
    expect(description.edofState).toBe('notProcessed');
    expect(description.nextChange).toMatchObject({ at: '2026-04-09T00:00:00+02:00', what: 'the dossier expires: no answer from the organisation' });
    expect(readme).toContain("description.allowedEvents;  // ['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'HOLDER_CANCELS', 'TICK']");

    const accepted = applyEvent(submitted.dossier, { type: 'ORGANISATION_ACCEPTS', at: '2026-04-07T10:00:00+02:00' });
    const validated = applyEvent(accepted.dossier, { type: 'HOLDER_VALIDATES', at: '2026-04-08T10:00:00+02:00' });
    expect(quoteCancellation(validated.dossier, '2026-04-27T10:00:00+02:00', { forceMajeure: false })).toEqual({
      ok: true,
      quote: {
        state: 'cancelled',
        reason: 'HOLDER_CANCELLED',
        outcome: { cpfRights: 'restored', resteACharge: 'refunded' },
        money: { paid: 10320, refunded: 10320, credited: 0, debited: 0 },
        edofState: 'canceledByAttendee',
        forceMajeure: false,
      },
    });

    const restored = restoreDossier(serializeDossier(submitted.dossier));
    expect(restored.ok && serializeDossier(restored.dossier)).toBe(serializeDossier(submitted.dossier));
  });
});
