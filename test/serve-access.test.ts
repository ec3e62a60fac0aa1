import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../machines/types.js';
import { bearerTokenOf, isLoopbackHost, maySend, parseTokensFile } from '../serve/access.js';
import type { Principal } from '../serve/access.js';
import { INPUT, openTestService } from './support/serve.js';
import type { TestService } from './support/serve.js';

/** Tokens, roles and id prefixes (runtime.md section 5, "Access"), as a file and as requests. */

const SERVICE_TOKEN = 'svc-4f9c1e0b7a2d4c6e8f00112233445566';
const OF1_TOKEN = 'of1-a1b2c3d4e5f60718293a4b5c6d7e8f90';
const OF2_TOKEN = 'of2-0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const HOLDER_TOKEN = 'holder-5566778899aabbccddeeff0011223344';
const OF1_SERVICE_TOKEN = 'of1svc-99887766554433221100ffeeddccbbaa';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const TOKENS = `# the back office, two organisations, and a holder of organisation 1
- name: back-office
  token: ${SERVICE_TOKEN}
  role: service
- name: of-1
  token: sha256:${sha256(OF1_TOKEN)}
  role: organisation
  dossiers: "of-1:"
- name: of-2
  token: ${OF2_TOKEN}
  role: organisation
  dossiers: "of-2:"
- name: holder-42
  token: ${HOLDER_TOKEN}
  role: holder
  dossiers: "of-1:42"
- name: of-1-robot
  token: ${OF1_SERVICE_TOKEN}
  role: service
  dossiers: "of-1:"
`;

describe('the tokens file', () => {
  it('reads YAML and JSON alike', () => {
    const yaml = parseTokensFile('tokens.yaml', TOKENS);
    const json = parseTokensFile('tokens.json', JSON.stringify([{ name: 'a', token: SERVICE_TOKEN, role: 'service' }]));
    expect(yaml.ok && yaml.access.names).toEqual([
      { name: 'back-office', role: 'service', dossiers: null },
      { name: 'of-1', role: 'organisation', dossiers: 'of-1:' },
      { name: 'of-2', role: 'organisation', dossiers: 'of-2:' },
      { name: 'holder-42', role: 'holder', dossiers: 'of-1:42' },
      { name: 'of-1-robot', role: 'service', dossiers: 'of-1:' },
    ]);
    expect(json.ok && json.access.authenticate(SERVICE_TOKEN)).toEqual({ name: 'a', role: 'service', dossiers: null });
  });

  it('matches a token given as sha256:<hex> of it, and no other token', () => {
    const parsed = parseTokensFile('t.yaml', `- { name: a, token: "sha256:${sha256('the-token-itself-0123456789')}", role: holder }`);
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    expect(parsed.access.authenticate('the-token-itself-0123456789')?.name).toBe('a');
    expect(parsed.access.authenticate('the-token-itself-012345678')).toBeNull();
    expect(parsed.access.authenticate(`sha256:${sha256('the-token-itself-0123456789')}`)).toBeNull();
  });

  it('names the file, line, column and field of each mistake, and never echoes a token', () => {
    const parsed = parseTokensFile(
      'tokens.yaml',
      ['- name: a', '  token: sha256:abc', '  role: admin', '- name: a', '  token: x-very-secret-value-1234', '  role: holder', '  dossier: "of-1:"', '- name: c', '  role: service'].join('\n'),
    );
    expect(parsed.ok).toBe(false);
    const messages = parsed.ok ? [] : parsed.errors.map((error) => error.message);
    expect(messages).toEqual([
      "tokens.yaml:3:9: [0].role: 'admin' is not a role: expected one of service, organisation, holder",
      "tokens.yaml:2:10: [0].token: a 'sha256:' token must be followed by the 64 hexadecimal digits of the SHA-256 of the token",
      'tokens.yaml:7:3: [1].dossier: unknown field: a token takes name, token, role, dossiers',
      "tokens.yaml:4:9: [1].name: 'a' is already the name of [0]: names tell tokens apart in the logs",
      'tokens.yaml:8:3: [2].token: missing',
    ]);
    expect(messages.join('\n')).not.toContain('x-very-secret-value-1234');
  });

  it('refuses two entries with the same token, an empty list and a file that is not a list', () => {
    const twice = parseTokensFile('t.yaml', `- { name: a, token: ${SERVICE_TOKEN}, role: service }\n- { name: b, token: "sha256:${sha256(SERVICE_TOKEN)}", role: holder }`);
    expect(!twice.ok && twice.errors[0]!.message).toContain("the same token as 'a'");
    expect(!parseTokensFile('t.yaml', '[]').ok).toBe(true);
    const map = parseTokensFile('t.yaml', 'tokens: []');
    expect(!map.ok && map.errors[0]!.message).toContain('must be a list');
    const broken = parseTokensFile('t.json', '[{"name": "a",');
    expect(!broken.ok && broken.errors[0]!.message).toMatch(/^t\.json:\d+:\d+: /);
  });

  it('refuses a prefix with characters an id cannot hold', () => {
    const parsed = parseTokensFile('t.yaml', `- { name: a, token: ${SERVICE_TOKEN}, role: service, dossiers: "of 1" }`);
    expect(!parsed.ok && parsed.errors[0]!.message).toContain('[0].dossiers: an id prefix is 1 to 128 characters');
  });

  it('warns about a plain token shorter than 16 characters, by name only', () => {
    const parsed = parseTokensFile('t.yaml', '- { name: short, token: abc123456789012, role: service }\n- { name: long, token: abc1234567890123, role: holder }');
    expect(parsed.ok && parsed.warnings).toEqual(["token 'short' is shorter than 16 characters: use a long random token (e.g. openssl rand -hex 32)"]);
  });
});

describe('roles', () => {
  const as = (role: Principal['role']): Principal => ({ name: role, role, dossiers: null });

  it('an organisation sends only ORGANISATION_ACCEPTS and ORGANISATION_REFUSES', () => {
    expect(EVENT_TYPES.filter((type) => maySend(as('organisation'), type))).toEqual(['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES']);
  });

  it("a holder sends the holder's events: every event but the organisation's answers and TICK", () => {
    expect(EVENT_TYPES.filter((type) => !maySend(as('holder'), type))).toEqual(['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'TICK']);
  });

  it('a service sends every event', () => {
    expect(EVENT_TYPES.every((type) => maySend(as('service'), type))).toBe(true);
  });
});

describe('addresses and headers', () => {
  it('loopback is 127.0.0.0/8, ::1 and localhost; nothing else', () => {
    for (const host of ['127.0.0.1', '127.255.255.254', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '128.0.0.1', '10.0.0.1', '127.0.0.256', 'localhost.example', '192.168.1.10', '']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('reads the token of a Bearer header only', () => {
    expect(bearerTokenOf('Bearer abc')).toBe('abc');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf('Basic abc')).toBeNull();
    expect(bearerTokenOf('Bearer')).toBeNull();
    expect(bearerTokenOf('Bearer a b')).toBeNull();
    expect(bearerTokenOf(undefined)).toBeNull();
  });
});

describe('requests with tokens', () => {
  let service: TestService;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = (token: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    service.call({ method, url, payload, headers: token === null ? {} : auth(token) });

  beforeAll(async () => {
    service = await openTestService({ tokens: TOKENS });
    for (const id of ['of-1:42', 'of-1:43', 'of-2:7']) {
      const created = await call(SERVICE_TOKEN, 'POST', '/dossiers', { id, input: INPUT });
      expect(created.status).toBe(201);
      expect((await call(SERVICE_TOKEN, 'POST', `/dossiers/${id}/events`, { type: 'SUBMIT' })).status).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    await service?.close();
  });

  it('GET /health needs no token', async () => {
    expect((await call(null, 'GET', '/health')).status).toBe(200);
  });

  it('every other request without a token, with an unknown one, or not as Bearer is 401 and changes nothing', async () => {
    const requests: Array<['GET' | 'POST', string, object?]> = [
      ['GET', '/'],
      ['GET', '/openapi.json'],
      ['GET', '/dossiers'],
      ['GET', '/dossiers/of-1:42'],
      ['GET', '/dossiers/of-1:42/log'],
      ['GET', '/dossiers/of-1:42/quote'],
      ['GET', '/dossiers/of-1:42/page'],
      ['GET', '/notifications'],
      ['POST', '/dossiers', { id: 'of-1:new', input: INPUT }],
      ['POST', '/dossiers/of-1:42/events', { type: 'ORGANISATION_ACCEPTS' }],
      ['POST', '/clock', { advanceTo: '2026-04-20T00:00:00+02:00' }],
      ['GET', '/no-such-endpoint'],
    ];
    for (const [method, url, payload] of requests) {
      for (const headers of [{}, auth(`${SERVICE_TOKEN}x`), auth(SERVICE_TOKEN.slice(0, -1)), { authorization: SERVICE_TOKEN }, { authorization: `Basic ${SERVICE_TOKEN}` }]) {
        const answer = await service.call({ method, url, payload, headers });
        expect(answer.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
        expect(answer.body.error.code).toBe('UNAUTHORIZED');
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="cpf-dossier"');
      }
    }
    expect((await call(SERVICE_TOKEN, 'GET', '/dossiers/of-1:42')).body.description.state).toBe('requested');
    expect((await call(SERVICE_TOKEN, 'GET', '/dossiers/of-1:new')).status).toBe(404);
  });

  it('answers an unauthenticated body over 1 MB with 401 before reading it, and an authenticated one with 413', async () => {
    const big = JSON.stringify({ id: 'of-1:big', input: INPUT, pad: 'x'.repeat(2 * 1024 * 1024) });
    const headers = { 'content-type': 'application/json' };
    expect((await service.call({ method: 'POST', url: '/dossiers', payload: big, headers })).status).toBe(401);
    expect((await service.call({ method: 'POST', url: '/dossiers', payload: big, headers: { ...headers, ...auth(SERVICE_TOKEN) } })).status).toBe(413);
  });

  it('the same requests with a good token get through', async () => {
    expect((await call(SERVICE_TOKEN, 'GET', '/openapi.json')).status).toBe(200);
    expect((await call(OF1_TOKEN, 'GET', '/dossiers/of-1:42')).status).toBe(200);
    expect((await call(HOLDER_TOKEN, 'GET', '/dossiers/of-1:42/log')).status).toBe(200);
  });

  it("a token of one prefix cannot read another prefix's dossier, its log, its quote or its page: 403", async () => {
    for (const url of ['/dossiers/of-2:7', '/dossiers/of-2:7/log', '/dossiers/of-2:7/quote', '/dossiers/of-2:7/page', '/dossiers/of-2:nonexistent']) {
      const answer = await call(OF1_TOKEN, 'GET', url);
      expect(answer.status, url).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
      expect(answer.text).not.toContain('requested');
    }
    expect((await call(OF2_TOKEN, 'GET', '/dossiers/of-2:7')).status).toBe(200);
    // A holder's prefix is narrower still.
    expect((await call(HOLDER_TOKEN, 'GET', '/dossiers/of-1:43')).status).toBe(403);
    expect((await call(HOLDER_TOKEN, 'GET', '/dossiers/of-1:42')).status).toBe(200);
  });

  it("a token of one prefix cannot change another prefix's dossier, nor create one there", async () => {
    const answer = await call(OF1_TOKEN, 'POST', '/dossiers/of-2:7/events', { type: 'ORGANISATION_ACCEPTS' });
    expect(answer.status).toBe(403);
    expect((await call(OF1_SERVICE_TOKEN, 'POST', '/dossiers/of-2:7/events', { type: 'ORGANISATION_ACCEPTS' })).status).toBe(403);
    expect((await call(OF1_SERVICE_TOKEN, 'POST', '/dossiers', { id: 'of-2:8', input: INPUT })).status).toBe(403);
    expect((await call(OF1_SERVICE_TOKEN, 'POST', '/dossiers', { id: 'of-1:80', input: INPUT })).status).toBe(201);
    const log = await call(SERVICE_TOKEN, 'GET', '/dossiers/of-2:7/log');
    expect(log.body.entries).toHaveLength(1);
    expect((await call(SERVICE_TOKEN, 'GET', '/dossiers/of-2:8')).status).toBe(404);
  });

  it("the worklist and its page list only the token's own dossiers", async () => {
    const ids = async (token: string) => (await call(token, 'GET', '/dossiers?limit=1')).body;
    const first = await ids(OF1_TOKEN);
    expect(first.items.map((item: { id: string }) => item.id)).toEqual(['of-1:42']);
    const rest = await call(OF1_TOKEN, 'GET', `/dossiers?after=${encodeURIComponent(first.next)}`);
    expect(rest.body.items.map((item: { id: string }) => item.id)).toEqual(['of-1:43', 'of-1:80']);
    expect((await call(OF2_TOKEN, 'GET', '/dossiers')).body.items.map((item: { id: string }) => item.id)).toEqual(['of-2:7']);
    const page = await call(OF1_TOKEN, 'GET', '/');
    expect(page.text).toContain('of-1:42');
    expect(page.text).not.toContain('of-2:7');
    expect((await call(HOLDER_TOKEN, 'GET', '/')).text).not.toContain('of-1:43');
  });

  it("the notification feed gives only the token's own dossiers' notifications", async () => {
    const feed = async (token: string) => (await call(token, 'GET', '/notifications?limit=1000')).body.notifications as Array<{ dossierId: string }>;
    const mine = await feed(OF2_TOKEN);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((n) => n.dossierId))).toEqual(new Set(['of-2:7']));
    expect((await feed(OF1_TOKEN)).some((n) => n.dossierId === 'of-2:7')).toBe(false);
    expect(new Set((await feed(SERVICE_TOKEN)).map((n) => n.dossierId))).toEqual(new Set(['of-1:42', 'of-1:43', 'of-2:7', 'of-1:80']));
  });

  it('an organisation token cannot send holder events, nor create dossiers, nor move the clock: 403, nothing logged', async () => {
    for (const type of EVENT_TYPES.filter((type) => !type.startsWith('ORGANISATION_'))) {
      const payload = type === 'IDENTITY_VERIFIED' ? { method: 'online' } : type === 'IDENTITY_ACTIVATED' ? { code: '1234' } : type === 'EVALUATED' ? { rating: 5 } : {};
      const answer = await call(OF1_TOKEN, 'POST', '/dossiers/of-1:43/events', { type, ...payload });
      expect(answer.status, type).toBe(403);
      expect(answer.body.error.message).toContain(type);
    }
    expect((await call(OF1_TOKEN, 'POST', '/dossiers', { id: 'of-1:99', input: INPUT })).status).toBe(403);
    expect((await call(OF1_TOKEN, 'POST', '/clock', { advanceTo: '2026-04-20T00:00:00+02:00' })).status).toBe(403);
    expect((await call(SERVICE_TOKEN, 'GET', '/dossiers/of-1:43/log')).body.entries).toHaveLength(1);
    const accepted = await call(OF1_TOKEN, 'POST', '/dossiers/of-1:43/events', { type: 'ORGANISATION_ACCEPTS' });
    expect(accepted.status).toBe(200);
  });

  it('a holder token cannot send organisation events nor TICK: 403; its own events go through', async () => {
    for (const type of ['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'TICK']) {
      expect((await call(HOLDER_TOKEN, 'POST', '/dossiers/of-1:42/events', { type })).status, type).toBe(403);
    }
    expect((await call(SERVICE_TOKEN, 'GET', '/dossiers/of-1:42')).body.description.state).toBe('requested');
    expect((await call(HOLDER_TOKEN, 'POST', '/dossiers/of-1:42/events', { type: 'HOLDER_CANCELS' })).status).toBe(200);
  });

  it('POST /clock moves time for every dossier: a service token limited to a prefix may not (403), an unlimited one may', async () => {
    const scoped = await call(OF1_SERVICE_TOKEN, 'POST', '/clock', { advanceTo: '2026-04-20T00:00:00+02:00' });
    expect(scoped.status).toBe(403);
    expect((await call(SERVICE_TOKEN, 'GET', '/dossiers/of-2:7/log')).body.entries).toHaveLength(1);
    const answer = await call(SERVICE_TOKEN, 'POST', '/clock', { advanceTo: '2026-04-20T00:00:00+02:00' });
    expect(answer.status).toBe(200);
    expect(answer.body.notifications.map((n: { type: string; dossierId: string }) => `${n.dossierId} ${n.type}`)).toContain('of-2:7 dossier.expired');
    expect((await call(SERVICE_TOKEN, 'GET', '/dossiers/of-2:7/log')).body.entries.at(-1)).toMatchObject({ kind: 'deadline' });
  });

  it('never writes a token in the request log, only its name', async () => {
    const log = service.logLines.join('\n');
    expect(log).toContain('by of-1');
    for (const token of [SERVICE_TOKEN, OF1_TOKEN, OF2_TOKEN, HOLDER_TOKEN, OF1_SERVICE_TOKEN, sha256(OF1_TOKEN)]) expect(log).not.toContain(token);
  });
});
