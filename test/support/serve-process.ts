import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BINARY = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Starts `cpf-dossier serve ...args` as a real process in `cwd`. */
export function spawnServe(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ServeProcess {
  const child = spawn(process.execPath, [BINARY, 'serve', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits for the "listening on URL" line and gives the URL, or fails with what the process said. */
export async function listeningUrl(serve: ServeProcess, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | string | null = null;
  void serve.exited.then((code) => (exited = code));
  while (Date.now() < deadline) {
    const match = /listening on (http:\/\/\S+)/.exec(serve.stdout());
    if (match) return match[1]!;
    if (exited !== null) throw new Error(`serve exited (${exited}) before listening:\n${serve.stdout()}\n${serve.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`serve did not listen within ${timeoutMs} ms:\n${serve.stdout()}\n${serve.stderr()}`);
}
