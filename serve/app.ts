import fastifySwagger from '@fastify/swagger';
import AjvModule from 'ajv';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { quoteCancellation } from '../api/describe.js';
import type { DossierInput } from '../api/dossier.js';
import type { DossierEventInput } from '../api/events.js';
import type { DossierStore, WorklistQuery } from '../store/types.js';
import { bearerTokenOf, mayCreate, mayMoveClock, maySend, mayTouch } from './access.js';
import type { AccessList, Principal } from './access.js';
import { frameworkHttpError, httpError, HttpError, storeHttpError } from './errors.js';
import { dossierPageOf, worklistPageOf, PAGE_CSP } from './pages.js';
import {
  clockRoute,
  createRoute,
  dossierPageRoute,
  errorSchema,
  eventRoute,
  getRoute,
  healthRoute,
  logRoute,
  notificationsRoute,
  quoteRoute,
  worklistPageRoute,
  worklistRoute,
} from './schemas.js';

/** runtime.md section 5: a body over 1 MB is 413. */
export const BODY_LIMIT = 1024 * 1024;

export interface ServiceOptions {
  store: DossierStore;
  /** The tokens; null serves every request (the caller must then listen on loopback only). */
  access: AccessList | null;
  /** Whether the store runs on a simulated clock: only then does POST /clock exist. */
  simulatedClock: boolean;
  /** One line per request (method, path, status, time, the token's name): never a token. */
  log?: (line: string) => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** No token needed (GET /health). */
    public?: boolean;
  }
}

/** Without tokens every request is the service's (runtime.md: loopback only). */
const OPEN: Principal = { name: 'loopback', role: 'service', dossiers: null };

// ajv is a CommonJS module whose class is its default export.
const Ajv = AjvModule.default;

/**
 * Two validators: bodies are taken as typed (a JSON string is never turned into a number),
 * while query strings, path parameters and headers are text that the schema types.
 */
function validators() {
  const common = { allErrors: false, verbose: true, allowUnionTypes: true, discriminator: true, useDefaults: true, removeAdditional: false, strict: true } as const;
  const body = new Ajv({ ...common, coerceTypes: false });
  const text = new Ajv({ ...common, coerceTypes: 'array' });
  for (const ajv of [body, text]) ajv.addSchema(errorSchema);
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? body : text).compile(schema);
}

function send(reply: FastifyReply, error: HttpError): FastifyReply {
  return reply.code(error.status).send(error.body);
}

function principalOf(request: FastifyRequest): Principal {
  // onRequest has set it on every route that is not public.
  return request.principal ?? OPEN;
}

function forbidden(principal: Principal, what: string): HttpError {
  return httpError(403, 'FORBIDDEN', `token '${principal.name}' (${principal.role}${principal.dossiers === null ? '' : `, dossiers ${principal.dossiers}*`}) may not ${what}`);
}

function checkScope(principal: Principal, id: string): HttpError | null {
  return mayTouch(principal, id) ? null : forbidden(principal, `touch dossier '${id}': it is outside the token's dossiers`);
}

/**
 * The HTTP API over a store (runtime.md section 5). Building it opens nothing: the caller
 * owns the store, the listening socket and the scheduler (serve/service.ts).
 */
export async function buildService(options: ServiceOptions): Promise<FastifyInstance> {
  const { store, access, log } = options;
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, return503OnClosing: true, forceCloseConnections: 'idle' });
  app.setValidatorCompiler(validators());
  // Bodies are JSON only: text is 415, not a string handed to the schema.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('principal', null);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cpf-dossier',
        version: '1',
        description:
          'CPF training dossiers run by the cpf-dossier model. Every request but GET /health carries Authorization: Bearer <token> when the service runs with --tokens. An error is { "error": { "code", "message", "field"? } }.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `schema${index}`) },
  });
  app.addSchema(errorSchema);

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public) return;
    if (access === null) {
      request.principal = OPEN;
      return;
    }
    const token = bearerTokenOf(request.headers.authorization);
    const principal = token === null ? null : access.authenticate(token);
    if (principal === null) {
      reply.header('WWW-Authenticate', 'Bearer realm="cpf-dossier"');
      return send(reply, httpError(401, 'UNAUTHORIZED', token === null ? 'this request needs Authorization: Bearer <token>' : 'the token is not known'));
    }
    request.principal = principal;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('Content-Security-Policy', PAGE_CSP);
      reply.header('Referrer-Policy', 'no-referrer');
    }
    return payload;
  });

  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      const who = request.principal ? ` by ${request.principal.name}` : '';
      log(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms${who}`);
    });
  }

  app.setErrorHandler((error: import('fastify').FastifyError, request, reply) => {
    const answer = frameworkHttpError(error);
    if (answer.status >= 500) log?.(`${request.method} ${request.url} failed: ${error.stack ?? error.message}`);
    return send(reply, answer);
  });
  app.setNotFoundHandler((request, reply) => send(reply, httpError(404, 'NOT_FOUND', `no endpoint ${request.method} ${request.url.split('?')[0]}: see /openapi.json`)));

  app.get('/health', { schema: healthRoute, config: { public: true } }, async () => ({ ok: true as const, store: store.kind }));

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.post('/dossiers', { schema: createRoute }, async (request, reply) => {
    const principal = principalOf(request);
    const { id, input } = request.body as { id: string; input: DossierInput };
    if (!mayCreate(principal)) return send(reply, forbidden(principal, 'create dossiers: only a service token does'));
    const outOfScope = checkScope(principal, id);
    if (outOfScope) return send(reply, outOfScope);
    const result = await store.create(id, input);
    if (!result.ok) return send(reply, storeHttpError(result.error));
    reply.header('ETag', `"${result.version}"`);
    if (result.created) reply.header('Location', `/dossiers/${encodeURIComponent(id)}`);
    return reply.code(result.created ? 201 : 200).send({ id: result.id, version: result.version, description: result.description });
  });

  app.get('/dossiers/:id', { schema: getRoute }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const outOfScope = checkScope(principalOf(request), id);
    if (outOfScope) return send(reply, outOfScope);
    const result = await store.get(id);
    if (!result.ok) return send(reply, storeHttpError(result.error));
    reply.header('ETag', `"${result.version}"`);
    return { id: result.id, version: result.version, description: result.description };
  });

  app.post('/dossiers/:id/events', { schema: eventRoute }, async (request, reply) => {
    const principal = principalOf(request);
    const { id } = request.params as { id: string };
    const event = request.body as DossierEventInput;
    const outOfScope = checkScope(principal, id);
    if (outOfScope) return send(reply, outOfScope);
    if (!maySend(principal, event.type)) return send(reply, forbidden(principal, `send ${event.type}: a ${principal.role} token does not`));
    const headers = request.headers as { 'idempotency-key'?: string; 'if-match'?: string };
    const ifMatch = headers['if-match'];
    const result = await store.apply(id, event, {
      idempotencyKey: headers['idempotency-key'],
      expectedVersion: ifMatch === undefined ? undefined : Number(ifMatch.slice(1, -1)),
    });
    if (!result.ok) return send(reply, storeHttpError(result.error));
    reply.header('ETag', `"${result.version}"`);
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    if (result.accepted) return { accepted: true as const, version: result.version, description: result.description };
    const { code, message, field } = result.rejection;
    return reply.code(422).send({ accepted: false, rejection: field === undefined ? { code, message } : { code, message, field }, version: result.version });
  });

  app.get('/dossiers/:id/log', { schema: logRoute }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const outOfScope = checkScope(principalOf(request), id);
    if (outOfScope) return send(reply, outOfScope);
    const result = await store.log(id);
    if (!result.ok) return send(reply, storeHttpError(result.error));
    return { entries: result.entries };
  });

  app.get('/dossiers/:id/quote', { schema: quoteRoute }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const query = request.query as { at?: string; forceMajeure: boolean };
    const outOfScope = checkScope(principalOf(request), id);
    if (outOfScope) return send(reply, outOfScope);
    const result = await store.get(id);
    if (!result.ok) return send(reply, storeHttpError(result.error));
    const quote = quoteCancellation(result.dossier, query.at ?? store.clock.now(), { forceMajeure: query.forceMajeure });
    return quote.ok ? quote : reply.code(422).send(quote);
  });

  app.get('/dossiers', { schema: worklistRoute }, async (request, reply) => {
    const principal = principalOf(request);
    const query = request.query as WorklistQuery & { limit: number };
    // A token's prefix is a condition of the store's query: its page is full, and read from the index.
    const page = await store.worklist({ ...query, idPrefix: principal.dossiers ?? undefined });
    if (!page.ok) return send(reply, storeHttpError(page.error));
    return { items: page.items, next: page.next };
  });

  app.get('/notifications', { schema: notificationsRoute }, async (request, reply) => {
    const principal = principalOf(request);
    const query = request.query as { after?: string; limit: number };
    const page = await store.notifications({ limit: query.limit, after: query.after, idPrefix: principal.dossiers ?? undefined });
    if (!page.ok) return send(reply, storeHttpError(page.error));
    return { notifications: page.notifications, next: page.next };
  });

  if (options.simulatedClock) {
    app.post('/clock', { schema: clockRoute }, async (request, reply) => {
      const principal = principalOf(request);
      if (!mayMoveClock(principal)) return send(reply, forbidden(principal, 'move the clock: it moves for every dossier, so only a service token limited to no prefix does'));
      const { advanceTo } = request.body as { advanceTo: string | number };
      const result = await store.advanceTo(advanceTo);
      if (!result.ok) return send(reply, storeHttpError(result.error));
      return { now: result.now, woke: result.woke, notifications: result.notifications };
    });
  }

  app.get('/', { schema: worklistPageRoute }, async (request, reply) => {
    const principal = principalOf(request);
    const { mustAct } = request.query as { mustAct?: 'holder' | 'organisation' };
    const page = await worklistPageOf(store, principal, { mustAct });
    if (page instanceof HttpError) return send(reply, page);
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.get('/dossiers/:id/page', { schema: dossierPageRoute }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const outOfScope = checkScope(principalOf(request), id);
    if (outOfScope) return send(reply, outOfScope);
    const page = await dossierPageOf(store, id);
    if (page instanceof HttpError) return send(reply, page);
    return reply.type('text/html; charset=utf-8').send(page);
  });

  return app;
}
