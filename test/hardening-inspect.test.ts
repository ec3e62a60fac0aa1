/**
 * Issue 13, the inspector: the identity code never reaches the inspection stream (the
 * README says it is never kept), and a file at the edge of the years is a clear error.
 */
import { describe, expect, it } from 'vitest';
import { replayIntoActor } from '../inspect/replay.js';
import type { InspectObserver } from '../inspect/replay.js';
import { parseScenario } from '../replay/scenario.js';
import type { Scenario } from '../replay/scenario.js';
import { cli, folderWith } from './support/cli.js';

const WITH_CODE = (code: string) => `name: Identity then submit
given:
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - { at: 2026-03-01T09:00:00+01:00, event: IDENTITY_CREATED }
  - { at: 2026-03-01T09:30:00+01:00, event: IDENTITY_VERIFIED, method: online }
  - { at: 2026-03-01T10:00:00+01:00, event: IDENTITY_ACTIVATED, code: "${code}"${code.length === 4 ? '' : ', expect: { rejected: INVALID_PAYLOAD }'} }
  - { at: 2026-04-03T16:00:00+02:00, event: SUBMIT${code.length === 4 ? '' : ', expect: { rejected: IDENTITY_NOT_ACTIVE }'} }
`;

function scenarioOf(text: string): Scenario {
  const parsed = parseScenario('code.yaml', text);
  if (!parsed.ok) throw new Error(parsed.errors.map((error) => error.message).join('; '));
  return parsed.scenario;
}

async function streamOf(scenario: Scenario): Promise<{ text: string; states: string[] }> {
  const events: unknown[] = [];
  const inspect: InspectObserver = (event) => events.push(event);
  const outcome = await replayIntoActor(scenario, { inspect });
  if (!outcome.ok) throw new Error(outcome.error);
  const seen = new WeakSet<object>();
  // The inspection events hold actors (cycles): written with each object once.
  const text = JSON.stringify(events, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return undefined;
      seen.add(value);
    }
    return value;
  });
  return { text, states: outcome.steps.map((step) => step.to) };
}

describe('the identity code never appears in the inspection stream', () => {
  it('a valid code 4827: the stream never holds it, and the dossier goes on exactly as with it', async () => {
    const { text, states } = await streamOf(scenarioOf(WITH_CODE('4827')));
    expect(text).toContain('IDENTITY_ACTIVATED');
    expect(text).not.toContain('4827');
    expect(states.at(-1)).toBe('requested');
  });

  it('a malformed code 48x7 is still refused INVALID_PAYLOAD, and does not appear either', async () => {
    const { text, states } = await streamOf(scenarioOf(WITH_CODE('48x7')));
    expect(text).not.toContain('48x7');
    expect(states.at(-1)).toBe('draft');
  });
});

describe('inspect of a file at the edge of the years', () => {
  it('a year-0000 training is a file error naming the field and line, exit 2, no stack trace', async () => {
    const folder = folderWith({ 'zero.yaml': WITH_CODE('4827').replace('start: 2026-05-04, end: 2026-05-15', 'start: 0000-05-04, end: 0000-05-15') });
    const run = await cli(['inspect', 'zero.yaml', '--delay', '0', '--port', '0'], folder);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/zero\.yaml:3:22: given\.training\.start: training\.start 0000-05-04 is outside the dates the calendar covers/);
    expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /);
  });
});
