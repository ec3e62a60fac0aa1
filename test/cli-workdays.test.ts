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
    expectUsageError(await cli('workdays'), 'name a sub-command: add, between, holidays');
    expectUsageError(await cli('workdays', 'add', '2026-04-03', '2', '--calendar'), '--calendar needs a value (REGION)');
  });

  it("refuses the unknown sub-command 'sub', an unknown option and an extra argument", async () => {
    expectUsageError(await cli('workdays', 'sub', '2026-04-03', '2'), "unknown sub-command 'sub'; expected one of add, between, holidays");
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

describe('cpf-dossier workdays holidays', () => {
  it('answers "is 28 May 2026 off in Saint-Martin?": yes, marked corrected, and 27 May is not listed', async () => {
    const run = await cli('workdays', 'holidays', '2026', '--calendar', 'FR-MF');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Public holidays of 2026, calendar FR-MF: 12 (10 on a weekday)');
    expect(lines).toContain('* 2026-05-28 Thursday  Abolition de l’esclavage     Code du travail, art. L3422-2; préfecture de Saint-Martin (28 May since 2018)');
    expect(run.stdout).not.toContain('2026-05-27');
    expect(run.stdout).toContain('Where date-holidays differs, the law wins (* above):\n- Abolition of slavery in Saint-Martin is on 28 May from 2018');
  });

  it('lists the 11 fêtes légales of 2026 in FR with their article, L3133-1, and no correction', async () => {
    const run = await cli('workdays', 'holidays', '2026');
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(11);
    expect(rows[1]).toBe('  2026-04-06 Monday    Lundi de Pâques              Code du travail, art. L3133-1');
    for (const row of rows) expect(row).toMatch(/^ {2}2026-\d\d-\d\d .*Code du travail, art\. L3133-1$/);
    expect(run.stdout).not.toContain('date-holidays differs');
  });

  it('says Good Friday 2026-04-03 is not off in FR-GP (the correction row below the list) but is in FR-57 (L3134-13)', async () => {
    const gp = await cli('workdays', 'holidays', '2026', '--calendar', 'FR-GP');
    expect(gp.stdout).not.toContain('2026-04-03');
    expect(gp.stdout).toContain('- Good Friday is not a public holiday in Guadeloupe');
    const moselle = await cli('workdays', 'holidays', '2026', '--calendar', 'FR-57');
    expect(moselle.stdout).toContain('  2026-04-03 Friday    Vendredi saint');
    expect(moselle.stdout).toContain('Code du travail, art. L3134-13');
  });

  it('prints JSON with --json: year, calendar, each holiday with date, weekday, name, law and its correction, and the rows', async () => {
    const run = await cli('workdays', 'holidays', '2017', '--calendar', 'FR-MF', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { year: number; calendar: string; holidays: Array<Record<string, string>>; corrections: unknown[] };
    expect(report.year).toBe(2017);
    expect(report.calendar).toBe('FR-MF');
    // Before 2018 the décret's 27 May holds, and no row applies.
    expect(report.holidays.find((holiday) => holiday.date?.endsWith('-05-27'))).toEqual({
      date: '2017-05-27',
      name: 'Abolition de l’esclavage',
      law: 'Code du travail, art. L3422-2; décret n° 83-1003',
      weekday: 'Saturday',
    });
    expect(report.corrections).toEqual([]);
    const later = JSON.parse((await cli('workdays', 'holidays', '2018', '--calendar', 'FR-MF', '--json')).stdout) as typeof report;
    expect(later.holidays.find((holiday) => holiday.date === '2018-05-28')?.correction).toMatch(/28 May from 2018/);
    expect(later.corrections).toHaveLength(1);
  });

  it('answers for a year outside the cache, 2100, and refuses 99, 10000 and 20x6 as years, and a missing one', async () => {
    const run = await cli('workdays', 'holidays', '2100', '--calendar', 'FR-MQ');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2100-05-22');
    expect(run.stdout).not.toContain('2100-03-26'); // Good Friday
    for (const year of ['99', '10000', '20x6']) expectBadInput(await cli('workdays', 'holidays', year), `'${year}' is not a year from 100 to 9999`);
    expectUsageError(await cli('workdays', 'holidays'), 'missing the year YEAR');
    expectUsageError(await cli('workdays', 'holidays', '2026', '2027'), "unexpected argument '2027'");
  });

  it('refuses --json on add and between, which print plain answers', async () => {
    expectUsageError(await cli('workdays', 'add', '2026-04-03', '2', '--json'), "--json is for 'workdays holidays' only");
  });
});
