import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyEvent, createDossier, describeDossier, FINAL_STATES, restoreDossier } from '../index.js';
import type { Dossier, DossierEventInput, Exemption, Region } from '../index.js';
import {
  checkSequence,
  concretise,
  emptyStats,
  sequenceFailureOf,
  sequencePlanArbitrary,
  sequenceProperty,
  sequenceToYaml,
} from '../model/properties.js';
import type { ConcreteSequence, Violation } from '../model/properties.js';
import { replayScenario } from '../replay/replay.js';
import { parseScenario } from '../replay/scenario.js';

/**
 * rules.md section 8 on random event sequences (model/properties.ts): every event type,
 * valid and invalid payloads and instants, time forwards and sometimes backwards, gaps of
 * years, every region. A bounded run here; `npm run fuzz` runs 100,000 and more.
 */

const TIMEOUT = 60_000;
/** Fixed in CI for a reproducible run; FUZZ_SEED=... to try others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_518);

function failureText(error: unknown): string {
  const failure = sequenceFailureOf(error);
  if (!failure) return String(error);
  return `${failure.message}\n\nReplay it:\n${sequenceToYaml(failure.sequence, failure.violation, 'property counterexample')}`;
}

describe('the invariants of rules.md section 8 hold for random event sequences', () => {
  it('final states absorb, money is conserved, nothing throws, replay is deterministic, persist/restore continues identically', () => {
    const stats = emptyStats();
    const result = fc.check(sequenceProperty({ firstYear: 2000, lastYear: 2060 }, stats), { numRuns: 1_500, seed: SEED });
    const reached = Object.entries(stats.reached)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([state, n]) => `${state} ${n}`)
      .join(', ');
    console.log(
      `properties: ${result.numRuns} sequences (seed ${SEED}), ${stats.events} events, ${stats.rejected} rejected; sequences reaching each state: ${reached}`,
    );
    expect(result.failed ? failureText(result.errorInstance) : '').toBe('');
    // The generator reaches every state, not only draft.
    for (const state of ['requested', 'accepted', 'validated', 'in-training', 'finished.awaitingEvaluation', 'finished.evaluated', 'refused', 'expired', 'cancelled']) {
      expect(stats.reached[state] ?? 0, state).toBeGreaterThan(5);
    }
  }, TIMEOUT);

  it('holds over a century, long gaps and backwards time included (training dates 1990-2090)', () => {
    const result = fc.check(sequenceProperty({ firstYear: 1990, lastYear: 2090, maxEvents: 20 }), { numRuns: 300, seed: SEED + 1 });
    expect(result.failed ? failureText(result.errorInstance) : '').toBe('');
  }, TIMEOUT);

  it('a final state refuses every event but TICK, whatever its payload', () => {
    // Sequences that end in a final state, then every event type at the same instant.
    const created = createDossier({ training: { start: '2026-05-18', end: '2026-05-29' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' });
    if (!created.ok) throw new Error(created.error.message);
    const finals: Dossier[] = [];
    const submitted = applyEvent(created.dossier, { type: 'SUBMIT', at: '2026-04-01T10:00:00+02:00' }).dossier;
    finals.push(applyEvent(submitted, { type: 'ORGANISATION_REFUSES', at: '2026-04-01T11:00:00+02:00' }).dossier);
    finals.push(applyEvent(submitted, { type: 'TICK', at: '2026-04-30T00:00:00+02:00' }).dossier);
    finals.push(applyEvent(submitted, { type: 'HOLDER_CANCELS', at: '2026-04-01T11:00:00+02:00' }).dossier);
    expect(finals.map((d) => d.state)).toEqual(['refused', 'expired', 'cancelled']);
    fc.assert(
      fc.property(
        fc.constantFrom(...finals),
        fc.record({
          type: fc.constantFrom('SUBMIT', 'ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'HOLDER_VALIDATES', 'ENTRY_DECLARED', 'EXIT_DECLARED', 'EVALUATED', 'HOLDER_CANCELS', 'IDENTITY_CREATED', 'IDENTITY_VERIFIED', 'IDENTITY_ACTIVATED', 'TICK'),
          rating: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
          forceMajeure: fc.option(fc.boolean(), { nil: undefined }),
          days: fc.integer({ min: 0, max: 3_000 }),
        }),
        (dossier, { type, rating, forceMajeure, days }) => {
          const event: Record<string, unknown> = { type, at: Date.parse('2026-05-01T00:00:00Z') + days * 86_400_000 };
          if (type === 'EVALUATED' && rating !== undefined) event.rating = rating;
          if (type === 'HOLDER_CANCELS' && forceMajeure !== undefined) event.forceMajeure = forceMajeure;
          if (type === 'IDENTITY_VERIFIED') event.method = 'online';
          if (type === 'IDENTITY_ACTIVATED') event.code = '0421';
          const result = applyEvent(dossier, event as DossierEventInput);
          expect(result.ok).toBe(type === 'TICK');
          if (!result.ok) expect(result.rejection.code).toBe('INVALID_IN_STATE');
          expect((FINAL_STATES as readonly string[]).includes(result.dossier.state)).toBe(true);
          expect(result.dossier.context).toEqual(dossier.context);
          expect(describeDossier(result.dossier).ok).toBe(true);
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it('restoreDossier never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.anything()), (value) => {
        const result = restoreDossier(value);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

describe('a failing sequence is shrunk and written as a scenario that replays', () => {
  /** A stand-in for a broken invariant: "no holder ever gets a refund". */
  const noRefund = (sequence: ConcreteSequence): Violation | null => {
    const created = createDossier(sequence.input);
    if (!created.ok) return null;
    let dossier = created.dossier;
    for (const [index, event] of sequence.events.entries()) {
      dossier = applyEvent(dossier, event as DossierEventInput).dossier;
      if (dossier.context.money.refunded > 0) return { invariant: 'money is conserved', step: index, message: 'a refund (stand-in invariant)' };
    }
    return null;
  };

  it('shrinks to a short sequence, and its YAML replays step by step through the API', () => {
    const result = fc.check(sequenceProperty({ firstYear: 2024, lastYear: 2030 }, undefined, noRefund), { numRuns: 5_000, seed: SEED });
    expect(result.failed).toBe(true);
    const failure = sequenceFailureOf(result.errorInstance)!;
    expect(failure).not.toBeNull();
    const yaml = sequenceToYaml(failure.sequence, failure.violation, 'stand-in counterexample', `seed ${SEED}`);
    // SUBMIT, ORGANISATION_ACCEPTS, HOLDER_VALIDATES, HOLDER_CANCELS at least, identity events at most 3 more.
    const document = parse(yaml) as {
      name: string;
      calendar: Region;
      given: { training: { start: string; end: string }; identityActivatedAt?: string; exemption?: Exemption };
      when: Array<Record<string, unknown> & { at: string; event: string; expect?: { state?: string; rejected?: string } }>;
      then: { state: string; outcome?: unknown };
    };
    expect(document.when.length).toBeLessThanOrEqual(10);
    expect(document.then.state).toBe('cancelled');
    // The scenario, replayed as `cpf-dossier replay` does it.
    const created = createDossier({ calendar: document.calendar, training: document.given.training, identityActivatedAt: document.given.identityActivatedAt ?? null, exemption: document.given.exemption ?? null });
    if (!created.ok) throw new Error(created.error.message);
    let dossier = created.dossier;
    for (const step of document.when) {
      const { expect: expected, event: type, ...fields } = step;
      const applied = applyEvent(dossier, { type, ...fields } as DossierEventInput);
      dossier = applied.dossier;
      expect(applied.ok ? undefined : applied.rejection.code).toBe(expected?.rejected);
      expect(dossier.state).toBe(expected?.state);
    }
    expect(dossier.context.money.refunded).toBeGreaterThan(0);
    // And as `cpf-dossier replay` reads and runs the file.
    const parsed = parseScenario('counterexample.yaml', yaml);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (parsed.ok) expect(replayScenario(parsed.scenario).failures).toEqual([]);
  }, TIMEOUT);

  it('writes only events the scenario format can hold, with their instants in ISO 8601', () => {
    const [plan] = fc.sample(sequencePlanArbitrary({ firstYear: 2020, lastYear: 2030 }), { numRuns: 1, seed: SEED });
    const sequence = concretise(plan!);
    const yaml = sequenceToYaml(sequence, checkSequence(sequence), 'sample');
    const document = parse(yaml) as { when: Array<{ at: unknown; event: unknown }> };
    for (const step of document.when) {
      expect(typeof step.at).toBe('string');
      expect(typeof step.event).toBe('string');
    }
  });
});
