#!/usr/bin/env node
import { runCli } from './run.js';

const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
  cwd: process.cwd(),
});
process.exitCode = exitCode;
