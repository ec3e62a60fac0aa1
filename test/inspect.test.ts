import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createInspector } from '@statelyai/inspect';
import type { StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../cli/command.js';
import type { CliIo } from '../cli/io.js';
import { COMMANDS } from '../cli/commands.js';
import { inspectCommand } from '../cli/inspect.js';
import type { InspectDependencies } from '../cli/inspect.js';
import { runCli } from '../cli/run.js';
import { parseInstant } from '../calendar/index.js';
import { replayIntoActor } from '../inspect/replay.js';
import type { InspectorFactory } from '../inspect/session.js';
import { stdinKeyReader } from '../inspect/keys.js';
import type { KeyReader } from '../inspect/keys.js';
import { machineGraphOf } from '../machines/graph.js';
import { dossierMachine } from '../machines/dossier.js';
import { loadScenarioFiles } from '../replay/files.js';
import type { Scenario } from '../replay/scenario.js';

const HAPPY = 'scenarios/journeys/happy-path-from-identity-to-evaluation.yaml';
const SILENT = 'scenarios/organisation/organisation-silent-over-easter.yaml';

function scenarioAt(path: string): Scenario {
  const [loaded] = loadScenarioFiles([path], process.cwd());
  if (!loaded?.parsed.ok) throw new Error(`${path} does not load`);
  return loaded.parsed.scenario;
}

/** The inspector hands events to its adapter one macrotask after the actor emits them. */
const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** An inspector whose adapter only records: no socket, no window. */
function recordingInspector() {
  const received: StatelyInspectionEvent[] = [];
  const inspector = createInspector({ send: (event) => received.push(event) });
  return { received, inspector };
}

function instant(text: string): number {
  const parsed = parseInstant(text, 'FR');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

type Snapshot = { value: unknown; status: string; context: { clock?: unknown } };

describe('the inspection stream of a replayed scenario', () => {
  it('carries the machine definition, then every event sent and the snapshot after it, in order', async () => {
    const scenario = scenarioAt(HAPPY);
    const { received, inspector } = recordingInspector();
    const outcome = await replayIntoActor(scenario, { inspect: inspector.inspect });
    expect(received).toEqual([]); // not yet: one macrotask late
    await nextMacrotask();
    expect(outcome).toMatchObject({ ok: true, finalState: 'finished.evaluated', completed: true });

    // First the actor, with the machine's definition, which the inspector draws.
    const [actor, ...rest] = received;
    expect(actor?.type).toBe('@xstate.actor');
    if (actor?.type !== '@xstate.actor') return;
    expect(actor.name).toBe('dossier');
    const definition = JSON.parse(actor.definition!) as { id: string; initial: string; states: Record<string, { states?: Record<string, unknown> }> };
    expect(definition.id).toBe('dossier');
    expect(definition.initial).toBe('draft');
    const graph = machineGraphOf(dossierMachine);
    // (The inspector writes the definition with its keys sorted.)
    expect(Object.keys(definition.states).sort()).toEqual(graph.states.filter((state) => state.parent === null).map((state) => state.key).sort());
    expect(Object.keys(definition.states.finished!.states!).sort()).toEqual(['awaitingEvaluation', 'evaluated']);
    for (const event of received) expect(event.sessionId).toBe(actor.sessionId);

    // Then the start, and for each step a TICK at its instant and the event itself, each
    // followed by the snapshot it led to.
    const sent = scenario.steps.flatMap((step) => [
      { type: 'TICK', at: instant(step.atText) },
      { ...step.event, at: instant(step.atText) },
    ]);
    // Last, the actor is stopped (the replay is over): a snapshot with no event of its own.
    const stop = rest.pop();
    expect(stop?.type === '@xstate.snapshot' && [stop.event, stop.snapshot.status]).toEqual([{ type: 'xstate.stop' }, 'stopped']);
    const pairs: Array<{ event: unknown; snapshot: Snapshot }> = [];
    for (let index = 0; index < rest.length; index += 2) {
      const [event, snapshot] = [rest[index]!, rest[index + 1]!];
      expect(event.type).toBe('@xstate.event');
      expect(snapshot?.type).toBe('@xstate.snapshot');
      if (event.type !== '@xstate.event' || snapshot?.type !== '@xstate.snapshot') return;
      expect(snapshot.event).toEqual(event.event);
      pairs.push({ event: event.event, snapshot: snapshot.snapshot as unknown as Snapshot });
    }
    expect(pairs[0]!.event).toMatchObject({ type: 'xstate.init' });
    expect(pairs[0]!.snapshot.value).toBe('draft');
    const replayed = pairs.slice(1);
    expect(replayed.map((pair) => pair.event)).toEqual(sent);
    const after = (type: string) => replayed.filter((pair) => (pair.event as { type: string }).type === type).map((pair) => pair.snapshot.value);
    expect(after('SUBMIT')).toEqual(['requested']);
    expect(after('ORGANISATION_ACCEPTS')).toEqual(['accepted']);
    expect(after('HOLDER_VALIDATES')).toEqual(['validated']);
    expect(after('ENTRY_DECLARED')).toEqual(['in-training']);
    expect(after('EXIT_DECLARED')).toEqual([{ finished: 'awaitingEvaluation' }]);
    expect(after('EVALUATED')).toEqual([{ finished: 'evaluated' }]);
    expect(replayed.at(-1)!.snapshot.status).toBe('active');
  });

  it('shows an expiry as the snapshot after a TICK, and sends nothing to a dossier that is over', async () => {
    const scenario = scenarioAt(SILENT);
    const { received, inspector } = recordingInspector();
    const outcome = await replayIntoActor(scenario, { inspect: inspector.inspect });
    await nextMacrotask();
    expect(outcome).toMatchObject({
      ok: true,
      finalState: 'expired',
      status: 'done',
      steps: [
        { type: 'SUBMIT', from: 'draft', to: 'requested', rejected: null, expiredTo: null, unexpected: null },
        { type: 'ORGANISATION_ACCEPTS', from: 'requested', to: 'expired', expiredTo: 'expired', rejected: 'INVALID_IN_STATE', unexpected: null },
      ],
    });
    const stream = received.filter((event) => event.type !== '@xstate.actor').map((event) => [event.type, (event as { event: { type: string } }).event.type]);
    expect(stream).toEqual([
      ['@xstate.event', 'xstate.init'],
      ['@xstate.snapshot', 'xstate.init'],
      ['@xstate.event', 'TICK'],
      ['@xstate.snapshot', 'TICK'],
      ['@xstate.event', 'SUBMIT'],
      ['@xstate.snapshot', 'SUBMIT'],
      ['@xstate.event', 'TICK'],
      ['@xstate.snapshot', 'TICK'],
    ]);
    const last = received.at(-1);
    expect(last?.type === '@xstate.snapshot' && last.snapshot).toMatchObject({ value: 'expired', status: 'done' });
  });

  it('matches what the API says of the same scenario, refusals included', async () => {
    const scenario = scenarioAt('scenarios/rejections/clock-went-backwards.yaml');
    const outcome = await replayIntoActor(scenario);
    expect(outcome.ok && outcome.steps.map((step) => [step.type, step.rejected, step.to, step.unexpected])).toEqual(
      scenario.steps.map((step) => [step.event.type, step.expect.rejected ?? null, step.expect.state ?? expect.any(String), null]),
    );
  });
});

/** An inspector for the command that opens nothing: it records, and says it was closed. */
function fakeInspector() {
  const { received, inspector } = recordingInspector();
  const calls = { opened: [] as Array<{ port: number }>, closed: 0 };
  const open: InspectorFactory = async (options) => {
    calls.opened.push(options);
    return {
      lines: ['(a fake inspector)'],
      inspect: inspector.inspect,
      close: async () => {
        await nextMacrotask();
        calls.closed += 1;
      },
    };
  };
  return { received, calls, open };
}

function buffers() {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (text: string) => (out.stdout += text), stderr: (text: string) => (out.stderr += text), color: false, cwd: process.cwd() };
  return { out, io };
}

function keysFrom(answers: boolean[]): KeyReader & { closed: number; asked: number } {
  const reader = {
    closed: 0,
    asked: 0,
    next: async () => {
      reader.asked += 1;
      return answers.shift() ?? true;
    },
    close: () => {
      reader.closed += 1;
    },
  };
  return reader;
}

/** The inspect command with its inspector and keys replaced, through the same parser as the binary. */
function inspectWith(deps: Partial<InspectDependencies>): (args: string[], io: CliIo) => Promise<number> {
  const spec = COMMANDS.find((command) => command.name === 'inspect')!;
  return (args, io) => runCommand({ ...spec, load: async () => inspectCommand(deps) }, args, io);
}

describe('cpf-dossier inspect', () => {
  it('with --delay 0 replays a scenario file to the end through the inspector it is given', async () => {
    const fake = fakeInspector();
    const sleeps: number[] = [];
    const keys = keysFrom([]);
    const run = inspectWith({ openInspector: fake.open, sleep: async (ms) => void sleeps.push(ms), keys: () => keys });
    const { out, io } = buffers();
    const code = await run([HAPPY, '--delay', '0', '--port', '0'], io);
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    expect(fake.calls).toEqual({ opened: [{ port: 0 }], closed: 1 });
    expect(keys.asked).toBe(0); // --delay: no key presses
    expect(sleeps).toEqual(Array(9).fill(0));
    expect(out.stdout).toContain('(a fake inspector)');
    expect(out.stdout).toContain('Happy path from digital identity to quality evaluation');
    expect(out.stdout).toMatch(/^ {2}4\/9 {2}2026-04-14T10:00:00\+02:00 {2}SUBMIT +draft -> requested$/m);
    expect(out.stdout).toMatch(/^ {2}9\/9 .*EVALUATED +finished\.awaitingEvaluation -> finished\.evaluated$/m);
    expect(out.stdout).toContain('Done: the dossier is in finished.evaluated.');
    const events = fake.received.filter((event) => event.type === '@xstate.event').map((event) => (event as { event: { type: string } }).event.type);
    expect(events.filter((type) => type !== 'TICK')).toEqual(['xstate.init', 'IDENTITY_CREATED', 'IDENTITY_VERIFIED', 'IDENTITY_ACTIVATED', 'SUBMIT', 'ORGANISATION_ACCEPTS', 'HOLDER_VALIDATES', 'ENTRY_DECLARED', 'EXIT_DECLARED', 'EVALUATED']);
  });

  it('shows a deadline passing and the refusal that follows', async () => {
    const fake = fakeInspector();
    const { out, io } = buffers();
    const code = await inspectWith({ openInspector: fake.open, sleep: async () => {} })(['--delay=5', SILENT], io);
    expect(code).toBe(0);
    expect(out.stdout).toMatch(/TICK +a deadline passed first: requested -> expired\n +2\/2 .*ORGANISATION_ACCEPTS refused: INVALID_IN_STATE \(stays in expired\)\n/);
    expect(out.stdout).toContain('Done: the dossier is in expired (final).');
  });

  it('without --delay waits for a key before each step and stops on q', async () => {
    const fake = fakeInspector();
    const keys = keysFrom([true, true, false]);
    const { out, io } = buffers();
    const code = await inspectWith({ openInspector: fake.open, keys: () => keys, sleep: async () => expect.fail('no delay was asked') })([HAPPY], io);
    expect(code).toBe(0);
    expect(keys.asked).toBe(3);
    expect(keys.closed).toBe(1);
    expect(fake.calls.closed).toBe(1);
    expect(out.stdout).toContain('Press a key for each step (q to stop).');
    expect(out.stdout).toMatch(/ 2\/9 .*IDENTITY_VERIFIED/);
    expect(out.stdout).not.toMatch(/ 3\/9 /);
    expect(out.stdout).toContain('Stopped: the dossier is in draft.');
  });

  it('at the end waits for a key before it stops the inspector', async () => {
    const fake = fakeInspector();
    const keys = keysFrom([]);
    const { out, io } = buffers();
    expect(await inspectWith({ openInspector: fake.open, keys: () => keys })([SILENT], io)).toBe(0);
    expect(keys.asked).toBe(3);
    expect(out.stdout).toMatch(/Press a key to stop the inspector\.\n$/);
  });

  it('refuses bad arguments and bad files with exit code 2, before it opens anything', async () => {
    const fake = fakeInspector();
    const run = inspectWith({ openInspector: fake.open, keys: () => expect.fail('no keys') });
    const cases: Array<[string[], RegExp]> = [
      [[], /name exactly one scenario file/],
      [[HAPPY, SILENT], /name exactly one scenario file/],
      [[HAPPY, '--delay'], /--delay needs a value \(MS\)/],
      [[HAPPY, '--delay', 'soon'], /--delay needs a whole number of milliseconds; got 'soon'/],
      [[HAPPY, '--delay', '-5'], /--delay needs a whole number of milliseconds; got '-5'/],
      [[HAPPY, '--port', '70000'], /--port needs a whole number from 0 to 65535/],
      [[HAPPY, '--verbose'], /unknown option '--verbose'/],
      [['scenarios/journeys'], /is a folder/],
      [['scenarios/nowhere.yaml'], /nowhere\.yaml.*no such file/],
    ];
    for (const [args, message] of cases) {
      const { out, io } = buffers();
      expect(await run(args, io), args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(message);
    }
    expect(fake.calls.opened).toEqual([]);
  });

  it('reports a scenario file with errors as the replay command does', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inspect-'));
    writeFileSync(join(folder, 'bad.yaml'), 'name: bad\ncalendar: FR\ngiven:\n  training: { start: 2026-05-04, end: 2026-05-15 }\nwhen:\n  - at: 2026-04-01T10:00:00+02:00\n    event: SUMBIT\n');
    try {
      const fake = fakeInspector();
      const { out, io } = buffers();
      expect(await inspectWith({ openInspector: fake.open })(['bad.yaml', '--delay', '0'], { ...io, cwd: folder })).toBe(2);
      expect(out.stderr).toMatch(/^bad\.yaml:7:\d+: when\[0\]\.event: /m);
      expect(fake.calls.opened).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says so when the inspector cannot start', async () => {
    const { out, io } = buffers();
    const code = await inspectWith({
      openInspector: async () => {
        throw new Error('port 8080 on 127.0.0.1 is already in use');
      },
    })([HAPPY, '--delay', '0', '--port', '8080'], io);
    expect(code).toBe(2);
    expect(out.stderr).toBe('cpf-dossier inspect: port 8080 on 127.0.0.1 is already in use\n');
  });

  it('is a command of the CLI, listed in its help', async () => {
    const { out, io } = buffers();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.stdout).toMatch(/^ {2}inspect +replay a scenario into a live actor/m);
    const help = buffers();
    expect(await runCli(['inspect', '--help'], help.io)).toBe(0);
    expect(help.out.stdout).toContain('127.0.0.1');
  });
});

describe('the key presses that pace inspect', () => {
  it('from a pipe: a line goes on, q stops, lines typed ahead count, and the end of input goes on', async () => {
    const input = new PassThrough();
    const keys = stdinKeyReader(input as unknown as NodeJS.ReadStream);
    input.write('\n\nq\n');
    await nextMacrotask();
    expect([await keys.next(), await keys.next(), await keys.next()]).toEqual([true, true, false]);
    const waiting = keys.next();
    input.write('go\n');
    expect(await waiting).toBe(true);
    input.end();
    await nextMacrotask();
    expect([await keys.next(), await keys.next()]).toEqual([true, true]);
    keys.close();
  });
});
