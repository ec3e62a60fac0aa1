import { DATE_PATTERN } from '../calendar/dates.js';
import { INSTANT_PATTERN } from '../calendar/instants.js';
import { REGIONS } from '../calendar/regions.js';
import { payloadFieldsOf } from '../api/events.js';
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
import { EXEMPTIONS, VERIFICATION_METHODS } from '../policy/cpf-policy.js';

/**
 * The JSON Schema (draft-07, what the YAML language server reads best) of the scenario
 * format, built from the same lists the reader checks against, so that a new state or
 * event changes both. `npm run schema` writes it to schema/scenario.schema.json, shipped
 * in the package; test/scenario-schema.test.ts fails when the file is out of date.
 *
 * The schema checks the shape; the reader checks more (a date that exists, `end` on or
 * after `start`, the instant's year): an editor catches typos, `cpf-dossier replay` the rest.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const payloadField: Record<string, Record<string, unknown>> = {
    method: { enum: [...VERIFICATION_METHODS], description: 'IDENTITY_VERIFIED: how the identity was verified' },
    code: {
      type: ['string', 'integer'],
      description: 'IDENTITY_ACTIVATED: the 4-digit code, best quoted ("0421"); any other value is refused INVALID_PAYLOAD by the model, which a step may expect',
    },
    forceMajeure: { type: 'boolean', default: false, description: 'HOLDER_CANCELS: a cancellation for force majeure' },
    rating: {
      type: ['integer', 'number', 'string', 'boolean', 'null'],
      description: 'EVALUATED: an integer from 1 to 5; any other value is refused INVALID_PAYLOAD by the model, which a step may expect',
    },
  };
  const stepFields = {
    at: { $ref: '#/definitions/instant' },
    event: { enum: [...EVENT_TYPES] },
    expect: { $ref: '#/definitions/expect' },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'cpf-dossier scenario',
    description: "One holder's story with one dossier: what is given, the timed events, and what must hold afterwards (docs/scenarios.md).",
    type: 'object',
    additionalProperties: false,
    required: ['name', 'given', 'when'],
    properties: {
      name: { type: 'string', pattern: '^[^\\n]*\\S[^\\n]*$', description: 'One line saying what the scenario tells.' },
      description: { type: 'string' },
      calendar: { enum: [...REGIONS], default: 'FR', description: 'The holiday calendar (docs/rules.md, working days).' },
      given: {
        type: 'object',
        additionalProperties: false,
        required: ['training'],
        properties: {
          identityActivatedAt: { $ref: '#/definitions/instant', description: 'When the 4-digit code was chosen; usable 24 hours later.' },
          exemption: { enum: [...EXEMPTIONS] },
          training: {
            type: 'object',
            additionalProperties: false,
            required: ['start', 'end'],
            properties: { start: { $ref: '#/definitions/date' }, end: { $ref: '#/definitions/date', description: 'On or after start.' } },
          },
        },
      },
      when: { type: 'array', description: 'The events, in time order.', items: { $ref: '#/definitions/step' } },
      then: { $ref: '#/definitions/then' },
    },
    definitions: {
      date: { type: 'string', pattern: DATE_PATTERN.source, description: 'A calendar date, YYYY-MM-DD.' },
      instant: {
        type: 'string',
        pattern: INSTANT_PATTERN.source,
        description: "An ISO 8601 instant, e.g. 2026-04-03T16:00:00+02:00; without an offset it is read in the calendar's zone.",
      },
      expect: {
        type: 'object',
        additionalProperties: false,
        description: 'Checked right after the step.',
        properties: { state: { enum: [...DOSSIER_STATES] }, rejected: { enum: [...REJECTION_CODES] } },
      },
      step: {
        type: 'object',
        required: ['at', 'event'],
        properties: { ...stepFields, ...payloadField },
        // Each event takes exactly its own payload fields (IDENTITY_VERIFIED needs its method).
        allOf: EVENT_TYPES.map((type) => ({
          if: { properties: { event: { const: type } }, required: ['event'] },
          then: {
            additionalProperties: false,
            properties: { ...stepFields, ...Object.fromEntries(payloadFieldsOf(type).map((field) => [field, payloadField[field]!])) },
            ...(type === 'IDENTITY_VERIFIED' ? { required: ['method'] } : {}),
          },
        })),
      },
      then: {
        type: 'object',
        additionalProperties: false,
        description: 'Checked after the last event; only the fields given are checked.',
        properties: {
          state: { enum: [...DOSSIER_STATES] },
          reason: { enum: [...REASONS] },
          outcome: {
            type: 'object',
            additionalProperties: false,
            properties: { cpfRights: { enum: [...CPF_RIGHTS_OUTCOMES] }, resteACharge: { enum: [...RESTE_A_CHARGE_OUTCOMES] } },
          },
          paid: { type: 'number', minimum: 0, description: 'Euros paid as the remaining charge, at most 2 decimals (0 when nothing was paid).' },
          deadlines: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(DEADLINE_NAMES.map((name) => [name, { oneOf: [{ $ref: '#/definitions/date' }, { type: 'null' }] }])),
          },
          late: { type: 'array', items: { enum: [...DECLARATIONS] } },
          overdue: { type: 'array', items: { enum: [...DECLARATIONS] } },
          rating: { oneOf: [{ type: 'integer', minimum: 1, maximum: 5 }, { type: 'null' }] },
        },
      },
    },
  };
}

/** The schema as the file holds it. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
