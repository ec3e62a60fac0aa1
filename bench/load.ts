import autocannon from 'autocannon';

/**
 * The serve benchmark's load generator, in a process of its own so that the client's
 * work is not done on the service's event loop (it would count in every latency):
 * `node load.js URL CONNECTIONS SECONDS IDS_JSON BODY` prints autocannon's figures as JSON.
 */
const [url, connections, seconds, idsJson, body] = process.argv.slice(2) as [string, string, string, string, string];
const ids = JSON.parse(idsJson) as string[];
let next = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      setupRequest: (request) => ({ ...request, path: `/dossiers/${ids[next++ % ids.length]}/events` }),
    },
  ],
});
process.stdout.write(
  JSON.stringify({ perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx }),
);
