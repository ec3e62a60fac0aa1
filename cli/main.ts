#!/usr/bin/env node
import { SCENARIO_LIMITS } from '../replay/limits.js';
import { colorFromEnvironment } from './io.js';
import { runCli } from './run.js';

// `cpf-dossier replay scenarios | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/**
 * Standard input's bytes, read only when a command asks for it (`replay -`), and no further
 * than one byte past the scenario file limit: `cat /dev/zero | cpf-dossier replay -` ends
 * with a file error instead of growing without bound.
 */
async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) process.stderr.write('Reading a scenario from standard input (end it with Ctrl-D)...\n');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > SCENARIO_LIMITS.fileBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, SCENARIO_LIMITS.fileBytes + 1);
}

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: colorFromEnvironment(process.env, Boolean(process.stdout.isTTY)),
  cwd: process.cwd(),
  readStdin,
});
process.exitCode = exitCode;
