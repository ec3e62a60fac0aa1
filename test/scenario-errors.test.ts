import { describe, expect, test } from 'vitest';
import { cli, folderWith } from './support/cli.js';

const VALID = `name: Valid
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training:
    start: 2026-05-04
    end: 2026-05-15
when:
  - at: 2026-04-03T16:00:00+02:00
    event: SUBMIT
    expect: { state: requested }
then:
  state: requested
`;

/** Replays one bad file beside a good one; returns the error lines printed for the bad one. */
async function errorsFor(file: string, text: string): Promise<{ code: number; lines: string[]; report: { passed: number; invalid: number } }> {
  const folder = folderWith({ [file]: text, 'zz-valid.yaml': VALID });
  const run = await cli(['replay', '.', '--json'], folder);
  const lines = run.stderr.trim().split('\n').filter(Boolean);
  for (const line of lines) expect(line.startsWith(`${file}:`), line).toBe(true);
  return { code: run.code, lines, report: JSON.parse(run.stdout) };
}

describe('bad scenario files: exit 2, one line naming file, line, column and field; the other files still replayed', () => {
  test('a YAML syntax error, at the parser position', async () => {
    const { code, lines, report } = await errorsFor('syntax.yaml', VALID.replace('  training:\n', '  training: {\n'));
    expect(code).toBe(2);
    expect(report).toMatchObject({ passed: 1, invalid: 1 });
    expect(lines[0]).toMatch(/^syntax\.yaml:\d+:\d+: \(syntax\): not valid YAML: /);
  });

  test('a misspelt field (whenn:) is unknown, with a suggestion', async () => {
    const { code, lines } = await errorsFor('typo.yaml', VALID.replace('when:', 'whenn:'));
    expect(code).toBe(2);
    expect(lines).toContain("typo.yaml:7:1: whenn: unknown field 'whenn' (did you mean 'when'?); expected one of name, description, calendar, given, when, then");
  });

  test('an unknown field in a step names the step', async () => {
    const { lines } = await errorsFor('step-field.yaml', VALID.replace('    event: SUBMIT\n', '    event: SUBMIT\n    rating: 5\n'));
    expect(lines).toEqual(["step-field.yaml:10:5: when[0].rating: SUBMIT takes no field 'rating'"]);
  });

  test('an unknown event', async () => {
    const { lines } = await errorsFor('event.yaml', VALID.replace('event: SUBMIT', 'event: SUBMITT'));
    expect(lines[0]).toMatch(/^event\.yaml:9:12: when\[0\]\.event: unknown event 'SUBMITT'; expected one of IDENTITY_CREATED, /);
  });

  test('an impossible date (2026-02-30)', async () => {
    const { lines } = await errorsFor('date.yaml', VALID.replace('start: 2026-05-04', 'start: 2026-02-30'));
    expect(lines).toEqual(["date.yaml:5:12: given.training.start: '2026-02-30' is not a calendar date: February 2026 has 28 days"]);
  });

  test('an instant that is not ISO 8601', async () => {
    const { lines } = await errorsFor('instant.yaml', VALID.replace('2026-04-03T16:00:00+02:00', '03/04/2026 16:00'));
    expect(lines[0]).toMatch(/^instant\.yaml:8:9: when\[0\]\.at: '03\/04\/2026 16:00' is not an ISO 8601 instant/);
  });

  test('an instant with an impossible time of day', async () => {
    const { lines } = await errorsFor('hour.yaml', VALID.replace('2026-04-03T16:00:00+02:00', '2026-04-03T24:00:00+02:00'));
    expect(lines[0]).toMatch(/^hour\.yaml:8:9: when\[0\]\.at: .*24:00:00 is not a time of day/);
  });

  test('end before start', async () => {
    const { lines } = await errorsFor('order.yaml', VALID.replace('end: 2026-05-15', 'end: 2026-05-01'));
    expect(lines).toEqual(['order.yaml:6:10: given.training.end: end 2026-05-01 is before start 2026-05-04']);
  });

  test('a then value outside its list', async () => {
    const { lines } = await errorsFor('then.yaml', VALID.replace('  state: requested\n', '  state: requested\n  reason: BORED\n'));
    expect(lines[0]).toMatch(/^then\.yaml:13:11: then\.reason: 'BORED' is not one of ORGANISATION_REFUSED, /);
  });

  test('an expect value outside its list', async () => {
    const { lines } = await errorsFor('expect.yaml', VALID.replace('expect: { state: requested }', 'expect: { rejected: TOO_SOON }'));
    expect(lines[0]).toMatch(/^expect\.yaml:10:25: when\[0\]\.expect\.rejected: 'TOO_SOON' is not one of INVALID_IN_STATE, /);
  });

  test('an unknown calendar region', async () => {
    const { lines } = await errorsFor('region.yaml', `calendar: FR-99\n${VALID}`);
    expect(lines[0]).toMatch(/^region\.yaml:1:11: calendar: unknown calendar 'FR-99': expected one of FR, FR-57, /);
  });

  test('an empty file', async () => {
    const { code, lines } = await errorsFor('empty.yaml', '');
    expect(code).toBe(2);
    expect(lines).toEqual(['empty.yaml:1:1: (file): the file is empty: a scenario needs at least name, given.training and when']);
  });

  test('a JSON file with trailing garbage', async () => {
    const json = JSON.stringify({ name: 'J', given: { training: { start: '2026-05-04', end: '2026-05-15' } }, when: [] }, null, 2);
    const { code, lines } = await errorsFor('trailing.json', `${json}\n}`);
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/^trailing\.json:\d+:1: \(syntax\): not valid JSON: /);
  });

  test('a paid amount with more than 2 decimals', async () => {
    const { lines } = await errorsFor('paid.yaml', VALID.replace('  state: requested\n', '  state: requested\n  paid: 102.235\n'));
    expect(lines).toEqual(['paid.yaml:13:9: then.paid: 102.235 is not an amount in euros (a number with at most 2 decimals, e.g. 102.23)']);
  });

  test('a forceMajeure that is not a boolean', async () => {
    const { lines } = await errorsFor('fm.yaml', VALID.replace('event: SUBMIT', 'event: HOLDER_CANCELS\n    forceMajeure: yes'));
    expect(lines).toEqual(["fm.yaml:10:19: when[0].forceMajeure: 'yes' is not true or false"]);
  });

  test('a missing name and a missing training', async () => {
    const { lines } = await errorsFor('missing.yaml', 'given:\n  exemption: c2p\nwhen: []\n');
    expect(lines.some((line) => line.includes(': name: name is required'))).toBe(true);
    expect(lines.some((line) => line.includes('given.training: given.training is required'))).toBe(true);
  });
});

describe('payload values the model refuses are rejections, not file errors', () => {
  test("a 3-digit code is refused INVALID_PAYLOAD, and code: 0421 keeps its leading zero", async () => {
    const scenario = `name: Identity steps
given:
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - { at: 2026-03-01T09:00:00+01:00, event: IDENTITY_CREATED }
  - { at: 2026-03-01T09:30:00+01:00, event: IDENTITY_VERIFIED, method: online }
  - { at: 2026-03-01T09:45:00+01:00, event: IDENTITY_ACTIVATED, code: "123", expect: { rejected: INVALID_PAYLOAD } }
  - { at: 2026-03-01T10:00:00+01:00, event: IDENTITY_ACTIVATED, code: 0421 }
  - { at: 2026-03-02T09:59:59+01:00, event: SUBMIT, expect: { rejected: IDENTITY_NOT_ACTIVE } }
  - { at: 2026-03-02T10:00:00+01:00, event: SUBMIT, expect: { state: requested } }
`;
    const run = await cli(['replay', 'id.yaml', '--json'], folderWith({ 'id.yaml': scenario }));
    expect(JSON.parse(run.stdout).scenarios[0].failures).toEqual([]);
    expect(run.code).toBe(0);
  });
});
