/**
 * One line per command, for `cpf-dossier --help` and each command's own errors. Kept
 * apart from the commands so that `--help` and start-up load none of the model.
 */
export const REPLAY_USAGE = 'replay PATH... [--json] [--html OUT]   replay scenario files or folders (recursively); --html writes a timeline report';
export const WORKDAYS_SUMMARY = 'workdays add DATE N | workdays between A B  [--calendar FR-57]   working-day arithmetic';
/** The formats and machines are checked against diagram/index.ts by test/diagram.test.ts. */
export const DIAGRAM_USAGE = "diagram [--format mermaid|dot|scxml|json] [--machine dossier|identity]   print a machine's diagram, drawn from the machine itself";
export const INSPECT_USAGE = 'inspect SCENARIO.yaml [--delay MS] [--port N]   replay a scenario into a live dossier actor, watched in the Stately inspector';
export const SERVE_USAGE = 'serve [--data DIR | --database URL] [--host 127.0.0.1] [--port 8080] [--tokens FILE] [--no-scheduler] [--clock simulated:INSTANT] [--webhook URL]   run the HTTP API and the scheduler';
