import { createWebSocketInspector } from '@statelyai/inspect';
import type { InspectObserver } from './replay.js';
import { startInspectorRelay } from './relay.js';

/**
 * An inspector the `inspect` command replays into: what to tell the person, the
 * observer for the actor's `inspect` option, and how to shut it all down. The command
 * takes a factory of these, so tests give it one that opens no socket.
 */
export interface InspectorSession {
  /** Lines for the person: where to open the inspector. */
  lines: string[];
  inspect: InspectObserver;
  /** Delivers what is still on its way, then closes every connection. */
  close(): Promise<void>;
}

export type InspectorFactory = (options: { port: number }) => Promise<InspectorSession>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Stately inspector for real: the relay on 127.0.0.1 and a
 * `createWebSocketInspector` that sends to it.
 */
export const openStatelyInspector: InspectorFactory = async ({ port }) => {
  const relay = await startInspectorRelay({ port });
  let sent = 0;
  const inspector = createWebSocketInspector({
    url: relay.wsUrl,
    // Counts what goes to the socket, so that `close` can wait until the relay has it all.
    filter: () => {
      sent += 1;
      return true;
    },
  });
  return {
    lines: [
      `Stately inspector: open ${relay.pageUrl} in a browser (it embeds https://stately.ai/inspect).`,
      `Relay for Node actors: createWebSocketInspector({ url: '${relay.wsUrl}' }) (listening on 127.0.0.1 only).`,
    ],
    inspect: inspector.inspect,
    close: async () => {
      // The inspector hands each event to its socket one macrotask late; then the socket
      // opens (if it had not yet) and sends what it held back. Wait, within reason, until
      // the relay has received everything before closing it.
      await sleep(0);
      const deadline = Date.now() + 5_000;
      while (relay.received() < sent && Date.now() < deadline) await sleep(10);
      // Were its socket still connecting, closing it would fail, and the package's
      // adapter reconnects (every 5 s, for ever) on a failure: not after we are done.
      const adapter = inspector.adapter as unknown as { ws?: { onerror: unknown } };
      if (adapter.ws) adapter.ws.onerror = () => {};
      inspector.stop();
      await relay.stop();
    },
  };
};
