import { transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { applyEvent, createDossier, dossierMachine, identityMachine } from '../index.js';
import { runTestPaths } from '../testing.js';
import type { Dossier, DossierEventInput } from '../index.js';
import type { TestPath, TestPathReport } from '../testing.js';
import { statesOf, transitionsOf } from '../model/driver.js';
import { buildModelGraph, DEFAULT_MODEL_SETUP } from '../model/graph.js';
import type { ModelGraph, ModelSetup } from '../model/graph.js';
import { apiAdapter, testPathsOfGraph, testPathToYaml } from '../model/test-paths.js';
import { differenceFromXState } from '../model/properties.js';
import { replayScenario } from '../replay/replay.js';
import { parseScenario } from '../replay/scenario.js';
import { createExample, reduce, statePathOf } from './example-adapter/reducer.js';
import type { ExampleDossier, ExampleEvent } from './example-adapter/reducer.js';
import { snapshotText } from './support/snapshots.js';

/**
 * The generated tests of this project. xstate/graph traverses the dossier machine,
 * driven as the API drives it (model/driver.ts), with events at both sides of every
 * deadline and date rule (model/timeline.ts); the paths chosen from that graph take
 * every transition. Each path is then run through the public API, which must agree at
 * every step with the model and with rules.md (the independent reducer of
 * test/example-adapter). The coverage printed is computed from the machine definitions.
 */

const TIMEOUT = 30_000;

function percent(covered: number, total: number): string {
  return `${covered}/${total} (${((100 * covered) / total).toFixed(1)}%)`;
}

/** What the generated paths go through, measured against the machine's own definition. */
function dossierCoverage(paths: readonly TestPath[]) {
  const states = statesOf(dossierMachine).map((s) => s.path);
  const transitions = transitionsOf(dossierMachine);
  const seenStates = new Set<string>(['draft']);
  const seenTransitions = new Map<string, string>();
  for (const path of paths) {
    for (const step of path.steps) {
      const parts = step.expected.statePath.split('.');
      parts.forEach((_, index) => seenStates.add(parts.slice(0, index + 1).join('.')));
      for (const key of step.expected.transitions) if (!seenTransitions.has(key)) seenTransitions.set(key, path.name);
    }
  }
  return {
    states: { covered: states.filter((s) => seenStates.has(s)).length, total: states.length, missing: states.filter((s) => !seenStates.has(s)) },
    transitions: {
      covered: transitions.filter((t) => seenTransitions.has(t.key)).length,
      total: transitions.length,
      missing: transitions.filter((t) => !seenTransitions.has(t.key)).map((t) => t.key),
    },
    coveredBy: seenTransitions,
    definitions: transitions,
  };
}

function mismatchText(report: TestPathReport): string {
  return report.mismatches
    .slice(0, 3)
    .map((m) => `${m.name}: step ${m.step} ${m.event?.type} at ${m.event?.at} (${m.label}): ${m.field} expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`)
    .join('\n');
}

/** Every step of every path through the API and through the reducer written from rules.md: they must agree. */
function disagreementsWithRules(paths: readonly TestPath[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    const created = createDossier(path.setup);
    if (!created.ok) {
      found.push(`${path.name}: ${created.error.message}`);
      continue;
    }
    let dossier: Dossier = created.dossier;
    let rules: ExampleDossier = createExample(path.setup);
    for (const [index, step] of path.steps.entries()) {
      const api = applyEvent(dossier, step.event);
      const ruled = reduce(rules, step.event as ExampleEvent);
      dossier = api.dossier;
      rules = ruled.dossier;
      const got = {
        rejected: api.ok ? null : api.rejection.code,
        state: dossier.statePath,
        deadlines: dossier.context.deadlines,
        reason: dossier.context.reason,
        outcome: dossier.context.outcome,
        paid: dossier.context.money.paid,
        late: dossier.context.late,
        rating: dossier.context.rating,
      };
      const want = {
        rejected: ruled.rejected,
        state: statePathOf(rules),
        deadlines: rules.deadlines,
        reason: rules.reason,
        outcome: rules.outcome,
        paid: rules.paidCents,
        late: rules.late,
        rating: rules.rating,
      };
      const key = (value: unknown) => JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
      if (key(got) !== key(want)) {
        found.push(`${path.name}: step ${index} ${step.event.type} at ${step.event.at} (${step.label}): rules ${key(want)}, API ${key(got)}`);
        break;
      }
    }
  }
  return found;
}

/**
 * Every path through the API's fast step (machines/fast-step.ts) and through XState's
 * own step (`withXStateSteps`): the paths where they differ, with the first difference.
 */
function differencesFromXState(paths: readonly TestPath[]): string[] {
  return paths.flatMap((path) => {
    const difference = differenceFromXState(path.setup, path.steps.map((step) => step.event), snapshotText);
    return difference === null ? [] : [`${path.name}: step ${difference.step}: ${difference.message}`];
  });
}

const MAIN: { graph: ModelGraph; paths: TestPath[] } = (() => {
  const graph = buildModelGraph(DEFAULT_MODEL_SETUP);
  return { graph, paths: testPathsOfGraph(graph, 'boundaries') };
})();

describe('model-based tests of the dossier machine (training 2026-05-18 to 2026-05-29, FR)', () => {
  const { graph, paths } = MAIN;

  it('covers every state and every transition of the dossier machine', () => {
    const coverage = dossierCoverage(paths);
    const vertices = Object.keys(graph.adjacency).length;
    const edges = Object.values(graph.adjacency).reduce((n, v) => n + Object.keys(v.transitions).length, 0);
    const steps = paths.reduce((n, p) => n + p.steps.length, 0);
    const lines = [
      `dossier machine: model graph ${vertices} states x events -> ${edges} edges; ${paths.length} generated paths, ${steps} steps`,
      `  states covered:      ${percent(coverage.states.covered, coverage.states.total)}`,
      `  transitions covered: ${percent(coverage.transitions.covered, coverage.transitions.total)}`,
      ...coverage.definitions.map(
        (t) => `    ${coverage.coveredBy.has(t.key) ? 'x' : ' '} ${t.key.padEnd(38)} ${t.target ? `-> ${t.target}` : '(stays)'}${t.guard ? ` [${t.guard}]` : ''}${t.description ? `  "${t.description}"` : ''}`,
      ),
    ];
    console.log(lines.join('\n'));
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
    expect(coverage.states.covered / coverage.states.total).toBe(1);
    expect(coverage.transitions.covered / coverage.transitions.total).toBe(1);
  });

  it('takes each row of the cancellation table and each expiry', () => {
    const coverage = dossierCoverage(paths);
    const cancellations = coverage.definitions.filter((t) => t.eventType === 'HOLDER_CANCELS');
    const expiries = coverage.definitions.filter((t) => t.target === 'expired');
    // requested, accepted, 5 rows in validated, 2 in in-training; the two expiries.
    expect(cancellations.length).toBe(9);
    expect(expiries.map((t) => t.source)).toEqual(['requested', 'accepted']);
    for (const t of [...cancellations, ...expiries]) expect(coverage.coveredBy.get(t.key), t.key).toBeDefined();
    const rows = cancellations.filter((t) => t.description !== null).map((t) => `${t.source}: ${t.description}`);
    expect(rows.length).toBe(7);
  });

  it('tries events on both sides of every deadline and date rule, TICK included', () => {
    const labels = new Map<string, Set<string>>();
    for (const path of paths) {
      for (const step of path.steps) {
        if (!labels.has(step.label)) labels.set(step.label, new Set());
        labels.get(step.label)!.add(step.event.type);
      }
    }
    const pairs: Array<[string, string]> = [
      ['identity usable - 1 ms', 'identity usable (activation + 24 h)'],
      ['registration deadline (last ms, start - 11 working days)', 'registration deadline + 1 day (first ms)'],
      ['organisationResponse deadline (last ms)', 'organisationResponse deadline + 1 ms'],
      ['holderValidation deadline (last ms)', 'holderValidation deadline + 1 ms'],
      ['validation + 13 working days (last ms)', 'validation + 14 working days (first ms)'],
      ['start - 8 working days (last ms)', 'start - 7 working days (first ms)'],
      ['start - 1 day (last ms)', 'start (first ms)'],
      ['entryDeclaration deadline (last ms)', 'entryDeclaration deadline + 1 ms'],
      ['end - 1 day (last ms)', 'end (first ms)'],
      ['exitDeclaration deadline (last ms)', 'exitDeclaration deadline + 1 ms'],
    ];
    for (const pair of pairs) {
      for (const label of pair) {
        expect(labels.get(label), label).toBeDefined();
        expect([...labels.get(label)!], label).toContain('TICK');
        expect(labels.get(label)!.size, `${label}: an event besides TICK`).toBeGreaterThan(1);
      }
    }
  });

  it('the public API agrees with the model at every step of every path', async () => {
    const report = await runTestPaths(paths, apiAdapter());
    expect(mismatchText(report)).toBe('');
    expect(report.ok).toBe(true);
  }, TIMEOUT);

  it("the fast step agrees with XState's machine.transition at every step of every path: result, state, context, history, snapshot", () => {
    expect(differencesFromXState(paths)).toEqual([]);
  }, TIMEOUT);

  it('the public API agrees with rules.md (an independent reducer) at every step of every path', () => {
    expect(disagreementsWithRules(paths)).toEqual([]);
  }, TIMEOUT);

  it('each path written as a scenario file replays, as `cpf-dossier replay` reads and runs it', () => {
    const failures: string[] = [];
    for (const [index, path] of paths.entries()) {
      if (index % 8 !== 0) continue;
      const parsed = parseScenario(`path-${index}.yaml`, testPathToYaml(path));
      if (!parsed.ok) {
        failures.push(`${path.name}: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
        continue;
      }
      const report = replayScenario(parsed.scenario);
      if (!report.passed) failures.push(`${path.name}: ${report.failures.join('; ')}`);
    }
    expect(failures).toEqual([]);
  }, TIMEOUT);
});

/** Other dossiers: another calendar and zone, a given identity, an exemption, the new year's rate. */
const OTHER_SETUPS: Array<{ name: string; setup: ModelSetup }> = [
  {
    name: 'FR-57, training from 2026-01-12: 25-26 December, the 2026 rate',
    setup: { calendar: 'FR-57', training: { start: '2026-01-12', end: '2026-01-16' }, exemption: null, identityActivatedAt: Date.parse('2025-09-01T08:00:00Z') },
  },
  {
    name: 'FR-RE (Indian/Reunion), job seeker, training 2026-12-14 to 2026-12-23: 20 December holiday',
    setup: { calendar: 'FR-RE', training: { start: '2026-12-14', end: '2026-12-23' }, exemption: 'job-seeker', identityActivatedAt: null },
  },
];

describe('model-based tests of other dossiers', () => {
  for (const { name, setup } of OTHER_SETUPS) {
    it(`${name}: the API agrees with the model and with rules.md`, async () => {
      const paths = testPathsOfGraph(buildModelGraph(setup), 'boundaries');
      const coverage = dossierCoverage(paths);
      console.log(
        `${name}: ${paths.length} paths; states ${percent(coverage.states.covered, coverage.states.total)}, transitions ${percent(coverage.transitions.covered, coverage.transitions.total)}${coverage.transitions.missing.length ? ` (not taken: ${coverage.transitions.missing.join(', ')})` : ''}`,
      );
      const report = await runTestPaths(paths, apiAdapter());
      expect(mismatchText(report)).toBe('');
      expect(disagreementsWithRules(paths)).toEqual([]);
      expect(differencesFromXState(paths)).toEqual([]);
      if (setup.exemption === null && setup.calendar === 'FR-57') {
        // A validation on 31 December 2025 pays 102.23 EUR, on 1 January 2026 103.20 EUR.
        const paid = new Set(paths.flatMap((p) => p.steps.map((s) => s.expected.paidCents)));
        expect([...paid]).toEqual(expect.arrayContaining([10_223, 10_320]));
      }
      if (setup.exemption !== null) {
        expect(paths.every((p) => p.steps.every((s) => s.expected.paidCents === 0))).toBe(true);
      }
    }, TIMEOUT);
  }
});

describe('model-based tests of the identity machine', () => {
  type IdentityEvent = Parameters<typeof identityMachine.transition>[1];
  const EVENTS: IdentityEvent[] = [
    { type: 'IDENTITY_CREATED', at: 0 },
    { type: 'IDENTITY_VERIFIED', at: 0, method: 'post-office' },
    { type: 'IDENTITY_VERIFIED', at: 0, method: 'postman' },
    { type: 'IDENTITY_VERIFIED', at: 0, method: 'online' },
    { type: 'IDENTITY_ACTIVATED', at: 0, code: '0421' },
    { type: 'IDENTITY_ACTIVATED', at: 0, code: '421' },
    { type: 'IDENTITY_ACTIVATED', at: 0, code: '04210' },
    { type: 'IDENTITY_ACTIVATED', at: 0, code: 'abcd' },
    { type: 'IDENTITY_ACTIVATED', at: 0, code: '０４２１' },
  ];
  const options = { events: EVENTS };
  const adjacency = getAdjacencyMap(identityMachine as never, options as never) as Record<string, unknown>;
  const shortest = getShortestPaths(identityMachine, options);
  /** The shortest path to every state, then every event from it: each edge of the graph once. */
  const paths: IdentityEvent[][] = [];
  for (const path of shortest) {
    // The first step of a path is the machine's own start (xstate.init), not an event to send.
    const head = path.steps.map((step) => step.event).filter((event) => !event.type.startsWith('xstate.'));
    for (const event of EVENTS) paths.push([...head, event]);
  }

  it('covers every state and every transition of the identity machine', () => {
    const states = statesOf(identityMachine).map((s) => s.path);
    const transitions = transitionsOf(identityMachine).map((t) => t.key);
    const seenStates = new Set<string>();
    const seenTransitions = new Set<string>();
    for (const events of paths) {
      let snapshot = identityMachine.resolveState({ value: 'notCreated', context: { method: null, activatedAt: null } });
      seenStates.add(String(snapshot.value));
      for (const event of events) {
        for (const t of identityMachine.getTransitionData(snapshot, event)) {
          const siblings = t.source.transitions.get(t.eventType)!;
          seenTransitions.add(`${t.source.path.length ? t.source.path.join('.') : '(root)'} ${t.eventType}#${siblings.indexOf(t)}`);
        }
        [snapshot] = transition(identityMachine, snapshot, event);
        seenStates.add(String(snapshot.value));
      }
    }
    const statesCovered = states.filter((s) => seenStates.has(s)).length;
    const transitionsCovered = transitions.filter((t) => seenTransitions.has(t)).length;
    console.log(
      `identity machine: graph ${Object.keys(adjacency).length} states; ${paths.length} generated paths\n` +
        `  states covered:      ${percent(statesCovered, states.length)}\n` +
        `  transitions covered: ${percent(transitionsCovered, transitions.length)}`,
    );
    expect(transitions.filter((t) => !seenTransitions.has(t))).toEqual([]);
    expect(states.filter((s) => !seenStates.has(s))).toEqual([]);
  });

  it('the public API agrees with the identity model on every path (identity events in a draft dossier)', () => {
    const origin = Date.parse('2026-03-01T09:00:00+01:00');
    for (const events of paths) {
      let snapshot = identityMachine.resolveState({ value: 'notCreated', context: { method: null, activatedAt: null } });
      const created = createDossier({ training: DEFAULT_MODEL_SETUP.training });
      if (!created.ok) throw new Error(created.error.message);
      let dossier = created.dossier;
      events.forEach((event, index) => {
        const [next, actions] = transition(identityMachine, snapshot, event);
        const emitted = (actions as ReadonlyArray<{ type: string }>).find((a) => a.type === 'xstate.emit') as { params?: { event?: { code?: string } } } | undefined;
        const expectedRejection = emitted?.params?.event?.code ?? null;
        if (expectedRejection === null) snapshot = next;
        const input = { ...event, at: origin + index * 60_000 } as DossierEventInput;
        const result = applyEvent(dossier, input);
        dossier = result.dossier;
        expect(result.ok ? null : result.rejection.code, `${events.map((e) => e.type).join(' > ')} (step ${index})`).toBe(expectedRejection);
        expect(dossier.context.identity.state).toBe(snapshot.value);
        expect(dossier.state).toBe('draft');
      });
    }
  });
});
