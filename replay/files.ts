import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseScenario } from './scenario.js';
import type { ScenarioError, ScenarioParse } from './scenario.js';

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

export interface LoadedFile {
  /** The path as reports show it: relative to the working directory when inside it. */
  file: string;
  parsed: ScenarioParse;
}

function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function walk(folder: string, found: string[]): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile() && SCENARIO_FILE.test(entry.name)) found.push(path);
  }
}

/**
 * The scenario files named by `paths` (folders: every .yaml, .yml and .json inside,
 * recursively), in a stable order: by path, byte by byte. A path that cannot be read is
 * an error of its own; the others are still loaded.
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
    try {
      if (statSync(absolute).isDirectory()) {
        const found: string[] = [];
        walk(absolute, found);
        if (found.length === 0) loaded.push(unreadable(absolute, `no scenario files (.yaml, .yml, .json) in ${path}`));
        found.forEach((file) => files.add(file));
      } else files.add(absolute);
    } catch (error) {
      loaded.push(unreadable(absolute, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`));
    }
  }
  const ordered = [...files].map((path) => ({ path, file: displayPath(cwd, path) })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const { path, file } of ordered) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      loaded.push(unreadable(path, `cannot read ${file}: ${(error as Error).message}`));
      continue;
    }
    loaded.push({ file, parsed: parseScenario(file, text) });
  }
  return loaded;
}

/** One line a person can act on: `file:line:column: field: message`. */
export function formatScenarioError(error: ScenarioError): string {
  const where = [error.file, error.line, error.column].filter((part) => part !== null).join(':');
  return `${where}: ${error.field}: ${error.message}`;
}
