/**
 * Issue 13, scenario files that are not plain files and folders that are not plain
 * folders, and issue 14's walk: replay/ reads regular files only, follows links without
 * looping, reports an unreadable subfolder alone, skips node_modules and dot-folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScenarioError, loadScenarioFiles } from '../replay/files.js';
import { SCENARIO_LIMITS } from '../replay/limits.js';
import { exitCodeOf, replayPaths } from '../replay/run.js';
import { folderWith, REFUSED_SCENARIO as GOOD } from './support/cli.js';


function errorsOf(paths: string[], cwd: string): string[] {
  return loadScenarioFiles(paths, cwd).flatMap((loaded) => (loaded.parsed.ok ? [] : loaded.parsed.errors.map(formatScenarioError)));
}

function namesReplayed(paths: string[], cwd: string): string[] {
  return replayPaths(paths, cwd).reports.map((report) => report.file).sort();
}

describe('a path that is not a regular file is refused at once, with what it is', () => {
  it('a FIFO named on the command line is refused without waiting for a writer', () => {
    const folder = folderWith({ 'good.yaml': GOOD });
    execFileSync('mkfifo', [join(folder, 'pipe.yaml')]);
    const started = Date.now();
    const run = replayPaths(['pipe.yaml', 'good.yaml'], folder);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(run.invalid.map((file) => formatScenarioError(file.errors[0]!))).toEqual([
      'pipe.yaml: (file): a named pipe (FIFO), not a regular file: only scenario files and folders of them are read',
    ]);
    expect(run.reports.map((report) => report.passed)).toEqual([true]);
    expect(exitCodeOf(run)).toBe(2);
  });

  it('a FIFO with a scenario name inside a folder is one error; the folder\'s other files are replayed', () => {
    const folder = folderWith({ 'scenarios/good.yaml': GOOD });
    execFileSync('mkfifo', [join(folder, 'scenarios', 'pipe.json')]);
    expect(errorsOf(['scenarios'], folder)).toEqual([expect.stringMatching(/^scenarios\/pipe\.json: \(file\): a named pipe \(FIFO\)/)]);
    expect(namesReplayed(['scenarios'], folder)).toEqual(['scenarios/good.yaml']);
  });

  it.each([['/dev/zero'], ['/dev/null'], ['/dev/urandom']])('%s is refused as a character device, read not one byte', (device) => {
    const started = Date.now();
    expect(errorsOf([device], folderWith({}))).toEqual([`${device}: (file): a character device, not a regular file: only scenario files and folders of them are read`]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a regular file is read (the other side of the same check)', () => {
    const folder = folderWith({ 'good.yaml': GOOD });
    expect(errorsOf(['good.yaml'], folder)).toEqual([]);
  });
});

describe('folders: links, unreadable subfolders, node_modules and dot-folders', () => {
  it('a symlinked scenario file inside a folder is replayed', () => {
    const folder = folderWith({ 'elsewhere/story.yaml': GOOD, 'scenarios/real.yaml': GOOD });
    symlinkSync(join(folder, 'elsewhere', 'story.yaml'), join(folder, 'scenarios', 'linked.yaml'));
    expect(namesReplayed(['scenarios'], folder)).toEqual(['scenarios/linked.yaml', 'scenarios/real.yaml']);
  });

  it('a link to a parent folder does not loop; a linked folder is walked once', () => {
    const folder = folderWith({ 'scenarios/a/one.yaml': GOOD, 'scenarios/b/two.yaml': GOOD });
    symlinkSync(join(folder, 'scenarios'), join(folder, 'scenarios', 'a', 'up'));
    symlinkSync(join(folder, 'scenarios', 'b'), join(folder, 'scenarios', 'b-again'));
    const started = Date.now();
    const replayed = namesReplayed(['scenarios'], folder);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(replayed).toEqual(['scenarios/a/one.yaml', 'scenarios/b/two.yaml']);
  });

  it('a dangling link with a scenario name is an error of its own; the other files are replayed', () => {
    const folder = folderWith({ 'scenarios/good.yaml': GOOD });
    symlinkSync(join(folder, 'nowhere.yaml'), join(folder, 'scenarios', 'dangling.yaml'));
    expect(errorsOf(['scenarios'], folder)).toEqual([expect.stringMatching(/^scenarios\/dangling\.yaml: \(file\): cannot follow the link: no such file or folder$/)]);
    expect(namesReplayed(['scenarios'], folder)).toEqual(['scenarios/good.yaml']);
  });

  it('node_modules and dot-folders are not walked into; named on the command line, a dot-folder is read', () => {
    const folder = folderWith({
      'project/scenarios/good.yaml': GOOD,
      'project/node_modules/some-package/package.json': '{"name":"some-package"}',
      'project/.git/config.json': '{}',
      'project/.cache/x.yaml': 'a: 1\n',
      'project/.stories/hidden.yaml': GOOD,
    });
    const run = replayPaths(['project'], folder);
    expect(run.invalid).toEqual([]);
    expect(run.reports.map((report) => report.file)).toEqual(['project/scenarios/good.yaml']);
    expect(namesReplayed(['project/.stories'], folder)).toEqual(['project/.stories/hidden.yaml']);
  });

  it('an unreadable subfolder is one error naming it; its siblings and their files are replayed', () => {
    const folder = folderWith({ 'scenarios/a.yaml': GOOD, 'scenarios/locked/b.yaml': GOOD, 'scenarios/open/c.yaml': GOOD });
    chmodSync(folder, 0o755);
    chmodSync(join(folder, 'scenarios', 'locked'), 0o000);
    const script = `
      import { loadScenarioFiles, formatScenarioError } from ${JSON.stringify(join(process.cwd(), 'dist/replay/files.js'))};
      const loaded = loadScenarioFiles(['scenarios'], ${JSON.stringify(folder)});
      console.log(JSON.stringify(loaded.map((l) => l.parsed.ok ? l.file : formatScenarioError(l.parsed.errors[0]))));`;
    // Root reads every folder whatever its mode: the walk then runs as root without the two
    // capabilities that override permissions (util-linux's setpriv), so it still reads this
    // checkout even when it lies in a folder only root may enter (a mktemp -d clone).
    const node = [process.execPath, '--input-type=module', '-e', script];
    const command = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...node] : node;
    const child = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8' });
    chmodSync(join(folder, 'scenarios', 'locked'), 0o755);
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual(['scenarios/locked: (file): cannot read the folder: permission denied', 'scenarios/a.yaml', 'scenarios/open/c.yaml']);
  });

  it('a folder with no scenario file says so', () => {
    const folder = folderWith({ 'empty/readme.txt': 'nothing here' });
    expect(errorsOf(['empty'], folder)).toEqual(['empty: (file): no scenario files (.yaml, .yml, .json) in empty']);
  });
});

describe('size: documented limits, a clear file error, and a large accepted file in bounded time', () => {
  const ticks = (count: number) =>
    `name: Many ticks\ngiven:\n  training: { start: 2026-05-04, end: 2026-05-15 }\nwhen:\n${Array.from({ length: count }, (_, i) => `  - { at: ${new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()}, event: TICK }\n`).join('')}`;

  it(`a file over ${SCENARIO_LIMITS.fileBytes} bytes is refused before it is read, naming the limit`, () => {
    const folder = folderWith({ 'big.yaml': '' });
    writeFileSync(join(folder, 'big.yaml'), Buffer.alloc(SCENARIO_LIMITS.fileBytes + 1, 0x20));
    expect(errorsOf(['big.yaml'], folder)).toEqual([
      `big.yaml: (file): the file is ${SCENARIO_LIMITS.fileBytes + 1} bytes: a scenario file may be at most ${SCENARIO_LIMITS.fileBytes} bytes (16 MiB)`,
    ]);
  });

  it(`a file of exactly ${SCENARIO_LIMITS.fileBytes} bytes is read`, () => {
    const folder = folderWith({});
    const text = GOOD + '#'.repeat(SCENARIO_LIMITS.fileBytes - Buffer.byteLength(GOOD) - 1) + '\n';
    writeFileSync(join(folder, 'padded.yaml'), text);
    expect(errorsOf(['padded.yaml'], folder)).toEqual([]);
  });

  it(`${SCENARIO_LIMITS.events + 1} events is a file error on when, with its line`, () => {
    const folder = folderWith({ 'many.yaml': ticks(SCENARIO_LIMITS.events + 1) });
    expect(errorsOf(['many.yaml'], folder)).toEqual([`many.yaml:5:3: when: holds ${SCENARIO_LIMITS.events + 1} events: a scenario may hold at most ${SCENARIO_LIMITS.events}`]);
  });

  it(`${SCENARIO_LIMITS.events} events replay in well under a second of CPU per 10,000 events, and linearly`, () => {
    // CPU time, not wall time: the machine running the tests is shared, and wall time
    // there measures the other processes too. Measured on this 2-core machine under a
    // load of 12: 0.63 s of CPU per 10,000 events, 570 MB resident at the limit.
    const cpuSecondsFor = (count: number): number => {
      const folder = folderWith({ 'many.yaml': ticks(count) });
      const before = process.cpuUsage();
      const run = replayPaths(['many.yaml'], folder);
      const used = process.cpuUsage(before);
      expect(run.invalid).toEqual([]);
      expect(run.reports[0]!.steps).toHaveLength(count);
      return (used.user + used.system) / 1e6;
    };
    const small = cpuSecondsFor(SCENARIO_LIMITS.events / 10);
    const large = cpuSecondsFor(SCENARIO_LIMITS.events);
    expect(large / (SCENARIO_LIMITS.events / 10_000)).toBeLessThan(1);
    expect(large / small).toBeLessThan(10 * 3);
  }, 120_000);

  it('the limits are the ones the README documents', () => {
    const readme = join(process.cwd(), 'README.md');
    expect(existsSync(readme)).toBe(true);
    const text = execFileSync('cat', [readme], { encoding: 'utf8' });
    expect(text).toContain('16 MiB');
    expect(text).toContain('100,000 events');
  });
});

describe('one file that cannot be replayed never stops the others', () => {
  it('a year-0000 training, an event at 0050-06-01 and one at 9999-12-31T23:59:59Z are file errors with line and field; the good file is counted', () => {
    const folder = folderWith({
      'a-good.yaml': GOOD,
      'year-zero.yaml': GOOD.replace('start: 2026-05-04, end: 2026-05-15', 'start: 0000-05-04, end: 0000-05-15'),
      'early-event.yaml': GOOD.replace('2026-04-03T16:00:00+02:00', '0050-06-01T00:00:00Z'),
      'late-event.yaml': GOOD.replace('2026-04-07T10:00:00+02:00', '9999-12-31T23:59:59Z'),
    });
    mkdirSync(join(folder, 'empty-dir'));
    const run = replayPaths(['.'], folder);
    expect(run.reports.map((report) => [report.file, report.passed])).toEqual([['a-good.yaml', true]]);
    expect(run.invalid.flatMap((file) => file.errors.map(formatScenarioError))).toEqual([
      expect.stringMatching(/^early-event\.yaml:6:9: when\[0\]\.at: '0050-06-01T00:00:00Z' is outside the instants the calendar covers/),
      expect.stringMatching(/^late-event\.yaml:8:9: when\[1\]\.at: '9999-12-31T23:59:59Z' is outside the instants the calendar covers/),
      expect.stringMatching(/^year-zero\.yaml:4:22: given\.training\.start: training\.start 0000-05-04 is outside the dates the calendar covers/),
    ]);
    expect(exitCodeOf(run)).toBe(2);
  });
});
