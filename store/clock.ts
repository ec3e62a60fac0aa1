import type { Instant } from '../calendar/index.js';
import type { SimulatedClock, StoreClock } from './types.js';

/** The system clock: the one place the runtime reads real time. */
export const systemClock: StoreClock = { now: () => Date.now() };

/**
 * A clock standing still at `start` until set forward.
 * @example const clock = simulatedClock(Date.parse('2026-05-04T09:00:00+02:00')); clock.set(clock.now() + 60_000);
 */
export function simulatedClock(start: Instant): SimulatedClock {
  let current = start;
  return {
    simulated: true,
    now: () => current,
    set(at: Instant) {
      if (at > current) current = at;
    },
  };
}

export function isSimulatedClock(clock: StoreClock): clock is SimulatedClock {
  return (clock as Partial<SimulatedClock>).simulated === true;
}
