import { loadScenarioFiles, formatScenarioError } from './files.js';
import type { LoadedFile } from './files.js';
import { replayScenario } from './replay.js';
import type { ScenarioReport } from './replay.js';
import type { ScenarioError } from './scenario.js';

/** The outcome of replaying files: every scenario's report, and every file that could not be replayed. */
export interface ReplayRun {
  reports: ScenarioReport[];
  invalid: Array<{ file: string; name: string | null; errors: ScenarioError[] }>;
  /** In file order, for reports that interleave both. */
  order: Array<{ kind: 'report'; index: number } | { kind: 'invalid'; index: number }>;
}

/** Loads and replays every scenario file under `paths`; one bad file never stops the others. */
export function replayPaths(paths: string[], cwd: string): ReplayRun {
  return replayFiles(loadScenarioFiles(paths, cwd));
}

/** Replays scenario files already read (from disk, or standard input). */
export function replayFiles(files: readonly LoadedFile[]): ReplayRun {
  const run: ReplayRun = { reports: [], invalid: [], order: [] };
  for (const loaded of files) {
    if (loaded.parsed.ok) {
      run.order.push({ kind: 'report', index: run.reports.length });
      run.reports.push(replayScenario(loaded.parsed.scenario));
    } else {
      run.order.push({ kind: 'invalid', index: run.invalid.length });
      run.invalid.push({ file: loaded.file, name: loaded.parsed.name, errors: loaded.parsed.errors });
    }
  }
  return run;
}

export interface JsonReport {
  passed: number;
  failed: number;
  invalid: number;
  scenarios: Array<{
    file: string;
    name: string | null;
    passed: boolean;
    invalid: boolean;
    failures: string[];
    errors?: ScenarioError[];
    final?: ScenarioReport['final'];
    steps?: ScenarioReport['steps'];
  }>;
}

/** The JSON report of scenarios.md, with each scenario's steps and final description added. */
export function jsonReportOf(run: ReplayRun): JsonReport {
  return {
    passed: run.reports.filter((report) => report.passed).length,
    failed: run.reports.filter((report) => !report.passed).length,
    invalid: run.invalid.length,
    scenarios: run.order.map((item) => {
      if (item.kind === 'invalid') {
        const invalid = run.invalid[item.index]!;
        return { file: invalid.file, name: invalid.name, passed: false, invalid: true, failures: invalid.errors.map(formatScenarioError), errors: invalid.errors };
      }
      const report = run.reports[item.index]!;
      return { file: report.file, name: report.name, passed: report.passed, invalid: false, failures: report.failures, final: report.final, steps: report.steps };
    }),
  };
}

/** Exit status of scenarios.md: 2 when a file is unreadable or malformed, else 1 when an expectation failed, else 0. */
export function exitCodeOf(run: ReplayRun): number {
  if (run.invalid.length > 0) return 2;
  return run.reports.every((report) => report.passed) ? 0 : 1;
}
