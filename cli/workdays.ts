import {
  DEFAULT_REGION,
  FIRST_SUPPORTED_DATE,
  LAST_SUPPORTED_DATE,
  addWorkingDays,
  correctionsFor,
  holidaysBetween,
  isWeekend,
  parseCalendarDate,
  publicHolidaysOf,
  weekdayNameOf,
  workingDaysBetween,
} from '../calendar/index.js';
import type { CalendarDate, Region } from '../calendar/index.js';
import { EXIT_OK, reportBadInput } from './io.js';
import type { CliIo } from './io.js';
import type { CommandRun } from './command.js';

/**
 * `cpf-dossier workdays`: working-day arithmetic on the command line (rules.md section 1).
 *
 *   cpf-dossier workdays add 2026-04-03 2 [--calendar FR-57]
 *     2026-04-08 (Wednesday)
 *     skipped: 2026-04-06 Lundi de Pâques
 *   cpf-dossier workdays between 2026-03-02 2026-03-17
 *     11
 *   cpf-dossier workdays holidays 2026 --calendar FR-MF [--json]
 *     the year's public holidays, their legal source, and the law's corrections
 *
 * A bad value is one line on stderr that names it, a missing argument that line and the
 * usage; both exit code 2.
 */

/** Bad input: reported as one line, with exit code 2. */
class BadInput extends Error {}

/** A missing argument: reported with the usage. */
class MissingArgument extends Error {}

function requireDate(text: string | undefined, what: string): CalendarDate {
  if (text === undefined) throw new MissingArgument(`missing ${what}`);
  const parsed = parseCalendarDate(text);
  if (!parsed.ok) throw new BadInput(parsed.error);
  return parsed.value;
}

function requireCount(text: string | undefined): number {
  if (text === undefined) throw new MissingArgument('missing the number of working days N');
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new BadInput(`'${text}' is not a number of working days (expected a whole number, 0 or more)`);
  return n;
}

function requireNoMore(rest: string[]): void {
  if (rest.length > 0) throw new MissingArgument(`unexpected argument '${rest[0]}'`);
}

function runAdd([dateText, countText, ...rest]: string[], region: Region, io: CliIo): number {
  const date = requireDate(dateText, 'the date DATE');
  const n = requireCount(countText);
  requireNoMore(rest);
  const result = addWorkingDays(date, n, region);
  // Only holidays on weekdays cost a working day: a holiday on a Sunday was not skipped.
  const skipped = holidaysBetween(date, result, region).filter((holiday) => !isWeekend(holiday.date));
  io.stdout(`${result} (${weekdayNameOf(result)})\n`);
  io.stdout(`skipped: ${skipped.length ? skipped.map((holiday) => `${holiday.date} ${holiday.name}`).join(', ') : 'no public holiday'}\n`);
  return EXIT_OK;
}

function runBetween([aText, bText, ...rest]: string[], region: Region, io: CliIo): number {
  const a = requireDate(aText, 'the first date A');
  const b = requireDate(bText, 'the second date B');
  requireNoMore(rest);
  io.stdout(`${workingDaysBetween(a, b, region)}\n`);
  return EXIT_OK;
}

const FIRST_YEAR = Number(FIRST_SUPPORTED_DATE.slice(0, 4));
const LAST_YEAR = Number(LAST_SUPPORTED_DATE.slice(0, 4));

function requireYear(text: string | undefined): number {
  if (text === undefined) throw new MissingArgument('missing the year YEAR');
  const year = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) throw new BadInput(`'${text}' is not a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
  return year;
}

/**
 * The question a back office asks ("is 28 May off in Saint-Martin?"): every public
 * holiday of the year, its legal source, `*` on the days the law moved, and below them
 * the correction rows that apply (a day date-holidays lists that is no holiday shows
 * there, since it is not in the list).
 */
function runHolidays([yearText, ...rest]: string[], region: Region, json: boolean, io: CliIo): number {
  const year = requireYear(yearText);
  requireNoMore(rest);
  const holidays = publicHolidaysOf(region, year).map((holiday) => ({ ...holiday, weekday: weekdayNameOf(holiday.date) }));
  const corrections = correctionsFor(region, year);
  if (json) {
    io.stdout(`${JSON.stringify({ year, calendar: region, holidays, corrections }, null, 2)}\n`);
    return EXIT_OK;
  }
  const onWeekdays = holidays.filter((holiday) => !isWeekend(holiday.date)).length;
  const lines = [`Public holidays of ${year}, calendar ${region}: ${holidays.length} (${onWeekdays} on a weekday)`];
  const width = Math.max(...holidays.map((holiday) => holiday.name.length));
  for (const holiday of holidays) {
    lines.push(`${holiday.correction ? '*' : ' '} ${holiday.date} ${holiday.weekday.padEnd(9)} ${holiday.name.padEnd(width)}  ${holiday.law}`);
  }
  if (corrections.length > 0) {
    lines.push('', 'Where date-holidays differs, the law wins (* above):');
    for (const row of corrections) lines.push(`- ${row.rule}.`, `  ${row.law}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

/** `cpf-dossier workdays add DATE N | between A B | holidays YEAR [--calendar REGION]`; the parser checked the region and the sub-command. */
export const runWorkdays: CommandRun = (args, io, usageError) => {
  const region = (args.string('calendar') ?? DEFAULT_REGION) as Region;
  const [subcommand, ...rest] = args.positionals;
  try {
    if (subcommand === 'holidays') return runHolidays(rest, region, args.flag('json'), io);
    if (args.flag('json')) throw new MissingArgument(`--json is for 'workdays holidays' only`);
    return subcommand === 'add' ? runAdd(rest, region, io) : runBetween(rest, region, io);
  } catch (error) {
    if (error instanceof MissingArgument) return usageError(error.message);
    // BadInput, and the calendar's RangeErrors (a date past 9999-12-31), are bad values: one line.
    if (error instanceof BadInput || error instanceof RangeError) return reportBadInput(io, 'workdays', error.message);
    throw error;
  }
};
