import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * One process at a time on an embedded data folder: PGlite is PostgreSQL in one process,
 * and two processes writing the same folder would corrupt it. The lock is a file in the
 * folder holding the owner's pid and its start time (so a pid reused by another program
 * after a `kill -9` is not taken for the owner); a lock whose owner is gone is replaced.
 */

export const LOCK_FILE = 'cpf-dossier.lock';

interface LockOwner {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux /proc), null elsewhere. */
  started: string | null;
  host: string;
  command: string;
}

export type LockResult = { ok: true; release: () => void; replacedStale: LockOwner | null } | { ok: false; message: string };

/** A process's start time from /proc/PID/stat (field 22, after the parenthesised command name). */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // another machine's process: cannot tell, so do not steal it
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startTimeOf(owner.pid);
  return owner.started === null || started === null || owner.started === started;
}

function readOwner(path: string): { text: string; owner: LockOwner | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isSafeInteger(owner.pid) ? { text, owner } : { text, owner: null };
  } catch {
    // Being written right now, or torn by a crash: the caller looks again before calling it stale.
    return { text, owner: null };
  }
}

/** Takes the folder's lock, or says who holds it. */
export function lockDataFolder(dir: string, command: string): LockResult {
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, started: startTimeOf(process.pid), host: hostname(), command };
  const mine = `${JSON.stringify(me)}\n`;
  let replacedStale: LockOwner | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return {
        ok: true,
        replacedStale,
        release: () => {
          if (readOwner(path)?.text === mine) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: false, message: `cannot lock the data folder ${folder}: ${(error as Error).message}` };
    }
    let held = readOwner(path);
    if (held !== null && held.owner === null) {
      // Perhaps being written by a process that has just created it: look again shortly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      held = readOwner(path);
    }
    if (held === null) continue; // released meanwhile: try again
    if (held.owner !== null && isRunning(held.owner)) {
      return {
        ok: false,
        message:
          `the data folder ${folder} is in use by process ${held.owner.pid} (${held.owner.command}). ` +
          'The embedded store is one process at a time: stop that process first, or run several workers on a PostgreSQL server (--database URL).',
      };
    }
    // Stale (its process is gone): move it aside, then make sure what was moved is what was judged stale.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    if (readOwner(aside)?.text !== held.text) {
      renameSync(aside, path); // another process took the lock in between: it is theirs
      continue;
    }
    unlinkSync(aside);
    replacedStale = held.owner;
  }
  return { ok: false, message: `cannot lock the data folder ${folder}: another process keeps taking and releasing ${LOCK_FILE}` };
}
