import type { Region } from './regions.js';

/**
 * Where date-holidays' data differs from French law (rules.md section 1), the law wins.
 * One row per difference, applied where date-holidays' days enter the calendar
 * (calendar/holidays.ts), so the generated cache (calendar/holiday-cache-data.ts) and
 * the years outside it get the same answer. test/holidays-law.test.ts checks every
 * weekday of 2015-2040 in every region against the law's list, computed from the texts.
 */
export interface HolidayCorrection {
  region: Region;
  /** The rule in one sentence, as a back office would say it. */
  rule: string;
  /** date-holidays' rule for the day it gets wrong, as its data writes it ('easter -2', '05-27'). */
  sourceRule: string;
  /** The day by law instead (MM-DD), or null: not a public holiday at all. */
  lawDay: string | null;
  /** First year the row applies to (100: every year the calendar covers). */
  fromYear: number;
  /** The legal source of the answer. */
  law: string;
}

const GOOD_FRIDAY_IS_A_CUSTOM = 'Code du travail, art. L3133-1 (Good Friday is not a fête légale) and L3134-13 (Alsace-Moselle only)';

export const HOLIDAY_CORRECTIONS: readonly HolidayCorrection[] = [
  {
    region: 'FR-GP',
    rule: 'Good Friday is not a public holiday in Guadeloupe: a custom, not in the Code du travail',
    sourceRule: 'easter -2',
    lawDay: null,
    fromYear: 100,
    law: GOOD_FRIDAY_IS_A_CUSTOM,
  },
  {
    region: 'FR-MQ',
    rule: 'Good Friday is not a public holiday in Martinique: a custom, not in the Code du travail',
    sourceRule: 'easter -2',
    lawDay: null,
    fromYear: 100,
    law: GOOD_FRIDAY_IS_A_CUSTOM,
  },
  {
    region: 'FR-MF',
    rule: 'Abolition of slavery in Saint-Martin is on 28 May from 2018, 27 May before: the décret says 27 May, the préfecture has declared 28 May every year since 2018 (rules.md section 1)',
    sourceRule: '05-27',
    lawDay: '05-28',
    fromYear: 2018,
    law: 'Code du travail, art. L3422-2; préfecture de Saint-Martin (28 May since 2018)',
  },
];

/** The rows that apply to a region's year, e.g. `correctionsFor('FR-MF', 2026)` holds the 28 May row. */
export function correctionsFor(region: Region, year: number): HolidayCorrection[] {
  return HOLIDAY_CORRECTIONS.filter((row) => row.region === region && year >= row.fromYear);
}

/** The years at which a region's corrections change: a year's holidays depend on which side of each it is. */
export function correctionYearsOf(region: Region): number[] {
  return [...new Set(HOLIDAY_CORRECTIONS.filter((row) => row.region === region).map((row) => row.fromYear))].sort((a, b) => a - b);
}

const L3133_1 = 'Code du travail, art. L3133-1';
const L3134_13 = 'Code du travail, art. L3134-13';
const ABOLITION = 'Code du travail, art. L3422-2; décret n° 83-1003';

/** date-holidays' rules of the 11 fêtes légales of art. L3133-1. */
const FETES_LEGALES = new Set(['01-01', 'easter 1', '05-01', '05-08', 'easter 39', 'easter 50', '07-14', '08-15', '11-01', '11-11', '12-25']);
const ALSACE_MOSELLE = new Set<Region>(['FR-57', 'FR-67', 'FR-68']);
/** The commemoration of the abolition of slavery, by the texts (décret n° 83-1003). */
const ABOLITION_DAYS: Partial<Record<Region, string>> = {
  'FR-YT': '04-27',
  'FR-MQ': '05-22',
  'FR-GP': '05-27',
  'FR-MF': '05-27',
  'FR-GF': '06-10',
  'FR-BL': '10-09',
  'FR-RE': '12-20',
};

/** Said of a day date-holidays calls public that no text makes one (the law check reports it). */
export const NO_LEGAL_SOURCE = 'no legal source: date-holidays only';

/**
 * The legal source of a day date-holidays calls public, from its rule.
 * @example legalSourceOf('FR-57', 'easter -2') === 'Code du travail, art. L3134-13'
 */
export function legalSourceOf(region: Region, sourceRule: string): string {
  if (FETES_LEGALES.has(sourceRule)) return L3133_1;
  if (ALSACE_MOSELLE.has(region) && (sourceRule === 'easter -2' || sourceRule === '12-26')) return L3134_13;
  if (ABOLITION_DAYS[region] === sourceRule) return ABOLITION;
  return NO_LEGAL_SOURCE;
}
