import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchemaText } from '../replay/scenario-schema.js';
import { parseScenario } from '../replay/scenario.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaText = readFileSync(join(root, 'schema/scenario.schema.json'), 'utf8');
const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(JSON.parse(schemaText));

function scenarioFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? scenarioFiles(join(folder, entry.name)) : /\.(ya?ml|json)$/.test(entry.name) ? [join(folder, entry.name)] : [],
  );
}

const BUNDLED = scenarioFiles(join(root, 'scenarios')).map((path) => relative(root, path));

const VALID = `name: Organisation silent over Easter
calendar: FR
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  exemption: job-seeker
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - { at: 2026-04-03T16:00:00+02:00, event: SUBMIT, expect: { state: requested } }
  - { at: 2026-04-09T00:00:01+02:00, event: ORGANISATION_ACCEPTS, expect: { rejected: INVALID_IN_STATE, state: expired } }
then:
  state: expired
  reason: ORGANISATION_NO_RESPONSE
  deadlines: { organisationResponse: 2026-04-08, holderValidation: null }
  paid: 0
`;

describe('schema/scenario.schema.json', () => {
  it('is what `npm run schema` writes from the lists the reader checks against', () => {
    expect(schemaText, 'schema/scenario.schema.json is out of date: run `npm run schema`').toBe(scenarioJsonSchemaText());
  });

  it('is a valid draft-07 schema for a strict validator (ajv)', () => {
    expect(JSON.parse(schemaText).$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(typeof validate).toBe('function');
  });

  it('finds the bundled scenarios', () => {
    expect(BUNDLED.length).toBeGreaterThan(70);
  });

  it.each(BUNDLED)('accepts %s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const document = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    expect(validate(document), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it('accepts the example of docs/scenarios.md, with the optional fields', () => {
    expect(validate(parseYaml(VALID)), JSON.stringify(validate.errors)).toBe(true);
  });

  const TYPICAL_ERRORS: Array<[string, string, string]> = [
    ['a misspelt top field', VALID.replace('then:', 'thenn:'), ''],
    ['a misspelt step field', VALID.replace('event: SUBMIT,', 'evnt: SUBMIT,'), '/when/0'],
    ['an unknown event', VALID.replace('event: SUBMIT', 'event: SUMBIT'), '/when/0/event'],
    ['an unknown state', VALID.replace('state: expired\n  reason', 'state: expird\n  reason'), '/then/state'],
    ['an unknown rejection code', VALID.replace('rejected: INVALID_IN_STATE', 'rejected: TOO_LATE'), '/when/1/expect/rejected'],
    ['an unknown calendar', VALID.replace('calendar: FR', 'calendar: FR-75'), '/calendar'],
    ['an unknown exemption', VALID.replace('exemption: job-seeker', 'exemption: student'), '/given/exemption'],
    ['a date not written YYYY-MM-DD', VALID.replace('start: 2026-05-04', 'start: 4/5/2026'), '/given/training/start'],
    ['an instant without a time', VALID.replace('at: 2026-04-03T16:00:00+02:00', 'at: 2026-04-03'), '/when/0/at'],
    ['a missing training', VALID.replace('  training: { start: 2026-05-04, end: 2026-05-15 }\n', ''), '/given'],
    ['a missing when', VALID.replace(/when:[\s\S]*then:/, 'then:'), ''],
    ['a field of another event', VALID.replace('event: SUBMIT,', 'event: SUBMIT, rating: 4,'), '/when/0'],
    ['IDENTITY_VERIFIED without its method', VALID.replace('event: SUBMIT, expect: { state: requested }', 'event: IDENTITY_VERIFIED'), '/when/0'],
    ['a name on two lines', VALID.replace('name: Organisation silent over Easter', 'name: "two\\nlines"'), '/name'],
    ['an unknown deadline', VALID.replace('holderValidation: null', 'holderValidaton: null'), '/then/deadlines'],
    ['a rating outside 1..5 in then', VALID.replace('paid: 0', 'rating: 6'), '/then/rating'],
    ['a negative amount paid', VALID.replace('paid: 0', 'paid: -1'), '/then/paid'],
  ];

  it.each(TYPICAL_ERRORS)('rejects %s, at its place, as the reader does', (_, text, path) => {
    expect(validate(parseYaml(text))).toBe(false);
    expect(validate.errors!.map((error) => error.instancePath)).toContain(path);
    expect(parseScenario('typical.yaml', text).ok).toBe(false);
  });
});
