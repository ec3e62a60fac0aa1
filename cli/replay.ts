import { formatScenarioError } from '../replay/files.js';
import { exitCodeOf, jsonReportOf, replayPaths } from '../replay/run.js';
import { paintFor, textReportOf } from '../replay/text-report.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { htmlReportOf } from '../report/index.js';
import { EXIT_BAD_INPUT } from './io.js';
import type { CliIo } from './io.js';
import { REPLAY_USAGE } from './usage.js';


/** `cpf-dossier replay PATH... [--json] [--html OUT]` (scenarios.md). */
export function runReplay(args: string[], io: CliIo): number {
  const paths: string[] = [];
  let json = false;
  let html: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--html' || arg.startsWith('--html=')) {
      const out = arg === '--html' ? args[++i] : arg.slice('--html='.length);
      if (out === undefined || out === '' || (arg === '--html' && out.startsWith('--'))) {
        io.stderr(`replay: --html needs the path of the HTML file to write. Usage: cpf-dossier ${REPLAY_USAGE}\n`);
        return EXIT_BAD_INPUT;
      }
      html = out;
    } else if (arg.startsWith('--')) {
      io.stderr(`replay: unknown option '${arg}'. Usage: cpf-dossier ${REPLAY_USAGE}\n`);
      return EXIT_BAD_INPUT;
    } else paths.push(arg);
  }
  if (paths.length === 0) {
    io.stderr(`replay: name at least one scenario file or folder. Usage: cpf-dossier ${REPLAY_USAGE}\n`);
    return EXIT_BAD_INPUT;
  }
  const run = replayPaths(paths, io.cwd);
  for (const invalid of run.invalid) for (const error of invalid.errors) io.stderr(`${formatScenarioError(error)}\n`);
  if (json) io.stdout(`${JSON.stringify(jsonReportOf(run), null, 2)}\n`);
  else io.stdout(textReportOf(run, paintFor(io.color)));
  if (html !== null) {
    const out = resolve(io.cwd, html);
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, htmlReportOf(run));
    } catch (error) {
      io.stderr(`replay: cannot write the HTML report to '${html}': ${(error as Error).message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`HTML report written to ${html}\n`);
  }
  return exitCodeOf(run);
}
