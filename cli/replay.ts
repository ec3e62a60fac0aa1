import { decodeScenarioBytes, formatScenarioError, loadScenarioFiles } from '../replay/files.js';
import type { LoadedFile } from '../replay/files.js';
import { SCENARIO_LIMITS } from '../replay/limits.js';
import { exitCodeOf, jsonReportOf, replayFiles } from '../replay/run.js';
import { printable } from '../replay/printable.js';
import { parseScenario } from '../replay/scenario.js';
import { paintFor, textReportOf } from '../replay/text-report.js';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { htmlReportOf } from '../report/index.js';
import { EXIT_BAD_INPUT, reportBadInput } from './io.js';
import type { CommandRun } from './command.js';
import { packageVersion } from './version.js';

/**
 * Creates the missing folders of `folder` one level at a time. Not `mkdirSync(...,
 * { recursive: true })`: on Node 20 that loops forever under /proc and other file systems
 * that refuse to create anything; one level at a time fails at once with the reason.
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  let at = folder;
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) throw new Error(`${at} is not a folder`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.unshift(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
    }
  }
  for (const path of missing) mkdirSync(path);
}

const STDIN = '-';
/** How reports name a scenario read from standard input; it is read as YAML, of which JSON is a part. */
const STDIN_FILE = '<stdin>';

/** Standard input held to the rules of a file: the size limit, and UTF-8 never silently replaced. */
function stdinScenarioOf(input: Uint8Array | string): LoadedFile {
  if (typeof input === 'string') return { file: STDIN_FILE, parsed: parseScenario(STDIN_FILE, input) };
  if (input.length > SCENARIO_LIMITS.fileBytes) {
    const message = `standard input holds more than ${SCENARIO_LIMITS.fileBytes} bytes: a scenario may be at most ${SCENARIO_LIMITS.fileBytes} bytes (${SCENARIO_LIMITS.fileBytes / 1024 / 1024} MiB)`;
    return { file: STDIN_FILE, parsed: { ok: false, name: null, errors: [{ file: STDIN_FILE, line: null, column: null, field: '(file)', message }] } };
  }
  const decoded = decodeScenarioBytes(STDIN_FILE, input);
  return { file: STDIN_FILE, parsed: decoded.ok ? parseScenario(STDIN_FILE, decoded.text) : { ok: false, name: null, errors: [decoded.error] } };
}

/** `cpf-dossier replay PATH... [--verbose] [--json] [--html OUT]` (scenarios.md). */
export const runReplay: CommandRun = async (args, io, usageError) => {
  const paths = args.positionals.filter((path) => path !== STDIN);
  const fromStdin = args.positionals.length - paths.length;
  if (fromStdin > 1) return usageError(`'${STDIN}' (standard input) can be named only once`);
  const files = loadScenarioFiles(paths, io.cwd);
  if (fromStdin === 1) {
    if (!io.readStdin) return reportBadInput(io, 'replay', 'there is no standard input to read a scenario from');
    files.push(stdinScenarioOf(await io.readStdin()));
  }
  const run = replayFiles(files);
  for (const invalid of run.invalid) for (const error of invalid.errors) io.stderr(`${printable(formatScenarioError(error))}\n`);
  const html = args.string('html');
  if (args.flag('json')) io.stdout(`${JSON.stringify(jsonReportOf(run, packageVersion()), null, 2)}\n`);
  else io.stdout(textReportOf(run, paintFor(io.color), { verbose: args.flag('verbose'), html: html !== undefined }));
  if (html !== undefined) {
    const out = resolve(io.cwd, html);
    try {
      makeFolders(dirname(out));
      writeFileSync(out, htmlReportOf(run));
    } catch (error) {
      io.stderr(`cpf-dossier replay: cannot write the HTML report to '${printable(html)}': ${(error as Error).message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`HTML report written to ${html}\n`);
  }
  return exitCodeOf(run);
};

