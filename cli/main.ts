#!/usr/bin/env node
import { colorFromEnvironment } from './io.js';
import { runCli } from './run.js';

// `cpf-dossier replay scenarios | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/** Standard input, whole, as UTF-8; read only when a command asks for it (`replay -`). */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Reading a scenario from standard input (end it with Ctrl-D)...\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: colorFromEnvironment(process.env, Boolean(process.stdout.isTTY)),
  cwd: process.cwd(),
  readStdin,
});
process.exitCode = exitCode;
