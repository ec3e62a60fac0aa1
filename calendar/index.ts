export type { CalendarDate, Result, WeekdayName } from './dates.js';
export {
  addCalendarDays,
  daysInMonth,
  describeValue,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  toDayNumber,
  weekdayNameOf,
  weekdayOf,
  yearOf,
} from './dates.js';
export type { Region } from './regions.js';
export { DEFAULT_REGION, REGIONS, REGION_TIME_ZONES, isRegion, parseRegion, timeZoneOf } from './regions.js';
export type { PublicHoliday } from './holidays.js';
export { publicHolidaysOf } from './holidays.js';
export {
  addWorkingDays,
  holidayOn,
  holidaysBetween,
  isWeekend,
  isWorkingDay,
  latestDateWithWorkingDaysBefore,
  workingDaysBetween,
} from './working-days.js';
export type { Instant } from './instants.js';
export { calendarDateOf, endOfDay, formatInstant, instantOfLocalTime, offsetAt, parseInstant, startOfDay } from './instants.js';
export { deadlineAfterWorkingDays } from './deadlines.js';
export type { Deadline } from './deadlines.js';
export { FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, isSupportedDate, isSupportedInstant } from './supported-dates.js';
export type { HolidayCorrection } from './holiday-corrections.js';
export { HOLIDAY_CORRECTIONS, correctionsFor } from './holiday-corrections.js';
