import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SCENARIO_LIMITS } from './limits.js';
import { parseScenario } from './scenario.js';
import type { ScenarioError, ScenarioParse } from './scenario.js';

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/**
 * Folders a walk does not enter: installed packages and hidden folders (`.git`, `.cache`,
 * ...) hold JSON and YAML files that are not scenarios. A folder named on the command
 * line is read whatever its name.
 */
function isSkippedFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

export interface LoadedFile {
  /** The path as reports show it: relative to the working directory when inside it. */
  file: string;
  parsed: ScenarioParse;
}

function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function errorMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (error as Error).message;
}

/** What a path is when it is neither a plain file nor a folder, in words. */
function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

interface Walk {
  files: string[];
  errors: Array<{ path: string; message: string }>;
  /** Real paths of the folders entered, so that a link back up is not followed around. */
  entered: Set<string>;
}

/**
 * Every scenario file under `folder`. Symbolic links are followed, to files and to
 * folders; a folder already entered (a link to a parent, two links to one folder) is not
 * entered again, so a loop ends. A subfolder that cannot be read is one error, and its
 * siblings are still walked.
 */
function walk(folder: string, walked: Walk): void {
  let real: string;
  let entries;
  try {
    real = realpathSync(folder);
    if (walked.entered.has(real)) return;
    walked.entered.add(real);
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    walked.errors.push({ path: folder, message: `cannot read the folder: ${errorMessage(error)}` });
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    let isFolder = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isFolder = statSync(path).isDirectory();
      } catch (error) {
        if (SCENARIO_FILE.test(entry.name)) walked.errors.push({ path, message: `cannot follow the link: ${errorMessage(error)}` });
        continue;
      }
    }
    if (isFolder) {
      if (!isSkippedFolder(entry.name)) walk(path, walked);
    } else if (SCENARIO_FILE.test(entry.name)) {
      // Whatever else bears a scenario's name (a FIFO, a device) is listed too, and refused when read.
      walked.files.push(path);
    }
  }
}

/**
 * A file's bytes, read only if it is a regular file within the size limit. It is opened
 * without blocking and checked on the open descriptor (fstat), so a FIFO never waits for
 * a writer, a device is never read, and a file swapped between a check and the read
 * cannot slip through. The read stops one byte past the limit: a file that grew is refused.
 */
function readScenarioBytes(path: string): { ok: true; bytes: Buffer } | { ok: false; message: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${errorMessage(error)}` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, message: `${kindOf(stats)}, not a regular file: only scenario files and folders of them are read` };
    const limit = SCENARIO_LIMITS.fileBytes;
    if (stats.size > limit) return { ok: false, message: tooLarge(`${stats.size} bytes`) };
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, limit) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > limit) return { ok: false, message: tooLarge(`over ${limit} bytes (it grew while read)`) };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${errorMessage(error)}` };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: string): string {
  return `the file is ${size}: a scenario file may be at most ${SCENARIO_LIMITS.fileBytes} bytes (${SCENARIO_LIMITS.fileBytes / 1024 / 1024} MiB)`;
}

/**
 * The text of a scenario file's bytes, or the position of the first byte that is not
 * UTF-8 (a file in Latin-1 or cut in the middle of a character): never silently replaced.
 */
export function decodeScenarioBytes(file: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: ScenarioError } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const lines = before.split('\n');
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      error: {
        file,
        line: lines.length,
        column: lines[lines.length - 1]!.length + 1,
        field: '(file)',
        message: `byte 0x${byte} at offset ${offset} is not UTF-8: a scenario file is UTF-8 text (is it saved as Latin-1 or Windows-1252?)`,
      },
    };
  }
}

/** The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      // The second byte's range is narrower after E0, ED, F0 and F4 (no overlong forms, surrogates or code points past U+10FFFF).
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      for (let k = 1; k < length; k++) {
        const next = bytes[i + k];
        const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
        if (next === undefined || next < min || next > max) return i;
      }
    }
    i += length;
  }
  return i;
}

/**
 * The scenario files named by `paths` (folders: every .yaml, .yml and .json inside,
 * recursively, but `node_modules` and hidden folders), in a stable order: by path, byte
 * by byte. A path that cannot be read is an error of its own; the others are still loaded.
 */
export function loadScenarioFiles(paths: string[], cwd: string): LoadedFile[] {
  const files = new Set<string>();
  const loaded: LoadedFile[] = [];
  const unreadable = (path: string, message: string): LoadedFile => ({
    file: displayPath(cwd, path),
    parsed: { ok: false, name: null, errors: [{ file: displayPath(cwd, path), line: null, column: null, field: '(file)', message } satisfies ScenarioError] },
  });
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isFolder: boolean;
    try {
      isFolder = statSync(absolute).isDirectory();
    } catch (error) {
      loaded.push(unreadable(absolute, `cannot read ${path}: ${errorMessage(error)}`));
      continue;
    }
    if (!isFolder) {
      files.add(absolute);
      continue;
    }
    const walked: Walk = { files: [], errors: [], entered: new Set() };
    walk(absolute, walked);
    for (const { path: folder, message } of walked.errors) loaded.push(unreadable(folder, message));
    if (walked.files.length === 0 && walked.errors.length === 0) loaded.push(unreadable(absolute, `no scenario files (.yaml, .yml, .json) in ${path}`));
    walked.files.forEach((file) => files.add(file));
  }
  const ordered = [...files].map((path) => ({ path, file: displayPath(cwd, path) })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const { path, file } of ordered) {
    const read = readScenarioBytes(path);
    if (!read.ok) {
      loaded.push(unreadable(path, read.message));
      continue;
    }
    const decoded = decodeScenarioBytes(file, read.bytes);
    loaded.push({ file, parsed: decoded.ok ? parseScenario(file, decoded.text) : { ok: false, name: null, errors: [decoded.error] } });
  }
  return loaded;
}

/** One line a person can act on: `file:line:column: field: message`. */
export function formatScenarioError(error: ScenarioError): string {
  const where = [error.file, error.line, error.column].filter((part) => part !== null).join(':');
  return `${where}: ${error.field}: ${error.message}`;
}
