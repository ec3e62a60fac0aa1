import { formatScenarioError } from '../replay/files.js';
import { exitCodeOf, jsonReportOf, replayPaths } from '../replay/run.js';
import { paintFor, textReportOf } from '../replay/text-report.js';
import { EXIT_BAD_INPUT } from './io.js';
import type { CliIo } from './io.js';

export const REPLAY_USAGE = 'replay PATH... [--json]   replay scenario files or folders (recursively)';

/** `cpf-dossier replay PATH... [--json]` (scenarios.md). */
export function runReplay(args: string[], io: CliIo): number {
  const paths: string[] = [];
  let json = false;
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('--')) {
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
  return exitCodeOf(run);
}
