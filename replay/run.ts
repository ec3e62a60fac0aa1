import { loadScenarioFiles, formatScenarioError } from './files.js';
import type { LoadedFile } from './files.js';
import { replayScenario } from './replay.js';
import type { Mismatch, ScenarioReport } from './replay.js';
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

/** The version of the `--json` report's shape; it changes only when a field changes meaning or goes away. */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * `cpf-dossier replay --json` (docs/scenarios.md, "The JSON report"): the fields of
 * scenarios.md, plus the report's version, the tool's, each failure as data beside its
 * sentence, and each scenario's steps and final description.
 */
export interface ReplayReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'cpf-dossier'; version: string };
  passed: number;
  failed: number;
  invalid: number;
  scenarios: ReplayReportScenario[];
}

export interface ReplayReportScenario {
  file: string;
  /** Null for a file whose name could not be read. */
  name: string | null;
  passed: boolean;
  /** The file could not be read or does not follow the format: see `errors`. */
  invalid: boolean;
  /** One sentence per failed expectation, or per file error. */
  failures: string[];
  /** The failed expectations as data, in the order of `failures` (empty for an invalid file). */
  mismatches: Mismatch[];
  /** An invalid file's errors, each with file, line, column and field. */
  errors?: ScenarioError[];
  final?: ScenarioReport['final'];
  steps?: ScenarioReport['steps'];
}

/** The JSON report of a run; `version` is the tool's, from its package.json. */
export function jsonReportOf(run: ReplayRun, version: string): ReplayReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cpf-dossier', version },
    passed: run.reports.filter((report) => report.passed).length,
    failed: run.reports.filter((report) => !report.passed).length,
    invalid: run.invalid.length,
    scenarios: run.order.map((item) => {
      if (item.kind === 'invalid') {
        const invalid = run.invalid[item.index]!;
        return { file: invalid.file, name: invalid.name, passed: false, invalid: true, failures: invalid.errors.map(formatScenarioError), mismatches: [], errors: invalid.errors };
      }
      const report = run.reports[item.index]!;
      return { file: report.file, name: report.name, passed: report.passed, invalid: false, failures: report.failures, mismatches: report.mismatches, final: report.final, steps: report.steps };
    }),
  };
}

/** Exit status of scenarios.md: 2 when a file is unreadable or malformed, else 1 when an expectation failed, else 0. */
export function exitCodeOf(run: ReplayRun): number {
  if (run.invalid.length > 0) return 2;
  return run.reports.every((report) => report.passed) ? 0 : 1;
}
