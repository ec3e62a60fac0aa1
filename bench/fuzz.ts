/**
 * The fuzzer: rules.md section 8 on 100,000 random event sequences or more
 * (model/properties.ts), each also replayed through XState's own step and compared with
 * the fast step the API takes (machines/fast-step.ts), with the seed printed so that any run can be repeated. A
 * failure is shrunk by fast-check and written as a scenario file (shared/spec/scenarios.md)
 * to replay with `cpf-dossier replay FILE`.
 *
 *   npm run fuzz                                  # 100,000 sequences, a random seed
 *   npm run fuzz -- --runs 500000 --seed 42       # more, and a chosen seed
 *   npm run fuzz -- --extremes                    # also instants at the edges of the calendar and of Date
 *   npm run fuzz -- --years 1950-2150 --max-events 60 --out dist/fuzz
 *
 * Exit status: 0 when every sequence holds, 1 when one fails, 2 for bad arguments.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { emptyStats, sequenceFailureOf, sequenceProperty, sequenceToYaml } from '../model/properties.js';
import type { PlanOptions } from '../model/properties.js';

interface FuzzOptions {
  runs: number;
  seed: number;
  out: string;
  plan: PlanOptions;
  /** fast-check's path of a counterexample, to replay it alone (printed with a failure). */
  path: string | undefined;
}

function usage(message: string): never {
  process.stderr.write(
    `fuzz: ${message}\nUsage: node dist/bench/fuzz.js [--runs N] [--seed N] [--extremes] [--years FIRST-LAST] [--max-events N] [--out DIR] [--path P]\n`,
  );
  process.exit(2);
}

function wholeNumber(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !Number.isSafeInteger(value)) usage(`${flag} needs a whole number; got ${text ?? 'nothing'}`);
  return value;
}

function parseArgs(argv: string[]): FuzzOptions {
  const options: FuzzOptions = {
    runs: 100_000,
    seed: Date.now() % 2_147_483_647,
    out: 'dist/fuzz',
    plan: { firstYear: 1990, lastYear: 2090, maxEvents: 30 },
    path: undefined,
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index]!;
    const next = () => argv[++index];
    switch (flag) {
      case '--runs':
        options.runs = wholeNumber(flag, next());
        break;
      case '--seed':
        options.seed = wholeNumber(flag, next());
        break;
      case '--out':
        options.out = next() ?? usage('--out needs a folder');
        break;
      case '--extremes':
        options.plan.extremes = true;
        break;
      case '--max-events':
        options.plan.maxEvents = wholeNumber(flag, next());
        break;
      case '--years': {
        const match = /^(\d{3,4})-(\d{3,4})$/.exec(next() ?? '');
        if (!match) usage('--years needs FIRST-LAST, e.g. 1990-2090');
        options.plan.firstYear = Number(match[1]);
        options.plan.lastYear = Number(match[2]);
        break;
      }
      case '--path':
        options.path = next() ?? usage('--path needs the path fast-check printed');
        break;
      case '--help':
        usage('help');
        break;
      default:
        usage(`unknown argument '${flag}'`);
    }
  }
  return options;
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  const stats = emptyStats();
  const started = performance.now();
  let lastReport = started;
  // Progress, every 10 seconds, on stderr.
  const property = sequenceProperty(options.plan, stats).afterEach((previous) => {
    previous();
    const now = performance.now();
    if (now - lastReport > 10_000) {
      lastReport = now;
      process.stderr.write(`  ${stats.sequences.toLocaleString('en')} sequences in ${((now - started) / 1000).toFixed(0)} s\n`);
    }
  });
  process.stdout.write(
    `fuzz: ${options.runs.toLocaleString('en')} sequences, seed ${options.seed}, training years ${options.plan.firstYear}-${options.plan.lastYear}, up to ${options.plan.maxEvents} events${options.plan.extremes ? ', extreme instants' : ''}\n`,
  );
  const result = fc.check(property, { numRuns: options.runs, seed: options.seed, ...(options.path ? { path: options.path } : {}) });
  const seconds = (performance.now() - started) / 1000;
  const reached = Object.entries(stats.reached)
    .sort(([, a], [, b]) => b - a)
    .map(([state, n]) => `${state} ${n.toLocaleString('en')}`)
    .join(', ');
  process.stdout.write(
    `fuzz: ${result.numRuns.toLocaleString('en')} sequences checked in ${seconds.toFixed(1)} s (seed ${options.seed}); ${stats.events.toLocaleString('en')} events, ${stats.rejected.toLocaleString('en')} rejected\n` +
      `  sequences reaching each state: ${reached}\n`,
  );
  if (!result.failed) {
    process.stdout.write('fuzz: every invariant of rules.md section 8 held.\n');
    return 0;
  }
  const failure = sequenceFailureOf(result.errorInstance);
  process.stdout.write(
    `fuzz: FAILED after ${result.numRuns} sequences, shrunk ${result.numShrinks} times.\n` +
      `  repeat: npm run fuzz -- --seed ${options.seed} --path ${result.counterexamplePath ?? ''}${options.plan.extremes ? ' --extremes' : ''}\n`,
  );
  if (!failure) {
    process.stdout.write(`${String(result.errorInstance)}\n`);
    return 1;
  }
  process.stdout.write(`  ${failure.message.split('\n').join('\n  ')}\n`);
  const yaml = sequenceToYaml(
    failure.sequence,
    failure.violation,
    `fuzz counterexample: ${failure.violation.invariant}`,
    `Found by npm run fuzz -- --seed ${options.seed}${options.plan.extremes ? ' --extremes' : ''} (counterexample path ${result.counterexamplePath}).\nInvariant broken: ${failure.violation.invariant}.`,
  );
  const folder = resolve(options.out);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `counterexample-${options.seed}.yaml`);
  writeFileSync(file, yaml);
  process.stdout.write(`\n${yaml}\nfuzz: counterexample written to ${file}\n  replay: npx cpf-dossier replay ${file}\n`);
  return 1;
}

process.exitCode = main();
