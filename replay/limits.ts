/**
 * The most a scenario file may hold. A file past a limit is a file error (exit 2) that
 * says which limit, never a run that grows until the process dies. They are set so that
 * the largest file accepted replays in seconds and a few hundred MB: 16 MiB is about
 * 300,000 events in YAML, more than the event limit; 100,000 events is far past any real
 * dossier's life (a dozen accepted events) and what the fuzzer writes.
 */
export const SCENARIO_LIMITS = {
  /** Bytes in one file. */
  fileBytes: 16 * 1024 * 1024,
  /** Events in one scenario's `when`. */
  events: 100_000,
  /** Levels of nesting in one file; a scenario needs 4 (`then.outcome.cpfRights`). */
  depth: 64,
} as const;
