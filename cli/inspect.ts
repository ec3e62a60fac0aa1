import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { stdinKeyReader } from '../inspect/keys.js';
import type { KeyReader } from '../inspect/keys.js';
import { replayIntoActor } from '../inspect/replay.js';
import type { StepResult } from '../inspect/replay.js';
import type { InspectorFactory, InspectorSession } from '../inspect/session.js';
import { formatScenarioError, loadScenarioFiles } from '../replay/files.js';
import { printable } from '../replay/printable.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './io.js';
import type { CommandRun } from './command.js';


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
export function inspectCommand(overrides: Partial<InspectDependencies> = {}): CommandRun {
  const deps: InspectDependencies = { ...defaults, ...overrides };
  return async (args, io, usageError) => {
    const delayText = args.string('delay');
    const delay = delayText === undefined ? null : wholeNumber(delayText, 3_600_000);
    if (delayText !== undefined && delay === null) return usageError(`--delay needs a whole number of milliseconds; got '${delayText}'`);
    const port = wholeNumber(args.string('port'), 65535);
    if (port === null) return usageError(`--port needs a whole number from 0 to 65535; got '${args.string('port')}'`);
    const paths = args.positionals;
    const path = paths[0]!;
    try {
      if (statSync(resolve(io.cwd, path)).isDirectory()) {
        return usageError(`${path} is a folder: name one scenario file in it`);
      }
    } catch {
      // loadScenarioFiles reports it.
    }
    const [loaded] = loadScenarioFiles([path], io.cwd);
    if (!loaded || !loaded.parsed.ok) {
      for (const error of loaded && !loaded.parsed.ok ? loaded.parsed.errors : []) io.stderr(`${printable(formatScenarioError(error))}\n`);
      return EXIT_BAD_INPUT;
    }
    const scenario = loaded.parsed.scenario;

    let session: InspectorSession;
    try {
      session = await deps.openInspector({ port });
    } catch (error) {
      io.stderr(`cpf-dossier inspect: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_BAD_INPUT;
    }
    const keys = delay === null ? deps.keys() : null;
    try {
      for (const line of session.lines) io.stdout(`${line}\n`);
      io.stdout(`\n${printable(scenario.name)} (${printable(loaded.file)}): ${scenario.steps.length} step${scenario.steps.length === 1 ? '' : 's'}\n`);
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
        io.stderr(`cpf-dossier inspect: ${printable(loaded.file)}: ${printable(outcome.error)}\n`);
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
