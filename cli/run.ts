import { COLOR_HELP, didYouMean, helpOf, runCommand, wrap, HELP_WIDTH } from './command.js';
import type { CommandSpec } from './command.js';
import { COMMANDS } from './commands.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './io.js';
import type { CliIo } from './io.js';
import { packageVersion } from './version.js';
import { printable } from '../replay/printable.js';

const TOP_OPTIONS = ['--help', '--version', '--color', '--no-color'];

export const USAGE = `Usage: cpf-dossier COMMAND [options]

Commands:
${COMMANDS.map(({ name, summary }) => `  ${name.padEnd(10)} ${wrap(summary, HELP_WIDTH, 13).join('\n')}`).join('\n')}
  help       show the help of a command: cpf-dossier help COMMAND

Options:
  -h, --help             show this help
  -v, --version          show the version
${wrap(COLOR_HELP, HELP_WIDTH, 25).join('\n').replace(/^/, '  --color, --no-color    ')}

Run 'cpf-dossier COMMAND --help' for the options of a command.
`;

function commandNamed(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}

function unknownCommand(name: string, io: CliIo): number {
  const names = COMMANDS.map((command) => command.name);
  const what = name.startsWith('-') ? `unknown option '${name}'${didYouMean(name, TOP_OPTIONS)}` : `unknown command '${name}'${didYouMean(name, [...names, 'help'])}`;
  io.stderr(`cpf-dossier: ${printable(what)}. Run 'cpf-dossier --help' for the commands.\n`);
  return EXIT_BAD_INPUT;
}

/**
 * The whole command line as a function: arguments in, exit code out, output through `io`.
 * Never throws: an unexpected error is reported as one line on stderr with exit code 2.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // `cpf-dossier --no-color replay ...`: colour flags may come before the command too.
  let first = 0;
  while (argv[first] === '--color' || argv[first] === '--no-color') first += 1;
  const name = argv[first];
  const rest = [...argv.slice(0, first), ...argv.slice(first + 1)];
  if (name === undefined) {
    io.stderr(USAGE);
    return EXIT_BAD_INPUT;
  }
  if (name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (name === 'help') {
    const [topic, ...extra] = rest.filter((arg) => arg !== '--color' && arg !== '--no-color');
    if (topic === undefined || topic === '--help' || topic === '-h') {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const command = commandNamed(topic);
    if (!command) return unknownCommand(topic, io);
    if (extra.length > 0) {
      io.stderr(`cpf-dossier help: unexpected argument '${printable(extra[0]!)}': name one command, e.g. 'cpf-dossier help ${topic}'\n`);
      return EXIT_BAD_INPUT;
    }
    io.stdout(helpOf(command));
    return EXIT_OK;
  }
  const command = commandNamed(name);
  if (!command) return unknownCommand(name, io);
  return runCommand(command, rest, io);
}
