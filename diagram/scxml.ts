import type { MachineGraph, StateInfo, TransitionInfo } from '../machines/graph.js';
import { diagramModelOf } from './model.js';

/**
 * SCXML (W3C State Chart XML). State ids are the machine's state paths
 * (`finished.awaitingEvaluation`), which are valid XML ids. Transitions keep their
 * declaration order, which in SCXML is their priority; a targetless transition is an
 * internal one that stays. The root's transitions (the wildcard `*`, which SCXML matches
 * against any event, among them) cannot sit on `<scxml>` itself, so they sit on one
 * top-level `<state>` named after the machine that holds every state: as in XState, a
 * state's own transitions are tried before its ancestors'.
 * Guards go in `cond` as written in the machine; actions, tags and descriptions, which
 * SCXML has no words for, are attributes in the `cpf` namespace.
 */

export const SCXML_NAMESPACE = 'http://www.w3.org/2005/07/scxml';
export const CPF_NAMESPACE = 'urn:cpf-dossier:machine';

export function xmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

function attributes(pairs: Record<string, string | null>): string {
  return Object.entries(pairs)
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([key, value]) => ` ${key}="${xmlAttribute(value)}"`)
    .join('');
}

function transitionElement(transition: TransitionInfo, indent: string): string {
  return `${indent}<transition${attributes({
    event: transition.event,
    cond: transition.guard,
    target: transition.target,
    'cpf:actions': transition.actions.length > 0 ? transition.actions.join(' ') : null,
    'cpf:description': transition.description,
  })}/>`;
}

/** The id of the top-level state that holds the root's transitions: the machine's id, unless a state has it. */
export function scxmlRootId(graph: MachineGraph): string {
  let id = graph.id;
  while (graph.states.some((state) => state.path === id)) id = `${id}_`;
  return id;
}

export function toScxml(graph: MachineGraph): string {
  const model = diagramModelOf(graph);
  const rootId = scxmlRootId(graph);
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // (No double hyphen may appear in an XML comment: hence no option names here.)
    `<!-- The ${graph.id} machine, generated from the machine by the cpf-dossier diagram command. Do not edit by hand. -->`,
    `<scxml xmlns="${SCXML_NAMESPACE}" xmlns:cpf="${CPF_NAMESPACE}" version="1.0"${attributes({ name: graph.id, initial: rootId })}>`,
  ];

  const element = (state: StateInfo, depth: number) => {
    const indent = '  '.repeat(depth);
    const tag = state.type === 'final' ? 'final' : state.type === 'parallel' ? 'parallel' : 'state';
    const own = model.drawn.filter((transition) => transition.source === state.path);
    const children = model.children.get(state.path) ?? [];
    const open = `${indent}<${tag}${attributes({
      id: state.path,
      initial: state.initial,
      'cpf:tags': state.tags.length > 0 ? state.tags.join(' ') : null,
      'cpf:description': state.description,
    })}`;
    if (own.length === 0 && children.length === 0) {
      lines.push(`${open}/>`);
      return;
    }
    lines.push(`${open}>`);
    for (const transition of own) lines.push(transitionElement(transition, `${indent}  `));
    for (const child of children) element(child, depth + 1);
    lines.push(`${indent}</${tag}>`);
  };

  lines.push(`  <state${attributes({ id: rootId, initial: graph.initial || null })}>`);
  for (const transition of model.everywhere) lines.push(transitionElement(transition, '    '));
  for (const state of model.children.get('') ?? []) element(state, 2);
  lines.push('  </state>');
  lines.push('</scxml>');
  return `${lines.join('\n')}\n`;
}
