import { readFileSync } from 'node:fs';
import { EXIT_BAD_INPUT, EXIT_OK } from './io.js';
import type { CliIo } from './io.js';
import { DIAGRAM_USAGE, INSPECT_USAGE, REPLAY_USAGE, SERVE_USAGE, WORKDAYS_SUMMARY } from './usage.js';

type Command = (args: string[], io: CliIo) => number | Promise<number>;

// Each command is imported when it runs: `--help` and start-up load none of the model.
const COMMANDS: Record<string, { summary: string; run: Command }> = {
  replay: { summary: REPLAY_USAGE.replace(/^replay /, ''), run: async (args, io) => (await import('./replay.js')).runReplay(args, io) },
  workdays: { summary: WORKDAYS_SUMMARY.replace(/^workdays /, ''), run: async (args, io) => (await import('./workdays.js')).runWorkdays(args, io) },
  diagram: { summary: DIAGRAM_USAGE.replace(/^diagram /, ''), run: async (args, io) => (await import('./diagram.js')).runDiagram(args, io) },
  inspect: { summary: INSPECT_USAGE.replace(/^inspect /, ''), run: async (args, io) => (await import('./inspect.js')).runInspect(args, io) },
  serve: { summary: SERVE_USAGE.replace(/^serve /, ''), run: async (args, io) => (await import('./serve.js')).runServe(args, io) },
};

export const USAGE = `Usage: cpf-dossier <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
  .join('\n')}

Options:
  --help       show this help
  --version    show the version
`;

/** The version in package.json, found from here whether running from source (cli/) or built (dist/cli/). */
export function packageVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (manifest.name === 'cpf-dossier') return manifest.version;
    } catch {
      // not at this level; try the next one up
    }
  }
  return 'unknown';
}

/**
 * The whole command line as a function: arguments in, exit code out, output through `io`.
 * Never throws: an unexpected error is reported as one line on stderr with exit code 2.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`cpf-dossier: unknown command '${name}'. Run 'cpf-dossier --help' for the list.\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`cpf-dossier ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_BAD_INPUT;
  }
}
