import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { replayIntoActor } from '../inspect/replay.js';
import { RELAY_HOST, startInspectorRelay, webSocketModule } from '../inspect/relay.js';
import type { InspectorRelay, WsSocket } from '../inspect/relay.js';
import { openStatelyInspector } from '../inspect/session.js';
import { loadScenarioFiles } from '../replay/files.js';

/**
 * The relay for real, on the loopback interface only: every server and client here is on
 * 127.0.0.1 (127.0.0.2 is only knocked at, to see that nothing answers there), and each is
 * closed by the test that opened it.
 */

const { WebSocket } = webSocketModule();
const running: Array<{ stop(): Promise<void> }> = [];
const sockets: WsSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(running.splice(0).map((relay) => relay.stop()));
});

async function relay(port = 0): Promise<InspectorRelay> {
  const started = await startInspectorRelay({ port });
  running.push(started);
  return started;
}

/** A WebSocket client that keeps what it receives; resolves once open (or with the refusal's status). */
function client(url: string, origin?: string): Promise<{ socket: WsSocket; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = origin === undefined ? new WebSocket(url) : new WebSocket(url, { origin });
    sockets.push(socket);
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(data.toString()));
    socket.on('open', () => resolve({ socket, messages }));
    socket.on('unexpected-response', (_request, response) => reject(new Error(`refused with HTTP ${response.statusCode}`)));
    socket.on('error', reject);
  });
}

async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('the inspector relay', () => {
  it('starts on 127.0.0.1 on a free port the system chose, serves its page, and stops', async () => {
    const started = await relay();
    expect(started.host).toBe('127.0.0.1');
    expect(started.port).toBeGreaterThan(0);
    expect(started.pageUrl).toBe(`http://127.0.0.1:${started.port}/`);
    expect(started.wsUrl).toBe(`ws://127.0.0.1:${started.port}`);

    const page = await fetch(started.pageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`new WebSocket("ws://127.0.0.1:${started.port}")`);
    expect(html).toContain('<iframe id="inspector" src="https://stately.ai/inspect">');
    expect((await fetch(`${started.pageUrl}elsewhere`)).status).toBe(404);

    expect(await accepts(RELAY_HOST, started.port)).toBe(true);
    // Bound to 127.0.0.1 alone: another loopback address finds nobody.
    expect(await accepts('127.0.0.2', started.port)).toBe(false);

    await started.stop();
    expect(await accepts(RELAY_HOST, started.port)).toBe(false);
    await started.stop(); // twice is fine
  });

  it('passes what an inspector sends to every page, and what came before to a late one', async () => {
    const started = await relay();
    const origin = `http://127.0.0.1:${started.port}`;
    const page = await client(started.wsUrl, origin);
    const inspector = await client(started.wsUrl);
    inspector.socket.send('{"n":1}');
    inspector.socket.send('{"n":2}');
    await until(() => page.messages.length === 2, 'the page to receive two messages');
    expect(page.messages).toEqual(['{"n":1}', '{"n":2}']);
    expect(inspector.messages).toEqual([]); // not echoed to its sender
    expect(started.received()).toBe(2);
    const late = await client(started.wsUrl, `http://localhost:${started.port}`);
    await until(() => late.messages.length === 2, 'the late page to catch up');
    expect(late.messages).toEqual(['{"n":1}', '{"n":2}']);
    expect(started.clients()).toBe(3);
    await started.stop();
    expect(started.clients()).toBe(0);
  });

  it('refuses WebSocket connections from other web pages', async () => {
    const started = await relay();
    await expect(client(started.wsUrl, 'https://some-other-site.example')).rejects.toThrow(/HTTP 401/);
    await expect(client(started.wsUrl, `http://127.0.0.1:${started.port + 1}`)).rejects.toThrow(/HTTP 401/);
    expect(started.clients()).toBe(0);
  });

  it('says which port is taken', async () => {
    const first = await relay();
    await expect(startInspectorRelay({ port: first.port })).rejects.toThrow(`port ${first.port} on 127.0.0.1 is already in use`);
  });
});

describe('the Stately inspector session of the inspect command', () => {
  it('sends a replayed dossier through createWebSocketInspector and the relay to the page, then closes', async () => {
    const session = await openStatelyInspector({ port: 0 });
    running.push({ stop: () => session.close() });
    const pageUrl = session.lines.join('\n').match(/open (http:\/\/127\.0\.0\.1:(\d+)\/) in a browser/);
    expect(pageUrl).not.toBeNull();
    const port = Number(pageUrl![2]);
    expect(session.lines.join('\n')).toContain(`createWebSocketInspector({ url: 'ws://127.0.0.1:${port}' })`);
    const page = await client(`ws://127.0.0.1:${port}`, `http://127.0.0.1:${port}`);

    const [loaded] = loadScenarioFiles(['scenarios/organisation/organisation-silent-over-easter.yaml'], process.cwd());
    if (!loaded?.parsed.ok) throw new Error('the scenario does not load');
    const outcome = await replayIntoActor(loaded.parsed.scenario, { inspect: session.inspect });
    expect(outcome).toMatchObject({ ok: true, finalState: 'expired' });

    // actor, init event + snapshot, then TICK, SUBMIT, TICK each with its snapshot.
    await until(() => page.messages.length >= 9, 'the page to receive the inspection events');
    await session.close();
    const received = page.messages.map((message) => JSON.parse(message) as { type: string; name?: string; event?: { type: string }; snapshot?: { value: unknown } });
    expect(received.map((event) => [event.type, event.name ?? event.event?.type])).toEqual([
      ['@xstate.actor', 'dossier'],
      ['@xstate.event', 'xstate.init'],
      ['@xstate.snapshot', 'xstate.init'],
      ['@xstate.event', 'TICK'],
      ['@xstate.snapshot', 'TICK'],
      ['@xstate.event', 'SUBMIT'],
      ['@xstate.snapshot', 'SUBMIT'],
      ['@xstate.event', 'TICK'],
      ['@xstate.snapshot', 'TICK'],
    ]);
    expect(received.at(-1)!.snapshot!.value).toBe('expired');
    expect(await accepts(RELAY_HOST, port)).toBe(false);
  });
});
