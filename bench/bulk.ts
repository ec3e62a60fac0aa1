import v8 from 'node:v8';
import vm from 'node:vm';
import { applyEvent, createDossier } from '../api/dossier.js';
import type { Dossier } from '../api/dossier.js';
import type { BenchRow } from './format.js';
import { countEvents } from './generate.js';
import type { GeneratedDossier, PathName } from './generate.js';
import { consume, median, nowNs, pairedRatio, rounds } from './measure.js';
import {
  REPLAYS,
  replayApiIso,
  summaryByActor,
  summaryByApi,
  summaryByApiXState,
  summaryByReducer,
  summaryByTransition,
  summaryKey,
  withIsoInstants,
} from './replay.js';
import type { ReplayWay } from './replay.js';

/**
 * Bulk replay (the generated dossiers of bench/generate.ts through the public API)
 * against its baselines, timed in the same runs; and how the per-event cost scales.
 */

export interface BulkBenchConfig {
  /** Dossiers of the bulk replay (the first of the generated ones). */
  dossiers: number;
  /** Paired runs: each replays one chunk of this many dossiers every way, back to back. */
  chunk: number;
  pairedRuns: number;
  /** Timed passes of the public API over all `dossiers`. */
  fullRuns: number;
  /** Dossiers the actor and transition() baselines are checked on (the reducer is checked on all). */
  checkedWithXState: number;
  /** Events per scaling step, and the runs of each. */
  scaling: ReadonlyArray<{ events: number; runs: number }>;
}

const WAYS: ReplayWay[] = ['api', 'apiXState', 'actor', 'transition', 'machine', 'reducer'];

const WAY_NAMES: Record<Exclude<ReplayWay, 'api'>, string> = {
  apiXState: "the API over XState's step (before; the reference)",
  actor: 'XState naive: createActor per dossier, send',
  transition: "XState pure transition() per event",
  machine: 'XState floor: machine.transition, one scope',
  reducer: 'hand-written switch reducer (the limit)',
};

/** What the header says about the inputs. */
export interface BulkInputs {
  dossiers: number;
  events: number;
  mix: string;
}

export function describeInputs(dossiers: readonly GeneratedDossier[]): BulkInputs {
  const events = countEvents(dossiers);
  const counts = new Map<PathName, number>();
  for (const dossier of dossiers) counts.set(dossier.path, (counts.get(dossier.path) ?? 0) + 1);
  const mix = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([path, count]) => `${path} ${Math.round((100 * count) / dossiers.length)}%`)
    .join(', ');
  return { dossiers: dossiers.length, events, mix };
}

/** The first dossiers that hold at least `events` events, and how many events they hold. */
function prefixWithEvents(dossiers: readonly GeneratedDossier[], events: number): { dossiers: GeneratedDossier[]; events: number } {
  let total = 0;
  let count = 0;
  while (count < dossiers.length && total < events) total += dossiers[count++]!.events.length;
  if (total < events) throw new Error(`bench: ${events} events asked, ${total} generated`);
  return { dossiers: dossiers.slice(0, count), events: total };
}

/** Replays through the public API and keeps every final dossier, as a service keeps its dossiers. */
function replayKeeping(dossiers: readonly GeneratedDossier[]): Dossier[] {
  const kept: Dossier[] = [];
  for (const generated of dossiers) {
    const created = createDossier(generated.setup);
    if (!created.ok) throw new Error(created.error.message);
    let dossier = created.dossier;
    for (const event of generated.events) dossier = applyEvent(dossier, event).dossier;
    kept.push(dossier);
  }
  return kept;
}

function agreementRows(dossiers: readonly GeneratedDossier[], config: BulkBenchConfig): BenchRow[] {
  const disagreeing: string[] = [];
  let apiNs = 0;
  dossiers.forEach((generated, index) => {
    const start = nowNs();
    const expected = summaryKey(summaryByApi(generated));
    apiNs += nowNs() - start;
    const others = index < config.checkedWithXState ? [summaryByReducer, summaryByApiXState, summaryByActor, summaryByTransition] : [summaryByReducer];
    for (const summary of others) {
      const got = summaryKey(summary(generated));
      if (got !== expected && disagreeing.length < 5) disagreeing.push(`dossier ${index} (${generated.path}): API ${expected}, ${summary.name} ${got}`);
    }
  });
  if (disagreeing.length > 0) throw new Error(`bench: the baselines disagree with the machine:\n${disagreeing.join('\n')}`);
  const events = countEvents(dossiers);
  return [
    {
      section: 'replay: agreement',
      name: 'baselines vs the machine, dossiers that differ',
      value: 0,
      unit: 'dossiers',
      note: `reducer: all ${dossiers.length.toLocaleString('en-US')}; API over XState's step, createActor, transition(): first ${config.checkedWithXState.toLocaleString('en-US')}; state, reason, outcome, paid, late, rating, rejections`,
    },
    {
      section: 'replay: public API',
      name: `first pass, cold (JIT, offset and holiday caches)`,
      value: apiNs / events / 1000,
      unit: 'us/event',
      note: `${Math.round(events / (apiNs / 1e9)).toLocaleString('en-US')} events/s; 1 run (the agreement pass)`,
    },
  ];
}

function bulkRows(dossiers: readonly GeneratedDossier[], config: BulkBenchConfig): BenchRow[] {
  const events = countEvents(dossiers);
  const passes = rounds([() => REPLAYS.api(dossiers)], config.fullRuns, 0)[0]!;
  const usPerEvent = median(passes) / events / 1000;
  const eventsPerSecond = 1e6 / usPerEvent;
  const rows: BenchRow[] = [
    {
      section: 'replay: public API',
      name: `all ${dossiers.length.toLocaleString('en-US')} dossiers (${events.toLocaleString('en-US')} events), warm`,
      value: eventsPerSecond,
      unit: 'events/s',
      note: `${usPerEvent.toFixed(2)} us/event; median of ${config.fullRuns} passes; target >= 300,000 events/s`,
    },
  ];

  // Paired runs: run r replays chunk r every way, back to back, in rotating order.
  const chunks = Array.from({ length: config.pairedRuns + 1 }, (_, r) => dossiers.slice(r * config.chunk, (r + 1) * config.chunk));
  const chunkEvents = chunks.map(countEvents);
  const isoChunks = chunks.map(withIsoInstants);
  const chunkOf = (run: number) => (run < 0 ? config.pairedRuns : run);
  const times = rounds(
    [
      ...WAYS.map((way) => (run: number) => REPLAYS[way](chunks[chunkOf(run)]!)),
      (run: number) => replayApiIso(isoChunks[chunkOf(run)]!),
    ],
    config.pairedRuns,
  );
  const perEvent = times.map((runs) => runs.map((ns, run) => ns / chunkEvents[run]! / 1000));
  const api = perEvent[0]!;
  const iso = perEvent[WAYS.length]!;
  rows.push({
    section: 'replay: public API',
    name: '`at` as ISO 8601 text (parsed per event)',
    value: median(iso),
    unit: 'us/event',
    baseline: median(api),
    ratio: pairedRatio(api, iso),
    note: 'baseline: `at` in ms since the epoch (all other rows)',
  });
  const targets: Record<Exclude<ReplayWay, 'api'>, string> = {
    apiXState: 'the fast step against the XState step it replaced, same API',
    actor: 'target >= 5x',
    transition: '',
    machine: "XState's macrostep alone (no parsing, no history): the floor of an API that runs one per event",
    reducer: 'target: API within 3x of it, i.e. ratio >= 0.33x',
  };
  WAYS.slice(1).forEach((way, k) => {
    const baseline = perEvent[k + 1]!;
    const ratio = pairedRatio(baseline, api);
    const name = way as Exclude<ReplayWay, 'api'>;
    const slower = ratio < 1 ? `the API takes ${(1 / ratio).toFixed(2)}x its time; ` : '';
    rows.push({
      section: 'replay: API vs baseline',
      name: WAY_NAMES[name],
      value: median(api),
      unit: 'us/event',
      baseline: median(baseline),
      ratio,
      note: `${slower}${targets[name]}`.replace(/; $/, ''),
    });
  });
  rows.push({
    section: 'replay: API vs baseline',
    name: 'runs',
    value: config.pairedRuns,
    unit: 'runs',
    note: `each on its own ${config.chunk.toLocaleString('en-US')} dossiers (~${Math.round(median(chunkEvents)).toLocaleString('en-US')} events), all ways back to back`,
  });
  return rows;
}

/** A function that runs a full garbage collection (V8's, exposed for this process only). */
function fullGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function scalingRows(all: readonly GeneratedDossier[], config: BulkBenchConfig): BenchRow[] {
  const steps = config.scaling.map((step) => ({ ...step, ...prefixWithEvents(all, step.events) }));
  // Streaming, as the bulk replay: each dossier is dropped after its last event.
  const perEvent = steps.map((step, k) => {
    // Warm-up on the step's own input, but for the largest step (its first run is part of the median).
    if (k < steps.length - 1) consume(REPLAYS.api(step.dossiers));
    return rounds([() => REPLAYS.api(step.dossiers)], step.runs, 0)[0]!.map((ns) => ns / step.events / 1000);
  });
  const first = perEvent[0]!;
  const rows = steps.map((step, k): BenchRow => {
    const row: BenchRow = {
      section: 'scaling: public API',
      name: `${step.events.toLocaleString('en-US')} events (${step.dossiers.length.toLocaleString('en-US')} dossiers)`,
      value: median(perEvent[k]!),
      unit: 'us/event',
      note: `median of ${step.runs}`,
    };
    if (k > 0) {
      row.baseline = median(first);
      row.ratio = median(first) / row.value;
      row.note += `; baseline: ${steps[0]!.events.toLocaleString('en-US')} events (1.0x = flat)`;
    }
    return row;
  });
  // The largest step again, every final dossier kept in memory as a service would keep
  // them: the cost of a large live heap for the garbage collector, and its size.
  const largest = steps[steps.length - 1]!;
  const gc = fullGc();
  const kept: number[] = [];
  let bytesPerDossier = 0;
  for (let run = 0; run < 1; run++) {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = nowNs();
    const dossiers = replayKeeping(largest.dossiers);
    kept.push((nowNs() - start) / largest.events / 1000);
    gc();
    bytesPerDossier = (process.memoryUsage().heapUsed - heapBefore) / dossiers.length;
    consume(dossiers.length);
  }
  rows.push({
    section: 'scaling: public API',
    name: `${largest.events.toLocaleString('en-US')} events, every final dossier kept`,
    value: median(kept),
    unit: 'us/event',
    baseline: median(perEvent[perEvent.length - 1]!),
    ratio: median(perEvent[perEvent.length - 1]!) / median(kept),
    note: `${Math.round(bytesPerDossier).toLocaleString('en-US')} bytes of heap per kept dossier; baseline: streaming; 1 run`,
  });
  return rows;
}

/** The replay and scaling sections. `all` holds at least the events of the largest scaling step. */
export function benchBulk(all: readonly GeneratedDossier[], config: BulkBenchConfig): BenchRow[] {
  const dossiers = all.slice(0, config.dossiers);
  if (dossiers.length < config.dossiers) throw new Error('bench: not enough generated dossiers');
  return [...agreementRows(dossiers, config), ...bulkRows(dossiers, config), ...scalingRows(all, config)];
}
