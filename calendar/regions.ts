import type { Result } from './dates.js';
import { describeValue } from './dates.js';

/**
 * The holiday calendars a dossier may name (rules.md section 1), written as
 * date-holidays names them, each with the time zone its dates are read in.
 * The zones are the IANA names of the territories themselves; test/calendar
 * checks that each has the same offsets as the zone date-holidays reports.
 */
export const REGION_TIME_ZONES = {
  FR: 'Europe/Paris',
  'FR-57': 'Europe/Paris',
  'FR-67': 'Europe/Paris',
  'FR-68': 'Europe/Paris',
  'FR-GP': 'America/Guadeloupe',
  'FR-MQ': 'America/Martinique',
  'FR-GF': 'America/Cayenne',
  'FR-RE': 'Indian/Reunion',
  'FR-YT': 'Indian/Mayotte',
  'FR-MF': 'America/Marigot',
  'FR-BL': 'America/St_Barthelemy',
} as const;

export type Region = keyof typeof REGION_TIME_ZONES;

export const REGIONS = Object.keys(REGION_TIME_ZONES) as Region[];

export const DEFAULT_REGION: Region = 'FR';

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REGION_TIME_ZONES, value);
}

/**
 * Reads a region name, e.g. `parseRegion('FR-57')`; an unknown one is an error that lists the known ones.
 */
export function parseRegion(value: unknown): Result<Region, string> {
  if (isRegion(value)) return { ok: true, value };
  return { ok: false, error: `unknown calendar ${describeValue(value)}: expected one of ${REGIONS.join(', ')}` };
}

/**
 * The time zone a region's calendar dates are read in, e.g. `timeZoneOf('FR-GP') === 'America/Guadeloupe'`.
 * An unknown region (from untyped input) is a RangeError listing the known ones: looking
 * it up blindly would give `undefined`, which Intl reads as the machine's own zone.
 */
export function timeZoneOf(region: Region): string {
  // Speed: called for every date read from an instant; a known region needs no result object.
  if (isRegion(region)) return REGION_TIME_ZONES[region];
  const parsed = parseRegion(region);
  if (!parsed.ok) throw new RangeError(parsed.error);
  return REGION_TIME_ZONES[parsed.value];
}
