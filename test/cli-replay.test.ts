import { describe, expect, test } from 'vitest';
import { cli, folderWith } from './support/cli.js';

const EASTER = `name: Organisation silent over Easter
calendar: FR
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training:
    start: 2026-05-04
    end: 2026-05-15
when:
  - at: 2026-04-03T16:00:00+02:00
    event: SUBMIT
    expect: { state: requested }
  - at: 2026-04-09T00:00:01+02:00
    event: ORGANISATION_ACCEPTS
    expect: { rejected: INVALID_IN_STATE, state: expired }
then:
  state: expired
  reason: ORGANISATION_NO_RESPONSE
  deadlines: { organisationResponse: 2026-04-08 }
`;

/** The same story, but the answer comes at the last millisecond of the deadline day. */
const ANSWERED_IN_TIME = EASTER.replace('Organisation silent over Easter', 'Organisation answers at 23:59:59.999')
  .replace('2026-04-09T00:00:01+02:00', '2026-04-08T23:59:59.999+02:00')
  .replace('expect: { rejected: INVALID_IN_STATE, state: expired }', 'expect: { state: accepted }')
  .replace(/then:[\s\S]*$/, 'then:\n  state: accepted\n  deadlines: { organisationResponse: 2026-04-08, holderValidation: 2026-04-14 }\n');

describe('cpf-dossier replay', () => {
  test('passes the example of scenarios.md and shows it as a dated timeline', async () => {
    const folder = folderWith({ 'easter.yaml': EASTER });
    const run = await cli(['replay', 'easter.yaml', '--verbose'], folder);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ Organisation silent over Easter');
    expect(run.stdout).toContain('Fri 2026-04-03 16:00:00 +02:00');
    expect(run.stdout).toContain('Mon 2026-04-06 Lundi de Pâques');
    expect(run.stdout).toContain('deadline organisationResponse passed -> expired');
    expect(run.stdout).toContain('refused INVALID_IN_STATE (expected)');
    expect(run.stdout).toMatch(/^1 passed, 0 failed, 0 invalid$/m);
    expect(run.stderr).toBe('');
  });

  test('an answer at 23:59:59.999 on the deadline day is on time', async () => {
    const run = await cli(['replay', 'in-time.yaml'], folderWith({ 'in-time.yaml': ANSWERED_IN_TIME }));
    expect(run.stdout).toContain('✓ Organisation answers at 23:59:59.999');
    expect(run.code).toBe(0);
  });

  test('reports every mismatch with step number, event, line, field, expected and got; exit 1', async () => {
    const wrong = EASTER.replace('expect: { state: requested }', 'expect: { state: accepted }').replace(
      'reason: ORGANISATION_NO_RESPONSE',
      'reason: HOLDER_NO_VALIDATION',
    );
    const run = await cli(['replay', 'wrong.yaml', '--json'], folderWith({ 'wrong.yaml': wrong }));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ passed: 0, failed: 1, invalid: 0 });
    expect(report.scenarios[0]).toMatchObject({ file: 'wrong.yaml', name: 'Organisation silent over Easter', passed: false });
    expect(report.scenarios[0].failures).toEqual([
      'step 1 (SUBMIT at 2026-04-03T16:00:00+02:00, line 9): state: expected accepted, got requested',
      'then.reason (line 17): expected HOLDER_NO_VALIDATION, got ORGANISATION_NO_RESPONSE',
    ]);
  });

  test('a refused step without expect.rejected fails, and so does an expected refusal that was accepted', async () => {
    const unexpected = EASTER.replace('    expect: { rejected: INVALID_IN_STATE, state: expired }\n', '');
    const missing = ANSWERED_IN_TIME.replace('expect: { state: accepted }', 'expect: { rejected: INVALID_IN_STATE }');
    const run = await cli(['replay', '.', '--json'], folderWith({ 'a-unexpected.yaml': unexpected, 'b-missing.yaml': missing }));
    expect(run.code).toBe(1);
    const [first, second] = JSON.parse(run.stdout).scenarios;
    expect(first.failures[0]).toMatch(/^step 2 \(ORGANISATION_ACCEPTS at 2026-04-09T00:00:01\+02:00, line 12\): rejected INVALID_IN_STATE .* but no rejection was expected$/);
    expect(second.failures).toEqual(['step 2 (ORGANISATION_ACCEPTS at 2026-04-08T23:59:59.999+02:00, line 12): rejected: expected INVALID_IN_STATE, got accepted']);
  });

  test('--json prints only the JSON report on stdout, with the fields of scenarios.md', async () => {
    const run = await cli(['replay', '--json', 'x.yaml'], folderWith({ 'x.yaml': EASTER }));
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ passed: 1, failed: 0, invalid: 0 });
    expect(report.scenarios[0]).toMatchObject({ file: 'x.yaml', name: 'Organisation silent over Easter', passed: true, failures: [] });
    expect(report.scenarios[0].final).toMatchObject({ state: 'expired', edofState: 'rejectedWithoutOfSuite' });
  });

  test('walks folders recursively in a stable order, and one bad file does not stop the others', async () => {
    const folder = folderWith({
      'b/second.yml': EASTER.replace('Organisation silent over Easter', 'Second'),
      'a/first.yaml': EASTER.replace('Organisation silent over Easter', 'First'),
      'a/broken.yaml': 'name: [unclosed\n',
      'notes.txt': 'not a scenario',
      'c/third.json': JSON.stringify({
        name: 'Third',
        given: { identityActivatedAt: '2026-03-01T10:00:00+01:00', training: { start: '2026-05-04', end: '2026-05-15' } },
        when: [{ at: '2026-04-03T16:00:00+02:00', event: 'SUBMIT', expect: { state: 'requested' } }],
        then: { deadlines: { organisationResponse: '2026-04-08', registration: '2026-04-16' } },
      }),
    });
    const run = await cli(['replay', folder, '--json'], '/');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ passed: 3, failed: 0, invalid: 1 });
    expect(report.scenarios.map((s: { name: string | null }) => s.name)).toEqual([null, 'First', 'Second', 'Third']);
    expect(run.stderr).toMatch(/a\/broken\.yaml:\d+:\d+: \(syntax\): not valid YAML/);
  });

  test('a long gap between two events names the public holidays in it', async () => {
    const longGap = EASTER.replace('2026-04-09T00:00:01+02:00', '2026-05-27T10:00:00+02:00');
    const run = await cli(['replay', 'gap.yaml', '--verbose'], folderWith({ 'gap.yaml': longGap }));
    expect(run.stdout).toContain(
      'days off, among them Fri 2026-05-01 Fête du travail, Fri 2026-05-08 Fête de la Victoire 1945, Thu 2026-05-14 Ascension, Mon 2026-05-25 Lundi de Pentecôte',
    );
  });

  test('colour on a terminal, none when piped', async () => {
    const folder = folderWith({ 'x.yaml': EASTER });
    expect((await cli(['replay', 'x.yaml'], folder, true)).stdout).toContain('\u001b[32m✓\u001b[39m');
    expect((await cli(['replay', 'x.yaml'], folder, false)).stdout).not.toContain('\u001b[');
  });

  test('a missing path and an empty folder are errors (exit 2) that name them', async () => {
    const folder = folderWith({ 'empty/.keep': '' });
    const run = await cli(['replay', 'nowhere.yaml', 'empty'], folder);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read nowhere.yaml: no such file or folder');
    expect(run.stderr).toContain('no scenario files (.yaml, .yml, .json) in empty');
  });

  test('without a path, or with an unknown option, it says how to use it (exit 2)', async () => {
    expect((await cli(['replay'])).code).toBe(2);
    const run = await cli(['replay', 'x.yaml', '--jsn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--jsn'");
  });
});

describe('cpf-dossier --help and --version', () => {
  test('--help lists the commands', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('replay');
    expect(run.stdout).toContain('workdays');
  });

  test('--version prints the package version', async () => {
    const run = await cli(['--version']);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('an unknown command is an error naming it', async () => {
    const run = await cli(['replya']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'replya'");
  });
});
