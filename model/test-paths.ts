import { formatInstant } from '../calendar/index.js';
import type { CalendarDate, Region } from '../calendar/index.js';
import type { Exemption } from '../policy/cpf-policy.js';
import { applyEvent, createDossier, parseDossierInput } from '../api/dossier.js';
import type { Dossier, DossierInput } from '../api/dossier.js';
import { edofStateOf } from '../api/edof.js';
import type { EdofState } from '../api/edof.js';
import { parseEvent } from '../api/events.js';
import type { DossierEventInput } from '../api/events.js';
import { dossierMachine } from '../machines/dossier.js';
import type {
  CancellationOutcome,
  DeadlineName,
  Declaration,
  DossierContext,
  DossierEvent,
  DossierStateName,
  IdentityStateName,
  Money,
  Reason,
  RejectionCode,
} from '../machines/types.js';
import { MachineDriver, statePathOfValue, transitionsOf } from './driver.js';
import type { DossierMachine, ModelState } from './driver.js';
import { bareEvent, buildModelGraph, DEFAULT_MODEL_SETUP, replay, selectPaths } from './graph.js';
import type { ModelEvent, ModelGraph, ModelSetup, PathSelection } from './graph.js';
import { scenarioToYaml } from './scenario.js';
import type { ScenarioDocument, ScenarioThen } from './scenario.js';

/**
 * The dossier model turned into test paths for someone else's system (model/README.md):
 * timed events with ISO 8601 instants, each with what the model expects after it, and
 * `runTestPaths` to drive an adapter through them and report where it disagrees.
 */

/** The dossier a path starts from: the fields of `createDossier`'s input (and of a scenario's `given`). */
export interface TestPathSetup {
  calendar: Region;
  training: { start: CalendarDate; end: CalendarDate };
  exemption: Exemption | null;
  /** ISO 8601, or null: the identity is then created and activated by the path's own events. */
  identityActivatedAt: string | null;
}

/** An event as `applyEvent` takes it, with `at` written in ISO 8601 in the calendar's zone. */
export type TestPathEvent = DossierEventInput & { at: string };

/** What the model expects right after a step. */
export interface TestPathExpectation {
  /** The top-level state (rules.md section 3). */
  state: DossierStateName;
  /** The full state path, e.g. `finished.awaitingEvaluation`. */
  statePath: string;
  /** The rejection code if the event is refused, null if it is accepted. */
  rejected: RejectionCode | null;
  /** Every deadline known so far, as the calendar date of its last day. */
  deadlines: Partial<Record<DeadlineName, CalendarDate>>;
  reason: Reason | null;
  outcome: CancellationOutcome | null;
  /** The remaining charge paid, in cents. */
  paidCents: number;
  money: Money;
  late: Declaration[];
  rating: number | null;
  identity: IdentityStateName;
  edofState: EdofState | null;
  /**
   * The machine transitions the step takes (`validated HOLDER_CANCELS#4`: the 5th
   * HOLDER_CANCELS transition of `validated`), the TICK that advances time first. Only an
   * adapter over a statechart can report them; they tell apart two transitions that
   * leave the same data.
   */
  transitions: string[];
}

export interface TestPathStep {
  event: TestPathEvent;
  /** What the instant is, e.g. `organisationResponse deadline + 1 ms`. */
  label: string;
  expected: TestPathExpectation;
}

export interface TestPath {
  /** One line: the states the path goes through, then its last step, its instant and what it does. */
  name: string;
  setup: TestPathSetup;
  steps: TestPathStep[];
  /** The machine transitions the path takes, with their descriptions. */
  covers: string[];
}

export interface TestPathOptions {
  /** The dossier the paths start from; a training in May 2026 (calendar FR) by default. */
  setup?: DossierInput;
  /** `boundaries` (default): every event at both sides of every deadline; `transitions`: fewer paths, every transition once. */
  selection?: PathSelection;
}

/** The expectation of a driven state. */
export function expectationOf(state: ModelState): TestPathExpectation {
  const context: DossierContext = state.snapshot.context;
  const statePath = statePathOfValue(state.snapshot.value);
  const top = statePath.split('.')[0] as DossierStateName;
  return {
    state: top,
    statePath,
    rejected: state.rejected,
    deadlines: { ...context.deadlines },
    reason: context.reason,
    outcome: context.outcome === null ? null : { ...context.outcome },
    paidCents: context.money.paid,
    money: { ...context.money },
    late: [...context.late],
    rating: context.rating,
    identity: context.identity.state,
    edofState: edofStateOf(top, context.reason),
    transitions: [...state.taken],
  };
}

function timedEvent(event: DossierEvent, setup: ModelSetup): TestPathEvent {
  return { ...event, at: formatInstant(event.at, setup.calendar) } as TestPathEvent;
}

function payloadText(event: DossierEvent): string {
  switch (event.type) {
    case 'IDENTITY_VERIFIED':
      return `(${event.method})`;
    case 'IDENTITY_ACTIVATED':
      return `(code '${event.code}')`;
    case 'EVALUATED':
      return `(rating ${event.rating})`;
    case 'HOLDER_CANCELS':
      return event.forceMajeure ? '(force majeure)' : '';
    default:
      return '';
  }
}

function setupOf(input: DossierInput | undefined): ModelSetup {
  if (input === undefined) return DEFAULT_MODEL_SETUP;
  const parsed = parseDossierInput(input);
  if (!parsed.ok) throw new TypeError(`generateTestPaths: setup.${parsed.error.field}: ${parsed.error.message}`);
  return parsed.setup;
}

/**
 * The test paths of the dossier model (rules.md sections 2 to 5), from a traversal of
 * the dossier machine with `xstate/graph`: together they take every transition of the
 * machine, every event in every state, and every event at both sides of each deadline
 * and date rule. Deterministic: the same options give the same paths.
 * @example generateTestPaths().length // a few hundred paths of 2 to 10 steps
 */
export function generateTestPaths(options: TestPathOptions = {}): TestPath[] {
  return testPathsOfMachine(dossierMachine, options);
}

/** `generateTestPaths` over another implementation of the machine (`dossierMachine.provide(...)`). */
export function testPathsOfMachine(machine: DossierMachine, options: TestPathOptions = {}): TestPath[] {
  return testPathsOfGraph(buildModelGraph(setupOf(options.setup), machine), options.selection);
}

/** The test paths of a model graph already built (`buildModelGraph`). */
export function testPathsOfGraph(graph: ModelGraph, selection: PathSelection = 'boundaries'): TestPath[] {
  const descriptions = new Map(
    transitionsOf(graph.driver.machine).map((t) => [t.key, t.description === null ? t.key : `${t.key}: ${t.description}`]),
  );
  return selectPaths(graph, selection).map((events) => toTestPath(graph.driver, graph.initial, graph.setup, events, descriptions));
}

function toTestPath(driver: MachineDriver, initial: ModelState, setup: ModelSetup, events: ModelEvent[], descriptions: Map<string, string>): TestPath {
  const states = replay(driver, initial, events.map(bareEvent));
  const steps = events.map((event, index) => ({
    event: timedEvent(bareEvent(event), setup),
    label: event.label,
    expected: expectationOf(states[index]!),
  }));
  const last = events[events.length - 1]!;
  const after = states[states.length - 1]!;
  const outcome = after.rejected === null ? statePathOfValue(after.snapshot.value) : `refused ${after.rejected}`;
  // The states the path goes through, then its last step: `draft > requested > cancelled; HOLDER_CANCELS ...`.
  const visited: string[] = [statePathOfValue(initial.snapshot.value)];
  for (const state of states) {
    const path = statePathOfValue(state.snapshot.value);
    if (visited[visited.length - 1] !== path) visited.push(path);
  }
  const name = `${visited.join(' > ')}; last: ${last.type}${payloadText(last) ? ` ${payloadText(last)}` : ''} at ${last.label} -> ${outcome}`;
  const covered = [...new Set(states.flatMap((state) => state.taken))];
  return {
    name,
    setup: {
      calendar: setup.calendar,
      training: { ...setup.training },
      exemption: setup.exemption,
      identityActivatedAt: setup.identityActivatedAt === null ? null : formatInstant(setup.identityActivatedAt, setup.calendar),
    },
    steps,
    covers: covered.map((key) => descriptions.get(key) ?? key),
  };
}

/** What an adapter reports after a step; only `state` is required, every other field given is checked. */
export interface AdapterState {
  state: string;
  statePath?: string;
  deadlines?: Partial<Record<string, string>>;
  reason?: string | null;
  outcome?: { cpfRights: string; resteACharge: string } | null;
  paidCents?: number;
  late?: readonly string[];
  rating?: number | null;
  identity?: string;
  edofState?: string | null;
  /** The keys of the machine transitions the last event took (a statechart adapter only). */
  transitions?: readonly string[];
}

/** What `send` may return: when it gives `rejected` (a code, or null for accepted), that is checked too. */
export interface SendResult {
  rejected?: string | null;
}

type MaybePromise<T> = T | Promise<T>;

/** The system under test, seen through three calls. */
export interface TestPathAdapter {
  /** Starts a new dossier for a path. Needed unless the adapter comes from a factory (one adapter per path). */
  start?(setup: TestPathSetup, path: TestPath): MaybePromise<void>;
  send(event: TestPathEvent, step: TestPathStep): MaybePromise<void | SendResult>;
  getState(): MaybePromise<AdapterState>;
}

/** A new adapter for each path. */
export type TestPathAdapterFactory = (path: TestPath) => MaybePromise<TestPathAdapter>;

export interface TestPathMismatch {
  /** The index of the path in the list given, and its name. */
  path: number;
  name: string;
  /** The index of the step (0-based); -1 when starting the path failed. */
  step: number;
  event: TestPathEvent | null;
  label: string | null;
  /** `state`, `rejected`, `deadlines.holderValidation`, `outcome`, ..., or `error` when the adapter threw. */
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface TestPathReport {
  ok: boolean;
  paths: number;
  steps: number;
  passed: number;
  failed: number;
  /** The first mismatch of each failing path (a path stops at its first disagreement). */
  mismatches: TestPathMismatch[];
}

export interface RunOptions {
  /** Stop after this many failing paths (default: run them all). */
  maxFailures?: number;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sorted(list: readonly string[]): string[] {
  return [...list].sort();
}

/** The fields of `actual` that disagree with `expected`, in a fixed order. */
export function compareState(expected: TestPathExpectation, actual: AdapterState): Array<{ field: string; expected: unknown; actual: unknown }> {
  const found: Array<{ field: string; expected: unknown; actual: unknown }> = [];
  const check = (field: string, want: unknown, got: unknown, equal = sameJson(want, got)) => {
    if (!equal) found.push({ field, expected: want, actual: got });
  };
  check('state', expected.state, actual.state);
  if (actual.statePath !== undefined) check('statePath', expected.statePath, actual.statePath);
  if (actual.deadlines !== undefined) {
    const names = new Set([...Object.keys(expected.deadlines), ...Object.keys(actual.deadlines)]);
    for (const name of [...names].sort()) {
      const got = actual.deadlines[name];
      const want = expected.deadlines[name as DeadlineName];
      if (got === undefined && want === undefined) continue;
      check(`deadlines.${name}`, want ?? null, got ?? null);
    }
  }
  if (actual.reason !== undefined) check('reason', expected.reason, actual.reason);
  if (actual.outcome !== undefined) check('outcome', expected.outcome, actual.outcome);
  if (actual.paidCents !== undefined) check('paidCents', expected.paidCents, actual.paidCents);
  if (actual.late !== undefined) check('late', sorted(expected.late), sorted(actual.late));
  if (actual.rating !== undefined) check('rating', expected.rating, actual.rating);
  if (actual.identity !== undefined) check('identity', expected.identity, actual.identity);
  if (actual.edofState !== undefined) check('edofState', expected.edofState, actual.edofState);
  if (actual.transitions !== undefined) check('transitions', expected.transitions, actual.transitions);
  return found;
}

/**
 * Drives a system through test paths: for each path a new dossier (`adapter.start`, or a
 * new adapter from the factory), then each event, then the state, compared with the
 * model's expectation. Never throws for the adapter: what it throws is a mismatch.
 */
export async function runTestPaths(
  paths: readonly TestPath[],
  adapter: TestPathAdapter | TestPathAdapterFactory,
  options: RunOptions = {},
): Promise<TestPathReport> {
  if (typeof adapter !== 'function' && typeof adapter.start !== 'function') {
    throw new TypeError('runTestPaths: the adapter needs a start(setup) method, or pass a factory (path) => adapter');
  }
  const report: TestPathReport = { ok: true, paths: 0, steps: 0, passed: 0, failed: 0, mismatches: [] };
  for (const [index, path] of paths.entries()) {
    if (options.maxFailures !== undefined && report.failed >= options.maxFailures) break;
    report.paths++;
    const mismatch = await runOnePath(index, path, adapter, report);
    if (mismatch) {
      report.failed++;
      report.mismatches.push(mismatch);
    } else {
      report.passed++;
    }
  }
  report.ok = report.failed === 0;
  return report;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function runOnePath(
  index: number,
  path: TestPath,
  adapterOrFactory: TestPathAdapter | TestPathAdapterFactory,
  report: TestPathReport,
): Promise<TestPathMismatch | null> {
  const base = { path: index, name: path.name };
  let adapter: TestPathAdapter;
  try {
    adapter = typeof adapterOrFactory === 'function' ? await adapterOrFactory(path) : adapterOrFactory;
    await adapter.start?.(path.setup, path);
  } catch (error) {
    return { ...base, step: -1, event: null, label: null, field: 'error', expected: 'a new dossier', actual: errorText(error) };
  }
  for (const [stepIndex, step] of path.steps.entries()) {
    report.steps++;
    const at = { ...base, step: stepIndex, event: step.event, label: step.label };
    let sent: void | SendResult;
    let actual: AdapterState;
    try {
      sent = await adapter.send(step.event, step);
      actual = await adapter.getState();
    } catch (error) {
      return { ...at, field: 'error', expected: 'no error', actual: errorText(error) };
    }
    if (sent && typeof sent === 'object' && 'rejected' in sent && sent.rejected !== undefined && sent.rejected !== step.expected.rejected) {
      return { ...at, field: 'rejected', expected: step.expected.rejected, actual: sent.rejected };
    }
    const differences = compareState(step.expected, actual);
    if (differences.length > 0) return { ...at, ...differences[0]! };
  }
  return null;
}

/** A test path as a scenario file (shared/spec/scenarios.md), to replay with `cpf-dossier replay`. */
export function testPathToScenario(path: TestPath): ScenarioDocument {
  const last = path.steps[path.steps.length - 1]?.expected;
  const then: ScenarioThen = {};
  if (last) {
    then.state = last.state;
    if (last.reason !== null) then.reason = last.reason;
    if (last.outcome !== null) then.outcome = last.outcome;
    then.paid = last.paidCents / 100;
    then.deadlines = { ...last.deadlines } as Record<string, string>;
    then.late = [...last.late];
    if (last.rating !== null) then.rating = last.rating;
  }
  const given: ScenarioDocument['given'] = { training: { ...path.setup.training } };
  if (path.setup.identityActivatedAt !== null) given.identityActivatedAt = path.setup.identityActivatedAt;
  if (path.setup.exemption !== null) given.exemption = path.setup.exemption;
  return {
    name: path.name,
    description: `Generated from the dossier model (cpf-dossier generateTestPaths). Takes: ${path.covers.join('; ')}.`,
    calendar: path.setup.calendar,
    given,
    when: path.steps.map((step) => {
      const { type, at, ...payload } = step.event as TestPathEvent & Record<string, unknown>;
      const expect: { state: string; rejected?: string } = { state: step.expected.state };
      if (step.expected.rejected !== null) expect.rejected = step.expected.rejected;
      return { at, event: type, ...payload, expect } as ScenarioDocument['when'][number];
    }),
    then,
  };
}

/** `testPathToScenario` as YAML text. */
export function testPathToYaml(path: TestPath): string {
  return scenarioToYaml(testPathToScenario(path));
}

function stateOfDossier(dossier: Dossier): AdapterState {
  const context = dossier.context;
  return {
    state: dossier.state,
    statePath: dossier.statePath,
    deadlines: { ...context.deadlines },
    reason: context.reason,
    outcome: context.outcome,
    paidCents: context.money.paid,
    late: context.late,
    rating: context.rating,
    identity: context.identity.state,
    edofState: edofStateOf(dossier.state, context.reason),
  };
}

/**
 * The adapter over this package's own API (`createDossier`, `applyEvent`): the reference
 * a service that embeds cpf-dossier can run the paths against, and an example to copy.
 */
export function apiAdapter(): TestPathAdapter {
  let dossier: Dossier | null = null;
  return {
    start(setup) {
      const created = createDossier(setup);
      if (!created.ok) throw new TypeError(created.error.message);
      dossier = created.dossier;
    },
    send(event) {
      if (dossier === null) throw new Error('send before start');
      const result = applyEvent(dossier, event);
      dossier = result.dossier;
      return { rejected: result.ok ? null : result.rejection.code };
    },
    getState() {
      if (dossier === null) throw new Error('getState before start');
      return stateOfDossier(dossier);
    },
  };
}

/**
 * An adapter over a machine driven as the API drives it (model/driver.ts): to run the
 * paths against another implementation of the machine, e.g. one with a changed guard.
 */
export function machineAdapter(machine: DossierMachine): TestPathAdapter {
  const driver = new MachineDriver(machine);
  let state: ModelState | null = null;
  let region: ModelSetup['calendar'] = 'FR';
  return {
    start(setup) {
      const parsed = parseDossierInput(setup);
      if (!parsed.ok) throw new TypeError(parsed.error.message);
      region = parsed.setup.calendar;
      state = driver.initial(parsed.setup);
    },
    send(event) {
      if (state === null) throw new Error('send before start');
      const parsed = parseEvent(event, region);
      if (!parsed.ok) {
        state = { ...state, rejected: parsed.rejection.code, taken: [] };
        return { rejected: parsed.rejection.code };
      }
      state = driver.step(state, parsed.event);
      return { rejected: state.rejected };
    },
    getState() {
      if (state === null) throw new Error('getState before start');
      const expected = expectationOf(state);
      const { rejected: _rejected, money: _money, ...rest } = expected;
      return rest;
    },
  };
}
