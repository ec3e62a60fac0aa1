import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './format.js';
import { median, nowNs } from './measure.js';

/**
 * Start-up: the wall time of whole `node` processes (spawnSync), each a median of
 * several runs, the commands interleaved run by run: the CLI replaying one scenario
 * file, the CLI's --help, and `node -e 0` (Node's own start, part of every figure).
 * Then, inside fresh processes, the time to the first public holiday: the holiday
 * source as calendar/holidays.ts loads it, against importing all of date-holidays.
 */

export interface CliBenchConfig {
  runs: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The scenario replayed: the happy path, or else the first scenario file found. */
function scenarioFile(): string {
  const preferred = join(ROOT, 'scenarios', 'journeys', 'happy-path-from-identity-to-evaluation.yaml');
  if (existsSync(preferred)) return preferred;
  const walk = (dir: string): string | undefined => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        const found = walk(path);
        if (found) return found;
      } else if (name.endsWith('.yaml')) return path;
    }
    return undefined;
  };
  const found = walk(join(ROOT, 'scenarios'));
  if (!found) throw new Error('bench: no scenario file to replay');
  return found;
}

function wallMs(args: string[]): number {
  const start = nowNs();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = (nowNs() - start) / 1e6;
  if (result.error) throw result.error;
  return ms;
}

/** Milliseconds a fresh process reports for `code` (an ES module that prints one number). */
function reportedMs(code: string): number {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  const ms = Number(result.stdout.trim());
  if (result.status !== 0 || !Number.isFinite(ms)) throw new Error(`bench: a start-up probe failed: ${result.stderr}`);
  return ms;
}

const HOLIDAYS_NOW = `
const start = performance.now();
const { publicHolidaysOf } = await import(${JSON.stringify(new URL('../calendar/holidays.js', import.meta.url).href)});
if (publicHolidaysOf('FR', 2026).length !== 11) throw new Error('FR 2026');
console.log(performance.now() - start);`;

const HOLIDAYS_FULL_PACKAGE = `
const start = performance.now();
const { default: Holidays } = await import('date-holidays');
const found = new Holidays('FR', { languages: ['fr'] }).getHolidays(2026).filter((h) => h.type === 'public');
if (found.length !== 11) throw new Error('FR 2026');
console.log(performance.now() - start);`;

export function benchCliStart(config: CliBenchConfig): BenchRow[] {
  const file = scenarioFile();
  const main = join(ROOT, 'dist', 'cli', 'main.js');
  const commands: Array<{ name: string; args: string[] }> = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: `cli replay ${basename(file)}`, args: [main, 'replay', file] },
    { name: 'cli --help', args: [main, '--help'] },
  ];
  const check = spawnSync(process.execPath, [main, 'replay', file], { cwd: ROOT, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`bench: the CLI replay of ${file} exits with ${check.status}: ${check.stderr}${check.stdout}`);
  // One untimed run of each (disk cache), then runs with the commands interleaved.
  for (const command of commands) wallMs(command.args);
  const times = commands.map(() => [] as number[]);
  for (let run = 0; run < config.runs; run++) commands.forEach((command, k) => times[k]!.push(wallMs(command.args)));
  const node = times[0]!;
  const rows: BenchRow[] = commands.map((command, k) => {
    const value = median(times[k]!);
    const row: BenchRow = { section: 'start-up (wall time)', name: command.name, value, unit: 'ms', note: `median of ${config.runs}` };
    if (k > 0) {
      const above = median(times[k]!.map((t, run) => t - node[run]!));
      row.note += `; ${above.toFixed(0)} ms above node -e 0`;
      if (command.args[1] === 'replay') row.note += '; target < 250 ms';
    }
    return row;
  });

  const now: number[] = [];
  const full: number[] = [];
  reportedMs(HOLIDAYS_NOW);
  reportedMs(HOLIDAYS_FULL_PACKAGE);
  for (let run = 0; run < config.runs; run++) {
    now.push(reportedMs(HOLIDAYS_NOW));
    full.push(reportedMs(HOLIDAYS_FULL_PACKAGE));
  }
  rows.push({
    section: 'start-up (wall time)',
    name: 'first public holiday, fresh process',
    value: median(now),
    unit: 'ms',
    baseline: median(full),
    ratio: median(full.map((f, run) => f / now[run]!)),
    note: `calendar/holidays.ts: the build's cache of 2015-2040 (date-holidays' parser with France's data beyond it); baseline: all of date-holidays (ES module); median of ${config.runs}`,
  });
  return rows;
}
