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

describe('the conventions, through the real binary', () => {
  test('replay --help exits 0 with the help on stdout; a typo gets the nearest command on stderr', () => {
    const help = run(['replay', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cpf-dossier replay PATH\.\.\./);
    expect(help.stderr).toBe('');
    const typo = run(['repaly', 'scenarios']);
    expect(typo.status).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain("did you mean 'replay'?");
  });

  test('- reads the scenario from standard input; FORCE_COLOR colours a pipe, and an empty NO_COLOR is no NO_COLOR', () => {
    const scenario = `name: From a pipe
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - { at: 2026-04-03T16:00:00+02:00, event: SUBMIT, expect: { state: requested } }
`;
    const piped = spawnSync(process.execPath, [binary, 'replay', '-'], { cwd: root, input: scenario, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain('From a pipe');
    expect(piped.stdout).toContain('\u001b[');
    const plain = spawnSync(process.execPath, [binary, 'replay', '-'], { cwd: root, input: scenario, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    expect(plain.stdout).not.toContain('\u001b[');
    // An endless pipe: reading stops one byte past the limit, and the run ends with a file error.
    const endless = spawnSync('sh', ['-c', `cat /dev/zero | "${process.execPath}" "${binary}" replay -`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(endless.status).toBe(2);
    expect(endless.stderr).toContain('<stdin>: (file): standard input holds more than');
  });
});
