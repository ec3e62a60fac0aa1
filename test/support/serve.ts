import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { openDossierStore, simulatedClock } from '../../store/index.js';
import type { DossierStore, OpenStoreOptions } from '../../store/types.js';
import { parseTokensFile } from '../../serve/access.js';
import { buildService } from '../../serve/app.js';

export interface TestService {
  app: FastifyInstance;
  store: DossierStore;
  /** Every request-log line the service wrote. */
  logLines: string[];
  /** `app.inject` with the body read as JSON when it is JSON. */
  call(request: InjectOptions): Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

/** The training of the README's example: registration closes on 2026-04-16. */
export const INPUT = { calendar: 'FR', training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' };
/** Where the simulated clock starts: Friday before Easter, 2026. */
export const START = '2026-04-03T10:00:00+02:00';

/**
 * The service in-process over a real embedded store in a fresh folder, on a simulated
 * clock standing at `at` (by default START). `tokens` is a tokens file's text.
 */
export async function openTestService(options: { tokens?: string; at?: string; simulated?: boolean; store?: OpenStoreOptions } = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), 'cpf-serve-'));
  const simulated = options.simulated ?? true;
  const clock = simulated ? simulatedClock(Date.parse(options.at ?? START)) : undefined;
  const opened = await openDossierStore(options.store ?? { data: dir, clock });
  if (!opened.ok) throw new Error(opened.error.message);
  let access = null;
  if (options.tokens !== undefined) {
    const parsed = parseTokensFile('tokens.yaml', options.tokens);
    if (!parsed.ok) throw new Error(parsed.errors.map((error) => error.message).join('\n'));
    access = parsed.access;
  }
  const logLines: string[] = [];
  const app = await buildService({ store: opened.store, access, simulatedClock: simulated, log: (line) => logLines.push(line) });
  return {
    app,
    store: opened.store,
    logLines,
    async call(request) {
      const response = await app.inject(request);
      const text = response.body;
      let body: unknown = text;
      if (String(response.headers['content-type'] ?? '').startsWith('application/json')) body = JSON.parse(text);
      return { status: response.statusCode, body, headers: response.headers, text };
    },
    async close() {
      await app.close();
      await opened.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
