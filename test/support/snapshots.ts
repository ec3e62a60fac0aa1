import type { AnyMachineSnapshot } from 'xstate';
import { machineSnapshotOf } from '../../api/dossier.js';
import type { Dossier } from '../../api/dossier.js';
import { EVENT_TYPES } from '../../machines/types.js';

const SAMPLE_EVENTS = EVENT_TYPES.map((type) => ({ type, at: Date.parse('2026-05-20T10:00:00Z'), method: 'online', code: '0421', rating: 4, forceMajeure: false }));

/**
 * XState's snapshot as a reader sees it: every public field, what it serialises to, its
 * tags, meta and `can` for every event type; `_nodes` as a set (its order is XState's
 * bookkeeping of how the state was reached, not part of the state).
 */
export function snapshotView(snapshot: AnyMachineSnapshot) {
  return {
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status,
    output: snapshot.output,
    error: snapshot.error,
    children: snapshot.children,
    historyValue: snapshot.historyValue,
    tags: [...snapshot.tags].sort(),
    nodes: snapshot._nodes.map((node) => node.id).sort(),
    meta: snapshot.getMeta(),
    json: JSON.stringify(snapshot),
    can: SAMPLE_EVENTS.map((event) => snapshot.can(event as never)),
    machine: snapshot.machine.id,
  };
}

/** `snapshotView` of a dossier's snapshot (machineSnapshotOf), as text to compare. */
export function snapshotText(dossier: Dossier): string {
  return JSON.stringify(snapshotView(machineSnapshotOf(dossier)));
}
