import type { FastifyError } from 'fastify';
import type { StoreError, StoreErrorCode } from '../store/types.js';

/**
 * Every error answer is `{ error: { code, message, field? } }` (runtime.md section 5).
 * This module says which HTTP status each code gets and turns the framework's own
 * errors (schema validation, JSON, body size) into that shape.
 */

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export class HttpError {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {}
}

export function httpError(status: number, code: string, message: string, field?: string): HttpError {
  return new HttpError(status, { error: field === undefined ? { code, message } : { code, message, field } });
}

const STORE_STATUS: Record<StoreErrorCode, number> = {
  DOSSIER_EXISTS: 409,
  DOSSIER_NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_INPUT: 400,
  CLOCK_NOT_SIMULATED: 404,
  CLOCK_WENT_BACKWARDS: 409,
  STORE_UNAVAILABLE: 503,
  SCHEMA_TOO_NEW: 503,
};

export function storeHttpError(error: StoreError): HttpError {
  return httpError(STORE_STATUS[error.code] ?? 500, error.code, error.message, error.field);
}

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: { properties?: Record<string, unknown>; description?: string };
  schema?: unknown;
}

/** `/input/training/start` as `input.training.start`; array items as `[0]`. */
function fieldPathOf(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query parameter', params: 'path parameter', headers: 'header' };

/** A schema violation as one sentence naming the field, and the field itself. */
export function validationHttpError(errors: readonly AjvError[], context: string): HttpError {
  const first = errors[0];
  if (!first) return httpError(400, 'INVALID_INPUT', 'the request does not follow the OpenAPI document (/openapi.json)');
  const part = PART_NAMES[context] ?? context;
  const where = (field: string) => (context === 'body' ? (field ? `'${field}'` : 'the body') : `${part} '${field}'`);
  const { keyword, params } = first;
  let field = fieldPathOf(first.instancePath);
  let message: string;
  switch (keyword) {
    case 'additionalProperties': {
      field = fieldPathOf(first.instancePath, String(params.additionalProperty));
      const known = Object.keys(first.parentSchema?.properties ?? {});
      const container = first.instancePath ? `'${fieldPathOf(first.instancePath)}'` : context === 'body' ? 'the body' : `the ${part}s`;
      message = `unknown field '${field}': ${container} takes ${known.length ? known.map((name) => `'${name}'`).join(', ') : 'no field'}`;
      if (context !== 'body') message = `unknown ${part} '${field}': this endpoint takes ${known.length ? known.map((name) => `'${name}'`).join(', ') : 'none'}`;
      break;
    }
    case 'required':
      field = fieldPathOf(first.instancePath, String(params.missingProperty));
      message = `${where(field)} is missing`;
      break;
    case 'enum':
      message = `${where(field)} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
      break;
    case 'discriminator':
      field = fieldPathOf(first.instancePath, String(params.tag));
      message =
        params.error === 'mapping'
          ? `${where(field)} must be one of ${errorsTagValues(first)}`
          : `${where(field)} must be a string naming the event`;
      break;
    case 'type': {
      const described = first.parentSchema?.description;
      const wanted = String(params.type);
      message = `${where(field)} must be ${described ?? (wanted === 'object' ? 'a JSON object' : wanted === 'array' ? 'a JSON array' : `of type ${wanted.replace(/,/g, ' or ')}`)}`;
      break;
    }
    case 'pattern':
      message = `${where(field)} ${first.parentSchema?.description ? `must be ${first.parentSchema.description}` : `must match ${String(params.pattern)}`}`;
      break;
    default:
      message = `${where(field)} ${first.message ?? 'is not valid'}`;
  }
  return httpError(400, 'INVALID_INPUT', message, field || undefined);
}

function errorsTagValues(error: AjvError): string {
  const branches = (error.parentSchema as { oneOf?: Array<{ properties?: { type?: { const?: string } } }> } | undefined)?.oneOf ?? [];
  return branches.map((branch) => branch.properties?.type?.const).filter(Boolean).join(', ');
}

/** The framework's own errors (body parsing, size, media type) and anything unexpected. */
export function frameworkHttpError(error: FastifyError): HttpError {
  if (error.validation) return validationHttpError(error.validation as unknown as AjvError[], error.validationContext ?? 'body');
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return httpError(413, 'BODY_TOO_LARGE', 'the body is over 1 MB (1,048,576 bytes)');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return httpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON, with Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return httpError(400, 'MALFORMED_JSON', 'the body is empty but Content-Type says JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return httpError(400, 'MALFORMED_REQUEST', 'Content-Length does not match the body');
  }
  if (error.statusCode === 400 && (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')) {
    // Fastify does not say where; a key __proto__ or constructor.prototype (prototype poisoning) is refused the same way.
    return httpError(400, 'MALFORMED_JSON', 'the body is not valid JSON, or holds a __proto__ or constructor.prototype key');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return httpError(error.statusCode, 'BAD_REQUEST', error.message);
  }
  return httpError(500, 'INTERNAL_ERROR', 'the service failed on this request; nothing was changed unless the store answered');
}
