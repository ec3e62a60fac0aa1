import { describe, expect, it } from 'vitest';
import { generateTestPaths, runTestPaths } from '../../testing.js';
import type { TestPathReport } from '../../testing.js';
import { exampleAdapter } from './adapter.js';
import { WEEKDAYS_ONLY } from './reducer.js';

/**
 * Another system driven through the model's test paths: the example reducer
 * (reducer.ts, written from rules.md alone) passes them all; the same reducer with a
 * seeded bug, public holidays forgotten, is caught.
 */

const paths = generateTestPaths();

function firstMismatches(report: TestPathReport, count = 3): string {
  return report.mismatches
    .slice(0, count)
    .map((m) => `${m.name}\n  step ${m.step} ${m.event?.type} at ${m.event?.at} (${m.label}): ${m.field} expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`)
    .join('\n');
}

describe('the example adapter, driven through the generated test paths', () => {
  it('agrees with the model on every step of every path', async () => {
    const report = await runTestPaths(paths, exampleAdapter());
    expect(firstMismatches(report)).toBe('');
    expect(report).toMatchObject({ ok: true, paths: paths.length, failed: 0 });
    expect(report.steps).toBe(paths.reduce((n, path) => n + path.steps.length, 0));
  });

  it('works the same through an asynchronous adapter', async () => {
    const some = paths.filter((_, index) => index % 10 === 0);
    const report = await runTestPaths(some, exampleAdapter({ async: true }));
    expect(report).toMatchObject({ ok: true, paths: some.length, failed: 0 });
  });

  it('catches the seeded bug (public holidays forgotten), through the deadlines it reports', async () => {
    const report = await runTestPaths(paths, exampleAdapter({ days: WEEKDAYS_ONLY }));
    console.log(`seeded bug, adapter reporting everything: ${report.failed} of ${report.paths} paths fail; first:\n${firstMismatches(report, 1)}`);
    expect(report.ok).toBe(false);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.mismatches.some((m) => m.field.startsWith('deadlines.'))).toBe(true);
  });

  it('catches the seeded bug through behaviour alone, when the adapter reports only the state', async () => {
    const report = await runTestPaths(paths, exampleAdapter({ days: WEEKDAYS_ONLY, report: 'state' }));
    console.log(`seeded bug, adapter reporting the state only: ${report.failed} of ${report.paths} paths fail; first:\n${firstMismatches(report, 1)}`);
    expect(report.failed).toBeGreaterThan(0);
    // e.g. SUBMIT on the day after the registration deadline: refused TOO_LATE_TO_REGISTER by the rules, accepted by the bug.
    expect(report.mismatches.some((m) => m.event?.type === 'SUBMIT' && m.field === 'rejected' && m.expected === 'TOO_LATE_TO_REGISTER')).toBe(true);
  });
});
