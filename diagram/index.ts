import type { AnyStateMachine } from 'xstate';
import { dossierMachine } from '../machines/dossier.js';
import { machineGraphOf } from '../machines/graph.js';
import { identityMachine } from '../machines/identity.js';
import { toDot } from './dot.js';
import { toMermaid } from './mermaid.js';
import { toScxml } from './scxml.js';

/**
 * Diagrams of the machines, every one drawn from `machineGraphOf(machine)`: none is
 * written by hand, so none can drift from the machine.
 */

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'scxml', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export type DiagramMachineName = 'dossier' | 'identity';

export const DIAGRAM_MACHINES: Readonly<Record<DiagramMachineName, AnyStateMachine>> = {
  dossier: dossierMachine,
  identity: identityMachine,
};

export function isDiagramFormat(value: string): value is DiagramFormat {
  return (DIAGRAM_FORMATS as readonly string[]).includes(value);
}

export function isDiagramMachineName(value: string): value is DiagramMachineName {
  return Object.hasOwn(DIAGRAM_MACHINES, value);
}

/** The diagram of any machine, in one format; ends with a newline. */
export function diagramOfMachine(machine: AnyStateMachine, format: DiagramFormat): string {
  const graph = machineGraphOf(machine);
  switch (format) {
    case 'mermaid':
      return toMermaid(graph);
    case 'dot':
      return toDot(graph);
    case 'scxml':
      return toScxml(graph);
    case 'json':
      return `${JSON.stringify(graph, null, 2)}\n`;
  }
}

/** The diagram of one of the package's machines (`cpf-dossier diagram`). */
export function diagramOf(name: DiagramMachineName, format: DiagramFormat): string {
  return diagramOfMachine(DIAGRAM_MACHINES[name], format);
}

export { toDot } from './dot.js';
export { toMermaid } from './mermaid.js';
export { toScxml } from './scxml.js';
