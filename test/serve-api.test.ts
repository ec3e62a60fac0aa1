import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../machines/types.js';
import { BODY_LIMIT, buildService } from '../serve/app.js';
import { INPUT, openTestService } from './support/serve.js';
import type { TestService } from './support/serve.js';

/**
 * Every endpoint of runtime.md section 5 in-process (Fastify's inject) over a real
 * embedded store on a simulated clock standing at Friday 2026-04-03 10:00 Paris.
 */

let service: TestService;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  service = await openTestService();
}, 120_000);
afterAll(async () => {
  await service?.close();
});

async function create(id: string, input: object = INPUT) {
  return service.call({ method: 'POST', url: '/dossiers', payload: { id, input } });
}
async function send(id: string, event: object, headers: Record<string, string> = {}) {
  return service.call({ method: 'POST', url: `/dossiers/${id}/events`, payload: event, headers });
}

describe('GET /health', () => {
  it('answers ok and which store', async () => {
    const { status, body } = await service.call({ method: 'GET', url: '/health' });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, store: 'embedded' });
  });
});

describe('POST /dossiers', () => {
  it('creates a dossier: 201 with its id, version and description, and where to read it', async () => {
    const { status, body, headers } = await create('api:create');
    expect(status).toBe(201);
    expect(body.id).toBe('api:create');
    expect(body.version).toBe(1);
    expect(body.description.state).toBe('draft');
    expect(body.description.deadlines.registration).toBe('2026-04-16');
    expect(headers.location).toBe('/dossiers/api%3Acreate');
    expect(headers.etag).toBe('"1"');
  });

  it('answers 200 with the stored dossier when created again with the same input', async () => {
    await create('api:again');
    const { status, body } = await create('api:again');
    expect(status).toBe(200);
    expect(body.version).toBe(1);
  });

  it('refuses the same id with another input: 409 DOSSIER_EXISTS', async () => {
    await create('api:exists');
    const { status, body } = await create('api:exists', { ...INPUT, training: { start: '2026-06-01', end: '2026-06-12' } });
    expect(status).toBe(409);
    expect(body.error.code).toBe('DOSSIER_EXISTS');
  });

  it('refuses an input the model refuses: 400 INVALID_INPUT naming the field', async () => {
    const { status, body } = await create('api:bad-date', { training: { start: '2026-02-30', end: '2026-06-12' } });
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.field).toMatch(/training\.start$/);
    expect((await service.call({ method: 'GET', url: '/dossiers/api:bad-date' })).status).toBe(404);
  });

  it('refuses an unknown field with its name, at any depth', async () => {
    const top = await service.call({ method: 'POST', url: '/dossiers', payload: { id: 'api:unknown', input: INPUT, colour: 'blue' } });
    expect(top.status).toBe(400);
    expect(top.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'colour' });
    expect(top.body.error.message).toContain("'colour'");
    const deep = await create('api:unknown', { ...INPUT, training: { ...INPUT.training, hours: 35 } });
    expect(deep.status).toBe(400);
    expect(deep.body.error.field).toBe('input.training.hours');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:unknown' })).status).toBe(404);
  });

  it('names a missing field and a value of the wrong type', async () => {
    const missing = await service.call({ method: 'POST', url: '/dossiers', payload: { id: 'api:missing' } });
    expect(missing.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'input' });
    const typed = await service.call({ method: 'POST', url: '/dossiers', payload: { id: 42, input: INPUT } });
    expect(typed.status).toBe(400);
    expect(typed.body.error.field).toBe('id');
  });

  it('refuses an id outside 1 to 128 characters of A-Z a-z 0-9 . _ : -, and takes one of 128', async () => {
    expect((await create('a'.repeat(129))).body.error.field).toBe('id');
    expect((await create('has space')).status).toBe(400);
    expect((await create('a'.repeat(128))).status).toBe(201);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and creates nothing', async () => {
    const { status, body } = await service.call({ method: 'POST', url: '/dossiers', payload: '{"id": "api:malformed", "input": ', headers: json });
    expect(status).toBe(400);
    expect(body.error.code).toBe('MALFORMED_JSON');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:malformed' })).status).toBe(404);
  });

  it('takes a body of exactly 1 MB, and answers one byte more with 413', async () => {
    const body = JSON.stringify({ id: 'api:big', input: INPUT });
    const padded = body.slice(0, -1) + ' '.repeat(BODY_LIMIT - Buffer.byteLength(body)) + '}';
    expect(Buffer.byteLength(padded)).toBe(1024 * 1024);
    expect((await service.call({ method: 'POST', url: '/dossiers', payload: padded, headers: json })).status).toBe(201);
    const over = await service.call({ method: 'POST', url: '/dossiers', payload: `${padded} `, headers: json });
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415', async () => {
    const { status, body } = await service.call({ method: 'POST', url: '/dossiers', payload: 'id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(status).toBe(415);
    expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('forged and malformed requests', () => {
  it('refuses a body that is not a JSON object, text and a missing Content-Type, logging nothing', async () => {
    await create('api:forged');
    const raw = (payload: string, headers: Record<string, string>) => service.call({ method: 'POST', url: '/dossiers/api:forged/events', payload, headers });
    expect((await raw('[]', json)).body.error).toEqual({ code: 'INVALID_INPUT', message: 'the body must be a JSON object' });
    expect((await raw('"SUBMIT"', json)).status).toBe(400);
    expect((await raw('{"type":"SUBMIT"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await raw('{"type":"SUBMIT"}', {})).status).toBe(415);
    const empty = await raw('', json);
    expect(empty.body.error.code).toBe('MALFORMED_JSON');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:forged/log' })).body.entries).toEqual([]);
  });

  it('refuses prototype poisoning (__proto__, constructor.prototype) as malformed JSON', async () => {
    await create('api:proto');
    for (const payload of ['{"type":"SUBMIT","__proto__":{"admin":true}}', '{"type":"SUBMIT","constructor":{"prototype":{"admin":true}}}']) {
      const { status, body } = await service.call({ method: 'POST', url: '/dossiers/api:proto/events', payload, headers: json });
      expect(status, payload).toBe(400);
      expect(body.error.code).toBe('MALFORMED_JSON');
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('names the field of a value of the wrong type: an instant that is not text or whole milliseconds', async () => {
    await create('api:typed');
    const fraction = await send('api:typed', { type: 'SUBMIT', at: 1.5 });
    expect(fraction.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'at' });
    expect(fraction.body.error.message).toContain('whole milliseconds');
    expect((await send('api:typed', { type: 5 })).body.error.field).toBe('type');
    expect((await send('api:typed', { type: 'SUBMIT', at: Date.parse('2026-04-03T09:00:00+02:00') })).status).toBe(200);
  });

  it('refuses an unknown query parameter on every endpoint, naming it', async () => {
    await create('api:query');
    for (const url of ['/dossiers/api:query?x=1', '/dossiers/api:query/log?x=1', '/dossiers/api:query/page?x=1', '/notifications?x=1', '/?x=1']) {
      const { status, body } = await service.call({ method: 'GET', url });
      expect(status, url).toBe(400);
      expect(body.error.field).toBe('x');
    }
    expect((await service.call({ method: 'POST', url: '/dossiers/api:query/events?x=1', payload: { type: 'TICK' } })).body.error.field).toBe('x');
  });
});

describe('GET /dossiers/{id}', () => {
  it('gives the dossier described at the service clock, and reading changes nothing', async () => {
    await create('api:get');
    const first = await service.call({ method: 'GET', url: '/dossiers/api:get' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: 'api:get', version: 1 });
    expect(first.body.description.at).toBe('2026-04-03T10:00:00+02:00');
    const again = await service.call({ method: 'GET', url: '/dossiers/api:get' });
    expect(again.body).toEqual(first.body);
    expect((await service.call({ method: 'GET', url: '/dossiers/api:get/log' })).body.entries).toEqual([]);
  });

  it('answers an unknown id with 404 DOSSIER_NOT_FOUND', async () => {
    const { status, body } = await service.call({ method: 'GET', url: '/dossiers/api:nobody' });
    expect(status).toBe(404);
    expect(body.error.code).toBe('DOSSIER_NOT_FOUND');
  });
});

describe('POST /dossiers/{id}/events', () => {
  it('applies an accepted event: 200 with the new version and description; `at` defaults to the service clock', async () => {
    await create('api:submit');
    const { status, body, headers } = await send('api:submit', { type: 'SUBMIT' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: true, version: 2 });
    expect(body.description.state).toBe('requested');
    expect(body.description.deadlines.organisationResponse).toBe('2026-04-08');
    expect(headers.etag).toBe('"2"');
    const log = await service.call({ method: 'GET', url: '/dossiers/api:submit/log' });
    expect(log.body.entries[0]).toMatchObject({ type: 'SUBMIT', at: '2026-04-03T10:00:00+02:00', accepted: true });
  });

  it('answers a refused event with 422, its code and the unchanged version, and logs it', async () => {
    await create('api:refused');
    const { status, body } = await send('api:refused', { type: 'ORGANISATION_ACCEPTS' });
    expect(status).toBe(422);
    expect(body).toMatchObject({ accepted: false, rejection: { code: 'INVALID_IN_STATE' }, version: 1 });
    expect(body.rejection.message).toContain('ORGANISATION_ACCEPTS');
    const log = await service.call({ method: 'GET', url: '/dossiers/api:refused/log' });
    expect(log.body.entries).toHaveLength(1);
    expect(log.body.entries[0]).toMatchObject({ accepted: false, code: 'INVALID_IN_STATE' });
  });

  it('refuses an event more than 5 minutes ahead of the service clock, and accepts one 4 minutes ahead', async () => {
    await create('api:future');
    const far = await send('api:future', { type: 'SUBMIT', at: '2026-04-03T10:05:00.001+02:00' });
    expect(far.status).toBe(422);
    expect(far.body.rejection.code).toBe('EVENT_IN_THE_FUTURE');
    const near = await send('api:future', { type: 'SUBMIT', at: '2026-04-03T10:04:00+02:00' });
    expect(near.status).toBe(200);
  });

  it('with If-Match: the right version applies, a stale one is 409 VERSION_CONFLICT and changes nothing', async () => {
    await create('api:if-match');
    const stale = await send('api:if-match', { type: 'SUBMIT' }, { 'if-match': '"2"' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:if-match/log' })).body.entries).toEqual([]);
    const right = await send('api:if-match', { type: 'SUBMIT' }, { 'if-match': '"1"' });
    expect(right.status).toBe(200);
    expect(right.body.version).toBe(2);
  });

  it('refuses an If-Match that is not a quoted version: 400 naming the header', async () => {
    await create('api:if-match-bad');
    for (const value of ['1', 'W/"1"', '"one"', '"-1"']) {
      const { status, body } = await send('api:if-match-bad', { type: 'SUBMIT' }, { 'if-match': value });
      expect(status, value).toBe(400);
      expect(body.error.field).toBe('if-match');
    }
  });

  it('with the same Idempotency-Key gives the first answer again and changes nothing; another key is applied', async () => {
    await create('api:idem');
    const first = await send('api:idem', { type: 'SUBMIT' }, { 'idempotency-key': 'webhook-1' });
    const again = await send('api:idem', { type: 'SUBMIT' }, { 'idempotency-key': 'webhook-1' });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:idem/log' })).body.entries).toHaveLength(1);
    const other = await send('api:idem', { type: 'SUBMIT' }, { 'idempotency-key': 'webhook-2' });
    expect(other.status).toBe(422);
    expect(other.body.rejection.code).toBe('INVALID_IN_STATE');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:idem/log' })).body.entries).toHaveLength(2);
  });

  it('takes an Idempotency-Key of 200 characters and refuses one of 201', async () => {
    await create('api:idem-long');
    expect((await send('api:idem-long', { type: 'SUBMIT' }, { 'idempotency-key': 'k'.repeat(200) })).status).toBe(200);
    const long = await send('api:idem-long', { type: 'TICK' }, { 'idempotency-key': 'k'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('idempotency-key');
  });

  it('answers an unknown dossier with 404 DOSSIER_NOT_FOUND', async () => {
    const { status, body } = await send('api:nobody', { type: 'SUBMIT' });
    expect(status).toBe(404);
    expect(body.error.code).toBe('DOSSIER_NOT_FOUND');
  });

  it('refuses an unknown event type, an unknown field and a missing payload field with 400, logging nothing', async () => {
    await create('api:shape');
    const unknownType = await send('api:shape', { type: 'SUBMITTED' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.field).toBe('type');
    expect(unknownType.body.error.message).toContain('SUBMIT');
    const unknownField = await send('api:shape', { type: 'SUBMIT', rating: 5 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error).toMatchObject({ field: 'rating' });
    const missing = await send('api:shape', { type: 'EVALUATED' });
    expect(missing.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'rating' });
    const typed = await send('api:shape', { type: 'HOLDER_CANCELS', forceMajeure: 'yes' });
    expect(typed.body.error.field).toBe('forceMajeure');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:shape/log' })).body.entries).toEqual([]);
  });

  it('passes a well-formed event with a value the model refuses to the model: 422 and logged', async () => {
    await create('api:rating');
    const { status, body } = await send('api:rating', { type: 'EVALUATED', rating: 7 });
    expect(status).toBe(422);
    expect(body.rejection.code).toBe('INVALID_IN_STATE');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:rating/log' })).body.entries).toHaveLength(1);
  });

  it('accepts every event type of the model in the body schema', async () => {
    await create('api:types');
    const payload: Record<string, object> = { IDENTITY_VERIFIED: { method: 'online' }, IDENTITY_ACTIVATED: { code: '1234' }, EVALUATED: { rating: 4 } };
    for (const type of EVENT_TYPES) {
      const { status } = await send('api:types', { type, ...payload[type] });
      expect([200, 422], type).toContain(status);
    }
  });
});

describe('GET /dossiers/{id}/log', () => {
  it('lists what was received, oldest first, and answers an unknown id with 404', async () => {
    await create('api:log');
    await send('api:log', { type: 'ORGANISATION_REFUSES' });
    await send('api:log', { type: 'SUBMIT' }, { 'idempotency-key': 'k1' });
    const { status, body } = await service.call({ method: 'GET', url: '/dossiers/api:log/log' });
    expect(status).toBe(200);
    expect(body.entries.map((entry: { type: string; accepted: boolean }) => [entry.type, entry.accepted])).toEqual([
      ['ORGANISATION_REFUSES', false],
      ['SUBMIT', true],
    ]);
    expect(body.entries[1].idempotencyKey).toBe('k1');
    expect((await service.call({ method: 'GET', url: '/dossiers/api:none/log' })).status).toBe(404);
  });
});

describe('GET /dossiers/{id}/quote', () => {
  it('gives what cancelling would do, and changes nothing', async () => {
    await create('api:quote');
    await send('api:quote', { type: 'SUBMIT' });
    const { status, body } = await service.call({ method: 'GET', url: '/dossiers/api:quote/quote' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, quote: { state: 'cancelled', reason: 'HOLDER_CANCELLED', outcome: { cpfRights: 'untouched', resteACharge: 'none' } } });
    expect((await service.call({ method: 'GET', url: '/dossiers/api:quote' })).body.description.state).toBe('requested');
  });

  it('takes at and forceMajeure', async () => {
    await create('api:quote-at');
    await send('api:quote-at', { type: 'SUBMIT' });
    const { body } = await service.call({ method: 'GET', url: '/dossiers/api:quote-at/quote?at=2026-04-07T09:00:00%2B02:00&forceMajeure=true' });
    expect(body.quote.forceMajeure).toBe(true);
  });

  it('answers 422 with the rejection when the dossier cannot be cancelled, and 404 for an unknown id', async () => {
    await create('api:quote-draft');
    const { status, body } = await service.call({ method: 'GET', url: '/dossiers/api:quote-draft/quote' });
    expect(status).toBe(422);
    expect(body).toMatchObject({ ok: false, rejection: { code: 'INVALID_IN_STATE' } });
    expect((await service.call({ method: 'GET', url: '/dossiers/api:none/quote' })).status).toBe(404);
  });

  it('refuses an unknown query parameter with its name', async () => {
    await create('api:quote-param');
    const { status, body } = await service.call({ method: 'GET', url: '/dossiers/api:quote-param/quote?force=1' });
    expect(status).toBe(400);
    expect(body.error.field).toBe('force');
  });
});

describe('GET /dossiers (the worklist)', () => {
  let other: TestService;
  beforeAll(async () => {
    other = await openTestService();
    const input = (start: string, end: string) => ({ ...INPUT, training: { start, end } });
    // Registration deadlines: 2026-04-16 for a start on 2026-05-04; 2026-05-18 for 2026-06-03 (Whit Monday on the way).
    await other.call({ method: 'POST', url: '/dossiers', payload: { id: 'b', input: input('2026-05-04', '2026-05-15') } });
    await other.call({ method: 'POST', url: '/dossiers', payload: { id: 'a', input: input('2026-05-04', '2026-05-15') } });
    await other.call({ method: 'POST', url: '/dossiers', payload: { id: 'c', input: input('2026-06-03', '2026-06-12') } });
    await other.call({ method: 'POST', url: '/dossiers', payload: { id: 'd', input: input('2026-05-04', '2026-05-15') } });
    await other.call({ method: 'POST', url: '/dossiers/d/events', payload: { type: 'SUBMIT' } });
  }, 120_000);
  afterAll(async () => {
    await other?.close();
  });

  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((item) => item.id);

  it('lists by last day, then id, with state, who must act, the running deadline and version', async () => {
    const { status, body } = await other.call({ method: 'GET', url: '/dossiers' });
    expect(status).toBe(200);
    expect(ids(body)).toEqual(['d', 'a', 'b', 'c']);
    expect(body.items[0]).toEqual({ id: 'd', state: 'requested', mustAct: 'organisation', runningDeadline: 'organisationResponse', lastDay: '2026-04-08', version: 2 });
    expect(body.next).toBeNull();
  });

  it('filters by who must act and by state', async () => {
    expect(ids((await other.call({ method: 'GET', url: '/dossiers?mustAct=organisation' })).body)).toEqual(['d']);
    expect(ids((await other.call({ method: 'GET', url: '/dossiers?mustAct=holder' })).body)).toEqual(['a', 'b', 'c']);
    expect(ids((await other.call({ method: 'GET', url: '/dossiers?state=draft' })).body)).toEqual(['a', 'b', 'c']);
  });

  it('deadlineBefore keeps last days strictly before the date', async () => {
    expect(ids((await other.call({ method: 'GET', url: '/dossiers?deadlineBefore=2026-04-16' })).body)).toEqual(['d']);
    expect(ids((await other.call({ method: 'GET', url: '/dossiers?deadlineBefore=2026-04-17' })).body)).toEqual(['d', 'a', 'b']);
  });

  it('pages with limit and next, missing nothing and repeating nothing', async () => {
    const first = (await other.call({ method: 'GET', url: '/dossiers?limit=3' })).body;
    expect(ids(first)).toEqual(['d', 'a', 'b']);
    expect(first.next).toEqual(expect.any(String));
    const second = (await other.call({ method: 'GET', url: `/dossiers?limit=3&after=${encodeURIComponent(first.next)}` })).body;
    expect(ids(second)).toEqual(['c']);
    expect(second.next).toBeNull();
  });

  it('takes limits of 1 and 1000 and refuses 0, 1001 and text', async () => {
    expect((await other.call({ method: 'GET', url: '/dossiers?limit=1' })).body.items).toHaveLength(1);
    expect((await other.call({ method: 'GET', url: '/dossiers?limit=1000' })).status).toBe(200);
    for (const limit of ['0', '1001', 'ten']) {
      const { status, body } = await other.call({ method: 'GET', url: `/dossiers?limit=${limit}` });
      expect(status, limit).toBe(400);
      expect(body.error.field).toBe('limit');
    }
  });

  it('refuses an unknown filter value and an unknown parameter with their names', async () => {
    expect((await other.call({ method: 'GET', url: '/dossiers?mustAct=teacher' })).body.error.field).toBe('mustAct');
    expect((await other.call({ method: 'GET', url: '/dossiers?deadlineBefore=soon' })).body.error.field).toBe('deadlineBefore');
    expect((await other.call({ method: 'GET', url: '/dossiers?sort=id' })).body.error.field).toBe('sort');
  });
});

describe('GET /notifications', () => {
  it('gives the feed in order, and reads on from next with nothing repeated', async () => {
    const end = (await service.call({ method: 'GET', url: '/notifications?limit=1000' })).body.next;
    const after = (cursor: string, limit = 100) => service.call({ method: 'GET', url: `/notifications?after=${encodeURIComponent(cursor)}&limit=${limit}` });
    await create('api:feed');
    await send('api:feed', { type: 'SUBMIT' });
    await send('api:feed', { type: 'EVALUATED', rating: 3 });
    const all = (await after(end)).body;
    expect(all.notifications.map((n: { type: string }) => n.type)).toEqual(['dossier.created', 'dossier.changed', 'event.refused']);
    expect(all.notifications[1]).toMatchObject({ dossierId: 'api:feed', at: '2026-04-03T10:00:00+02:00', data: { from: 'draft', to: 'requested' } });
    const first = (await after(end, 2)).body;
    expect(first.notifications).toHaveLength(2);
    const rest = (await after(first.next)).body;
    expect(rest.notifications.map((n: { id: string }) => n.id)).toEqual([all.notifications[2].id]);
    const none = (await after(rest.next)).body;
    expect(none).toEqual({ notifications: [], next: rest.next });
    expect((await service.call({ method: 'GET', url: '/notifications?limit=0' })).status).toBe(400);
    expect((await service.call({ method: 'GET', url: '/notifications?limit=1001' })).status).toBe(400);
  });
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with every endpoint', async () => {
    const { status, body } = await service.call({ method: 'GET', url: '/openapi.json' });
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual(
      ['/', '/clock', '/dossiers', '/dossiers/{id}', '/dossiers/{id}/events', '/dossiers/{id}/log', '/dossiers/{id}/page', '/dossiers/{id}/quote', '/health', '/notifications'].sort(),
    );
    expect(body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(body.paths['/health'].get.security).toEqual([]);
  });

  it('holds the schemas that are enforced: no unknown field anywhere in an event', async () => {
    const { body } = await service.call({ method: 'GET', url: '/openapi.json' });
    const events = body.paths['/dossiers/{id}/events'].post;
    const schema = events.requestBody.content['application/json'].schema;
    expect(schema.oneOf).toHaveLength(EVENT_TYPES.length);
    for (const branch of schema.oneOf) expect(branch.additionalProperties).toBe(false);
    const evaluated = schema.oneOf.find((branch: { title: string }) => branch.title === 'EVALUATED');
    expect(Object.keys(evaluated.properties)).toEqual(['type', 'at', 'rating']);
    expect(events.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual(['header:idempotency-key', 'header:if-match', 'path:id']);
    expect(Object.keys(events.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '503']);
  });
});

describe('pages and unknown endpoints', () => {
  it('serves the worklist and a dossier page as self-contained HTML under a CSP that forbids outside requests', async () => {
    await create('api:page');
    for (const url of ['/', '/dossiers/api:page/page']) {
      const { status, headers, text } = await service.call({ method: 'GET', url });
      expect(status, url).toBe(200);
      expect(headers['content-type']).toBe('text/html; charset=utf-8');
      expect(headers['content-security-policy']).toContain("default-src 'none'");
      expect(text).not.toMatch(/<script|https?:\/\//);
    }
  });

  it('answers a page for an unknown dossier with 404', async () => {
    expect((await service.call({ method: 'GET', url: '/dossiers/api:none/page' })).status).toBe(404);
  });

  it('answers an unknown endpoint with 404 NOT_FOUND in the error shape', async () => {
    const { status, body } = await service.call({ method: 'DELETE', url: '/dossiers/x' });
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('DELETE /dossiers/x') } });
  });
});

// Last: it moves the clock of the service every other test stands on.
describe('POST /clock', () => {
  it('moves the simulated clock, does the wake-ups due on the way, and answers now, woke and notifications', async () => {
    await service.call({ method: 'POST', url: '/dossiers', payload: { id: 'c1', input: INPUT } });
    await service.call({ method: 'POST', url: '/dossiers/c1/events', payload: { type: 'SUBMIT' } });
    // The organisation's last day is Wednesday 2026-04-08 (Easter Monday skipped): the expiry is at Thursday 00:00, due after the 15-minute grace.
    const before = await service.call({ method: 'POST', url: '/clock', payload: { advanceTo: '2026-04-09T00:14:59+02:00' } });
    expect(before.status).toBe(200);
    expect(before.body.now).toBe('2026-04-09T00:14:59+02:00');
    const typesFor = (body: { notifications: Array<{ type: string; dossierId: string }> }) => body.notifications.filter((n) => n.dossierId === 'c1').map((n) => n.type);
    expect(typesFor(before.body)).toEqual(['deadline.approaching', 'deadline.approaching']);
    // Not applied yet (the description, read at the clock, already shows the expiry: reading is describeDossier at now).
    expect((await service.call({ method: 'GET', url: '/dossiers/c1/log' })).body.entries.map((e: { kind: string }) => e.kind)).toEqual(['event']);
    expect((await service.call({ method: 'GET', url: '/dossiers/c1' })).body.version).toBe(2);
    const after = await service.call({ method: 'POST', url: '/clock', payload: { advanceTo: '2026-04-09T00:15:01+02:00' } });
    expect(after.body.woke).toBeGreaterThanOrEqual(1);
    expect(typesFor(after.body)).toEqual(['dossier.expired']);
    const log = (await service.call({ method: 'GET', url: '/dossiers/c1/log' })).body.entries;
    expect(log.at(-1)).toMatchObject({ kind: 'deadline', deadline: 'organisationResponse', at: '2026-04-09T00:00:00+02:00' });
    expect((await service.call({ method: 'GET', url: '/dossiers/c1' })).body).toMatchObject({ version: 3, description: { state: 'expired', reason: 'ORGANISATION_NO_RESPONSE' } });
    const back = await service.call({ method: 'POST', url: '/clock', payload: { advanceTo: '2026-04-01T00:00:00+02:00' } });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('CLOCK_WENT_BACKWARDS');
    expect((await service.call({ method: 'POST', url: '/clock', payload: { advanceTo: '2026-04-10', by: 1 } })).body.error.field).toBe('by');
  });

  it('does not exist without a simulated clock: 404', async () => {
    const real = await buildService({ store: service.store, access: null, simulatedClock: false });
    try {
      const answer = await real.inject({ method: 'POST', url: '/clock', payload: { advanceTo: '2026-04-10T00:00:00+02:00' } });
      expect(answer.statusCode).toBe(404);
      expect(answer.json().error.code).toBe('NOT_FOUND');
      expect(Object.keys((await real.inject({ method: 'GET', url: '/openapi.json' })).json().paths)).not.toContain('/clock');
    } finally {
      await real.close();
    }
  });
});

