import { parseArgs } from 'node:util';
import { EXIT_BAD_INPUT, EXIT_OK, reportBadInput } from './io.js';
import type { CliIo } from './io.js';
import { nearestName } from '../replay/nearest-name.js';
import { printable } from '../replay/printable.js';

/**
 * One argument parser for every command, on `node:util` `parseArgs`: a command is a row
 * of data (its usage, options and help) and a lazily imported `run`, so that adding a
 * command is adding a row to cli/commands.ts, and `--help`, `--`, `-`, unknown options
 * with the nearest valid name, and usage errors on stderr behave the same everywhere.
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in the help, for string options: `--html OUT`. */
  value?: string;
  /** One sentence for the help; wrapped to 80 columns. */
  help: string;
  /** The values a string option accepts; anything else is a usage error naming the nearest. */
  choices?: readonly string[];
  /** The value when the option is not given, shown in the help. */
  default?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** A boolean option: true when given (the last of `--x`/`--no-x` wins for colour). */
  flag(name: string): boolean;
  /** A string option's value, or its default, or undefined. */
  string(name: string): string | undefined;
}

/** A command's work: `usageError(message)` reports a bad argument as the parser does, and gives exit code 2. */
export type CommandRun = (args: ParsedArgs, io: CliIo, usageError: (message: string) => number) => number | Promise<number>;

export interface CommandSpec {
  name: string;
  /** One line for `cpf-dossier --help`. */
  summary: string;
  /** Synopsis lines, each after `cpf-dossier `. */
  usage: readonly string[];
  /** Paragraphs printed under the usage in the command's help. */
  description?: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments the command takes, and how the help calls them. */
  positionals: { min: number; max: number; name: string };
  /** When set, the first positional must be one of these (e.g. `workdays add`). */
  subcommands?: readonly string[];
  /** Imported when the command runs: `--help` and start-up load none of the model. */
  load: () => Promise<CommandRun>;
}

/** Options every command takes; `--color`/`--no-color` override NO_COLOR, FORCE_COLOR and the terminal check. */
export const COLOR_HELP = 'colour the output or not (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it)';

export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  color: { type: 'boolean', help: COLOR_HELP },
  'no-color': { type: 'boolean', help: COLOR_HELP },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export const HELP_WIDTH = 80;

/** `(did you mean 'x'?)`, or nothing when no candidate is near. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const nearest = nearestName(word, candidates);
  return nearest ? ` (did you mean '${nearest}'?)` : '';
}

/** Words wrapped to `width` columns, continuation lines indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((text, index) => (index === 0 ? text : `${' '.repeat(indent)}${text}`));
}

function allOptions(spec: CommandSpec): Record<string, OptionSpec> {
  return { ...spec.options, ...COMMON_OPTIONS };
}

function optionLabel(name: string, option: OptionSpec): string {
  const long = `--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`;
  return option.short ? `-${option.short}, ${long}` : `    ${long}`;
}

/** The command's help: usage, description and every option, within 80 columns. */
export function helpOf(spec: CommandSpec): string {
  const usage = spec.usage.map((line, index) => `${index === 0 ? 'Usage: ' : '       '}cpf-dossier ${line}`);
  const options = Object.entries(allOptions(spec)).filter(([name]) => name !== 'no-color');
  const labels = options.map(([name, option]) => (name === 'color' ? '    --color, --no-color' : optionLabel(name, option)));
  const column = Math.min(Math.max(...labels.map((label) => label.length)) + 4, 28);
  const optionLines = options.flatMap(([name, option], index) => {
    const label = labels[index]!;
    const text = [option.help, option.choices ? `one of ${option.choices.join(', ')}` : null, option.default ? `default ${option.default}` : null]
      .filter(Boolean)
      .join('; ');
    const wrapped = wrap(text, HELP_WIDTH, column);
    if (2 + label.length + 2 > column) return [`  ${label}`, `${' '.repeat(column)}${wrapped.join('\n')}`];
    return [`  ${label.padEnd(column - 2)}${wrapped.join('\n')}`];
  });
  const description = spec.description ? `\n${spec.description.trimEnd()}\n` : '';
  return `${usage.join('\n')}\n${description}\nOptions:\n${optionLines.join('\n')}\n`;
}

/** The usage lines alone, for the end of a usage error. */
function usageOf(spec: CommandSpec): string {
  return spec.usage.map((line, index) => `${index === 0 ? 'Usage: ' : '       '}cpf-dossier ${line}`).join('\n');
}

/**
 * A usage error of a command: the message, the usage and where to read more, on stderr
 * once; exit code 2.
 */
export function usageError(spec: CommandSpec, io: CliIo, message: string): number {
  io.stderr(`cpf-dossier ${spec.name}: ${printable(message)}\n${usageOf(spec)}\nRun 'cpf-dossier ${spec.name} --help' for the options.\n`);
  return EXIT_BAD_INPUT;
}

/** A failure either misuses the command (`usage`: the usage follows the message) or gives a bad value (one line). */
export type ParseOutcome = { ok: true; args: ParsedArgs; help: boolean; color: boolean | null } | { ok: false; message: string; usage: boolean };

/**
 * Reads a command's arguments. `--` ends the options (what follows is positional, even
 * `-h`); `-` alone is a positional (standard input, for the commands that read it);
 * `--name=value` and `--name value` are the same; a value that starts with `-` must be
 * written `--name=-value`, so that `--html --json` is an error rather than a file named
 * `--json`.
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParseOutcome {
  const options = allOptions(spec);
  // No option is a digit, so `-1` and `-1.5` are values (a count, a delay) for the command to judge, not options.
  const numbers = new Map<string, string>();
  const args = argv.map((arg, index) => {
    if (!/^-\d/.test(arg)) return arg;
    const placeholder = `\u0000${index}`;
    numbers.set(placeholder, arg);
    return placeholder;
  });
  const restore = (text: string) => numbers.get(text) ?? text;
  const { tokens } = parseArgs({
    args,
    options: Object.fromEntries(Object.entries(options).map(([name, option]) => [name, option.short ? { type: option.type, short: option.short } : { type: option.type }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const strings = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  let color: boolean | null = null;
  let help = false;
  const longNames = Object.keys(options).map((name) => `--${name}`);
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(restore(token.value));
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const option = options[token.name];
    if (!option) {
      const hint = token.rawName.startsWith('--') ? didYouMean(token.rawName, longNames) : '';
      return { ok: false, usage: true, message: `unknown option '${token.rawName}'${hint}` };
    }
    if (option.type === 'boolean') {
      if (token.value !== undefined) return { ok: false, usage: true, message: `${token.rawName} takes no value (got '${token.value}')` };
      if (token.name === 'help') help = true;
      else if (token.name === 'color' || token.name === 'no-color') color = token.name === 'color';
      else flags.add(token.name);
      continue;
    }
    const value = token.value === undefined ? undefined : restore(token.value);
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-') && value !== '-' && !numbers.has(token.value!))) {
      return { ok: false, usage: true, message: `${token.rawName} needs a value${option.value ? ` (${option.value})` : ''}${value === undefined || value === '' ? '' : `; to give one that starts with '-', write --${token.name}=${value}`}` };
    }
    if (option.choices && !option.choices.includes(value)) {
      return { ok: false, usage: false, message: `${token.rawName} '${value}' is not one of ${option.choices.join(', ')}${didYouMean(value, option.choices)}` };
    }
    strings.set(token.name, value);
  }
  const parsedArgs: ParsedArgs = {
    positionals,
    flag: (name) => flags.has(name),
    string: (name) => strings.get(name) ?? options[name]?.default,
  };
  if (help) return { ok: true, args: parsedArgs, help, color };
  if (spec.subcommands) {
    const [first] = positionals;
    if (first === undefined) return { ok: false, usage: true, message: `name a sub-command: ${spec.subcommands.join(', ')}` };
    if (!spec.subcommands.includes(first)) {
      return { ok: false, usage: true, message: `unknown sub-command '${first}'${didYouMean(first, spec.subcommands)}; expected one of ${spec.subcommands.join(', ')}` };
    }
  } else if (spec.positionals.min === 1 && spec.positionals.max === 1 && positionals.length !== 1) {
    return { ok: false, usage: true, message: `name exactly one ${spec.positionals.name}${positionals.length ? `, not ${positionals.length}` : ''}` };
  } else if (positionals.length < spec.positionals.min) {
    return { ok: false, usage: true, message: `name ${spec.positionals.min === 1 ? 'at least one' : spec.positionals.min} ${spec.positionals.name}` };
  } else if (positionals.length > spec.positionals.max) {
    return {
      ok: false,
      usage: true,
      message: spec.positionals.max === 0 ? `unexpected argument '${positionals[0]}'` : `too many arguments: expected at most ${spec.positionals.max} ${spec.positionals.name}, got ${positionals.length}`,
    };
  }
  return { ok: true, args: parsedArgs, help, color };
}

/**
 * Runs one command: its arguments parsed, `--help` answered, colour flags applied, its
 * module loaded. Never throws: an unexpected error is one line on stderr, exit code 2.
 */
export async function runCommand(spec: CommandSpec, argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(spec, argv);
  if (!parsed.ok) return parsed.usage ? usageError(spec, io, parsed.message) : reportBadInput(io, spec.name, parsed.message);
  if (parsed.help) {
    io.stdout(helpOf(spec));
    return EXIT_OK;
  }
  const commandIo = parsed.color === null ? io : { ...io, color: parsed.color };
  try {
    const run = await spec.load();
    return await run(parsed.args, commandIo, (message) => usageError(spec, io, message));
  } catch (error) {
    io.stderr(`cpf-dossier ${spec.name}: ${printable(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_BAD_INPUT;
  }
}
