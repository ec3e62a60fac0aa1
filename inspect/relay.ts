import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { createRequire } from 'node:module';

/**
 * The inspector relay: a WebSocket server on 127.0.0.1 that passes what a Node
 * inspector (`createWebSocketInspector` of @statelyai/inspect) sends to every browser
 * page connected to it, and an HTTP page that embeds the Stately inspector and feeds it
 * those messages.
 *
 * @statelyai/inspect has such a server (`createInspectorServer` from
 * '@statelyai/inspect/server'), but it listens on every interface, cannot be given a
 * host, writes `ws://localhost:PORT` into its page (so port 0, a free port chosen by
 * the system, cannot work) and opens a browser itself. This relay does the same job with
 * the same `ws` package, bound to the loopback interface only, on any port, and accepts
 * WebSocket connections only from its own page or from clients that send no Origin (Node),
 * so that no other web page open in the browser can read the dossiers going through.
 */

export const RELAY_HOST = '127.0.0.1';
export const STATELY_INSPECTOR_URL = 'https://stately.ai/inspect';

/** The part of the `ws` package the relay uses. */
export interface WsSocket {
  readonly readyState: number;
  send(data: string): void;
  on(event: 'message', listener: (data: { toString(): string }) => void): void;
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'unexpected-response', listener: (request: unknown, response: { statusCode?: number }) => void): void;
  close(): void;
  terminate(): void;
}

interface WsServer {
  readonly clients: Set<WsSocket>;
  on(event: 'connection', listener: (socket: WsSocket) => void): void;
  close(callback?: () => void): void;
}

export interface WsModule {
  WebSocketServer: new (options: {
    server: Server;
    maxPayload?: number;
    verifyClient?: (info: { origin: string | undefined; req: IncomingMessage; secure: boolean }) => boolean;
  }) => WsServer;
  WebSocket: (new (url: string, options?: { origin?: string }) => WsSocket) & { readonly OPEN: number };
}

/**
 * The `ws` package, as @statelyai/inspect itself resolves it (its dependency, which its
 * Node WebSocket inspector uses too): no second copy, no dependency of our own.
 */
export function webSocketModule(): WsModule {
  const require = createRequire(import.meta.url);
  const fromInspector = createRequire(require.resolve('@statelyai/inspect'));
  return fromInspector('ws') as WsModule;
}

export interface RelayOptions {
  /** 0 (the default) lets the system choose a free port. */
  port?: number;
  /** The Stately inspector page to embed. */
  inspectorUrl?: string;
  /** How many messages a page that connects late is sent first. */
  bufferSize?: number;
}

export interface InspectorRelay {
  readonly host: string;
  readonly port: number;
  /** The page to open in a browser. */
  readonly pageUrl: string;
  /** Where a Node inspector sends: `createWebSocketInspector({ url })`. */
  readonly wsUrl: string;
  /** Messages received from inspectors so far. */
  received(): number;
  /** Clients connected now (inspectors and pages). */
  clients(): number;
  /** Closes every connection and the server. */
  stop(): Promise<void>;
}

function bridgePage(wsUrl: string, inspectorUrl: string): string {
  const json = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>cpf-dossier: Stately inspector</title>
  <style>html, body { height: 100%; margin: 0; } iframe { width: 100%; height: 100%; border: none; display: block; }</style>
</head>
<body>
  <iframe id="inspector" src="${inspectorUrl.replace(/"/g, '&quot;')}"></iframe>
  <script>
    const iframe = document.getElementById('inspector');
    const buffer = [];
    let connected = false;
    window.addEventListener('message', (event) => {
      if (event.data && event.data.type === '@statelyai.connected') {
        connected = true;
        for (const message of buffer.splice(0)) iframe.contentWindow.postMessage(message, '*');
      }
    });
    const socket = new WebSocket(${json(wsUrl)});
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (connected) iframe.contentWindow.postMessage(message, '*');
      else buffer.push(message);
    };
  </script>
</body>
</html>
`;
}

/** Starts the relay on 127.0.0.1; resolves once it listens. */
export async function startInspectorRelay(options: RelayOptions = {}): Promise<InspectorRelay> {
  const { WebSocketServer, WebSocket } = webSocketModule();
  const inspectorUrl = options.inspectorUrl ?? STATELY_INSPECTOR_URL;
  const bufferSize = options.bufferSize ?? 2000;
  let port = options.port ?? 0;
  let page = '';
  const http = createServer((request, response) => {
    if (request.method === 'GET' && (request.url === '/' || request.url?.startsWith('/?'))) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(page);
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${RELAY_HOST} is already in use: choose another with --port, or 0 for any free port`
            : `the inspector relay could not listen on ${RELAY_HOST}:${port}: ${error.message}`,
        ),
      );
    };
    http.once('error', failed);
    http.listen({ host: RELAY_HOST, port }, () => {
      http.off('error', failed);
      resolve();
    });
  });
  const address = http.address();
  port = typeof address === 'object' && address !== null ? address.port : port;
  const pageUrl = `http://${RELAY_HOST}:${port}/`;
  const wsUrl = `ws://${RELAY_HOST}:${port}`;
  page = bridgePage(wsUrl, inspectorUrl);
  const allowedOrigins = new Set([`http://${RELAY_HOST}:${port}`, `http://localhost:${port}`]);

  const server = new WebSocketServer({
    server: http,
    maxPayload: 16 * 1024 * 1024,
    verifyClient: ({ origin }) => origin === undefined || allowedOrigins.has(origin),
  });
  const buffer: string[] = [];
  let received = 0;
  server.on('connection', (socket) => {
    for (const message of buffer) socket.send(message);
    socket.on('error', () => socket.terminate());
    socket.on('message', (data) => {
      const message = data.toString();
      received += 1;
      buffer.push(message);
      if (buffer.length > bufferSize) buffer.shift();
      for (const client of server.clients) if (client !== socket && client.readyState === WebSocket.OPEN) client.send(message);
    });
  });

  let stopping: Promise<void> | null = null;
  return {
    host: RELAY_HOST,
    port,
    pageUrl,
    wsUrl,
    received: () => received,
    clients: () => server.clients.size,
    stop: () => {
      stopping ??= (async () => {
        // A closing handshake first, so that what was just relayed still reaches the
        // pages; whoever has not answered within a second is cut off.
        const open = [...server.clients];
        await Promise.race([
          Promise.all(open.map((client) => new Promise<void>((done) => {
            client.on('close', () => done());
            client.close();
          }))),
          new Promise<void>((done) => setTimeout(done, 1_000).unref()),
        ]);
        for (const client of server.clients) client.terminate();
        await new Promise<void>((done) => server.close(() => done()));
        await new Promise<void>((done) => {
          http.close(() => done());
          http.closeAllConnections();
        });
      })();
      return stopping;
    },
  };
}
