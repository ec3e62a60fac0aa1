import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { folderWith } from './support/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const binary = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function run(args: string[], cwd = root, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [binary, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('the real binary (built by npm test before vitest)', () => {
  test('is built', () => {
    expect(existsSync(binary), 'dist/cli/main.js is missing: run `npm run build`').toBe(true);
  });

  test('replays a scenario file, prints the report without colour when piped, exits 0', () => {
    const folder = folderWith({
      'ok.yaml': `name: Smoke
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - { at: 2026-04-03T16:00:00+02:00, event: SUBMIT, expect: { state: requested } }
then: { deadlines: { organisationResponse: 2026-04-08 } }
`,
    });
    const result = run(['replay', 'ok.yaml'], folder);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('✓ Smoke');
    expect(result.stdout).not.toContain('\u001b[');
  });

  test('bad input is one line on stderr and exit 2, never a stack trace', () => {
    const result = run(['workdays', 'add', '2026-02-30', '2']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("'2026-02-30'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
