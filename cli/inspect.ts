import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { stdinKeyReader } from '../inspect/keys.js';
import type { KeyReader } from '../inspect/keys.js';
import { replayIntoActor } from '../inspect/replay.js';
import type { StepResult } from '../inspect/replay.js';
import type { InspectorFactory, InspectorSession } from '../inspect/session.js';
import { formatScenarioError, loadScenarioFiles } from '../replay/files.js';
import { EXIT_BAD_INPUT, EXIT_OK, splitOption } from './io.js';
import type { CliIo } from './io.js';
import { INSPECT_USAGE } from './usage.js';


const HELP = `Usage: cpf-dossier ${INSPECT_USAGE}

Starts the inspector relay on 127.0.0.1, prints the page to open, then replays the
scenario into a real dossier actor (a TICK at each event's instant, then the event).

  --delay MS  one step every MS milliseconds (default: one step per key press;
              q, Escape or Ctrl-C stops)
  --port N    the relay's port (default 0: any free port)
`;

export interface InspectDependencies {
  /** Opens the inspector; by default the relay and a WebSocket inspector. */
  openInspector: InspectorFactory;
  /** Key presses, when no --delay is given; by default the process's stdin. */
  keys: () => KeyReader;
  sleep: (ms: number) => Promise<void>;
}

const defaults: InspectDependencies = {
  // Loaded only when inspecting, so that the other commands do not load the inspector package.
  openInspector: async (options) => (await import('../inspect/session.js')).openStatelyInspector(options),
  keys: () => stdinKeyReader(),
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
};

function wholeNumber(text: string | undefined, max: number): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

function stepLines(step: StepResult): string {
  const number = `${String(step.number).padStart(String(step.total).length)}/${step.total}`;
  const lines: string[] = [];
  if (step.expiredTo !== null && step.type !== 'TICK') {
    lines.push(`  ${' '.repeat(number.length)}  ${step.atText}  ${'TICK'.padEnd(20)} a deadline passed first: ${step.from} -> ${step.expiredTo}`);
  }
  const before = step.type === 'TICK' ? step.from : (step.expiredTo ?? step.from);
  const result = step.rejected === null ? `${before} -> ${step.to}` : `refused: ${step.rejected} (stays in ${step.to})`;
  lines.push(`  ${number}  ${step.atText}  ${step.type.padEnd(20)} ${result}${step.unexpected === null ? '' : `   [scenario: ${step.unexpected}]`}`);
  return `${lines.join('\n')}\n`;
}

/** `cpf-dossier inspect SCENARIO [--delay MS] [--port N]`, its inspector and key presses injectable. */
export function inspectCommand(overrides: Partial<InspectDependencies> = {}): (args: string[], io: CliIo) => Promise<number> {
  const deps: InspectDependencies = { ...defaults, ...overrides };
  return async (args, io) => {
    const usage = `Usage: cpf-dossier ${INSPECT_USAGE}\n`;
    let delay: number | null = null;
    let port = 0;
    const paths: string[] = [];
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index]!;
      if (arg === '--help' || arg === '-h') {
        io.stdout(HELP);
        return EXIT_OK;
      }
      const [option, inline] = splitOption(arg);
      if (option === '--delay' || option === '--port') {
        const text = inline ?? args[++index];
        const value = wholeNumber(text, option === '--port' ? 65535 : 3_600_000);
        if (value === null) {
          io.stderr(`inspect: ${option} needs a whole number${option === '--port' ? ' from 0 to 65535' : ' of milliseconds'}; got ${text === undefined ? 'nothing' : `'${text}'`}. ${usage}`);
          return EXIT_BAD_INPUT;
        }
        if (option === '--delay') delay = value;
        else port = value;
      } else if (arg.startsWith('-')) {
        io.stderr(`inspect: unknown option '${arg}'. ${usage}`);
        return EXIT_BAD_INPUT;
      } else paths.push(arg);
    }
    if (paths.length !== 1) {
      io.stderr(`inspect: name exactly one scenario file. ${usage}`);
      return EXIT_BAD_INPUT;
    }
    const path = paths[0]!;
    try {
      if (statSync(resolve(io.cwd, path)).isDirectory()) {
        io.stderr(`inspect: ${path} is a folder: name one scenario file in it. ${usage}`);
        return EXIT_BAD_INPUT;
      }
    } catch {
      // loadScenarioFiles reports it.
    }
    const [loaded] = loadScenarioFiles([path], io.cwd);
    if (!loaded || !loaded.parsed.ok) {
      for (const error of loaded && !loaded.parsed.ok ? loaded.parsed.errors : []) io.stderr(`${formatScenarioError(error)}\n`);
      return EXIT_BAD_INPUT;
    }
    const scenario = loaded.parsed.scenario;

    let session: InspectorSession;
    try {
      session = await deps.openInspector({ port });
    } catch (error) {
      io.stderr(`inspect: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_BAD_INPUT;
    }
    const keys = delay === null ? deps.keys() : null;
    try {
      for (const line of session.lines) io.stdout(`${line}\n`);
      io.stdout(`\n${scenario.name} (${loaded.file}): ${scenario.steps.length} step${scenario.steps.length === 1 ? '' : 's'}\n`);
      io.stdout(delay === null ? 'Press a key for each step (q to stop).\n' : `One step every ${delay} ms.\n`);
      const outcome = await replayIntoActor(scenario, {
        inspect: session.inspect,
        beforeStep: async () => {
          if (keys) return keys.next();
          await deps.sleep(delay ?? 0);
          return true;
        },
        onStep: (step) => io.stdout(stepLines(step)),
      });
      if (!outcome.ok) {
        io.stderr(`inspect: ${loaded.file}: ${outcome.error}\n`);
        return EXIT_BAD_INPUT;
      }
      io.stdout(`${outcome.completed ? 'Done' : 'Stopped'}: the dossier is in ${outcome.finalState}${outcome.status === 'done' ? ' (final)' : ''}.\n`);
      if (keys && outcome.completed) {
        io.stdout('Press a key to stop the inspector.\n');
        await keys.next();
      }
      return EXIT_OK;
    } finally {
      keys?.close();
      await session.close();
    }
  };
}

export const runInspect = inspectCommand();
