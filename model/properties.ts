import fc from 'fast-check';
import { addCalendarDays, endOfDay, formatInstant, fromDayNumber, parseInstant, REGIONS, startOfDay, toDayNumber } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import { applyEvent, createDossier, withXStateSteps } from '../api/dossier.js';
import type { ApplyResult, Dossier, DossierInput } from '../api/dossier.js';
import { describeDossier } from '../api/describe.js';
import { parseEvent } from '../api/events.js';
import type { DossierEventInput } from '../api/events.js';
import { restoreDossier, serializeDossier } from '../api/persist.js';
import { FINAL_STATES } from '../machines/types.js';
import type { DeadlineName, DossierStateName } from '../machines/types.js';
import { EXEMPTIONS, PARTICIPATION_RATES } from '../policy/cpf-policy.js';
import type { Exemption } from '../policy/cpf-policy.js';
import { oneLine, scenarioToYaml } from './scenario.js';
import type { ScenarioDocument, ScenarioStep } from './scenario.js';

/**
 * Random event sequences and the invariants of rules.md section 8, shared by the
 * property tests (test/properties.test.ts, a bounded run) and the fuzzer (bench/fuzz.ts,
 * 100,000 sequences and more). Not part of the public API: it needs fast-check.
 *
 * A sequence is generated as a plan (event kinds, time steps, payload choices), then
 * made concrete against the dossier: a time step may be "to the last millisecond of the
 * running deadline" or "to the first millisecond of the start date", which needs the
 * dossier of the moment. Shrinking works on the plan; the concrete events are what is
 * checked, reported and written as a scenario.
 */

const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;

/** How far apart two events are. */
export type Timing =
  | { kind: 'same' }
  | { kind: 'ms'; ms: number }
  | { kind: 'hours'; ms: number }
  | { kind: 'days'; ms: number }
  | { kind: 'years'; years: number; ms: number }
  | { kind: 'back'; ms: number }
  /** The last millisecond of the running deadline (edge 0), or the next millisecond (edge 1). */
  | { kind: 'deadline'; edge: 0 | 1 }
  /** A day around the training: `start` or `end` plus `days`, at its first ms, last ms or 10:00. */
  | { kind: 'training'; base: 'start' | 'end'; days: number; at: 'first' | 'last' | 'mid' }
  /** Instants at the edges of what the calendar and the formats can hold. */
  | { kind: 'extreme'; which: number };

export type AtFormat = 'iso' | 'number' | 'local' | 'utc' | 'bad';

export interface EventPlan {
  /** Whether the type is one the dossier's state answers (to reach the later states), or any. */
  guided: boolean;
  type: number;
  timing: Timing;
  payload: number;
  format: AtFormat;
  extraField: boolean;
}

export interface SequencePlan {
  calendar: Region;
  startDay: number;
  lengthDays: number;
  exemption: Exemption | null;
  /** Days before the first event at which the identity was activated, or null (IDENTITY_* events needed). */
  identityDaysBefore: number | null;
  /** Days before the start of the first event. */
  firstDaysBefore: number;
  events: EventPlan[];
  /** Where to persist and restore (modulo the number of steps + 1). */
  persistAt: number;
  /** How to damage a stored dossier before restoring it. */
  tamper: { at: number; how: 'truncate' | 'flip' | 'json' };
}

/** The dossier and its concrete events (what `applyEvent` is given, malformed ones included). */
export interface ConcreteSequence {
  input: { calendar: Region; training: { start: CalendarDate; end: CalendarDate }; exemption: Exemption | null; identityActivatedAt: string | null };
  events: unknown[];
  persistAt: number;
  tamper: SequencePlan['tamper'];
}

/** The event types, repeated to weigh them; the last ones are not event types at all. */
const TYPES: readonly unknown[] = [
  'SUBMIT', 'SUBMIT',
  'ORGANISATION_ACCEPTS', 'ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES',
  'HOLDER_VALIDATES', 'HOLDER_VALIDATES',
  'ENTRY_DECLARED', 'ENTRY_DECLARED',
  'EXIT_DECLARED', 'EXIT_DECLARED',
  'EVALUATED', 'HOLDER_CANCELS', 'HOLDER_CANCELS',
  'TICK', 'TICK', 'TICK',
  'IDENTITY_CREATED', 'IDENTITY_VERIFIED', 'IDENTITY_ACTIVATED',
  'SUBMITTED', '', 42, null,
];

const PAYLOADS: Record<string, readonly Record<string, unknown>[]> = {
  IDENTITY_VERIFIED: [{ method: 'post-office' }, { method: 'postman' }, { method: 'online' }, { method: 'online' }, { method: 'pigeon' }, {}, { method: 3 }],
  IDENTITY_ACTIVATED: [{ code: '0421' }, { code: '1234' }, { code: '0421' }, { code: '421' }, { code: '04210' }, { code: 1234 }, {}, { code: '١٢٣٤' }],
  EVALUATED: [{ rating: 1 }, { rating: 3 }, { rating: 5 }, { rating: 4 }, { rating: 0 }, { rating: 6 }, { rating: 2.5 }, { rating: '5' }, { rating: null }, {}],
  HOLDER_CANCELS: [{}, { forceMajeure: false }, { forceMajeure: true }, {}, { forceMajeure: 'yes' }],
};

const BAD_INSTANTS: readonly unknown[] = ['2026-13-01T00:00:00Z', 'tomorrow', '', '2026-05-04', 1.5, null, undefined, '2026-02-30T10:00:00+01:00', {}, '2026-05-04T24:00:00Z'];

/** Years 1970 to 2200 by default; the fuzzer can ask for the whole range. */
export interface PlanOptions {
  firstYear?: number;
  lastYear?: number;
  maxEvents?: number;
  /** Include instants at the edges of the formats (years 1 to 9999 and beyond). */
  extremes?: boolean;
}

const dayOf = (year: number) => toDayNumber(`${String(year).padStart(4, '0')}-01-01`);

export function sequencePlanArbitrary(options: PlanOptions = {}): fc.Arbitrary<SequencePlan> {
  const firstYear = options.firstYear ?? 1990;
  const lastYear = options.lastYear ?? 2090;
  const timing: fc.Arbitrary<Timing> = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Timing>({ kind: 'same' }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 1000 }).map<Timing>((ms) => ({ kind: 'ms', ms })) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 72 * MS_HOUR }).map<Timing>((ms) => ({ kind: 'hours', ms })) },
    { weight: 6, arbitrary: fc.integer({ min: MS_DAY, max: 25 * MS_DAY }).map<Timing>((ms) => ({ kind: 'days', ms })) },
    { weight: 1, arbitrary: fc.record({ years: fc.integer({ min: 1, max: 40 }), ms: fc.integer({ min: 0, max: 365 * MS_DAY }) }).map<Timing>((t) => ({ kind: 'years', ...t })) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 30 * MS_DAY }).map<Timing>((ms) => ({ kind: 'back', ms })) },
    { weight: 5, arbitrary: fc.constantFrom<0 | 1>(0, 1).map<Timing>((edge) => ({ kind: 'deadline', edge })) },
    {
      weight: 5,
      arbitrary: fc
        .record({ base: fc.constantFrom<'start' | 'end'>('start', 'end'), days: fc.integer({ min: -3, max: 6 }), at: fc.constantFrom<'first' | 'last' | 'mid'>('first', 'last', 'mid') })
        .map<Timing>((t) => ({ kind: 'training', ...t })),
    },
    ...(options.extremes ? [{ weight: 1, arbitrary: fc.nat(EXTREMES.length - 1).map<Timing>((which) => ({ kind: 'extreme', which })) }] : []),
  );
  const event: fc.Arbitrary<EventPlan> = fc.record({
    guided: fc.integer({ min: 0, max: 9 }).map((n) => n < 6),
    type: fc.nat(TYPES.length - 1),
    timing,
    payload: fc.nat(99),
    format: fc.constantFrom<AtFormat>('iso', 'iso', 'iso', 'iso', 'number', 'number', 'local', 'utc', 'bad'),
    extraField: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  });
  return fc.record({
    calendar: fc.constantFrom(...REGIONS),
    startDay: fc.integer({ min: dayOf(firstYear), max: dayOf(lastYear + 1) - 1 }),
    lengthDays: fc.oneof(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 120 })),
    exemption: fc.option(fc.constantFrom(...EXEMPTIONS), { freq: 4 }),
    identityDaysBefore: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 5 }),
    firstDaysBefore: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 16, max: 45 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }) }),
    events: fc.array(event, { maxLength: options.maxEvents ?? 30, size: 'max' }),
    persistAt: fc.nat(),
    tamper: fc.record({ at: fc.nat(), how: fc.constantFrom<'truncate' | 'flip' | 'json'>('truncate', 'flip', 'json') }),
  });
}

/** Instants at the edges: the first and last years the calendar covers, and past them. */
const EXTREMES: readonly number[] = [
  Date.UTC(1900, 5, 1, 12),
  Date.UTC(1850, 0, 1, 12),
  Date.parse('0100-01-02T00:00:00Z'),
  Date.parse('0050-06-01T00:00:00Z'),
  Date.parse('9999-12-30T12:00:00Z'),
  Date.UTC(12000, 0, 1),
  8.64e15,
  -8.64e15,
];

/** The deadline the dossier is waiting on, as rules.md names them. */
const RUNNING: Partial<Record<DossierStateName, DeadlineName>> = {
  draft: 'registration',
  requested: 'organisationResponse',
  accepted: 'holderValidation',
  validated: 'entryDeclaration',
  'in-training': 'exitDeclaration',
};

/** An ISO 8601 instant that reads back as the same instant, or null if there is none in the formats. */
export function isoOf(at: Instant, region: Region): string | null {
  try {
    const local = formatInstant(at, region);
    const back = parseInstant(local, region);
    if (back.ok && back.value === at) return local;
  } catch {
    // past what the formatter can write
  }
  const utc = new Date(at);
  if (Number.isNaN(utc.getTime())) return null;
  const text = utc.toISOString();
  const back = parseInstant(text, region);
  return back.ok && back.value === at ? text : null;
}

function formatAt(at: Instant, format: AtFormat, region: Region, pick: number): unknown {
  switch (format) {
    case 'number':
      return at;
    case 'utc':
      return Number.isNaN(new Date(at).getTime()) ? at : new Date(at).toISOString();
    case 'local': {
      const iso = isoOf(at, region);
      // Without its offset, read in the calendar's zone (same instant except in a DST gap or overlap).
      return iso === null ? at : iso.replace(/(Z|[+-]\d{2}:\d{2})$/, '');
    }
    case 'bad':
      return BAD_INSTANTS[pick % BAD_INSTANTS.length];
    default:
      return isoOf(at, region) ?? at;
  }
}

/** Makes a plan concrete: the events, computed against the dossier as it goes. */
export function concretise(plan: SequencePlan): ConcreteSequence {
  const region = plan.calendar;
  const start = fromDayNumber(plan.startDay);
  const end = addCalendarDays(start, plan.lengthDays);
  const startsAt = startOfDay(start, region);
  const firstAt = startsAt - plan.firstDaysBefore * MS_DAY + 9 * MS_HOUR;
  const identityActivatedAt = plan.identityDaysBefore === null ? null : isoOf(firstAt - plan.identityDaysBefore * MS_DAY - MS_HOUR, region);
  const input: ConcreteSequence['input'] = { calendar: region, training: { start, end }, exemption: plan.exemption, identityActivatedAt };
  const created = safeCreate(input);
  let dossier = created;
  let previous = firstAt;
  const events: unknown[] = [];
  for (const step of plan.events) {
    const type = step.guided && dossier ? guidedType(dossier, step.type) : TYPES[step.type];
    let at = instantFor(step.timing, previous, dossier, region, start, end);
    // Steering, three times in four for a guided event, one in two for another: it comes
    // before the running deadline closes, and a declaration once it can be made.
    if (dossier && (step.guided ? step.payload % 4 !== 0 : step.payload % 2 === 0)) at = steer(at, previous, type, dossier, region);
    const variants = typeof type === 'string' ? PAYLOADS[type] : undefined;
    const payload = variants ? variants[step.payload % variants.length]! : {};
    const event: Record<string, unknown> = { type, ...payload };
    if (step.format !== 'bad' || step.payload % 10 !== 0) event.at = formatAt(at, step.format, region, step.payload);
    if (step.extraField) event.note = 'not a field of any event';
    events.push(event);
    if (dossier) {
      try {
        const result = applyEvent(dossier, event as DossierEventInput);
        dossier = result.dossier;
      } catch {
        // the checks report it
      }
    }
    previous = at;
  }
  return { input, events, persistAt: plan.persistAt, tamper: plan.tamper };
}

/** The events each state answers, weighed towards the way forward. */
const ANSWERS: Partial<Record<string, readonly string[]>> = {
  requested: ['ORGANISATION_ACCEPTS', 'ORGANISATION_ACCEPTS', 'ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'HOLDER_CANCELS', 'TICK'],
  accepted: ['HOLDER_VALIDATES', 'HOLDER_VALIDATES', 'HOLDER_VALIDATES', 'HOLDER_CANCELS', 'TICK'],
  validated: ['ENTRY_DECLARED', 'ENTRY_DECLARED', 'ENTRY_DECLARED', 'HOLDER_CANCELS', 'HOLDER_CANCELS', 'TICK'],
  'in-training': ['EXIT_DECLARED', 'EXIT_DECLARED', 'EXIT_DECLARED', 'HOLDER_CANCELS', 'TICK'],
  'finished.awaitingEvaluation': ['EVALUATED'],
};

const NEXT_IDENTITY_STEP: Record<string, string> = {
  notCreated: 'IDENTITY_CREATED',
  created: 'IDENTITY_VERIFIED',
  verified: 'IDENTITY_ACTIVATED',
};

function guidedType(dossier: Dossier, pick: number): unknown {
  if (dossier.statePath === 'draft') return NEXT_IDENTITY_STEP[dossier.context.identity.state] ?? 'SUBMIT';
  const answers = ANSWERS[dossier.statePath];
  return answers ? answers[pick % answers.length] : TYPES[pick % TYPES.length];
}

function steer(at: Instant, previous: Instant, type: unknown, dossier: Dossier, region: Region): Instant {
  try {
    const { deadlines, training } = dossier.context;
    const running = RUNNING[dossier.state];
    const closes = running && (dossier.state === 'draft' || dossier.state === 'requested' || dossier.state === 'accepted') ? deadlines[running] : undefined;
    if (closes !== undefined && at > endOfDay(closes, region)) return Math.max(previous, endOfDay(closes, region) - (at % (6 * MS_HOUR)));
    const opens = type === 'ENTRY_DECLARED' ? training.start : type === 'EXIT_DECLARED' ? training.end : undefined;
    if (opens !== undefined && at < startOfDay(opens, region)) return Math.max(previous, startOfDay(opens, region) + (at % (4 * MS_DAY)));
  } catch {
    // an instant past the calendar: left as it is
  }
  return at;
}

function safeCreate(input: DossierInput): Dossier | null {
  try {
    const created = createDossier(input);
    return created.ok ? created.dossier : null;
  } catch {
    return null;
  }
}

function instantFor(timing: Timing, previous: Instant, dossier: Dossier | null, region: Region, start: CalendarDate, end: CalendarDate): Instant {
  switch (timing.kind) {
    case 'same':
      return previous;
    case 'ms':
    case 'hours':
    case 'days':
      return previous + timing.ms;
    case 'years':
      return previous + Math.round(timing.years * 365.2425 * MS_DAY) + timing.ms;
    case 'back':
      return previous - timing.ms;
    case 'deadline': {
      const name = dossier ? RUNNING[dossier.state] : undefined;
      const date = name ? dossier!.context.deadlines[name] : undefined;
      if (!date) return previous + MS_HOUR;
      try {
        return endOfDay(date, region) + timing.edge;
      } catch {
        return previous;
      }
    }
    case 'training': {
      try {
        const day = addCalendarDays(timing.base === 'start' ? start : end, timing.days);
        if (timing.at === 'first') return startOfDay(day, region);
        if (timing.at === 'last') return endOfDay(day, region);
        return startOfDay(day, region) + 10 * MS_HOUR;
      } catch {
        return previous;
      }
    }
    case 'extreme':
      return EXTREMES[timing.which % EXTREMES.length]!;
  }
}

/** What the sequences checked went through: how many reached each state, events, rejections. */
export interface SequenceStats {
  sequences: number;
  events: number;
  rejected: number;
  reached: Record<string, number>;
}

export function emptyStats(): SequenceStats {
  return { sequences: 0, events: 0, rejected: 0, reached: {} };
}

/** An invariant of rules.md section 8 that did not hold. */
export interface Violation {
  invariant:
    | 'final states absorb'
    | 'money is conserved'
    | 'nothing throws'
    | 'replay is deterministic'
    | 'persist and restore continue identically'
    | 'time order'
    | 'the fast step agrees with XState';
  /** The index of the event at fault in `events`, or null for the whole sequence. */
  step: number | null;
  message: string;
}

/** What a step did, as compared between runs (the stored form is compared at the ends). */
type Outcome = { ok: boolean; code: string | null; statePath: string; clock: number | null; history: number };

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.ok === b.ok && a.code === b.code && a.statePath === b.statePath && a.clock === b.clock && a.history === b.history;
}

function showOutcome(o: Outcome): string {
  return `${o.ok ? 'accepted' : o.code}, ${o.statePath}, clock ${o.clock}, ${o.history} history entries`;
}

function attempt<T>(what: string, step: number | null, run: () => T): T | Violation {
  try {
    return run();
  } catch (error) {
    return { invariant: 'nothing throws', step, message: `${what} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
}

function isViolation(value: unknown): value is Violation {
  return typeof value === 'object' && value !== null && 'invariant' in value && 'message' in value;
}

const RATES = new Set([0, ...PARTICIPATION_RATES.map((rate) => rate.amountCents)]);

function moneyProblem(dossier: Dossier): string | null {
  const { money, outcome } = dossier.context;
  const values = [money.paid, money.refunded, money.credited, money.debited];
  if (!values.every((v) => Number.isSafeInteger(v) && v >= 0)) return `amounts must be whole cents >= 0: ${JSON.stringify(money)}`;
  if (!RATES.has(money.paid)) return `paid ${money.paid} is not a rate of the participation table`;
  const spent = money.refunded + money.credited + money.debited;
  if (dossier.state === 'cancelled') {
    if (spent !== money.paid) return `refunded + credited + debited = ${spent}, paid = ${money.paid}`;
    if (outcome === null) return 'cancelled without an outcome';
    if ((outcome.resteACharge === 'none') !== (money.paid === 0)) return `outcome ${outcome.resteACharge} with ${money.paid} cents paid`;
    const where = outcome.resteACharge === 'none' ? null : money[outcome.resteACharge];
    if (where !== null && where !== money.paid) return `outcome says ${outcome.resteACharge} but money is ${JSON.stringify(money)}`;
  } else if (spent !== 0) {
    return `money moved in ${dossier.state}: ${JSON.stringify(money)}`;
  }
  return null;
}

/** Applies the events one by one; what happened at each, or the first violation of the run-time invariants. */
function run(
  start: Dossier,
  events: readonly unknown[],
  from: number,
  checks: boolean,
): { outcomes: Outcome[]; dossiers: Dossier[] } | Violation {
  const outcomes: Outcome[] = [];
  const dossiers: Dossier[] = [];
  let dossier = start;
  for (let index = from; index < events.length; index++) {
    const event = events[index];
    const before = dossier;
    const result = attempt('applyEvent', index, () => applyEvent(before, event as DossierEventInput));
    if (isViolation(result)) return result;
    dossier = result.dossier;
    outcomes.push({ ok: result.ok, code: result.ok ? null : result.rejection.code, statePath: dossier.statePath, clock: dossier.clock, history: dossier.history.length });
    dossiers.push(dossier);
    if (!checks) continue;
    if (before.clock !== null && dossier.clock !== null && dossier.clock < before.clock) {
      return { invariant: 'time order', step: index, message: `the clock went back from ${before.clock} to ${dossier.clock}` };
    }
    if ((FINAL_STATES as readonly string[]).includes(before.state)) {
      const type = (event as { type?: unknown } | null)?.type;
      if (result.ok && type !== 'TICK') {
        return { invariant: 'final states absorb', step: index, message: `${String(type)} was accepted in ${before.state}` };
      }
      if (dossier.statePath !== before.statePath || JSON.stringify(dossier.context) !== JSON.stringify(before.context)) {
        return { invariant: 'final states absorb', step: index, message: `${String(type)} changed a ${before.state} dossier (to ${dossier.statePath})` };
      }
    }
    const problem = moneyProblem(dossier);
    if (problem) return { invariant: 'money is conserved', step: index, message: problem };
  }
  return { outcomes, dossiers };
}

function damage(text: string, tamper: SequencePlan['tamper']): string {
  if (text.length === 0) return text;
  const at = tamper.at % text.length;
  switch (tamper.how) {
    case 'truncate':
      return text.slice(0, at);
    case 'flip':
      return `${text.slice(0, at)}${text[at] === '1' ? '2' : '1'}${text.slice(at + 1)}`;
    default: {
      const record = JSON.parse(text) as Record<string, unknown>;
      const keys = Object.keys(record);
      record[keys[at % keys.length]!] = at % 2 === 0 ? null : { nested: [at] };
      return JSON.stringify(record);
    }
  }
}

/**
 * Every invariant of rules.md section 8 on one sequence: nothing throws (applyEvent,
 * describeDossier, serializeDossier, restoreDossier, even of a damaged record); final
 * states accept only TICK and never change; money is conserved; a second replay gives
 * the same stored form byte for byte; a dossier persisted and restored at a step
 * continues exactly as the original; the fast step and XState's own step give the same
 * results, contexts and histories. The first violation, or null.
 */
export function checkSequence(sequence: ConcreteSequence, stats?: SequenceStats): Violation | null {
  const created = attempt('createDossier', null, () => createDossier(sequence.input));
  if (isViolation(created)) return created;
  if (!created.ok) return null;
  const first = run(created.dossier, sequence.events, 0, true);
  if (isViolation(first)) return first;
  const { outcomes, dossiers } = first;
  if (stats) {
    stats.sequences++;
    stats.events += sequence.events.length;
    stats.rejected += outcomes.filter((o) => !o.ok).length;
    for (const path of new Set(['draft', ...dossiers.map((d) => d.statePath)])) stats.reached[path] = (stats.reached[path] ?? 0) + 1;
  }

  // describeDossier, at the dossier's clock, at the end and at the persisted step.
  const persistStep = sequence.persistAt % (sequence.events.length + 1);
  const persisted = persistStep === 0 ? created.dossier : dossiers[persistStep - 1]!;
  for (const [dossier, step] of [[dossiers[dossiers.length - 1] ?? created.dossier, sequence.events.length - 1], [persisted, persistStep - 1]] as const) {
    const described = attempt('describeDossier', step < 0 ? null : step, () => describeDossier(dossier));
    if (isViolation(described)) return described;
    if (!described.ok) return { invariant: 'nothing throws', step: step < 0 ? null : step, message: `describeDossier refused the dossier's own clock: ${described.rejection.message}` };
  }

  const last = dossiers[dossiers.length - 1] ?? created.dossier;
  const stored = attempt('serializeDossier', sequence.events.length - 1, () => serializeDossier(last));
  if (isViolation(stored)) return stored;

  // The same events again, from scratch: the same answers and the same stored form, byte for byte.
  const again = createDossier(sequence.input);
  if (!again.ok) return { invariant: 'replay is deterministic', step: null, message: 'the second createDossier failed' };
  const second = run(again.dossier, sequence.events, 0, false);
  if (isViolation(second)) return second;
  for (let index = 0; index < outcomes.length; index++) {
    const a = outcomes[index]!;
    const b = second.outcomes[index]!;
    if (!sameOutcome(a, b)) {
      return { invariant: 'replay is deterministic', step: index, message: `the second replay differs at this step: ${showOutcome(a)}, then ${showOutcome(b)}` };
    }
  }
  const storedAgain = serializeDossier(second.dossiers[second.dossiers.length - 1] ?? again.dossier);
  if (storedAgain !== stored) {
    return { invariant: 'replay is deterministic', step: null, message: `the second replay is stored differently:\n${stored}\n${storedAgain}` };
  }
  const difference = differenceFromXState(sequence.input, sequence.events);
  if (difference !== null) return { invariant: 'the fast step agrees with XState', step: difference.step, message: difference.message };

  // Persisted, restored, continued.
  const text = attempt('serializeDossier', persistStep - 1 < 0 ? null : persistStep - 1, () => serializeDossier(persisted));
  if (isViolation(text)) return text;
  const restored = attempt('restoreDossier', persistStep - 1 < 0 ? null : persistStep - 1, () => restoreDossier(text));
  if (isViolation(restored)) return restored;
  if (!restored.ok) {
    return { invariant: 'persist and restore continue identically', step: persistStep - 1 < 0 ? null : persistStep - 1, message: `restoreDossier refused what serializeDossier wrote: ${restored.error.code} ${restored.error.message}` };
  }
  if (serializeDossier(restored.dossier) !== text) {
    return { invariant: 'persist and restore continue identically', step: persistStep - 1, message: 'the restored dossier is stored differently' };
  }
  const continued = run(restored.dossier, sequence.events, persistStep, false);
  if (isViolation(continued)) return continued;
  for (let index = 0; index < continued.outcomes.length; index++) {
    const a = outcomes[persistStep + index]!;
    const b = continued.outcomes[index]!;
    if (!sameOutcome(a, b)) {
      return {
        invariant: 'persist and restore continue identically',
        step: persistStep + index,
        message: `restored after step ${persistStep - 1}, it differs here: original ${showOutcome(a)}; restored ${showOutcome(b)}`,
      };
    }
  }
  const storedContinued = serializeDossier(continued.dossiers[continued.dossiers.length - 1] ?? restored.dossier);
  if (storedContinued !== stored) {
    return { invariant: 'persist and restore continue identically', step: null, message: `restored after step ${persistStep - 1}, it ends stored differently:\n${stored}\n${storedContinued}` };
  }

  // A damaged record is an error, never an exception.
  const damagedText = damage(text, sequence.tamper);
  const damaged = attempt('restoreDossier (damaged record)', null, () => restoreDossier(damagedText));
  if (isViolation(damaged)) return damaged;
  return null;
}

/** What a caller sees of an applyEvent, as compared between the fast step and XState's. */
function resultView(result: ApplyResult): string {
  const { dossier } = result;
  return JSON.stringify({
    rejection: result.ok ? null : { code: result.rejection.code, message: result.rejection.message },
    state: dossier.state,
    statePath: dossier.statePath,
    context: dossier.context,
    clock: dossier.clock,
    history: dossier.history,
  });
}

/**
 * The events applied to a dossier that takes the fast step (machines/fast-step.ts, what
 * the API uses) and to one that takes XState's own `machine.transition`
 * (`withXStateSteps`): the first step where what the caller sees differs (the result,
 * the rejection and its sentence, the state, the context, the clock, the history), or
 * null. `snapshots` also compares XState's snapshot of both (`machineSnapshotOf`).
 */
export function differenceFromXState(
  input: unknown,
  events: readonly unknown[],
  snapshotView?: (dossier: Dossier) => string,
): { step: number | null; message: string } | null {
  const fast = createDossier(input as DossierInput);
  const reference = withXStateSteps(() => createDossier(input as DossierInput));
  if (JSON.stringify(fast) !== JSON.stringify(reference)) return { step: null, message: `createDossier: ${JSON.stringify(fast)}; XState: ${JSON.stringify(reference)}` };
  if (!fast.ok || !reference.ok) return null;
  let [a, b] = [fast.dossier, reference.dossier];
  for (const [index, event] of events.entries()) {
    const left = applyEvent(a, event as DossierEventInput);
    const right = applyEvent(b, event as DossierEventInput);
    const [got, want] = [resultView(left), resultView(right)];
    if (got !== want) return { step: index, message: `fast step ${got}\nXState    ${want}` };
    if (snapshotView) {
      const [s, t] = [snapshotView(left.dossier), snapshotView(right.dossier)];
      if (s !== t) return { step: index, message: `snapshot of the fast step ${s}\nXState's                 ${t}` };
    }
    [a, b] = [left.dossier, right.dossier];
  }
  return null;
}

/** The fast-check property: a violation is thrown, with its sequence. */
export class SequenceFailure extends Error {
  constructor(
    readonly violation: Violation,
    readonly sequence: ConcreteSequence,
  ) {
    super(`${violation.invariant}${violation.step === null ? '' : ` (event ${violation.step})`}: ${violation.message}`);
  }
}

/**
 * The property over random sequences; `check` is `checkSequence` unless a test gives
 * another (to see a failure shrunk and written out).
 */
export function sequenceProperty(
  options: PlanOptions = {},
  stats?: SequenceStats,
  check: (sequence: ConcreteSequence, stats?: SequenceStats) => Violation | null = checkSequence,
) {
  return fc.property(sequencePlanArbitrary(options), (plan) => {
    const sequence = concretise(plan);
    const violation = check(sequence, stats);
    if (violation) throw new SequenceFailure(violation, sequence);
  });
}

/** The failure fast-check reports, as this module threw it. */
export function sequenceFailureOf(error: unknown): SequenceFailure | null {
  if (error instanceof SequenceFailure) return error;
  if (error instanceof Error && error.cause instanceof SequenceFailure) return error.cause;
  return null;
}

/**
 * A failing sequence as a scenario file to replay (`cpf-dossier replay FILE`): the
 * events the format can hold (a malformed event changes nothing and is left out, but
 * the one at fault is kept), each with the state and rejection it got, and the
 * violation in the description.
 */
export function sequenceToScenario(sequence: ConcreteSequence, violation: Violation | null, name: string): { document: ScenarioDocument; omitted: number[] } {
  const region = sequence.input.calendar;
  const created = createDossier(sequence.input);
  const when: ScenarioStep[] = [];
  const omitted: number[] = [];
  let dossier = created.ok ? created.dossier : null;
  sequence.events.forEach((raw, index) => {
    const parsed = parseEvent(raw, region);
    let result: ReturnType<typeof applyEvent> | null = null;
    if (dossier) {
      try {
        result = applyEvent(dossier, raw as DossierEventInput);
        dossier = result.dossier;
      } catch {
        result = null;
      }
    }
    const atFault = violation?.step === index;
    const changesNothing = !parsed.ok || (result !== null && !result.ok && result.rejection.code === 'CLOCK_WENT_BACKWARDS');
    const at = parsed.ok ? isoOf(parsed.event.at, region) : null;
    if ((changesNothing && !atFault) || !parsed.ok || at === null) {
      omitted.push(index);
      return;
    }
    const { type, at: _at, ...payload } = parsed.event as Record<string, unknown> & { type: string; at: number };
    const step: ScenarioStep = { at, event: type, ...(payload as Omit<ScenarioStep, 'at' | 'event'>) };
    if (step.event === 'HOLDER_CANCELS' && step.forceMajeure === false) delete step.forceMajeure;
    if (step.event === 'IDENTITY_ACTIVATED' && typeof step.code !== 'string') step.code = String(step.code);
    if (result) {
      step.expect = { state: result.dossier.state };
      if (!result.ok) step.expect.rejected = result.rejection.code;
    }
    when.push(step);
  });
  const given: ScenarioDocument['given'] = { training: { ...sequence.input.training } };
  if (sequence.input.identityActivatedAt !== null) given.identityActivatedAt = sequence.input.identityActivatedAt;
  if (sequence.input.exemption !== null) given.exemption = sequence.input.exemption;
  const then = dossier
    ? {
        state: dossier.state,
        ...(dossier.context.reason ? { reason: dossier.context.reason } : {}),
        ...(dossier.context.outcome ? { outcome: dossier.context.outcome } : {}),
        paid: dossier.context.money.paid / 100,
      }
    : undefined;
  const description = violation
    ? `Counterexample: ${violation.invariant}${violation.step === null ? '' : ` at event ${violation.step} of the sequence`}: ${oneLine(violation.message).slice(0, 500)}`
    : 'A random sequence.';
  return {
    document: { name, description, calendar: region, given, when, ...(then ? { then } : {}) },
    omitted,
  };
}

export function sequenceToYaml(sequence: ConcreteSequence, violation: Violation | null, name: string, comment?: string): string {
  const { document, omitted } = sequenceToScenario(sequence, violation, name);
  const notes = [comment, omitted.length ? `Events left out (malformed or earlier than the clock: they change nothing): ${omitted.join(', ')}` : undefined]
    .filter((line): line is string => line !== undefined)
    .join('\n');
  return scenarioToYaml(document, notes || undefined);
}
