import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CACHED_YEARS, HOLIDAY_CACHE_URL } from './holiday-cache.js';
import type { HolidayCacheFile } from './holiday-cache.js';
import { computePublicHolidaysOf } from './holidays.js';
import { REGIONS } from './regions.js';

/** Writes dist/calendar/holidays-cache.json from date-holidays (run by `npm run build`). */
const require = createRequire(import.meta.url);
const version = (JSON.parse(readFileSync(require.resolve('date-holidays/package.json'), 'utf8')) as { version: string }).version;
const names: string[] = [];
const nameIndex = new Map<string, number>();
const file: HolidayCacheFile = { source: `date-holidays ${version}`, years: { ...CACHED_YEARS }, names, regions: {} };
for (const region of REGIONS) {
  const years: HolidayCacheFile['regions'][string] = {};
  for (let year = CACHED_YEARS.first; year <= CACHED_YEARS.last; year++) {
    years[String(year)] = computePublicHolidaysOf(region, year).map(({ date, name }) => {
      if (!nameIndex.has(name)) nameIndex.set(name, names.push(name) - 1);
      return [date.slice(5), nameIndex.get(name)!];
    });
  }
  file.regions[region] = years;
}
writeFileSync(HOLIDAY_CACHE_URL, JSON.stringify(file));
process.stdout.write(`holidays cache: ${fileURLToPath(HOLIDAY_CACHE_URL)} (${REGIONS.length} regions, ${CACHED_YEARS.first}-${CACHED_YEARS.last})\n`);
