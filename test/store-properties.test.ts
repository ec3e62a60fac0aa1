/**
 * A random mix of events, clock advances and restarts gives the same dossiers and the same
 * notifications as the same mix without the restarts (runtime.md sections 3, 4 and 6).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistDossier } from '../api/persist.js';
import type { DossierEventInput } from '../api/events.js';
import type { DossierNotification, DossierStore } from '../store/index.js';
import { embeddedBackend, INPUT, postgres, postgresBackend, stopSharedPostgres, testClock } from './support/store.js';
import type { Backend } from './support/store.js';

const BACKENDS: Array<Backend['name']> = postgres.ok ? ['embedded', 'postgres'] : ['embedded'];
const START = Date.parse('2026-03-02T11:00:00+01:00');
const EVENT_TYPES = ['SUBMIT', 'ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'HOLDER_VALIDATES', 'ENTRY_DECLARED', 'EXIT_DECLARED', 'HOLDER_CANCELS', 'TICK'] as const;

type Step =
  | { kind: 'event'; dossier: number; type: (typeof EVENT_TYPES)[number]; lateMinutes: number; key: boolean }
  | { kind: 'advance'; hours: number }
  | { kind: 'jump'; hours: number }
  | { kind: 'restart' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('event' as const), dossier: fc.integer({ min: 0, max: 2 }), type: fc.constantFrom(...EVENT_TYPES), lateMinutes: fc.constantFrom(0, 0, 10, 20), key: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 24 * 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('jump' as const), hours: fc.integer({ min: 1, max: 24 * 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
);

afterAll(stopSharedPostgres);

describe.each(BACKENDS)('restarts change nothing, on %s', (name) => {
  const backends: Backend[] = [];
  const clocks = [testClock(START), testClock(START)];
  const stores: DossierStore[] = [];
  let runs = 0;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const backend = name === 'embedded' ? embeddedBackend() : await postgresBackend((postgres as { bin: string }).bin);
      backends.push(backend);
      stores.push(await backend.open({ clock: clocks[i]! }));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await Promise.all(backends.map((backend) => backend.dispose()));
  });

  /** Plays the steps on store `which` (0 never restarts, 1 does); the dossiers and notifications of this run. */
  async function play(which: number, run: number, steps: Step[]) {
    const clock = clocks[which]!;
    clock.reset(START);
    const ids = [0, 1, 2].map((d) => `p${run}-${d}`);
    for (const id of ids) await stores[which]!.create(id, INPUT);
    for (const [index, s] of steps.entries()) {
      if (s.kind === 'restart') {
        if (which === 1) {
          await stores[1]!.close();
          stores[1] = await backends[1]!.open({ clock });
        }
      } else if (s.kind === 'advance') {
        await stores[which]!.advanceTo(clock.now() + s.hours * 3_600_000);
      } else if (s.kind === 'jump') {
        // Downtime: the clock moves on with no scheduler, which then catches up.
        clock.reset(clock.now() + s.hours * 3_600_000);
        await stores[which]!.runDue();
      } else {
        const event = { type: s.type, at: clock.now() - s.lateMinutes * 60_000 } as DossierEventInput;
        await stores[which]!.apply(ids[s.dossier]!, event, s.key ? { idempotencyKey: `step-${index % 3}` } : {});
      }
    }
    const dossiers = [];
    for (const id of ids) {
      const read = await stores[which]!.get(id);
      if (!read.ok) throw new Error(read.error.message);
      dossiers.push({ version: read.version, snapshot: persistDossier(read.dossier) });
    }
    const notifications: DossierNotification[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await stores[which]!.notifications({ after, limit: 1000 });
      if (!page.ok) throw new Error(page.error.message);
      if (page.notifications.length === 0) break;
      notifications.push(...page.notifications.filter((n) => ids.includes(n.dossierId)));
      after = page.next;
    }
    return { dossiers, notifications };
  }

  it('gives the same final dossiers and notification ids with and without restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
        const run = ++runs;
        const without = await play(0, run, steps);
        const withRestarts = await play(1, run, steps);
        expect(withRestarts.dossiers).toEqual(without.dossiers);
        expect(withRestarts.notifications).toEqual(without.notifications);
        expect(new Set(without.notifications.map((n) => n.id)).size).toBe(without.notifications.length);
      }),
      { numRuns: name === 'embedded' ? 5 : 8 },
    );
  }, 300_000);
});
