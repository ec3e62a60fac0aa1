import { REGIONS } from '../calendar/index.js';
import { payloadFieldsOf } from '../api/events.js';
import { ACTORS, DEADLINE_NAMES, DOSSIER_STATES, EVENT_TYPES } from '../machines/types.js';
import { EXEMPTIONS, VERIFICATION_METHODS } from '../policy/cpf-policy.js';

/**
 * The request and answer schemas of every endpoint (runtime.md section 5). Fastify
 * validates each request against them and @fastify/swagger writes them into the
 * OpenAPI 3.1 document served at /openapi.json: the document is what is enforced.
 *
 * The schemas check shapes (types, names, unknown fields); the model checks values
 * (a date that does not exist, a rating of 7, an identity not active yet), so that a
 * well-formed event is always applied and kept in the log, accepted or refused.
 */

const ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';

/** An instant: ISO 8601 (without an offset: the calendar's zone) or ms since the epoch. */
const instant = {
  type: ['string', 'integer'],
  description: 'ISO 8601 (without an offset: read in the dossier calendar’s zone), or whole milliseconds since the epoch',
  examples: ['2026-04-03T16:00:00+02:00'],
} as const;

const calendarDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2026-05-04'] } as const;

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', examples: ['DOSSIER_NOT_FOUND'] },
        message: { type: 'string' },
        field: { type: 'string', description: 'the request field at fault: a body field as a dotted path (input.training.start), a query parameter, a header or a path parameter' },
      },
    },
  },
} as const;

const errorRef = { $ref: 'Error#' } as const;

/** Answers a client can rely on, by status code: each route lists its own. */
function errors(...codes: number[]): Record<number, typeof errorRef> {
  return Object.fromEntries(codes.map((code) => [code, errorRef]));
}

/** Every authenticated route can answer these. */
const COMMON_ERRORS = [400, 401, 403, 503] as const;

const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: ID_PATTERN, description: '1 to 128 characters of A-Z a-z 0-9 . _ : -' } },
} as const;

/** The description of a dossier (`describeDossier`): documented by its main fields, every field answered. */
const description = {
  type: 'object',
  additionalProperties: true,
  properties: {
    at: { type: ['string', 'null'] },
    state: { type: 'string', enum: [...DOSSIER_STATES] },
    statePath: { type: 'string' },
    mustAct: { type: 'string', enum: [...ACTORS] },
    allowedEvents: { type: 'array', items: { type: 'string' } },
    deadlines: { type: 'object', additionalProperties: true },
  },
} as const;

const storedDossier = {
  type: 'object',
  required: ['id', 'version', 'description'],
  additionalProperties: false,
  properties: { id: { type: 'string' }, version: { type: 'integer' }, description },
} as const;

const dossierInput = {
  type: 'object',
  required: ['training'],
  additionalProperties: false,
  properties: {
    training: {
      type: 'object',
      required: ['start', 'end'],
      additionalProperties: false,
      properties: { start: calendarDate, end: calendarDate },
    },
    calendar: { type: 'string', enum: [...REGIONS], default: 'FR' },
    identityActivatedAt: { anyOf: [instant, { type: 'null' }] },
    exemption: { anyOf: [{ type: 'string', enum: [...EXEMPTIONS] }, { type: 'null' }] },
  },
} as const;

/** Each payload field's shape; its value is the model's to judge. */
const PAYLOAD_SCHEMAS: Record<string, object> = {
  method: { type: 'string', enum: [...VERIFICATION_METHODS] },
  code: { type: 'string', description: 'the 4-digit code the holder chose; never stored' },
  rating: { type: 'number', description: 'an integer from 1 to 5 (the model refuses others with INVALID_PAYLOAD)' },
  forceMajeure: { type: 'boolean', default: false },
};

/** One branch per event type, each with exactly its fields, told apart by `type`. */
const eventBody = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: [...EVENT_TYPES] } },
  discriminator: { propertyName: 'type' },
  oneOf: EVENT_TYPES.map((type) => ({
    type: 'object',
    title: type,
    required: ['type', ...payloadFieldsOf(type).filter((field) => field !== 'forceMajeure')],
    additionalProperties: false,
    properties: {
      type: { const: type },
      at: instant,
      ...Object.fromEntries(payloadFieldsOf(type).map((field) => [field, PAYLOAD_SCHEMAS[field]!])),
    },
  })),
} as const;

const logEntry = {
  type: 'object',
  additionalProperties: true,
  properties: {
    seq: { type: 'integer' },
    kind: { type: 'string', enum: ['event', 'deadline'] },
    type: { type: 'string' },
    at: { type: ['string', 'null'] },
    receivedAt: { type: 'string' },
    event: { type: ['object', 'null'], additionalProperties: true },
    idempotencyKey: { type: ['string', 'null'] },
    accepted: { type: 'boolean' },
    code: { type: ['string', 'null'] },
    message: { type: ['string', 'null'] },
    deadline: { type: ['string', 'null'] },
    version: { type: 'integer' },
  },
} as const;

const notification = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'dossierId', 'at', 'data'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string', enum: ['dossier.created', 'dossier.changed', 'event.refused', 'deadline.approaching', 'dossier.expired', 'declaration.overdue'] },
    dossierId: { type: 'string' },
    at: { type: 'string' },
    data: { type: 'object', additionalProperties: true },
  },
} as const;

/** For endpoints that take no query parameter: any is an unknown field (400 with its name). */
const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

const limit = { type: 'integer', minimum: 1, maximum: 1000, default: 100 } as const;

export const healthRoute = {
  summary: 'Whether the service runs, and on which store (no token needed)',
  security: [],
  response: {
    200: {
      type: 'object',
      required: ['ok', 'store'],
      additionalProperties: false,
      properties: { ok: { const: true }, store: { type: 'string', enum: ['embedded', 'postgres'] } },
    },
    503: errorRef,
  },
} as const;

export const createRoute = {
  summary: 'Create a dossier (service tokens); the same id and input again returns it',
  body: {
    type: 'object',
    required: ['id', 'input'],
    additionalProperties: false,
    properties: { id: { type: 'string', pattern: ID_PATTERN }, input: dossierInput },
  },
  response: { 200: storedDossier, 201: storedDossier, ...errors(...COMMON_ERRORS, 409, 413, 415) },
} as const;

export const getRoute = {
  summary: 'A dossier and its description at the service’s clock; reading changes nothing',
  params: idParams,
  querystring: noQuery,
  response: { 200: storedDossier, ...errors(...COMMON_ERRORS, 404) },
} as const;

export const eventRoute = {
  summary: 'Apply an event to a dossier; accepted (200) or refused (422), kept in the log either way',
  params: idParams,
  querystring: noQuery,
  headers: {
    type: 'object',
    properties: {
      'idempotency-key': { type: 'string', minLength: 1, maxLength: 200, description: 'the same key on the same dossier returns the first result again and changes nothing' },
      'if-match': { type: 'string', pattern: '^"(0|[1-9][0-9]*)"$', description: 'the dossier’s version in quotes, e.g. "3" (409 VERSION_CONFLICT unless the dossier is at that version)' },
    },
  },
  body: eventBody,
  response: {
    200: {
      type: 'object',
      required: ['accepted', 'version', 'description'],
      additionalProperties: false,
      properties: { accepted: { const: true }, version: { type: 'integer' }, description },
    },
    422: {
      type: 'object',
      required: ['accepted', 'rejection', 'version'],
      additionalProperties: false,
      properties: {
        accepted: { const: false },
        rejection: {
          type: 'object',
          required: ['code', 'message'],
          additionalProperties: false,
          properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
        },
        version: { type: 'integer' },
      },
    },
    ...errors(...COMMON_ERRORS, 404, 409, 413, 415),
  },
} as const;

export const logRoute = {
  summary: 'A dossier’s log, oldest first: every event received (accepted or refused) and every deadline passed',
  params: idParams,
  querystring: noQuery,
  response: {
    200: { type: 'object', required: ['entries'], additionalProperties: false, properties: { entries: { type: 'array', items: logEntry } } },
    ...errors(...COMMON_ERRORS, 404),
  },
} as const;

export const quoteRoute = {
  summary: 'What cancelling would do (quoteCancellation), by default at the service’s clock; changes nothing',
  params: idParams,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { at: { type: 'string', description: 'an ISO 8601 instant (default: now)' }, forceMajeure: { type: 'boolean', default: false } },
  },
  response: {
    200: { type: 'object', required: ['ok', 'quote'], additionalProperties: false, properties: { ok: { const: true }, quote: { type: 'object', additionalProperties: true } } },
    422: {
      type: 'object',
      required: ['ok', 'rejection'],
      additionalProperties: false,
      properties: { ok: { const: false }, rejection: { type: 'object', additionalProperties: true } },
    },
    ...errors(...COMMON_ERRORS, 404),
  },
} as const;

export const worklistRoute = {
  summary: 'The worklist: dossiers by the last day of their running deadline, then id',
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      mustAct: { type: 'string', enum: [...ACTORS] },
      state: { type: 'string', enum: [...DOSSIER_STATES] },
      deadlineBefore: { ...calendarDate, description: 'only dossiers whose running deadline’s last day is before this date' },
      limit,
      after: { type: 'string', minLength: 1, description: 'the `next` of the previous page' },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['items', 'next'],
      additionalProperties: false,
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'state', 'mustAct', 'runningDeadline', 'lastDay', 'version'],
            properties: {
              id: { type: 'string' },
              state: { type: 'string', enum: [...DOSSIER_STATES] },
              mustAct: { type: 'string', enum: [...ACTORS] },
              runningDeadline: { anyOf: [{ type: 'string', enum: [...DEADLINE_NAMES] }, { type: 'null' }] },
              lastDay: { anyOf: [calendarDate, { type: 'null' }] },
              version: { type: 'integer' },
            },
          },
        },
        next: { type: ['string', 'null'] },
      },
    },
    ...errors(...COMMON_ERRORS),
  },
} as const;

export const notificationsRoute = {
  summary: 'The notification feed, in order; read on from `next`',
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { after: { type: 'string', minLength: 1 }, limit },
  },
  response: {
    200: {
      type: 'object',
      required: ['notifications', 'next'],
      additionalProperties: false,
      properties: { notifications: { type: 'array', items: notification }, next: { type: 'string' } },
    },
    ...errors(...COMMON_ERRORS),
  },
} as const;

export const clockRoute = {
  summary: 'Move the simulated clock forward, doing every wake-up due on the way (only with --clock simulated:INSTANT)',
  body: { type: 'object', required: ['advanceTo'], additionalProperties: false, properties: { advanceTo: instant } },
  response: {
    200: {
      type: 'object',
      required: ['now', 'woke', 'notifications'],
      additionalProperties: false,
      properties: { now: { type: 'string' }, woke: { type: 'integer' }, notifications: { type: 'array', items: notification } },
    },
    ...errors(...COMMON_ERRORS, 404, 409, 413, 415),
  },
} as const;

export const worklistPageRoute = {
  summary: 'The worklist page: who must act, grouped by last day (overdue, today, tomorrow, later)',
  querystring: { type: 'object', additionalProperties: false, properties: { mustAct: { type: 'string', enum: ['holder', 'organisation'] } } },
  produces: ['text/html'],
  response: { 200: { type: 'string', description: 'an HTML page' }, ...errors(...COMMON_ERRORS) },
} as const;

export const dossierPageRoute = {
  summary: 'A dossier’s timeline page, built from its stored log',
  params: idParams,
  querystring: noQuery,
  produces: ['text/html'],
  response: { 200: { type: 'string', description: 'an HTML page' }, ...errors(...COMMON_ERRORS, 404) },
} as const;
