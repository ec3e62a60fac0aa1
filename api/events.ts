import { describeValue, FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR, parseInstant } from '../calendar/index.js';
import type { Instant, Region } from '../calendar/index.js';
import { EVENT_TYPES } from '../machines/types.js';
import type { DossierEvent, DossierEventType } from '../machines/types.js';
import { VERIFICATION_METHODS } from '../policy/cpf-policy.js';
import type { VerificationMethod } from '../policy/cpf-policy.js';
import { isFourDigitCode } from '../guards/identity.js';
import { rejection } from './rejections.js';
import type { RuleRejection } from './rejections.js';

/** An instant as a service gives it: ISO 8601 (without an offset: the calendar's zone), or ms since the epoch. */
export type InstantInput = string | number;

type WithInstantInput<E> = E extends { at: Instant } ? Omit<E, 'at'> & { at: InstantInput } : never;

/** An event as a service sends it: `at` may be ISO 8601, `forceMajeure` defaults to false. */
export type DossierEventInput =
  | Exclude<WithInstantInput<DossierEvent>, { type: 'HOLDER_CANCELS' }>
  | { type: 'HOLDER_CANCELS'; at: InstantInput; forceMajeure?: boolean };

const PAYLOAD_FIELDS: Record<DossierEventType, readonly string[]> = {
  IDENTITY_CREATED: [],
  IDENTITY_VERIFIED: ['method'],
  IDENTITY_ACTIVATED: ['code'],
  SUBMIT: [],
  ORGANISATION_ACCEPTS: [],
  ORGANISATION_REFUSES: [],
  HOLDER_VALIDATES: [],
  ENTRY_DECLARED: [],
  EXIT_DECLARED: [],
  EVALUATED: ['rating'],
  HOLDER_CANCELS: ['forceMajeure'],
  TICK: [],
};

export function isEventType(value: unknown): value is DossierEventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** The payload fields an event type takes besides `type` and `at`. */
export function payloadFieldsOf(type: DossierEventType): readonly string[] {
  return PAYLOAD_FIELDS[type];
}

/**
 * The instants an event can carry: those whose date, in every zone, the holiday calendar
 * covers (from the second day of its first year to the day before the end of its last).
 * Outside, no rule could be computed (a guard would throw) and the instant could not be
 * written back in ISO 8601 (a persisted dossier with such a clock could not be restored,
 * or not even written, at the ends of Date's range).
 */
export const FIRST_INSTANT = utcInstantOfYear(FIRST_HOLIDAY_YEAR, 0, 2);
export const LAST_INSTANT = utcInstantOfYear(LAST_HOLIDAY_YEAR, 11, 31) - 1;
const INSTANTS_COVERED = `${formatUtcDay(FIRST_INSTANT)} to ${formatUtcDay(LAST_INSTANT)}`;

function utcInstantOfYear(year: number, monthIndex: number, day: number): Instant {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

function formatUtcDay(instant: Instant): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * `input` is what the caller gave, written in the error only. Speed: it used to be
 * written (describeValue) for every event, in range or not: String() of a 13-digit
 * number on every applyEvent, about 3% of its time.
 */
function withinCalendar(value: Instant, input: unknown): { ok: true; value: Instant } | { ok: false; error: string } {
  if (value >= FIRST_INSTANT && value <= LAST_INSTANT) return { ok: true, value };
  return { ok: false, error: `${describeValue(input)} is outside the instants the calendar covers (${INSTANTS_COVERED}, UTC)` };
}

/** Reads `at`: an ISO 8601 string, or a whole number of ms since the epoch. */
export function parseInstantInput(value: unknown, region: Region): { ok: true; value: Instant } | { ok: false; error: string } {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return withinCalendar(value, value);
    return { ok: false, error: `${describeValue(value)} is not an instant (ms since the epoch must be a whole number)` };
  }
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? { ok: false, error: 'an invalid Date is not an instant' } : withinCalendar(time, value);
  }
  const parsed = parseInstant(value, region);
  return parsed.ok ? withinCalendar(parsed.value, value) : parsed;
}

/**
 * What stands for the identity code wherever the code itself must not go (a stored
 * history, an inspector): the model only ever checks a code's format, so a stand-in that
 * passes or fails that check as the real code does gives the same transitions.
 */
export const IDENTITY_CODE_STAND_IN = '0000';

/** The event, its identity code (if any) replaced by the stand-in, or by nothing when the code is malformed. */
export function withoutIdentityCode(event: DossierEvent): DossierEvent {
  if (event.type !== 'IDENTITY_ACTIVATED') return event;
  return { ...event, code: isFourDigitCode(event.code) ? IDENTITY_CODE_STAND_IN : '' };
}

/**
 * Checks the shape of an event and reads its instant. What it refuses is
 * INVALID_PAYLOAD; what it lets through may still be refused by the machine (a rating
 * of 7, a code of 3 digits: their guards are rules, rules.md section 3).
 */
export function parseEvent(input: unknown, region: Region): { ok: true; event: DossierEvent } | { ok: false; rejection: RuleRejection } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, rejection: rejection('INVALID_PAYLOAD', null, `an event must be an object with 'type' and 'at'; got ${describeValue(input)}`) };
  }
  const record = input as Record<string, unknown>;
  const type = record.type;
  if (!isEventType(type)) {
    return {
      ok: false,
      rejection: rejection('INVALID_PAYLOAD', typeof type === 'string' ? type : null, `unknown event type ${describeValue(type)}: expected one of ${EVENT_TYPES.join(', ')}`, 'type'),
    };
  }
  if (!('at' in record) || record.at === undefined) {
    return { ok: false, rejection: rejection('INVALID_PAYLOAD', type, `${type} has no 'at': every event carries the instant it happens`, 'at') };
  }
  const at = parseInstantInput(record.at, region);
  if (!at.ok) return { ok: false, rejection: rejection('INVALID_PAYLOAD', type, `${type}: 'at' ${at.error}`, 'at') };
  const allowed = PAYLOAD_FIELDS[type];
  for (const key of Object.keys(record)) {
    if (key !== 'type' && key !== 'at' && !allowed.includes(key)) {
      const takes = allowed.length ? `it takes ${allowed.map((f) => `'${f}'`).join(', ')}` : 'it takes no other field';
      return { ok: false, rejection: rejection('INVALID_PAYLOAD', type, `${type} has an unknown field '${key}': ${takes}`, key) };
    }
  }
  switch (type) {
    case 'IDENTITY_VERIFIED': {
      const method = record.method;
      if (!(VERIFICATION_METHODS as readonly unknown[]).includes(method)) {
        return {
          ok: false,
          rejection: rejection('INVALID_PAYLOAD', type, `IDENTITY_VERIFIED 'method' is ${describeValue(method)}: expected one of ${VERIFICATION_METHODS.join(', ')}`, 'method'),
        };
      }
      return { ok: true, event: { type, at: at.value, method: method as VerificationMethod } };
    }
    case 'IDENTITY_ACTIVATED':
      // The 4-digit rule is the identity machine's guard; only its presence is checked here.
      return { ok: true, event: { type, at: at.value, code: record.code as string } };
    case 'EVALUATED':
      return { ok: true, event: { type, at: at.value, rating: record.rating as number } };
    case 'HOLDER_CANCELS': {
      const forceMajeure = record.forceMajeure ?? false;
      if (typeof forceMajeure !== 'boolean') {
        return {
          ok: false,
          rejection: rejection('INVALID_PAYLOAD', type, `HOLDER_CANCELS 'forceMajeure' must be true or false; got ${describeValue(forceMajeure)}`, 'forceMajeure'),
        };
      }
      return { ok: true, event: { type, at: at.value, forceMajeure } };
    }
    default:
      return { ok: true, event: { type, at: at.value } };
  }
}
