import type { AdapterState, TestPathAdapter, TestPathAdapterFactory } from '../../testing.js';
import { createExample, reduce, statePathOf, FRENCH_WORKING_DAYS } from './reducer.js';
import type { ExampleDossier, ExampleEvent, WorkingDays } from './reducer.js';

/**
 * The example reducer behind the three calls of a test-path adapter. `report` chooses
 * what getState tells: everything the reducer knows, or the state alone (a system that
 * shows nothing else is still tested through what it does).
 */
export function exampleAdapter(options: { days?: WorkingDays; report?: 'all' | 'state'; async?: boolean } = {}): TestPathAdapterFactory {
  const days = options.days ?? FRENCH_WORKING_DAYS;
  return (path) => {
    let dossier: ExampleDossier = createExample(path.setup, days);
    const adapter: TestPathAdapter = {
      send(event) {
        const step = reduce(dossier, event as ExampleEvent, days);
        dossier = step.dossier;
        return { rejected: step.rejected };
      },
      getState(): AdapterState {
        if (options.report === 'state') return { state: dossier.state };
        return {
          state: dossier.state,
          statePath: statePathOf(dossier),
          deadlines: dossier.deadlines,
          reason: dossier.reason,
          outcome: dossier.outcome,
          paidCents: dossier.paidCents,
          late: dossier.late,
          rating: dossier.rating,
          identity: dossier.identity,
        };
      },
    };
    if (!options.async) return adapter;
    // The same adapter as a remote service would be: every call answers later.
    const later = <T>(value: T | Promise<T>) => new Promise<T>((resolve) => setImmediate(() => resolve(value)));
    return {
      send: (event, step) => later(adapter.send(event, step)),
      getState: () => later(adapter.getState()),
    };
  };
}
