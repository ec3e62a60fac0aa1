import { describe, expect, test } from 'vitest';
import type { ReplayReport } from '../index.js';
import { cli, folderWith } from './support/cli.js';

const story = (name: string, expectState = 'requested') => `name: ${name}
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - at: 2026-04-03T16:00:00+02:00
    event: SUBMIT
    expect: { state: ${expectState} }
  - at: 2026-04-09T00:00:01+02:00
    event: ORGANISATION_ACCEPTS
    expect: { rejected: INVALID_IN_STATE }
then:
  state: expired
  reason: ORGANISATION_NO_RESPONSE
  deadlines: { organisationResponse: 2026-04-08, holderValidation: 2026-04-14 }
`;

const FILES = {
  'a-holds.yaml': story('Silent organisation').replace(', holderValidation: 2026-04-14', ''),
  'b-fails.yaml': story('Wrong expectations', 'accepted'),
  'c-broken.yaml': 'name: Broken file\ngiven: {}\nwhen: []\n',
};

describe('the first screen of replay', () => {
  test('leads with the summary, then one line per scenario with its mark, name and outcome', async () => {
    const run = await cli(['replay', '.'], folderWith(FILES));
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '1 passed, 1 failed, 1 invalid',
      '',
      '✓ Silent organisation  expired · ORGANISATION_NO_RESPONSE',
      '✗ Wrong expectations  expired · ORGANISATION_NO_RESPONSE · 2 mismatches',
      '! Broken file  invalid: 1 file error on stderr (c-broken.yaml)',
    ]);
  });

  test('shows the timeline of the failed scenario only, and ends with how to see more', async () => {
    const run = await cli(['replay', '.'], folderWith(FILES));
    expect(run.stdout).toContain('✗ Wrong expectations  b-fails.yaml');
    expect(run.stdout).toContain('✗ step 1 (SUBMIT at 2026-04-03T16:00:00+02:00, line 6): state: expected accepted, got requested');
    expect(run.stdout).not.toContain('a-holds.yaml');
    expect(run.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      'For every timeline, add --verbose.',
      'For the calendars, deadlines and statechart path in one page, add --html report.html.',
    ]);
  });

  test('file errors are on stderr once, and not repeated on stdout', async () => {
    const run = await cli(['replay', '.'], folderWith(FILES));
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^c-broken\.yaml:2:\d+: given\.training: /)]);
    expect(run.stdout).not.toContain('given.training');
  });

  test('--verbose shows every timeline', async () => {
    const run = await cli(['replay', '.', '--verbose'], folderWith(FILES));
    expect(run.stdout).toContain('✓ Silent organisation  a-holds.yaml');
    expect(run.stdout).toContain('✗ Wrong expectations  b-fails.yaml');
    expect(run.stdout).not.toContain('--verbose');
  });

  test('all passing: no timeline unless asked', async () => {
    const run = await cli(['replay', 'a-holds.yaml'], folderWith(FILES));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      '1 passed, 0 failed, 0 invalid\n\n✓ Silent organisation  expired · ORGANISATION_NO_RESPONSE\n\nFor every timeline, add --verbose.\nFor the calendars, deadlines and statechart path in one page, add --html report.html.\n',
    );
  });
});

describe('replay --json', () => {
  test('has a schemaVersion, the tool and its version, and each failure as data beside its sentence', async () => {
    const run = await cli(['replay', '.', '--json'], folderWith(FILES));
    const report = JSON.parse(run.stdout) as ReplayReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'cpf-dossier', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const failed = report.scenarios.find((scenario) => scenario.file === 'b-fails.yaml')!;
    expect(failed.failures).toEqual([
      'step 1 (SUBMIT at 2026-04-03T16:00:00+02:00, line 6): state: expected accepted, got requested',
      'then.deadlines.holderValidation (line 15): expected 2026-04-14, got not set',
    ]);
    expect(failed.mismatches).toEqual([
      { message: failed.failures[0], step: 1, event: 'SUBMIT', field: 'when[0].expect.state', expected: 'accepted', actual: 'requested', line: 6 },
      { message: failed.failures[1], step: null, event: null, field: 'then.deadlines.holderValidation', expected: '2026-04-14', actual: null, line: 15 },
    ]);
    const broken = report.scenarios.find((scenario) => scenario.file === 'c-broken.yaml')!;
    expect(broken).toMatchObject({ invalid: true, mismatches: [], errors: [{ file: 'c-broken.yaml', line: 2, field: 'given.training' }] });
  });

  test('a refusal nobody expected, and an expected refusal that did not come, are null on the other side', async () => {
    const unexpected = story('Unexpected').replace('    expect: { rejected: INVALID_IN_STATE }\n', '');
    const run = await cli(['replay', 'u.yaml', '--json'], folderWith({ 'u.yaml': unexpected.replace(', holderValidation: 2026-04-14', '') }));
    const [scenario] = (JSON.parse(run.stdout) as ReplayReport).scenarios;
    expect(scenario!.mismatches).toEqual([expect.objectContaining({ step: 2, event: 'ORGANISATION_ACCEPTS', field: 'when[1].expect.rejected', expected: null, actual: 'INVALID_IN_STATE', line: 9 })]);
  });
});

describe('text from a scenario file on a terminal', () => {
  const hostile = story('Innocent\u001b]0;owned\u0007\u001b[2J name\u202e').replace(', holderValidation: 2026-04-14', '');

  test('cannot retitle, clear or recolour the terminal: control characters are shown as escapes', async () => {
    const folder = folderWith({ 'evil\u001b[31m.yaml': hostile, 'bad.yaml': 'name: ok\nwhen\u001b[2J: []\n' });
    for (const argv of [['replay', '.'], ['replay', '.', '--verbose']]) {
      const run = await cli(argv, folder);
      expect(run.stdout).toContain('Innocent\\x1b]0;owned\\x07\\x1b[2J name\\u202e');
      expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    }
    expect((await cli(['replay', '.'], folder)).stderr).toContain('when\\x1b[2J');
  });

  test('colour is still ours: the escapes we add are the only ones', async () => {
    const run = await cli(['replay', '.'], folderWith({ 'a.yaml': hostile }), true);
    expect(run.stdout).toContain('\u001b[32m✓\u001b[39m Innocent\\x1b]0;owned');
  });

  test('the JSON report keeps the name as it is (JSON escapes it)', async () => {
    const run = await cli(['replay', 'a.yaml', '--json'], folderWith({ 'a.yaml': hostile }));
    expect(JSON.parse(run.stdout).scenarios[0].name).toBe('Innocent\u001b]0;owned\u0007\u001b[2J name\u202e');
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('arguments echoed in errors', () => {
  test('are shown with their control characters escaped', async () => {
    for (const argv of [['repl\u001b[2Jay'], ['replay', '--j\u001b]0;x\u0007son'], ['workdays', 'add', '2026-04-0\u001b[2J', '1']]) {
      const run = await cli(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('\\x1b');
      expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    }
  });
});
