/**
 * Timing helpers shared by the benchmark sections: wall-clock nanoseconds, medians, and
 * "rounds": several functions timed back to back in each run, their starting order
 * rotated from run to run, so that a figure and its baseline always share the same
 * moment of the machine and their ratio can be taken pair by pair.
 */

/** Results are summed here so that no measured call can be optimised away. */
let sink = 0;

export function consume(value: number): void {
  sink += value;
}

export function checkSink(): void {
  if (Number.isNaN(sink)) throw new Error('benchmark sink is NaN');
}

export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nanoseconds one call of `fn` takes; its result goes to the sink. */
export function timeNs(fn: () => number): number {
  const start = nowNs();
  consume(fn());
  return nowNs() - start;
}

/**
 * Runs every function once per run, `runs` times, the starting function rotated each
 * run; `times[k][r]` is the nanoseconds function k took in run r. `warmups` untimed runs
 * come first.
 */
export function rounds(fns: ReadonlyArray<(run: number) => number>, runs: number, warmups = 1): number[][] {
  for (let w = 0; w < warmups; w++) fns.forEach((fn) => consume(fn(-1 - w)));
  const times = fns.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    for (let j = 0; j < fns.length; j++) {
      const k = (run + j) % fns.length;
      times[k]!.push(timeNs(() => fns[k]!(run)));
    }
  }
  return times;
}

/** The median over runs of baseline[r] / subject[r]: how many times faster the subject was, pair by pair. */
export function pairedRatio(baseline: readonly number[], subject: readonly number[]): number {
  return median(baseline.map((b, r) => b / subject[r]!));
}

/** CPU time of this process (all its threads), in nanoseconds. */
export function cpuNs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}
