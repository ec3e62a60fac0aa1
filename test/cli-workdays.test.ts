import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';
import type { CliIo } from '../cli/io.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
    cwd: process.cwd(),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A bad value: exit code 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectBadInput(run: Run, ...mentions: string[]): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  for (const mention of mentions) expect(run.stderr).toContain(mention);
}

/** A misuse of the command: exit code 2, nothing on stdout, the reason on the first line of stderr, then the usage. */
function expectUsageError(run: Run, ...mentions: string[]): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const [reason, ...usage] = run.stderr.trimEnd().split('\n');
  expect(reason).toMatch(/^cpf-dossier workdays: /);
  for (const mention of mentions) expect(reason).toContain(mention);
  expect(usage.join('\n')).toMatch(/^Usage: cpf-dossier workdays add DATE N/);
  expect(usage.at(-1)).toBe("Run 'cpf-dossier workdays --help' for the options.");
}

describe('cpf-dossier workdays add', () => {
  it('prints 2026-04-08 (Wednesday) for add 2026-04-03 2, having skipped Easter Monday 2026-04-06', async () => {
    expect(await cli('workdays', 'add', '2026-04-03', '2')).toEqual({
      code: 0,
      stdout: '2026-04-08 (Wednesday)\nskipped: 2026-04-06 Lundi de Pâques\n',
      stderr: '',
    });
  });

  it('prints 2026-04-08 for add 2026-04-03 2 --calendar FR-57 too (Good Friday is the start date, which never counts)', async () => {
    const run = await cli('workdays', 'add', '2026-04-03', '2', '--calendar', 'FR-57');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('2026-04-08 (Wednesday)\nskipped: 2026-04-06 Lundi de Pâques\n');
  });

  it('prints 2026-04-03 for add 2026-04-02 1 in FR, and 2026-04-07 with --calendar=FR-57, skipping Good Friday and Easter Monday', async () => {
    const fr = await cli('workdays', 'add', '2026-04-02', '1');
    expect(fr.stdout).toBe('2026-04-03 (Friday)\nskipped: no public holiday\n');
    const moselle = await cli('workdays', 'add', '2026-04-02', '1', '--calendar=FR-57');
    expect(moselle.stdout).toBe('2026-04-07 (Tuesday)\nskipped: 2026-04-03 Vendredi saint, 2026-04-06 Lundi de Pâques\n');
  });

  it('prints 2026-06-01 (Monday) for add 2026-05-13 11, having skipped Ascension and Whit Monday', async () => {
    const run = await cli('workdays', 'add', '2026-05-13', '11');
    expect(run.stdout).toBe('2026-06-01 (Monday)\nskipped: 2026-05-14 Ascension, 2026-05-25 Lundi de Pentecôte\n');
  });

  it('does not list a holiday on a weekend as skipped: add 2026-08-14 1 is 2026-08-17 (Assomption 2026-08-15 is a Saturday)', async () => {
    const run = await cli('workdays', 'add', '2026-08-14', '1');
    expect(run.stdout).toBe('2026-08-17 (Monday)\nskipped: no public holiday\n');
  });

  it('prints 2026-04-03 (Friday) for add 2026-04-03 0', async () => {
    expect((await cli('workdays', 'add', '2026-04-03', '0')).stdout).toBe('2026-04-03 (Friday)\nskipped: no public holiday\n');
  });
});

describe('cpf-dossier workdays between', () => {
  it('prints 11 for between 2026-03-02 2026-03-17', async () => {
    expect(await cli('workdays', 'between', '2026-03-02', '2026-03-17')).toEqual({ code: 0, stdout: '11\n', stderr: '' });
  });

  it('prints 2 for between 2026-04-02 2026-04-07 in FR and 1 with --calendar FR-57', async () => {
    expect((await cli('workdays', 'between', '2026-04-02', '2026-04-07')).stdout).toBe('2\n');
    expect((await cli('workdays', '--calendar', 'FR-57', 'between', '2026-04-02', '2026-04-07')).stdout).toBe('1\n');
  });

  it('prints 0 for between 2026-03-17 2026-03-02 (B before A)', async () => {
    expect((await cli('workdays', 'between', '2026-03-17', '2026-03-02')).stdout).toBe('0\n');
  });
});

describe('cpf-dossier workdays, bad input', () => {
  it('refuses the impossible date 2026-02-30, naming it', async () => {
    expectBadInput(await cli('workdays', 'add', '2026-02-30', '2'), "'2026-02-30'", '28 days');
    expectBadInput(await cli('workdays', 'between', '2026-03-02', '2026-02-30'), "'2026-02-30'");
  });

  it('refuses the unknown region FR-99, listing the known ones', async () => {
    expectBadInput(await cli('workdays', 'add', '2026-04-03', '2', '--calendar', 'FR-99'), "'FR-99'", 'FR-57', 'FR-GP', 'FR-BL');
  });

  it('refuses the counts -1, 1.5, 1e3 and two, naming each', async () => {
    for (const count of ['-1', '1.5', '1e3', 'two', '']) {
      expectBadInput(await cli('workdays', 'add', '2026-04-03', count), `'${count}'`);
    }
  });

  it('refuses missing arguments, naming what is missing', async () => {
    expectUsageError(await cli('workdays', 'add'), 'missing the date');
    expectUsageError(await cli('workdays', 'add', '2026-04-03'), 'missing the number of working days');
    expectUsageError(await cli('workdays', 'between', '2026-03-02'), 'missing the second date');
    expectUsageError(await cli('workdays'), 'name a sub-command: add, between');
    expectUsageError(await cli('workdays', 'add', '2026-04-03', '2', '--calendar'), '--calendar needs a value (REGION)');
  });

  it("refuses the unknown sub-command 'sub', an unknown option and an extra argument", async () => {
    expectUsageError(await cli('workdays', 'sub', '2026-04-03', '2'), "unknown sub-command 'sub'; expected one of add, between");
    expectUsageError(await cli('workdays', 'betwen', '2026-04-03', '2026-04-08'), "unknown sub-command 'betwen' (did you mean 'between'?)");
    expectUsageError(await cli('workdays', 'add', '2026-04-03', '2', '--region', 'FR-57'), "unknown option '--region'");
    expectUsageError(await cli('workdays', 'add', '2026-04-03', '2', '3'), "unexpected argument '3'");
  });

  it('refuses a result past 9999-12-31 as bad input, not a crash', async () => {
    expectBadInput(await cli('workdays', 'add', '9999-12-30', '5'), '9999-12-31');
  });

  it('prints its usage for workdays --help, with exit code 0', async () => {
    const run = await cli('workdays', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('workdays add DATE N');
    expect(run.stderr).toBe('');
  });
});
