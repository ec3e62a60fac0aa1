import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { replayPaths } from '../replay/run.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = replayPaths(['scenarios'], root);

describe('the bundled scenarios (scenarios/) all hold', () => {
  test('every file follows the format', () => {
    expect(run.invalid.map((invalid) => invalid.errors)).toEqual([]);
  });

  test('there are at least 30 of them', () => {
    expect(run.reports.length).toBeGreaterThanOrEqual(30);
  });

  test.each(run.reports.map((report) => [report.file, report] as const))('%s', (_, report) => {
    expect(report.failures).toEqual([]);
  });
});
