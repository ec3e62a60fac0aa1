import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DossierNotification, RunningLoop, WebhookOptions } from './types.js';

/**
 * The `Cpf-Signature` header of a body: HMAC-SHA256 of `<t>.<body>` under the shared
 * secret, with `t` the unix seconds it was signed at (runtime.md section 4).
 * @example signatureOf('{"id":"a"}', 'secret', 1767225600) === 't=1767225600,v1=' + hex
 */
export function signatureOf(body: string, secret: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * What a receiver checks: the header's signature is the body's under the secret, and its
 * timestamp no further than `toleranceSeconds` from `nowSeconds` (a replayed old request fails).
 */
export function verifySignature(header: string, body: string, secret: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(body, secret, t).slice(-64), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

/** What delivery needs of the store: the feed and a cursor kept per receiver. */
export interface WebhookFeed {
  readFeed(after: string, limit: number): Promise<Array<{ notification: DossierNotification; cursor: string }>>;
  loadCursor(name: string): Promise<string>;
  saveCursor(name: string, after: string): Promise<void>;
}

/** The delay before retry number `failures` (1, 2, ...): doubled each time, up to `maxDelayMs`. */
export function retryDelayOf(failures: number, firstDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.max(0, failures - 1));
}

/**
 * POSTs the feed to one receiver in order, each notification until a 2xx answer, then
 * moves the receiver's cursor past it. The cursor is saved after the answer, so a crash
 * in between sends that notification again: at least once, receivers deduplicate by id.
 */
export function startWebhookDelivery(options: WebhookOptions, feed: WebhookFeed): RunningLoop {
  const name = options.name ?? options.url;
  const firstDelayMs = options.firstDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 300_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let stopped = false;
  let cancelWait: (() => void) | undefined;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function post(notification: DossierNotification): Promise<{ status: number | null; error?: string }> {
    const body = JSON.stringify(notification);
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cpf-signature': signatureOf(body, options.secret, Math.floor(Date.now() / 1000)) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      return { status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }

  const loop = (async () => {
    let after: string | undefined;
    let failures = 0;
    while (!stopped) {
      try {
        after ??= await feed.loadCursor(name);
        const batch = await feed.readFeed(after, 20);
        if (batch.length === 0) {
          await wait(Math.min(firstDelayMs, 1000));
          continue;
        }
        for (const { notification, cursor } of batch) {
          for (;;) {
            if (stopped) return;
            const attempt = await post(notification);
            const delivered = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
            const nextDelayMs = delivered ? undefined : retryDelayOf(++failures, firstDelayMs, maxDelayMs);
            options.onAttempt?.({ id: notification.id, status: attempt.status, ...(attempt.error ? { error: attempt.error } : {}), ...(nextDelayMs ? { nextDelayMs } : {}) });
            if (delivered) break;
            await wait(nextDelayMs!);
          }
          failures = 0;
          await feed.saveCursor(name, cursor);
          after = cursor;
        }
      } catch {
        // The store is unreachable: the cursor is where it was; try again later.
        await wait(retryDelayOf(++failures, firstDelayMs, maxDelayMs));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      cancelWait?.();
      await loop;
    },
  };
}
