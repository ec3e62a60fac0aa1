import { printable } from '../replay/printable.js';

/** What the CLI writes to; tests pass buffers, the binary passes the process's streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout shows colour, as the environment decides (colorFromEnvironment); --color/--no-color override it. */
  color: boolean;
  /** The working directory relative paths are read from. */
  cwd: string;
  /**
   * Standard input, for `replay -`; absent when there is none to read. The binary gives
   * bytes, at most one past the scenario file limit (so an endless pipe is never held
   * whole); tests may give text.
   */
  readStdin?: () => Promise<Uint8Array | string>;
}

/** Exit codes of every command (scenarios.md): 0 all good, 1 expectations failed, 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * Colour by the conventions: FORCE_COLOR set forces it on (off when '0' or 'false', as
 * Node reads it), else NO_COLOR set and non-empty turns it off (no-color.org: an empty
 * NO_COLOR is not set), else only on a terminal that is not `TERM=dumb`.
 */
export function colorFromEnvironment(env: Readonly<Record<string, string | undefined>>, isTerminal: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTerminal && env.TERM !== 'dumb';
}

/** A bad value given to a command: one line on stderr that names it; exit code 2. */
export function reportBadInput(io: CliIo, command: string, message: string): number {
  io.stderr(`cpf-dossier ${command}: ${printable(message)}\n`);
  return EXIT_BAD_INPUT;
}
