import type { AnyStateMachine } from 'xstate';

/**
 * A machine's own definition as plain data: every state and every transition with its
 * event, guard and description. Diagrams, the HTML report and coverage counts are all
 * drawn from this, so none of them can drift from the machine.
 */

export interface StateInfo {
  /** Dotted path from the root, e.g. `finished.evaluated`. */
  path: string;
  key: string;
  parent: string | null;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** For a compound state: the path of its initial child. */
  initial: string | null;
  tags: string[];
  description: string | null;
}

export interface TransitionInfo {
  /** Stable id: `source|EVENT|index`. */
  id: string;
  /** Path of the state that declares it ('' for the root). */
  source: string;
  event: string;
  /** Path of the target, or null for a transition that stays (a refusal, a record). */
  target: string | null;
  /** The guard as written in the machine: `!identityIsUsable`, `trainingHasStarted && forceMajeure`. */
  guard: string | null;
  actions: string[];
  /** The string parameters its actions are given, e.g. `{ row: 'free' }`: the cancellation row a HOLDER_CANCELS transition applies. */
  params: Record<string, string>;
  description: string | null;
}

export interface MachineGraph {
  id: string;
  initial: string;
  states: StateInfo[];
  transitions: TransitionInfo[];
}

interface GuardLike {
  type?: string;
  guards?: unknown[];
  params?: Record<string, unknown>;
  check?: unknown;
  name?: string;
}

function guardText(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  const g = guard as GuardLike;
  if (Array.isArray(g.guards)) {
    const parts = g.guards.map((inner) => guardText(inner) ?? '?');
    const fn = typeof guard === 'function' ? (guard as { name: string }).name : g.type;
    if (fn === 'not' || fn === 'xstate.not') return `!${parts[0]}`;
    if (fn === 'or' || fn === 'xstate.or') return parts.join(' || ');
    return parts.join(' && ');
  }
  if (typeof g.type === 'string') {
    const params = g.params ? Object.values(g.params).filter((value) => typeof value === 'string') : [];
    return params.length ? `${g.type}(${params[0]})` : g.type;
  }
  return 'guard';
}

function stringParamsOf(actions: unknown[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const action of actions) {
    for (const [name, value] of Object.entries((action as { params?: Record<string, unknown> }).params ?? {})) {
      if (typeof value === 'string') params[name] = value;
    }
  }
  return params;
}

function actionText(action: unknown): string {
  if (typeof action === 'string') return action;
  const a = action as { type?: string; params?: Record<string, unknown> };
  const code = a.params?.code;
  return typeof code === 'string' ? `${a.type}(${code})` : (a.type ?? 'action');
}

interface NodeLike {
  key: string;
  path: string[];
  type: StateInfo['type'];
  states: Record<string, NodeLike>;
  tags: string[];
  description?: string;
  initial?: { target: NodeLike[] };
  transitions: Map<string, Array<{ target?: NodeLike[]; guard?: unknown; actions: unknown[]; description?: string }>>;
}

/** Walks a machine's definition into states and transitions, in declaration order. */
export function machineGraphOf(machine: AnyStateMachine): MachineGraph {
  const states: StateInfo[] = [];
  const transitions: TransitionInfo[] = [];
  const visit = (node: NodeLike, parent: string | null) => {
    const path = node.path.join('.');
    if (parent !== null) {
      states.push({
        path,
        key: node.key,
        parent: parent === '' ? null : parent,
        type: node.type,
        initial: node.type === 'compound' && node.initial ? node.initial.target[0]!.path.join('.') : null,
        tags: [...node.tags],
        description: node.description ?? null,
      });
    }
    for (const [event, list] of node.transitions) {
      list.forEach((transition, index) => {
        transitions.push({
          id: `${path}|${event}|${index}`,
          source: path,
          event,
          target: transition.target?.[0] ? transition.target[0].path.join('.') : null,
          guard: guardText(transition.guard),
          actions: transition.actions.map(actionText),
          params: stringParamsOf(transition.actions),
          description: transition.description ?? null,
        });
      });
    }
    for (const child of Object.values(node.states)) visit(child, path);
  };
  const root = machine.root as unknown as NodeLike;
  visit(root, null);
  return {
    id: machine.id,
    initial: root.initial ? root.initial.target[0]!.path.join('.') : '',
    states,
    transitions,
  };
}
