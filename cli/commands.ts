import { REGIONS } from '../calendar/regions.js';
import type { CommandSpec } from './command.js';

/**
 * Every command as data: usage, options and help, and the module that runs it, imported
 * only when it runs (`--help` and start-up load none of the model). To add a command, add
 * a row; cli/command.ts gives it `--help`, `--`, nearest-name errors and colour flags.
 */

/** The formats and machines are checked against diagram/index.ts by test/diagram.test.ts. */
export const DIAGRAM_FORMAT_NAMES = ['mermaid', 'dot', 'scxml', 'json'] as const;
export const DIAGRAM_MACHINE_NAMES = ['dossier', 'identity'] as const;

const REGION_HELP = 'the holiday calendar';

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'replay',
    summary: 'replay scenario files or folders and report what held',
    usage: ['replay PATH... [--verbose] [--json] [--html OUT]'],
    description: `Replays scenario files, or every .yaml, .yml and .json file in a folder
(recursively), through the public API. '-' reads one scenario from standard
input.

Exit status: 0 every scenario holds, 1 an expectation failed, 2 a file cannot be
read or does not follow the format (docs/scenarios.md).`,
    options: {
      verbose: { type: 'boolean', help: "print every scenario's timeline, not only the failed ones" },
      json: { type: 'boolean', help: 'print one JSON report on stdout instead (docs/scenarios.md)' },
      html: { type: 'string', value: 'OUT', help: 'also write a self-contained HTML report: calendars, deadlines, the statechart path' },
    },
    positionals: { min: 1, max: Infinity, name: 'scenario file or folder' },
    load: async () => (await import('./replay.js')).runReplay,
  },
  {
    name: 'workdays',
    summary: 'working-day arithmetic: add working days, count them, list the holidays',
    usage: ['workdays add DATE N [--calendar REGION]', 'workdays between A B [--calendar REGION]', 'workdays holidays YEAR [--calendar REGION] [--json]'],
    description: `  add DATE N     the N-th working day after DATE (DATE itself never counts),
                 and the public holidays it skipped
  between A B    how many working days x satisfy A < x <= B
  holidays YEAR  the public holidays of YEAR with their legal source, and the
                 days where the law corrects date-holidays

DATE, A and B are calendar dates, YYYY-MM-DD.`,
    options: {
      calendar: { type: 'string', value: 'REGION', help: REGION_HELP, choices: REGIONS, default: 'FR' },
      json: { type: 'boolean', help: 'holidays: print them as JSON instead' },
    },
    positionals: { min: 0, max: Infinity, name: 'argument' },
    subcommands: ['add', 'between', 'holidays'],
    load: async () => (await import('./workdays.js')).runWorkdays,
  },
  {
    name: 'diagram',
    summary: "print a machine's diagram, drawn from the machine itself",
    usage: ['diagram [--format FORMAT] [--machine MACHINE]'],
    description: `  mermaid  a Mermaid stateDiagram-v2, as code hosts render it
  dot      Graphviz (dot -Tsvg)
  scxml    W3C State Chart XML
  json     the machine's states and transitions as data (machineGraphOf)`,
    options: {
      format: { type: 'string', value: 'FORMAT', help: 'the diagram language', choices: DIAGRAM_FORMAT_NAMES, default: 'mermaid' },
      machine: { type: 'string', value: 'MACHINE', help: 'which machine', choices: DIAGRAM_MACHINE_NAMES, default: 'dossier' },
    },
    positionals: { min: 0, max: 0, name: 'argument' },
    load: async () => (await import('./diagram.js')).runDiagram,
  },
  {
    name: 'inspect',
    summary: 'replay a scenario into a live actor, watched in the Stately inspector',
    usage: ['inspect SCENARIO [--delay MS] [--port N]'],
    description: `Starts the inspector relay on 127.0.0.1, prints the page to open, then replays
the scenario into a real dossier actor (a TICK at each event's instant, then the
event), one step per key press (q, Escape or Ctrl-C stops) or one every --delay.`,
    options: {
      delay: { type: 'string', value: 'MS', help: 'one step every MS milliseconds instead of one per key press' },
      port: { type: 'string', value: 'N', help: "the relay's port, 0 to 65535, 0 for any free port", default: '0' },
    },
    positionals: { min: 1, max: 1, name: 'scenario file' },
    load: async () => (await import('./inspect.js')).runInspect,
  },
  {
    name: 'serve',
    summary: 'run the HTTP API and the scheduler over the dossier store',
    usage: ['serve [--data DIR | --database URL] [--tokens FILE] [options]'],
    description: `Runs the HTTP API (GET /openapi.json describes it) and the scheduler, on the
embedded store (./cpf-data, one process at a time) or a PostgreSQL server
(--database URL or DATABASE_URL, shared by several processes). Without
--tokens every request is served, on loopback only. SIGTERM or Ctrl-C stops
it: the requests in flight are answered, then the scheduler stops and the
store closes.`,
    options: {
      data: { type: 'string', value: 'DIR', help: "the embedded store's folder (default ./cpf-data)" },
      database: { type: 'string', value: 'URL', help: 'a postgres:// server (DATABASE_URL works too)' },
      host: { type: 'string', value: 'ADDRESS', help: 'the address to listen on; any but loopback needs --tokens', default: '127.0.0.1' },
      port: { type: 'string', value: 'N', help: 'the port, 0 for any free one', default: '8080' },
      tokens: { type: 'string', value: 'FILE', help: 'JSON or YAML list of { name, token | sha256:<hex>, role, dossiers? }' },
      'no-scheduler': { type: 'boolean', help: 'the API alone (cpf-dossier worker runs the scheduler)' },
      clock: { type: 'string', value: 'simulated:INSTANT', help: 'a clock standing at INSTANT, moved by POST /clock' },
      webhook: { type: 'string', value: 'URL', help: 'POST each notification there, signed with CPF_WEBHOOK_SECRET' },
    },
    positionals: { min: 0, max: 0, name: 'argument' },
    load: async () => (await import('./serve.js')).runServe,
  },
  {
    name: 'check',
    summary: 'rebuild every stored snapshot from its log and report those that differ',
    usage: ['check [--data DIR | --database URL]'],
    description: `Exit status: 0 every snapshot is rebuilt by its log, 1 some differ (one line
each), 2 the store cannot be opened. DATABASE_URL works as --database.`,
    options: {
      data: { type: 'string', value: 'DIR', help: "the embedded store's data folder (default ./cpf-data)" },
      database: { type: 'string', value: 'URL', help: 'a PostgreSQL server, postgres://...' },
    },
    positionals: { min: 0, max: 0, name: 'argument' },
    load: async () => (await import('./check.js')).runCheck,
  },
  {
    name: 'worker',
    summary: 'run the scheduler alone on a PostgreSQL server',
    usage: ['worker --database URL [--poll MS]'],
    description: `Several workers (and services) may run on one server: each takes due dossiers
that no other holds. Stops on Ctrl-C or SIGTERM. DATABASE_URL works as
--database.`,
    options: {
      database: { type: 'string', value: 'URL', help: 'the PostgreSQL server, postgres://...' },
      poll: { type: 'string', value: 'MS', help: 'how often to look for due dossiers when none was due', default: '1000' },
    },
    positionals: { min: 0, max: 0, name: 'argument' },
    load: async () => (await import('./worker.js')).runWorker,
  },
];
