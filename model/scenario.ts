import { stringify } from 'yaml';

/**
 * A scenario file (shared/spec/scenarios.md) as data, and its YAML text: how a generated
 * test path or a counterexample found by the fuzzer is written down to be replayed with
 * `cpf-dossier replay`.
 */
export interface ScenarioStep {
  at: string;
  event: string;
  method?: string;
  code?: string;
  rating?: number;
  forceMajeure?: boolean;
  expect?: { state?: string; rejected?: string };
}

export interface ScenarioThen {
  state?: string;
  reason?: string;
  outcome?: { cpfRights: string; resteACharge: string };
  /** Euros, at most 2 decimals. */
  paid?: number;
  deadlines?: Record<string, string>;
  late?: string[];
  overdue?: string[];
  rating?: number;
}

export interface ScenarioDocument {
  name: string;
  description?: string;
  calendar?: string;
  given: {
    identityActivatedAt?: string;
    exemption?: string;
    training: { start: string; end: string };
  };
  when: ScenarioStep[];
  then?: ScenarioThen;
}

/** The one-line name a scenario needs. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The YAML text of a scenario, fields in the order of scenarios.md. */
export function scenarioToYaml(document: ScenarioDocument, comment?: string): string {
  const ordered: Record<string, unknown> = { name: oneLine(document.name) };
  if (document.description !== undefined) ordered.description = document.description;
  if (document.calendar !== undefined) ordered.calendar = document.calendar;
  ordered.given = document.given;
  ordered.when = document.when;
  if (document.then !== undefined) ordered.then = document.then;
  const text = stringify(ordered, { lineWidth: 0 });
  const header = comment === undefined ? '' : `${comment.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n`;
  return header + text;
}
