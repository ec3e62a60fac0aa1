import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchBulk, describeInputs } from './bulk.js';
import type { BulkBenchConfig } from './bulk.js';
import { benchCalendar } from './calendar.js';
import type { CalendarBenchConfig } from './calendar.js';
import { benchCliStart } from './cli-start.js';
import type { CliBenchConfig } from './cli-start.js';
import { formatBenchTable, formatNumber } from './format.js';
import type { BenchRow } from './format.js';
import { generateEvents } from './generate.js';
import { checkSink } from './measure.js';
import { benchSections, MAIN_SECTIONS } from './sections.js';
import { benchStorage } from './storage.js';
import type { StorageBenchConfig } from './storage.js';

/**
 * `npm run bench`: one table of figures, each held against its baseline measured in
 * the same run, then the targets, met or missed. It prints the Node version, the CPU,
 * the load of the machine and the run counts, and writes the whole output to
 * bench/RESULTS.md; then the store's benchmark (bench/store.ts, bench/RESULTS-store.md)
 * and, from the next command of the script, the service's (bench/serve.ts).
 * `BENCH_QUICK=1` runs a small version (a smoke test; it writes no file);
 * `BENCH_ONLY=calendar,replay,storage,cli,store,serve` runs only some sections, and
 * `npm run bench -- store` the store's alone.
 */

const quick = process.env.BENCH_QUICK === '1';
const only = benchSections(process.argv, process.env);

const calendarConfig: CalendarBenchConfig = quick
  ? { runs: 3, tableOpsPerRun: 2_000, naiveOpsPerRun: 1, buildRuns: 1 }
  : { runs: 7, tableOpsPerRun: 20_000, naiveOpsPerRun: 3, buildRuns: 3 };

const bulkConfig: BulkBenchConfig = quick
  ? { dossiers: 2_000, chunk: 200, pairedRuns: 3, fullRuns: 1, checkedWithXState: 100, scaling: [{ events: 1_000, runs: 3 }, { events: 10_000, runs: 1 }] }
  : {
      dossiers: 100_000,
      chunk: 2_500,
      pairedRuns: 7,
      fullRuns: 3,
      checkedWithXState: 2_000,
      scaling: [
        { events: 1_000, runs: 15 },
        { events: 10_000, runs: 9 },
        { events: 100_000, runs: 5 },
        { events: 1_000_000, runs: 3 },
      ],
    };

const storageConfig: StorageBenchConfig = quick ? { dossiers: 500, restored: 100, runs: 3 } : { dossiers: 10_000, restored: 2_000, runs: 5 };
const cliConfig: CliBenchConfig = { runs: quick ? 3 : 9 };

function runCounts(): string {
  const parts: string[] = [];
  if (only.has('calendar')) parts.push(`calendar ${calendarConfig.runs} runs`);
  if (only.has('replay')) {
    const scaling = bulkConfig.scaling.map((step) => step.runs).join('/');
    parts.push(
      `replay ${bulkConfig.fullRuns} passes over all dossiers and ${bulkConfig.pairedRuns} paired runs of ${bulkConfig.chunk.toLocaleString('en-US')} dossiers, scaling ${scaling} runs`,
    );
  }
  if (only.has('storage')) parts.push(`storage ${storageConfig.runs} runs`);
  if (only.has('cli')) parts.push(`start-up ${cliConfig.runs} runs`);
  return parts.join('; ');
}

interface Target {
  what: string;
  met: boolean;
  figure: string;
}

function rowOf(rows: readonly BenchRow[], section: string, name: string | RegExp): BenchRow | undefined {
  return rows.find((row) => row.section === section && (typeof name === 'string' ? row.name === name : name.test(row.name)));
}

function targetsOf(rows: readonly BenchRow[]): Target[] {
  const targets: Target[] = [];
  const ratios = rows.filter((row) => row.section.startsWith('calendar: ') && row.note?.startsWith('baseline: naive'));
  if (ratios.length > 0) {
    const worst = Math.min(...ratios.map((row) => row.ratio!));
    targets.push({ what: 'calendar: table >= 10,000x the naive day loop', met: worst >= 10_000, figure: `${formatNumber(worst)}x at worst (${ratios.length} queries)` });
  }
  const flat = rows.filter((row) => row.section.startsWith('calendar: ') && /2,000 working days/.test(row.name));
  if (flat.length > 0) {
    const ratio = Math.min(...flat.map((row) => row.ratio!));
    targets.push({ what: 'calendar: flat in the span (2,000 vs 2 working days)', met: ratio >= 1 / 1.5, figure: `2,000 working days cost ${formatNumber(1 / ratio)}x of 2 (flat: within 1.5x)` });
  }
  const throughput = rows.find((row) => row.section === 'replay: public API' && row.unit === 'events/s');
  if (throughput) {
    targets.push({ what: 'replay: >= 300,000 events/s on one core', met: throughput.value >= 300_000, figure: `${formatNumber(throughput.value)} events/s (${(throughput.value / 300_000).toFixed(2)} of the target)` });
  }
  const actor = rowOf(rows, 'replay: API vs baseline', /createActor/);
  if (actor?.ratio !== undefined) targets.push({ what: 'replay: >= 5x the naive createActor use', met: actor.ratio >= 5, figure: `${formatNumber(actor.ratio)}x` });
  const reducer = rowOf(rows, 'replay: API vs baseline', /reducer/);
  if (reducer?.ratio !== undefined) {
    targets.push({ what: 'replay: within 3x of the hand-written reducer', met: reducer.ratio >= 1 / 3, figure: `API ${formatNumber(1 / reducer.ratio)}x slower` });
  }
  const restore = rowOf(rows, 'storage: restoreDossier', /finished/);
  if (restore?.ratio !== undefined) {
    targets.push({ what: 'storage: restoreDossier >= 3x faster than over XState', met: restore.ratio >= 3, figure: `${formatNumber(restore.ratio)}x` });
  }
  const scaling = rows.filter((row) => row.section === 'scaling: public API' && !row.name.includes('kept'));
  if (scaling.length > 1) {
    const spread = Math.max(...scaling.map((row) => row.value)) / Math.min(...scaling.map((row) => row.value));
    targets.push({
      what: 'scaling: per-event cost flat from 1e3 to 1e6 events',
      met: spread <= 1.5,
      figure: `slowest step ${formatNumber(spread)}x the fastest (flat: within 1.5x); ${scaling.map((row) => formatNumber(row.value)).join(' / ')} us/event`,
    });
  }
  const sizes = rows.filter((row) => row.section.startsWith('storage: serializeDossier'));
  if (sizes.length > 0) {
    const largest = Math.max(...sizes.map((row) => Number(/max ([\d,]+)/.exec(row.note ?? '')?.[1]?.replace(/,/g, '') ?? row.value)));
    const medians = Math.max(...sizes.map((row) => row.value));
    targets.push({
      what: 'storage: a persisted dossier under 1 KB in every state',
      met: largest < 1024,
      figure: `largest ${largest.toLocaleString('en-US')} bytes; the median is under 1 KB in every state (at most ${formatNumber(medians)})`,
    });
  }
  const replay = rows.find((row) => row.section === 'start-up (wall time)' && row.name.startsWith('cli replay'));
  if (replay) targets.push({ what: 'start-up: CLI replay of one file < 250 ms', met: replay.value < 250, figure: `${formatNumber(replay.value)} ms` });
  return targets;
}

function formatTargets(targets: readonly Target[]): string {
  if (targets.length === 0) return '';
  const width = Math.max(...targets.map((target) => target.what.length));
  return `\nTargets\n${targets.map((target) => `  ${target.what.padEnd(width)}  ${target.met ? 'met   ' : 'MISSED'}  ${target.figure}`).join('\n')}\n`;
}

const started = Date.now();
const loadAtStart = loadavg();
const cores = cpus();
const rows: BenchRow[] = [];
let inputs = '';
const seconds: string[] = [];
let sectionStart = Date.now();
function sectionDone(name: string): void {
  seconds.push(`${name} ${((Date.now() - sectionStart) / 1000).toFixed(0)} s`);
  sectionStart = Date.now();
}

if (only.has('calendar')) {
  rows.push(...(await benchCalendar(calendarConfig)));
  sectionDone('calendar');
}
if (only.has('replay') || only.has('storage')) {
  const largest = Math.max(...bulkConfig.scaling.map((step) => step.events), 0);
  const generateStart = Date.now();
  const all = generateEvents(only.has('replay') ? largest : 0, undefined, Math.max(bulkConfig.dossiers, storageConfig.dossiers));
  const bulk = describeInputs(all.slice(0, bulkConfig.dossiers));
  inputs =
    `Inputs: ${bulk.dossiers.toLocaleString('en-US')} generated dossiers, ${bulk.events.toLocaleString('en-US')} events (${(bulk.events / bulk.dossiers).toFixed(2)} a dossier; ` +
    `${all.length.toLocaleString('en-US')} dossiers generated in all, in ${((Date.now() - generateStart) / 1000).toFixed(1)} s, bench/generate.ts)\n` +
    `Paths: ${bulk.mix}\n`;
  sectionDone('inputs');
  if (only.has('replay')) {
    rows.push(...benchBulk(all, bulkConfig));
    sectionDone('replay and scaling');
  }
  if (only.has('storage')) {
    rows.push(...benchStorage(all, storageConfig));
    sectionDone('storage');
  }
}
if (only.has('cli')) {
  rows.push(...benchCliStart(cliConfig));
  sectionDone('start-up');
}
checkSink();

if (MAIN_SECTIONS.some((section) => only.has(section))) {
  const loadAtEnd = loadavg();
  const header =
    `cpf-dossier benchmark (npm run bench${quick ? ', BENCH_QUICK=1' : ''})\n` +
    `Node ${process.version}, ${process.platform}-${process.arch}; CPU ${cores[0]?.model.trim() ?? 'unknown'} (${cores.length} logical cores); ` +
    `load average ${loadAtStart[0]!.toFixed(1)} at start, ${loadAtEnd[0]!.toFixed(1)} at end\n` +
    `Runs: ${runCounts()}.\n` +
    `Each figure is the median of its runs, after an untimed warm-up; a ratio is baseline / figure ("x faster"), ` +
    `the median of per-run ratios, figure and baseline timed back to back in the same run.\n` +
    inputs +
    '\n';
  const output = `${header}${formatBenchTable(rows)}${formatTargets(targetsOf(rows))}\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s (${seconds.join(', ')})\n`;
  process.stdout.write(output);

  if (!quick && MAIN_SECTIONS.every((section) => only.has(section))) {
    const results = new URL('../../bench/RESULTS.md', import.meta.url);
    writeFileSync(
      results,
      `# Benchmark results\n\nThe latest output of \`npm run bench\` (bench/run.ts), written by the benchmark itself. ` +
        `What each section measures, and why the figures are what they are: bench/README.md.\n\n\`\`\`text\n${output}\`\`\`\n`,
    );
  }
}

if (only.has('store')) {
  const output = await (await import('./store.js')).benchStore();
  process.stdout.write(`\n${output}`);
  if (!quick && !output.startsWith('store benchmark skipped')) {
    writeFileSync(
      new URL('../../bench/RESULTS-store.md', import.meta.url),
      `# Store benchmark results\n\nThe latest output of bench/store.ts (\`npm run bench\`, or \`npm run bench -- store\` alone), written by the benchmark itself.\n\n\`\`\`text\n${output}\`\`\`\n`,
    );
  }
}
