import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureOf, verifySignature } from '../store/index.js';
import type { DossierStore } from '../store/index.js';
import { retryDelayOf } from '../store/webhook.js';
import { embeddedBackend, INPUT, testClock } from './support/store.js';
import type { Backend } from './support/store.js';

/** From openssl, not from node:crypto. */
const OPENSSL_HEX = '3bd6b0311183a405eec72da46521fc02ddfb62256f32ff11dbe8f8394aa58324';

describe('the Cpf-Signature header', () => {
  it('is HMAC-SHA256 of "t.body" under the secret, in hex, with t in unix seconds', () => {
    // printf '1767225600.{"id":"a"}' | openssl dgst -sha256 -hmac secret
    expect(signatureOf('{"id":"a"}', 'secret', 1767225600)).toBe(`t=1767225600,v1=${OPENSSL_HEX}`);
    const header = signatureOf('{"id":"a"}', 'secret', 1767225600);
    expect(header).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
    expect(verifySignature(header, '{"id":"a"}', 'secret', 1767225600 + 300)).toBe(true);
    expect(verifySignature(header, '{"id":"a"}', 'secret', 1767225600 + 301)).toBe(false);
    expect(verifySignature(header, '{"id":"b"}', 'secret', 1767225600)).toBe(false);
    expect(verifySignature(header, '{"id":"a"}', 'other', 1767225600)).toBe(false);
  });

  it('retries with delays doubled from the first up to the largest', () => {
    expect([1, 2, 3, 4, 5, 6].map((failures) => retryDelayOf(failures, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe('webhook delivery', () => {
  let backend: Backend;
  let store: DossierStore;
  beforeAll(async () => {
    backend = embeddedBackend();
    store = await backend.open({ clock: testClock('2026-03-02T12:00:00+01:00') });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend?.dispose();
  });

  it('POSTs every notification in order, signed, retrying a failing receiver until 2xx, and goes on from its cursor after a stop', async () => {
    const received: Array<{ id: string; valid: boolean }> = [];
    let failuresLeft = 2;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft--;
          response.writeHead(503).end();
          return;
        }
        const valid = verifySignature(String(request.headers['cpf-signature']), body, 's3cret', Math.floor(Date.now() / 1000));
        received.push({ id: (JSON.parse(body) as { id: string }).id, valid });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const delays: number[] = [];
    try {
      await store.create('hook-1', INPUT);
      await store.apply('hook-1', { type: 'SUBMIT' });
      const options = { url, secret: 's3cret', firstDelayMs: 20, maxDelayMs: 200, onAttempt: (a: { nextDelayMs?: number }) => a.nextDelayMs && delays.push(a.nextDelayMs) };
      let loop = store.startWebhook(options);
      const until = async (count: number) => {
        for (let tries = 0; received.length < count && tries < 400; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
      };
      await until(2);
      await loop.stop();
      expect(received).toEqual([
        { id: 'hook-1:dossier.created', valid: true },
        { id: 'hook-1:dossier.changed:1', valid: true },
      ]);
      expect(delays).toEqual([20, 40]);
      await store.apply('hook-1', { type: 'ORGANISATION_ACCEPTS' });
      loop = store.startWebhook(options);
      await until(3);
      await loop.stop();
      expect(received.map((r) => r.id)).toEqual(['hook-1:dossier.created', 'hook-1:dossier.changed:1', 'hook-1:dossier.changed:2']);
    } finally {
      server.close();
    }
  });
});
