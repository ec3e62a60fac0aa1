/** What the CLI writes to; tests pass buffers, the binary passes the process's streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal that shows colour (false when piped or with NO_COLOR). */
  color: boolean;
  /** The working directory relative paths are read from. */
  cwd: string;
}

/** Exit codes of every command (scenarios.md): 0 all good, 1 expectations failed, 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * An argument read as an option: `--port=8080` gives ['--port', '8080'], anything else
 * gives [arg, undefined] (the value, if any, is then the next argument).
 */
export function splitOption(arg: string): [option: string, inline: string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('--') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}
