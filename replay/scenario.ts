import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { parseCalendarDate, parseInstant, parseRegion, DEFAULT_REGION } from '../calendar/index.js';
import type { CalendarDate, Region } from '../calendar/index.js';
import { isEventType, payloadFieldsOf } from '../api/events.js';
import type { DossierEventInput } from '../api/events.js';
import type { DossierInput } from '../api/dossier.js';
import {
  CPF_RIGHTS_OUTCOMES,
  DEADLINE_NAMES,
  DECLARATIONS,
  DOSSIER_STATES,
  EVENT_TYPES,
  REASONS,
  REJECTION_CODES,
  RESTE_A_CHARGE_OUTCOMES,
} from '../machines/types.js';
import type {
  CpfRightsOutcome,
  DeadlineName,
  Declaration,
  DossierEventType,
  DossierStateName,
  Reason,
  RejectionCode,
  ResteAChargeOutcome,
} from '../machines/types.js';
import { EXEMPTIONS, VERIFICATION_METHODS } from '../policy/cpf-policy.js';
import { nearestName } from './nearest-name.js';

/**
 * Scenario files (shared/spec/scenarios.md): read with the YAML parser's own
 * positions, checked field by field. Every error names the file, the line and column,
 * and the field; a file with errors is not replayed.
 */

export interface Position {
  line: number;
  column: number;
}

export interface ScenarioError {
  file: string;
  line: number | null;
  column: number | null;
  /** The field at fault, as a path: `when[2].whenn`, `given.training.end`. */
  field: string;
  message: string;
}

export interface StepExpectation {
  state?: DossierStateName;
  rejected?: RejectionCode;
}

export interface ScenarioStep {
  /** 1-based, as people count steps. */
  number: number;
  line: number;
  event: DossierEventInput;
  /** The `at` as written in the file. */
  atText: string;
  expect: StepExpectation;
}

export interface ThenExpectation {
  state?: DossierStateName;
  reason?: Reason;
  outcome?: { cpfRights?: CpfRightsOutcome; resteACharge?: ResteAChargeOutcome };
  /** In cents, from the file's euros. */
  paidCents?: number;
  deadlines?: Partial<Record<DeadlineName, CalendarDate | null>>;
  late?: Declaration[];
  overdue?: Declaration[];
  rating?: number | null;
}

export interface Scenario {
  file: string;
  name: string;
  description: string | null;
  calendar: Region;
  input: DossierInput;
  steps: ScenarioStep[];
  then: ThenExpectation | null;
  /** Line of each `then` field, for reports. */
  thenLines: Partial<Record<keyof ThenExpectation, number>>;
}

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[]; name: string | null };

const TOP_FIELDS = ['name', 'description', 'calendar', 'given', 'when', 'then'] as const;
const GIVEN_FIELDS = ['identityActivatedAt', 'exemption', 'training'] as const;
const TRAINING_FIELDS = ['start', 'end'] as const;
const STEP_FIELDS = ['at', 'event', 'expect'] as const;
const EXPECT_FIELDS = ['state', 'rejected'] as const;
const THEN_FIELDS = ['state', 'reason', 'outcome', 'paid', 'deadlines', 'late', 'overdue', 'rating'] as const;
const OUTCOME_FIELDS = ['cpfRights', 'resteACharge'] as const;

class FileChecker {
  readonly errors: ScenarioError[] = [];

  constructor(
    readonly file: string,
    readonly text: string,
    readonly lines: LineCounter,
  ) {}

  positionOf(node: Node | Pair | null | undefined): Position | null {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as Node | null)?.range : undefined;
    if (!range) return null;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }

  error(node: Node | Pair | null | undefined, field: string, message: string): void {
    const position = this.positionOf(node);
    this.errors.push({ file: this.file, line: position?.line ?? null, column: position?.column ?? null, field, message });
  }

  /** The pairs of a map, refusing keys that are not in `allowed`. */
  fields(node: Node | null | undefined, path: string, allowed: readonly string[]): Map<string, Pair<Scalar, Node | null>> | null {
    if (!isMap(node)) {
      this.error(node, path || '(top level)', `must be a mapping of fields (${allowed.join(', ')})`);
      return null;
    }
    const found = new Map<string, Pair<Scalar, Node | null>>();
    for (const pair of (node as YAMLMap<Scalar, Node | null>).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const fieldPath = path ? `${path}.${key}` : key;
      if (!allowed.includes(key)) {
        const suggestion = nearestName(key, allowed);
        this.error(pair.key, fieldPath, `unknown field '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; expected one of ${allowed.join(', ')}`);
        continue;
      }
      found.set(key, pair as Pair<Scalar, Node | null>);
    }
    return found;
  }

  scalar(pair: Pair<Scalar, Node | null> | undefined): unknown {
    return isScalar(pair?.value) ? pair!.value.value : undefined;
  }

  /** The text of a scalar as written (so that `code: 0421` stays '0421'). */
  sourceText(pair: Pair<Scalar, Node | null>): string | undefined {
    const value = pair.value;
    if (!isScalar(value)) return undefined;
    if (value.type === 'PLAIN' && value.range) return this.text.slice(value.range[0], value.range[1]);
    return typeof value.value === 'string' ? value.value : String(value.value);
  }

  valueNode(pair: Pair<Scalar, Node | null>): Node | Pair {
    return pair.value ?? pair;
  }

  oneOf<T extends string>(pair: Pair<Scalar, Node | null>, path: string, allowed: readonly T[]): T | undefined {
    const value = this.scalar(pair);
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.error(this.valueNode(pair), path, `${show(value, pair)} is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  date(pair: Pair<Scalar, Node | null>, path: string): CalendarDate | undefined {
    const parsed = parseCalendarDate(this.scalar(pair));
    if (parsed.ok) return parsed.value;
    this.error(this.valueNode(pair), path, parsed.error);
    return undefined;
  }

  instant(pair: Pair<Scalar, Node | null>, path: string, region: Region): string | undefined {
    const value = this.scalar(pair);
    const parsed = parseInstant(value, region);
    if (parsed.ok) return value as string;
    this.error(this.valueNode(pair), path, parsed.error);
    return undefined;
  }

  declarations(pair: Pair<Scalar, Node | null>, path: string): Declaration[] | undefined {
    if (!isSeq(pair.value)) {
      this.error(this.valueNode(pair), path, `must be a list of ${DECLARATIONS.join(', ')}`);
      return undefined;
    }
    const result: Declaration[] = [];
    pair.value.items.forEach((item, index) => {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value === 'string' && (DECLARATIONS as readonly string[]).includes(value)) result.push(value as Declaration);
      else this.error(item as Node, `${path}[${index}]`, `${show(value)} is not one of ${DECLARATIONS.join(', ')}`);
    });
    return result;
  }
}

function show(value: unknown, pair?: Pair<Scalar, Node | null>): string {
  if (pair && pair.value !== null && !isScalar(pair.value)) return isSeq(pair.value) ? 'a list' : 'a mapping';
  if (value === undefined || value === null) return 'empty';
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function lineCol(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** JSON is read strictly (trailing garbage is an error), then through the YAML parser for positions. */
function jsonSyntaxError(file: string, text: string): ScenarioError | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    const offset = /position (\d+)/.exec(message);
    const position = offset ? lineCol(text, Number(offset[1])) : null;
    return { file, line: position?.line ?? null, column: position?.column ?? null, field: '(syntax)', message: `not valid JSON: ${message}` };
  }
}

/** Reads and checks one scenario file's text. */
export function parseScenario(file: string, text: string): ScenarioParse {
  if (text.trim() === '') {
    return { ok: false, name: null, errors: [{ file, line: 1, column: 1, field: '(file)', message: 'the file is empty: a scenario needs at least name, given.training and when' }] };
  }
  if (/\.json$/i.test(file)) {
    const syntax = jsonSyntaxError(file, text);
    if (syntax) return { ok: false, name: null, errors: [syntax] };
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      name: null,
      errors: document.errors.map((error) => ({
        file,
        line: error.linePos?.[0].line ?? null,
        column: error.linePos?.[0].col ?? null,
        field: '(syntax)',
        message: `not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  const check = new FileChecker(file, text, lines);
  const top = check.fields(document.contents as Node | null, '', TOP_FIELDS);
  if (!top) return { ok: false, errors: check.errors, name: null };

  const namePair = top.get('name');
  const name = check.scalar(namePair);
  let scenarioName: string | null = null;
  if (!namePair) check.error(document.contents as Node, 'name', 'name is required (one line saying what the scenario tells)');
  else if (typeof name !== 'string' || name.trim() === '' || name.includes('\n')) {
    check.error(check.valueNode(namePair), 'name', 'must be one non-empty line of text');
  } else scenarioName = name;

  const descriptionPair = top.get('description');
  const description = descriptionPair ? check.scalar(descriptionPair) : null;
  if (descriptionPair && typeof description !== 'string') check.error(check.valueNode(descriptionPair), 'description', 'must be text');

  let calendar: Region = DEFAULT_REGION;
  const calendarPair = top.get('calendar');
  if (calendarPair) {
    const region = parseRegion(check.scalar(calendarPair));
    if (region.ok) calendar = region.value;
    else check.error(check.valueNode(calendarPair), 'calendar', region.error);
  }

  const input = readGiven(check, top, calendar);
  const steps = readSteps(check, top, calendar);
  const thenPair = top.get('then');
  const thenLines: Scenario['thenLines'] = {};
  const then = thenPair ? readThen(check, thenPair, thenLines) : null;

  if (check.errors.length > 0 || !input || !steps || scenarioName === null) {
    const byPosition = [...check.errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, errors: byPosition, name: scenarioName };
  }
  return {
    ok: true,
    scenario: {
      file,
      name: scenarioName,
      description: typeof description === 'string' ? description : null,
      calendar,
      input,
      steps,
      then,
      thenLines,
    },
  };
}

function readGiven(check: FileChecker, top: Map<string, Pair<Scalar, Node | null>>, calendar: Region): DossierInput | null {
  const givenPair = top.get('given');
  if (!givenPair) {
    check.error(null, 'given', 'given is required: at least given.training with start and end');
    return null;
  }
  const given = check.fields(givenPair.value, 'given', GIVEN_FIELDS);
  if (!given) return null;
  const input: DossierInput = { training: { start: '', end: '' }, calendar };
  const activated = given.get('identityActivatedAt');
  if (activated) {
    const at = check.instant(activated, 'given.identityActivatedAt', calendar);
    if (at !== undefined) input.identityActivatedAt = at;
  }
  const exemption = given.get('exemption');
  if (exemption) {
    const value = check.oneOf(exemption, 'given.exemption', EXEMPTIONS);
    if (value !== undefined) input.exemption = value;
  }
  const trainingPair = given.get('training');
  if (!trainingPair) {
    check.error(givenPair.value ?? givenPair, 'given.training', 'given.training is required, with start and end dates');
    return null;
  }
  const training = check.fields(trainingPair.value, 'given.training', TRAINING_FIELDS);
  if (!training) return null;
  const startPair = training.get('start');
  const endPair = training.get('end');
  if (!startPair) check.error(trainingPair.value ?? trainingPair, 'given.training.start', 'given.training.start is required (YYYY-MM-DD)');
  if (!endPair) check.error(trainingPair.value ?? trainingPair, 'given.training.end', 'given.training.end is required (YYYY-MM-DD)');
  const start = startPair ? check.date(startPair, 'given.training.start') : undefined;
  const end = endPair ? check.date(endPair, 'given.training.end') : undefined;
  if (start !== undefined && end !== undefined && end < start) {
    check.error(check.valueNode(endPair!), 'given.training.end', `end ${end} is before start ${start}`);
  }
  if (start === undefined || end === undefined) return null;
  input.training = { start, end };
  return input;
}

function readSteps(check: FileChecker, top: Map<string, Pair<Scalar, Node | null>>, calendar: Region): ScenarioStep[] | null {
  const whenPair = top.get('when');
  if (!whenPair) {
    check.error(null, 'when', 'when is required: the list of timed events');
    return null;
  }
  if (!isSeq(whenPair.value)) {
    check.error(check.valueNode(whenPair), 'when', 'must be a list of events, each with at and event');
    return null;
  }
  const steps: ScenarioStep[] = [];
  whenPair.value.items.forEach((item, index) => {
    const path = `when[${index}]`;
    const node = item as Node;
    const fields = check.fields(node, path, [...STEP_FIELDS, ...new Set(EVENT_TYPES.flatMap((type) => payloadFieldsOf(type)))]);
    if (!fields) return;
    const line = check.positionOf(node)?.line ?? 0;
    const eventPair = fields.get('event');
    const atPair = fields.get('at');
    if (!eventPair) check.error(node, `${path}.event`, `the event is required: one of ${EVENT_TYPES.join(', ')}`);
    if (!atPair) check.error(node, `${path}.at`, `the instant is required: ISO 8601, such as 2026-04-03T16:00:00+02:00`);
    const type = eventPair ? check.scalar(eventPair) : undefined;
    if (eventPair && !isEventType(type)) {
      check.error(check.valueNode(eventPair), `${path}.event`, `unknown event ${show(type, eventPair)}; expected one of ${EVENT_TYPES.join(', ')}`);
    }
    const atText = atPair ? check.instant(atPair, `${path}.at`, calendar) : undefined;
    const expect = readExpect(check, fields.get('expect'), `${path}.expect`);
    if (!isEventType(type) || atText === undefined || expect === null) return;
    const payload = readPayload(check, fields, path, type);
    if (payload === null) return;
    steps.push({ number: index + 1, line, atText, event: { type, at: atText, ...payload } as DossierEventInput, expect });
  });
  return steps;
}

function readPayload(
  check: FileChecker,
  fields: Map<string, Pair<Scalar, Node | null>>,
  path: string,
  type: DossierEventType,
): Record<string, unknown> | null {
  const allowed = payloadFieldsOf(type);
  const payload: Record<string, unknown> = {};
  let valid = true;
  for (const [key, pair] of fields) {
    if ((STEP_FIELDS as readonly string[]).includes(key)) continue;
    if (!allowed.includes(key)) {
      check.error(pair.key, `${path}.${key}`, `${type} takes no field '${key}'${allowed.length ? `; it takes ${allowed.join(', ')}` : ''}`);
      valid = false;
      continue;
    }
    if (key === 'method') {
      const method = check.oneOf(pair, `${path}.method`, VERIFICATION_METHODS);
      if (method === undefined) valid = false;
      else payload.method = method;
    } else if (key === 'forceMajeure') {
      const value = check.scalar(pair);
      if (typeof value !== 'boolean') {
        check.error(check.valueNode(pair), `${path}.forceMajeure`, `${show(value, pair)} is not true or false`);
        valid = false;
      } else payload.forceMajeure = value;
    } else if (key === 'code') {
      // A code is text: `code: 0421` keeps its leading zero. Its 4-digit rule is the model's (INVALID_PAYLOAD).
      payload.code = check.sourceText(pair);
    } else if (key === 'rating') {
      payload.rating = check.scalar(pair);
    }
  }
  if (type === 'IDENTITY_VERIFIED' && !fields.has('method')) {
    check.error(fields.get('event')?.key, `${path}.method`, `IDENTITY_VERIFIED needs a method: ${VERIFICATION_METHODS.join(', ')}`);
    valid = false;
  }
  return valid ? payload : null;
}

function readExpect(check: FileChecker, pair: Pair<Scalar, Node | null> | undefined, path: string): StepExpectation | null {
  if (!pair) return {};
  const fields = check.fields(pair.value, path, EXPECT_FIELDS);
  if (!fields) return null;
  const expect: StepExpectation = {};
  const state = fields.get('state');
  const rejected = fields.get('rejected');
  let valid = true;
  if (state) {
    const value = check.oneOf(state, `${path}.state`, DOSSIER_STATES);
    if (value === undefined) valid = false;
    else expect.state = value;
  }
  if (rejected) {
    const value = check.oneOf(rejected, `${path}.rejected`, REJECTION_CODES);
    if (value === undefined) valid = false;
    else expect.rejected = value;
  }
  return valid ? expect : null;
}

function readThen(check: FileChecker, pair: Pair<Scalar, Node | null>, lines: Scenario['thenLines']): ThenExpectation | null {
  const fields = check.fields(pair.value, 'then', THEN_FIELDS);
  if (!fields) return null;
  const then: ThenExpectation = {};
  for (const [key, field] of fields) {
    const path = `then.${key}`;
    lines[(key === 'paid' ? 'paidCents' : key) as keyof ThenExpectation] = check.positionOf(field)?.line ?? undefined;
    switch (key) {
      case 'state': {
        const value = check.oneOf(field, path, DOSSIER_STATES);
        if (value !== undefined) then.state = value;
        break;
      }
      case 'reason': {
        const value = check.oneOf(field, path, REASONS);
        if (value !== undefined) then.reason = value;
        break;
      }
      case 'outcome': {
        const outcome = check.fields(field.value, path, OUTCOME_FIELDS);
        if (!outcome) break;
        then.outcome = {};
        const rights = outcome.get('cpfRights');
        const charge = outcome.get('resteACharge');
        if (rights) {
          const value = check.oneOf(rights, `${path}.cpfRights`, CPF_RIGHTS_OUTCOMES);
          if (value !== undefined) then.outcome.cpfRights = value;
        }
        if (charge) {
          const value = check.oneOf(charge, `${path}.resteACharge`, RESTE_A_CHARGE_OUTCOMES);
          if (value !== undefined) then.outcome.resteACharge = value;
        }
        break;
      }
      case 'paid': {
        const value = check.scalar(field);
        const cents = typeof value === 'number' ? Math.round(value * 100) : NaN;
        if (typeof value !== 'number' || value < 0 || !Number.isFinite(value) || Math.abs(cents - value * 100) > 1e-6) {
          check.error(check.valueNode(field), path, `${show(value, field)} is not an amount in euros (a number with at most 2 decimals, e.g. 102.23)`);
        } else then.paidCents = cents;
        break;
      }
      case 'deadlines': {
        const deadlines = check.fields(field.value, path, DEADLINE_NAMES);
        if (!deadlines) break;
        then.deadlines = {};
        for (const [name, deadline] of deadlines) {
          if (check.scalar(deadline) === null) then.deadlines[name as DeadlineName] = null;
          else {
            const date = check.date(deadline, `${path}.${name}`);
            if (date !== undefined) then.deadlines[name as DeadlineName] = date;
          }
        }
        break;
      }
      case 'late':
      case 'overdue': {
        const list = check.declarations(field, path);
        if (list) then[key] = list;
        break;
      }
      case 'rating': {
        const value = check.scalar(field);
        if (value === null) then.rating = null;
        else if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) then.rating = value;
        else check.error(check.valueNode(field), path, `${show(value, field)} is not a rating (an integer from 1 to 5, or null)`);
        break;
      }
    }
  }
  return then;
}

