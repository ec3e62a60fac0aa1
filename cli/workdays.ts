import { DEFAULT_REGION, addWorkingDays, holidaysBetween, isWeekend, parseCalendarDate, parseRegion, weekdayNameOf, workingDaysBetween } from '../calendar/index.js';
import type { CalendarDate, Region } from '../calendar/index.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './io.js';
import type { CliIo } from './io.js';

/**
 * `cpf-dossier workdays`: working-day arithmetic on the command line (rules.md section 1).
 *
 *   cpf-dossier workdays add 2026-04-03 2 [--calendar FR-57]
 *     2026-04-08 (Wednesday)
 *     skipped: 2026-04-06 Lundi de Pâques
 *   cpf-dossier workdays between 2026-03-02 2026-03-17
 *     11
 *
 * Bad input is one line on stderr that names the bad value, and exit code 2.
 */

export const WORKDAYS_USAGE = `Usage: cpf-dossier workdays add DATE N [--calendar REGION]
       cpf-dossier workdays between A B [--calendar REGION]

  add DATE N     the N-th working day after DATE (DATE itself never counts),
                 and the public holidays it skipped
  between A B    how many working days x satisfy A < x <= B

  DATE, A, B     calendar dates, YYYY-MM-DD
  --calendar     FR (default), FR-57, FR-67, FR-68, FR-GP, FR-MQ, FR-GF, FR-RE, FR-YT, FR-MF, FR-BL
`;

/** Bad input: reported as one line, with exit code 2. */
class BadInput extends Error {}

interface Parsed {
  positionals: string[];
  region: Region;
}

function parseArgs(args: string[]): Parsed | 'help' {
  const positionals: string[] = [];
  let region: Region = DEFAULT_REGION;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    let value: string | undefined;
    if (arg === '--calendar') {
      value = args[++i];
      if (value === undefined) throw new BadInput("--calendar needs a region, e.g. '--calendar FR-57'");
    } else if (arg.startsWith('--calendar=')) {
      value = arg.slice('--calendar='.length);
    } else if (arg.startsWith('--')) {
      throw new BadInput(`unknown option '${arg}' (the only option is --calendar REGION)`);
    } else {
      positionals.push(arg);
      continue;
    }
    const parsed = parseRegion(value);
    if (!parsed.ok) throw new BadInput(parsed.error);
    region = parsed.value;
  }
  return { positionals, region };
}

function requireDate(text: string | undefined, what: string, usage: string): CalendarDate {
  if (text === undefined) throw new BadInput(`missing ${what} (usage: ${usage})`);
  const parsed = parseCalendarDate(text);
  if (!parsed.ok) throw new BadInput(parsed.error);
  return parsed.value;
}

function requireCount(text: string | undefined, usage: string): number {
  if (text === undefined) throw new BadInput(`missing the number of working days N (usage: ${usage})`);
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new BadInput(`'${text}' is not a number of working days (expected a whole number, 0 or more)`);
  return n;
}

function requireNoMore(rest: string[]): void {
  if (rest.length > 0) throw new BadInput(`unexpected argument '${rest[0]}'`);
}

function runAdd([dateText, countText, ...rest]: string[], region: Region, io: CliIo): number {
  const usage = 'workdays add DATE N [--calendar REGION]';
  const date = requireDate(dateText, 'the date DATE', usage);
  const n = requireCount(countText, usage);
  requireNoMore(rest);
  const result = addWorkingDays(date, n, region);
  // Only holidays on weekdays cost a working day: a holiday on a Sunday was not skipped.
  const skipped = holidaysBetween(date, result, region).filter((holiday) => !isWeekend(holiday.date));
  io.stdout(`${result} (${weekdayNameOf(result)})\n`);
  io.stdout(`skipped: ${skipped.length ? skipped.map((holiday) => `${holiday.date} ${holiday.name}`).join(', ') : 'no public holiday'}\n`);
  return EXIT_OK;
}

function runBetween([aText, bText, ...rest]: string[], region: Region, io: CliIo): number {
  const usage = 'workdays between A B [--calendar REGION]';
  const a = requireDate(aText, 'the first date A', usage);
  const b = requireDate(bText, 'the second date B', usage);
  requireNoMore(rest);
  io.stdout(`${workingDaysBetween(a, b, region)}\n`);
  return EXIT_OK;
}

export function runWorkdays(args: string[], io: CliIo): number {
  try {
    const parsed = parseArgs(args);
    if (parsed === 'help') {
      io.stdout(WORKDAYS_USAGE);
      return EXIT_OK;
    }
    const [subcommand, ...rest] = parsed.positionals;
    switch (subcommand) {
      case 'add':
        return runAdd(rest, parsed.region, io);
      case 'between':
        return runBetween(rest, parsed.region, io);
      case undefined:
        throw new BadInput("missing sub-command: expected 'add DATE N' or 'between A B'");
      default:
        throw new BadInput(`unknown sub-command '${subcommand}': expected 'add DATE N' or 'between A B'`);
    }
  } catch (error) {
    // BadInput, and the calendar's RangeErrors (a date past 9999-12-31), are bad input.
    if (error instanceof BadInput || error instanceof RangeError) {
      io.stderr(`cpf-dossier workdays: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
