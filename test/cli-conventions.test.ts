import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorFromEnvironment } from '../cli/io.js';
import type { CliIo } from '../cli/io.js';
import { COMMANDS } from '../cli/commands.js';
import { runCli } from '../cli/run.js';
import { SCENARIO_LIMITS } from '../replay/limits.js';
import { cli, folderWith } from './support/cli.js';

const OK_SCENARIO = `name: Submitted in time
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - { at: 2026-04-03T16:00:00+02:00, event: SUBMIT, expect: { state: requested } }
then: { deadlines: { organisationResponse: 2026-04-08 } }
`;

const NAMES = COMMANDS.map((command) => command.name);

/** The CLI with standard input holding `input`, and the colour the environment decided. */
async function cliWithStdin(argv: string[], input: Uint8Array | string | null, cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    color: false,
    cwd,
    ...(input === null ? {} : { readStdin: async () => input }),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('help', () => {
  it.each(NAMES)('%s --help and %s -h print the help on stdout and exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([name, flag]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Usage: cpf-dossier ${name} `));
    }
  });

  it.each(NAMES)('help %s prints the same as %s --help', async (name) => {
    expect(await cli(['help', name])).toEqual(await cli([name, '--help']));
  });

  it('--help wins over bad arguments: replay --help with no path, workdays nope -h', async () => {
    expect((await cli(['replay', '--help'])).code).toBe(0);
    expect((await cli(['workdays', 'nope', '-h'])).code).toBe(0);
  });

  it('cpf-dossier --help, -h and help print the list of commands on stdout and exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const run = await cli(argv);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      for (const name of NAMES) expect(run.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    }
  });

  it('every help fits in 80 columns', async () => {
    const helps = [await cli(['--help']), ...(await Promise.all(NAMES.map((name) => cli([name, '--help']))))];
    for (const { stdout } of helps) {
      for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it('without a command prints the usage on stderr only, and exits 2', async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: cpf-dossier COMMAND/);
  });

  it('--version prints the version of package.json', async () => {
    const run = await cli(['--version']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('unknown names get the nearest valid one', () => {
  it('an unknown command: did you mean replay?', async () => {
    const run = await cli(['repaly', 'scenarios']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: "cpf-dossier: unknown command 'repaly' (did you mean 'replay'?). Run 'cpf-dossier --help' for the commands.\n" });
  });

  it('a command too far from any gets no guess', async () => {
    expect((await cli(['frobnicate'])).stderr).toBe("cpf-dossier: unknown command 'frobnicate'. Run 'cpf-dossier --help' for the commands.\n");
  });

  it('help of an unknown command: did you mean?', async () => {
    const run = await cli(['help', 'workday']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'workday' (did you mean 'workdays'?)");
  });

  it('an unknown option: did you mean --json?, with the usage after it, on stderr only', async () => {
    const run = await cli(['replay', 'scenarios', '--jsn']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "cpf-dossier replay: unknown option '--jsn' (did you mean '--json'?)\nUsage: cpf-dossier replay PATH... [--verbose] [--json] [--html OUT]\nRun 'cpf-dossier replay --help' for the options.\n",
    );
  });

  it('a value outside its list: did you mean mermaid?, one line', async () => {
    const run = await cli(['diagram', '--format', 'mermiad']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: "cpf-dossier diagram: --format 'mermiad' is not one of mermaid, dot, scxml, json (did you mean 'mermaid'?)\n" });
  });

  it('an unknown option before the command', async () => {
    expect((await cli(['--verison'])).stderr).toContain("unknown option '--verison' (did you mean '--version'?)");
  });

  it('a flag given a value, and a value that looks like an option, are usage errors', async () => {
    expect((await cli(['replay', 'x.yaml', '--json=yes'])).stderr).toMatch(/^cpf-dossier replay: --json takes no value \(got 'yes'\)\n/);
    expect((await cli(['replay', 'x.yaml', '--html', '--json'])).stderr).toMatch(/^cpf-dossier replay: --html needs a value \(OUT\); to give one that starts with '-', write --html=--json\n/);
  });
});

describe('arguments', () => {
  it('-- ends the options: a file named --json.yaml is replayed, not read as --json', async () => {
    const folder = folderWith({ '--json.yaml': OK_SCENARIO });
    const run = await cli(['replay', '--', '--json.yaml'], folder);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ Submitted in time');
    expect(() => JSON.parse(run.stdout)).toThrow();
  });

  it('after --, even -h is a path', async () => {
    const run = await cli(['replay', '--', '-h'], folderWith({ 'a.yaml': OK_SCENARIO }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read -h: no such file or folder');
  });

  it('--option=value and --option value are the same', async () => {
    expect(await cli(['workdays', 'add', '2026-04-02', '1', '--calendar=FR-57'])).toEqual(await cli(['workdays', 'add', '2026-04-02', '1', '--calendar', 'FR-57']));
  });

  it('- reads one scenario from standard input, beside files', async () => {
    const folder = folderWith({ 'b.yaml': OK_SCENARIO.replace('Submitted in time', 'From a file') });
    const run = await cliWithStdin(['replay', '-', 'b.yaml', '--json'], OK_SCENARIO, folder);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.scenarios.map((scenario: { file: string; name: string }) => [scenario.file, scenario.name])).toEqual([
      ['b.yaml', 'From a file'],
      ['<stdin>', 'Submitted in time'],
    ]);
  });

  it('a bad scenario on standard input is a file error of <stdin>, with its line', async () => {
    const run = await cliWithStdin(['replay', '-'], OK_SCENARIO.replace('event: SUBMIT', 'event: SUMBIT'), folderWith({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^<stdin>:6:\d+: when\[0\]\.event: unknown event 'SUMBIT'/m);
  });

  it('standard input is held to the file limits: the limit itself is read, one byte more is refused', async () => {
    const padded = (size: number) => Buffer.concat([Buffer.from(OK_SCENARIO), Buffer.alloc(size - Buffer.byteLength(OK_SCENARIO), 0x20)]);
    expect((await cliWithStdin(['replay', '-'], padded(SCENARIO_LIMITS.fileBytes), folderWith({}))).code).toBe(0);
    const over = await cliWithStdin(['replay', '-'], padded(SCENARIO_LIMITS.fileBytes + 1), folderWith({}));
    expect(over.code).toBe(2);
    expect(over.stderr).toBe(`<stdin>: (file): standard input holds more than ${SCENARIO_LIMITS.fileBytes} bytes: a scenario may be at most ${SCENARIO_LIMITS.fileBytes} bytes (16 MiB)\n`);
  });

  it('invalid UTF-8 on standard input is an error at its line, never silently replaced; valid UTF-8 bytes are read', async () => {
    const latin1 = Buffer.from(OK_SCENARIO.replace('Submitted in time', 'Submitted in time \u00e9t\u00e9'), 'latin1');
    const run = await cliWithStdin(['replay', '-'], latin1, folderWith({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^<stdin>:1:\d+: .*byte 0xE9 at offset \d+ is not UTF-8/m);
    const utf8 = Buffer.from(OK_SCENARIO.replace('Submitted in time', 'Submitted in time \u00e9t\u00e9'), 'utf8');
    expect((await cliWithStdin(['replay', '-', '--json'], utf8, folderWith({}))).code).toBe(0);
  });

  it('- twice, or without any standard input, is refused', async () => {
    expect((await cliWithStdin(['replay', '-', '-'], OK_SCENARIO, folderWith({}))).stderr).toMatch(/^cpf-dossier replay: '-' \(standard input\) can be named only once\n/);
    expect(await cliWithStdin(['replay', '-'], null, folderWith({}))).toEqual({ code: 2, stdout: '', stderr: 'cpf-dossier replay: there is no standard input to read a scenario from\n' });
  });

  it('negative numbers are values, not options', async () => {
    expect((await cli(['workdays', 'add', '2026-04-03', '-1'])).stderr).toContain("'-1' is not a number of working days");
  });
});

describe('colour', () => {
  it('NO_COLOR turns it off only when it is not empty (no-color.org)', () => {
    expect(colorFromEnvironment({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorFromEnvironment({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorFromEnvironment({}, true)).toBe(true);
  });

  it('off when not a terminal, or on TERM=dumb', () => {
    expect(colorFromEnvironment({}, false)).toBe(false);
    expect(colorFromEnvironment({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('FORCE_COLOR forces it on, even piped and over NO_COLOR, except FORCE_COLOR=0 or false', () => {
    expect(colorFromEnvironment({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorFromEnvironment({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorFromEnvironment({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(colorFromEnvironment({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorFromEnvironment({ FORCE_COLOR: 'false' }, true)).toBe(false);
  });

  it('--color and --no-color override the environment, the last one winning, before or after the command', async () => {
    const folder = folderWith({ 'a.yaml': OK_SCENARIO });
    expect((await cli(['replay', 'a.yaml', '--color'], folder, false)).stdout).toContain('\u001b[');
    expect((await cli(['--color', 'replay', 'a.yaml'], folder, false)).stdout).toContain('\u001b[');
    expect((await cli(['replay', 'a.yaml', '--no-color'], folder, true)).stdout).not.toContain('\u001b[');
    expect((await cli(['replay', 'a.yaml', '--no-color', '--color'], folder, false)).stdout).toContain('\u001b[');
    expect((await cli(['replay', 'a.yaml'], folder, true)).stdout).toContain('\u001b[');
  });
});

describe('replay --html to a path where nothing can be created', () => {
  it.skipIf(!existsSync('/proc/self'))('fails at once under /proc, with the reason, exit 2', async () => {
    const folder = folderWith({ 'a.yaml': OK_SCENARIO });
    const started = performance.now();
    const run = await cli(['replay', 'a.yaml', '--html', '/proc/cpf-dossier/report/out.html'], folder);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cpf-dossier replay: cannot write the HTML report to '\/proc\/cpf-dossier\/report\/out\.html': ENOENT/m);
  });

  it('fails when a folder on the way is a file', async () => {
    const folder = folderWith({ 'a.yaml': OK_SCENARIO });
    const run = await cli(['replay', 'a.yaml', '--html', 'a.yaml/out.html'], folder);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a folder');
  });

  it('still creates the missing folders of an ordinary path', async () => {
    const folder = folderWith({ 'a.yaml': OK_SCENARIO });
    const run = await cli(['replay', 'a.yaml', '--html', 'reports/2026/out.html'], folder);
    expect(run.code).toBe(0);
    expect(existsSync(join(folder, 'reports/2026/out.html'))).toBe(true);
  });
});
