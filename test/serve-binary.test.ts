import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../serve/lock.js';
import { INPUT } from './support/serve.js';
import { listeningUrl, spawnServe } from './support/serve-process.js';
import type { ServeProcess } from './support/serve-process.js';

/**
 * `cpf-dossier serve` as a real process (dist/, built by npm test): start, work, kill -9,
 * restart; one process per data folder; a clean stop on SIGTERM.
 */

const TIMEOUT = 180_000;
const CLOCK = '--clock=simulated:2026-04-03T10:00:00+02:00';
const folders: string[] = [];
const running: ServeProcess[] = [];

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpf-serve-bin-'));
  folders.push(dir);
  return dir;
}

function start(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ServeProcess {
  const serve = spawnServe(args, cwd, env);
  running.push(serve);
  return serve;
}

afterAll(() => {
  for (const serve of running) if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function http(url: string, method = 'GET', body?: object, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } });
  return { status: response.status, body: (await response.json()) as any };
}

describe('cpf-dossier serve, the real process', { timeout: TIMEOUT }, () => {
  it('says where it listens, which store and how access works; keeps everything across a kill -9', async () => {
    const cwd = folder();
    const first = start(['--port', '0', CLOCK], cwd);
    const url = await listeningUrl(first);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.stdout()).toContain(`store: embedded (PGlite) in ${join(cwd, 'cpf-data')}`);
    expect(first.stdout()).toContain('access: open to every request, on loopback only (no --tokens file)');
    expect(first.stdout()).toContain('scheduler: on');

    expect((await http(`${url}/dossiers`, 'POST', { id: 'of-1:42', input: INPUT })).status).toBe(201);
    expect((await http(`${url}/dossiers/of-1:42/events`, 'POST', { type: 'SUBMIT' }, { 'idempotency-key': 'k-submit' })).status).toBe(200);
    expect((await http(`${url}/dossiers/of-1:42/events`, 'POST', { type: 'HOLDER_VALIDATES' })).status).toBe(422);
    expect((await http(`${url}/dossiers/of-1:42/events`, 'POST', { type: 'ORGANISATION_ACCEPTS', at: '2026-04-03T10:01:00+02:00' })).status).toBe(200);
    const before = await http(`${url}/dossiers/of-1:42`);
    const logBefore = await http(`${url}/dossiers/of-1:42/log`);
    expect(logBefore.body.entries).toHaveLength(3);

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(existsSync(join(cwd, 'cpf-data', LOCK_FILE))).toBe(true);

    const second = start(['--port', '0', CLOCK], cwd);
    const again = await listeningUrl(second);
    expect(second.stdout()).toContain(`replaced a stale lock left by process ${first.child.pid}`);
    expect(await http(`${again}/dossiers/of-1:42`)).toEqual(before);
    expect(await http(`${again}/dossiers/of-1:42/log`)).toEqual(logBefore);
    // The idempotency key survived too: the same webhook delivered again changes nothing.
    const replay = await http(`${again}/dossiers/of-1:42/events`, 'POST', { type: 'SUBMIT' }, { 'idempotency-key': 'k-submit' });
    expect(replay.status).toBe(200);
    expect((await http(`${again}/dossiers/of-1:42/log`)).body.entries).toHaveLength(3);

    // A second process on the same data folder is refused, and the first goes on.
    const intruder = start(['--port', '0'], cwd);
    expect(await intruder.exited).toBe(2);
    expect(intruder.stderr()).toContain(`the data folder ${join(cwd, 'cpf-data')} is in use by process ${second.child.pid}`);
    expect(intruder.stderr()).toContain('one process at a time');
    expect((await http(`${again}/health`)).status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.stdout()).toContain('stopped');
    expect(existsSync(join(cwd, 'cpf-data', LOCK_FILE))).toBe(false);
  });

  it('on SIGTERM answers the request in flight before it stops', async () => {
    const cwd = folder();
    const serve = start(['--port', '0', CLOCK], cwd);
    const url = new URL(await listeningUrl(serve));
    const body = JSON.stringify({ id: 'in-flight', input: INPUT });
    // One keep-alive connection, already accepted and served once, so that the request below is surely in flight.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, parts: string[], between?: () => void) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const headers = parts.length ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(parts.join('')) } : {};
        const req = request({ host: url.hostname, port: url.port, path, method, agent, headers }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += String(chunk)));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        if (parts.length === 0) return void req.end();
        req.write(parts[0]);
        between?.();
        setTimeout(() => req.end(parts[1]), 600);
      });
    expect((await send('GET', '/health', [])).status).toBe(200);
    // Half the body now: the request is in flight when SIGTERM arrives; the rest after it.
    const answered = send('POST', '/dossiers', [body.slice(0, 10), body.slice(10)], () => setTimeout(() => serve.child.kill('SIGTERM'), 300));
    const { status, text } = await answered;
    expect(status).toBe(201);
    expect(JSON.parse(text).id).toBe('in-flight');
    expect(await serve.exited).toBe(0);
    agent.destroy();
    const restarted = start(['--port', '0', CLOCK], cwd);
    const again = await listeningUrl(restarted);
    expect((await http(`${again}/dossiers/in-flight`)).status).toBe(200);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  });

  it('refuses a non-loopback --host without --tokens, and a bad tokens file, before opening anything', async () => {
    const cwd = folder();
    const open = start(['--host', '0.0.0.0', '--port', '0'], cwd);
    expect(await open.exited).toBe(2);
    expect(open.stderr()).toContain('--host 0.0.0.0 is not a loopback address, and no --tokens file was given');
    writeFileSync(join(cwd, 'tokens.yaml'), '- name: a\n  token: t\n  role: root\n');
    const badTokens = start(['--port', '0', '--tokens', 'tokens.yaml'], cwd);
    expect(await badTokens.exited).toBe(2);
    expect(badTokens.stderr()).toContain("tokens.yaml:3:9: [0].role: 'root' is not a role");
    expect(existsSync(join(cwd, 'cpf-data'))).toBe(false);
  });

  it('with --tokens says access is by tokens, names them, and never prints a token', async () => {
    const cwd = folder();
    const token = 'tok-0123456789abcdef0123456789abcdef';
    writeFileSync(join(cwd, 'tokens.json'), JSON.stringify([{ name: 'back-office', token, role: 'service' }]));
    const serve = start(['--port', '0', '--tokens', 'tokens.json', '--data', 'store', '--no-scheduler'], cwd);
    const url = await listeningUrl(serve);
    expect(serve.stdout()).toContain('access: by tokens from tokens.json: back-office (service)');
    expect(serve.stdout()).toContain('scheduler: off (--no-scheduler)');
    expect(serve.stdout()).toContain(`store: embedded (PGlite) in ${join(cwd, 'store')}`);
    expect((await http(`${url}/dossiers`, 'POST', { id: 'x', input: INPUT })).status).toBe(401);
    expect((await http(`${url}/dossiers`, 'POST', { id: 'x', input: INPUT }, { authorization: `Bearer ${token}` })).status).toBe(201);
    expect((await http(`${url}/dossiers/x`, 'GET', undefined, { authorization: `Bearer ${token}x` })).status).toBe(401);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.stdout()).toContain('POST /dossiers 201');
    expect(`${serve.stdout()}${serve.stderr()}`).not.toContain(token);
    expect(readFileSync(join(cwd, 'tokens.json'), 'utf8')).toContain(token);
  });
});
