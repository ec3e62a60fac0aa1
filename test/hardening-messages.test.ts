/**
 * Issue 13, messages that misled: each kind of file gets an exact message with a line,
 * or is read as what it is (a BOM, CR line ends, an alias to a valid value).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScenarioError, loadScenarioFiles } from '../replay/files.js';
import { replayScenario } from '../replay/replay.js';
import { parseScenario } from '../replay/scenario.js';
import type { ScenarioParse } from '../replay/scenario.js';
import { folderWith, REFUSED_SCENARIO as GOOD } from './support/cli.js';


const GOOD_JSON = JSON.stringify({
  name: 'Refused by the organisation',
  given: { identityActivatedAt: '2026-03-01T10:00:00+01:00', training: { start: '2026-05-04', end: '2026-05-15' } },
  when: [
    { at: '2026-04-03T16:00:00+02:00', event: 'SUBMIT' },
    { at: '2026-04-07T10:00:00+02:00', event: 'ORGANISATION_REFUSES' },
  ],
  then: { state: 'refused', reason: 'ORGANISATION_REFUSED' },
}, null, 2);

function errors(parse: ScenarioParse): string[] {
  return parse.ok ? [] : parse.errors.map(formatScenarioError);
}

function expectReplaysAsGood(parse: ScenarioParse): void {
  expect(errors(parse)).toEqual([]);
  if (parse.ok) expect(replayScenario(parse.scenario).passed).toBe(true);
}

describe('what is valid is read as valid', () => {
  it('a JSON file with a UTF-8 byte order mark is read, as a YAML one is', () => {
    expectReplaysAsGood(parseScenario('bom.json', `\uFEFF${GOOD_JSON}`));
    expectReplaysAsGood(parseScenario('bom.yaml', `\uFEFF${GOOD}`));
    expectReplaysAsGood(parseScenario('plain.json', GOOD_JSON));
  });

  it('CR-only and CRLF line ends read as LF ones, with the same lines in errors', () => {
    expectReplaysAsGood(parseScenario('mac.yaml', GOOD.replace(/\n/g, '\r')));
    expectReplaysAsGood(parseScenario('dos.yaml', GOOD.replace(/\n/g, '\r\n')));
    const broken = GOOD.replace('event: SUBMIT', 'event: SUBMITT');
    const lf = errors(parseScenario('lf.yaml', broken));
    expect(lf).toEqual([expect.stringMatching(/^lf\.yaml:7:12: when\[0\]\.event: unknown event 'SUBMITT'/)]);
    expect(errors(parseScenario('lf.yaml', broken.replace(/\n/g, '\r')))).toEqual(lf);
  });

  it('a YAML alias to a valid value (at: *t) is that value', () => {
    const aliased = GOOD.replace('  - at: 2026-04-03T16:00:00+02:00\n    event: SUBMIT', '  - at: &t 2026-04-03T16:00:00+02:00\n    event: SUBMIT\n  - at: *t\n    event: TICK');
    const parsed = parseScenario('alias.yaml', aliased);
    expectReplaysAsGood(parsed);
    if (parsed.ok) expect(parsed.scenario.steps.map((step) => step.atText)).toEqual(['2026-04-03T16:00:00+02:00', '2026-04-03T16:00:00+02:00', '2026-04-07T10:00:00+02:00']);
  });

  it('aliases to a mapping and to a list are read too', () => {
    const steps = `name: Aliases\ngiven:\n  identityActivatedAt: 2026-03-01T10:00:00+01:00\n  training: &tr { start: 2026-05-04, end: 2026-05-15 }\nwhen: &w\n  - { at: 2026-04-03T16:00:00+02:00, event: SUBMIT }\nthen:\n  state: requested\n  late: &none []\n  overdue: *none\n`;
    expectReplaysAsGood(parseScenario('b.yaml', steps));
  });

  it('an alias to an invalid value is reported with that value, on the alias\'s line', () => {
    const text = GOOD.replace('  - at: 2026-04-03T16:00:00+02:00\n    event: SUBMIT', '  - at: &t yesterday\n    event: TICK\n  - at: *t\n    event: SUBMIT');
    const found = errors(parseScenario('bad-alias.yaml', text));
    expect(found).toContainEqual(expect.stringMatching(/^bad-alias\.yaml:8:9: when\[1\]\.at: 'yesterday' is not/));
    expect(found.join('\n')).not.toContain('nothing');
  });
});

describe('what is not valid says exactly what, with a line', () => {
  it('a file with only comments', () => {
    expect(errors(parseScenario('comments.yaml', '# a scenario, one day\n# maybe\n'))).toEqual([
      'comments.yaml:2:1: (file): the file holds only comments: a scenario needs at least name, given.training and when',
    ]);
  });

  it('a file without given, or without when, names the field on the line of the top mapping', () => {
    const noGiven = GOOD.replace(/given:\n.*\n.*\n/, '');
    expect(errors(parseScenario('no-given.yaml', noGiven))).toEqual(['no-given.yaml:1:1: given: given is required: at least given.training with start and end']);
    const noWhen = `# header\n${GOOD.replace(/when:\n(.*\n){4}/, '')}`;
    expect(errors(parseScenario('no-when.yaml', noWhen))).toEqual(['no-when.yaml:2:1: when: when is required: the list of timed events']);
  });

  it('invalid UTF-8 is an error at its line and column, never replaced silently', () => {
    const folder = folderWith({});
    const bytes = Buffer.concat([Buffer.from(GOOD.replace('Refused by the organisation', 'Refus')), Buffer.from([])]);
    const latin1 = Buffer.from(GOOD.replace('name: Refused by the organisation', 'name: Refusé').replace('é', '\u00e9'), 'latin1');
    writeFileSync(join(folder, 'latin1.yaml'), latin1);
    writeFileSync(join(folder, 'utf8.yaml'), bytes);
    const loaded = loadScenarioFiles(['latin1.yaml', 'utf8.yaml'], folder);
    expect(loaded[0]!.parsed.ok).toBe(false);
    expect(errors(loaded[0]!.parsed)).toEqual(['latin1.yaml:1:12: (file): byte 0xE9 at offset 11 is not UTF-8: a scenario file is UTF-8 text (is it saved as Latin-1 or Windows-1252?)']);
    expect(loaded[1]!.parsed.ok).toBe(true);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong encoding of /', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a character cut short at the end', [0xe2, 0x82]],
  ])('%s is reported on line 3', (_name, bad) => {
    const folder = folderWith({});
    writeFileSync(join(folder, 'bad.yaml'), Buffer.concat([Buffer.from('name: x\n# note: '), Buffer.from(bad)]));
    expect(errors(loadScenarioFiles(['bad.yaml'], folder)[0]!.parsed)[0]).toMatch(/^bad\.yaml:2:9: \(file\): byte 0x[0-9A-F]{2} at offset 16 is not UTF-8/);
  });

  it('valid multi-byte UTF-8 (accents, emoji) is read', () => {
    const folder = folderWith({ 'fine.yaml': GOOD.replace('Refused by the organisation', 'Refusé par l’organisme 🙅') });
    expect(loadScenarioFiles(['fine.yaml'], folder)[0]!.parsed.ok).toBe(true);
  });

  it('JSON nested past 64 levels is called nested too deep, at the bracket where it goes past', () => {
    const deep = `{"name": "x", "given": ${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(errors(parseScenario('deep.json', deep))).toEqual([
      'deep.json:1:87: (file): nested more than 64 levels deep: a scenario is 4 levels deep (then.outcome.cpfRights), so this is not one',
    ]);
    const shallow = `{"name": "x", "given": ${'['.repeat(60)}${']'.repeat(60)}}`;
    expect(errors(parseScenario('shallow.json', shallow)).join('\n')).not.toContain('nested');
    expect(errors(parseScenario('strings.json', `{"name": "${'['.repeat(100)}"}`)).join('\n')).not.toContain('nested');
  });

  it('YAML nested thousands deep is an error, never a stack overflow out of parseScenario', () => {
    const deep = `name: x\ngiven: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(() => parseScenario('deep.yaml', deep)).not.toThrow();
    expect(parseScenario('deep.yaml', deep).ok).toBe(false);
  });

  it('a number where an instant goes is not read as milliseconds', () => {
    expect(errors(parseScenario('ms.yaml', GOOD.replace('at: 2026-04-03T16:00:00+02:00', 'at: 1775224800000')))).toEqual([
      expect.stringMatching(/^ms\.yaml:6:9: when\[0\]\.at: 1775224800000 is not/),
    ]);
  });
});
