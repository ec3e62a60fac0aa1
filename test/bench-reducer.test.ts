import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGIONS, addCalendarDays, startOfDay } from '../calendar/index.js';
import { generateDossiers } from '../bench/generate.js';
import type { GeneratedDossier } from '../bench/generate.js';
import { summaryByApi, summaryByReducer, summaryByActor, summaryByTransition } from '../bench/replay.js';
import { EVENT_TYPES } from '../machines/types.js';
import type { DossierEvent } from '../machines/types.js';
import { EXEMPTIONS, VERIFICATION_METHODS } from '../policy/cpf-policy.js';

/**
 * The benchmark's limit, the hand-written reducer of bench/reducer.ts, must implement
 * the same rules as the machine, or its figures mean nothing: it is held against the
 * machine (through the public API) on the benchmark's own generated dossiers and on
 * random event sequences. The XState baselines of the benchmark (createActor + send,
 * transition()) are held against it too.
 */

const MS_PER_HOUR = 3_600_000;

describe('the benchmark reducer against the machine', () => {
  const generated = generateDossiers(1_500);

  it('agrees on every generated dossier: final state, reason, outcome, paid, late, rating, every rejection code', () => {
    for (const dossier of generated) expect(summaryByReducer(dossier), dossier.path).toEqual(summaryByApi(dossier));
  });

  it('the XState baselines agree too (on the first 300)', () => {
    for (const dossier of generated.slice(0, 300)) {
      const expected = summaryByApi(dossier);
      expect(summaryByActor(dossier), dossier.path).toEqual(expected);
      expect(summaryByTransition(dossier), dossier.path).toEqual(expected);
    }
  });

  it('the generated mix reaches every final state and every rejection code the machine gives', () => {
    const states = new Set<string>();
    const codes = new Set<string>();
    for (const dossier of generated) {
      const summary = summaryByApi(dossier);
      states.add(summary.state);
      for (const code of summary.rejections) if (code) codes.add(code);
    }
    expect([...states].sort()).toEqual(
      expect.arrayContaining(['cancelled', 'expired', 'finished.awaitingEvaluation', 'finished.evaluated', 'refused']),
    );
    expect([...codes].sort()).toEqual(['IDENTITY_NOT_ACTIVE', 'INVALID_IN_STATE', 'INVALID_PAYLOAD', 'TOO_EARLY', 'TOO_LATE_TO_REGISTER']);
  });

  const setupArbitrary = fc.record({
    calendar: fc.constantFrom(...REGIONS),
    startOffset: fc.integer({ min: 0, max: 1_200 }),
    length: fc.integer({ min: 0, max: 60 }),
    exemption: fc.option(fc.constantFrom(...EXEMPTIONS), { nil: null }),
    activatedDaysBefore: fc.option(fc.integer({ min: -5, max: 90 }), { nil: null }),
  });

  const eventArbitrary = fc.record({
    type: fc.constantFrom(...EVENT_TYPES),
    // Mostly forward in time, by up to three weeks; now and then backwards.
    hours: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 500 }) }, { weight: 1, arbitrary: fc.integer({ min: -30, max: -1 }) }),
    rating: fc.integer({ min: 0, max: 6 }),
    forceMajeure: fc.boolean(),
    method: fc.constantFrom(...VERIFICATION_METHODS),
    code: fc.constantFrom('0421', '12a4', '123'),
  });

  it('agrees on random event sequences (any event, in any state, at any time)', () => {
    fc.assert(
      fc.property(setupArbitrary, fc.integer({ min: 10, max: 80 }), fc.array(eventArbitrary, { minLength: 1, maxLength: 12 }), (s, daysBeforeStart, steps) => {
        const start = addCalendarDays('2024-06-03', s.startOffset);
        const activatedAt = s.activatedDaysBefore === null ? null : startOfDay(addCalendarDays(start, -s.activatedDaysBefore), s.calendar) + 10 * MS_PER_HOUR;
        let at = startOfDay(addCalendarDays(start, -daysBeforeStart), s.calendar) + 9 * MS_PER_HOUR;
        const events: DossierEvent[] = steps.map((step) => {
          at += step.hours * MS_PER_HOUR;
          switch (step.type) {
            case 'IDENTITY_VERIFIED':
              return { type: step.type, at, method: step.method };
            case 'IDENTITY_ACTIVATED':
              return { type: step.type, at, code: step.code };
            case 'EVALUATED':
              return { type: step.type, at, rating: step.rating };
            case 'HOLDER_CANCELS':
              return { type: step.type, at, forceMajeure: step.forceMajeure };
            default:
              return { type: step.type, at } as DossierEvent;
          }
        });
        const dossier: GeneratedDossier = {
          path: 'rejections',
          setup: { calendar: s.calendar, training: { start, end: addCalendarDays(start, s.length) }, exemption: s.exemption, identityActivatedAt: activatedAt },
          events,
        };
        expect(summaryByReducer(dossier)).toEqual(summaryByApi(dossier));
      }),
      { numRuns: 400 },
    );
  });
});
