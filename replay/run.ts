import { loadScenarioFiles, formatScenarioError } from './files.js';
import { replayScenario } from './replay.js';
import type { ScenarioReport } from './replay.js';
import type { Scenario, ScenarioError } from './scenario.js';

/** The outcome of replaying files: every scenario's report, and every file that could not be replayed. */
export interface ReplayRun {
  reports: ScenarioReport[];
  invalid: Array<{ file: string; name: string | null; errors: ScenarioError[] }>;
  /** In file order, for reports that interleave both. */
  order: Array<{ kind: 'report'; index: number } | { kind: 'invalid'; index: number }>;
}

/** Loads and replays every scenario file under `paths`; one bad file never stops the others. */
export function replayPaths(paths: string[], cwd: string): ReplayRun {
  const run: ReplayRun = { reports: [], invalid: [], order: [] };
  for (const loaded of loadScenarioFiles(paths, cwd)) {
    const replayed = loaded.parsed.ok ? replayOne(loaded.parsed.scenario) : loaded.parsed;
    if (replayed.ok) {
      run.order.push({ kind: 'report', index: run.reports.length });
      run.reports.push(replayed.report);
    } else {
      run.order.push({ kind: 'invalid', index: run.invalid.length });
      run.invalid.push({ file: loaded.file, name: replayed.name, errors: replayed.errors });
    }
  }
  return run;
}

/**
 * One scenario's report. The file check makes every accepted file replayable; should a
 * replay still fail (a bug), it is that file's error and the other files are replayed.
 */
function replayOne(scenario: Scenario): { ok: true; report: ScenarioReport } | { ok: false; name: string; errors: ScenarioError[] } {
  try {
    return { ok: true, report: replayScenario(scenario) };
  } catch (error) {
    const message = `the scenario could not be replayed: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, name: scenario.name, errors: [{ file: scenario.file, line: null, column: null, field: '(file)', message }] };
  }
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
