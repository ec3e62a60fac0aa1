import { applyEvent, createDossier, withXStateSteps } from '../api/dossier.js';
import type { Dossier } from '../api/dossier.js';
import { restoreDossier, serializeDossier } from '../api/persist.js';
import { DOSSIER_STATES } from '../machines/types.js';
import type { BenchRow } from './format.js';
import type { GeneratedDossier } from './generate.js';
import { median, pairedRatio, rounds } from './measure.js';

/**
 * Storage: the bytes of a persisted dossier (serializeDossier, UTF-8) in each state it
 * passes through, and the time to persist and restore one (restoreDossier replays the
 * history), held against replaying the same events through the API.
 */

export interface StorageBenchConfig {
  /** Dossiers measured (the first of the generated ones). */
  dossiers: number;
  /** Dossiers persisted and restored per run, and the runs. */
  restored: number;
  runs: number;
}

function replayed(generated: GeneratedDossier, onStep?: (dossier: Dossier) => void): Dossier {
  const created = createDossier(generated.setup);
  if (!created.ok) throw new Error(created.error.message);
  let dossier = created.dossier;
  onStep?.(dossier);
  for (const event of generated.events) {
    const result = applyEvent(dossier, event);
    if (result.dossier !== dossier) onStep?.(result.dossier);
    dossier = result.dossier;
  }
  return dossier;
}

function sizeRows(dossiers: readonly GeneratedDossier[]): BenchRow[] {
  const sizes = new Map<string, number[]>();
  for (const generated of dossiers) {
    replayed(generated, (dossier) => {
      const bytes = Buffer.byteLength(serializeDossier(dossier), 'utf8');
      const list = sizes.get(dossier.statePath) ?? [];
      list.push(bytes);
      sizes.set(dossier.statePath, list);
    });
  }
  const order = (path: string) => DOSSIER_STATES.indexOf(path.split('.')[0] as (typeof DOSSIER_STATES)[number]) * 10 + (path.endsWith('evaluated') ? 1 : 0);
  return [...sizes]
    .sort((a, b) => order(a[0]) - order(b[0]))
    .map(([path, list]) => {
      const max = Math.max(...list);
      return {
        section: 'storage: serializeDossier (bytes)',
        name: path,
        value: median(list),
        unit: 'bytes',
        note: `median of ${list.length.toLocaleString('en-US')} snapshots, max ${max.toLocaleString('en-US')}${max < 1024 ? '' : ' (over 1 KB)'}`,
      };
    });
}

function restoreRows(dossiers: readonly GeneratedDossier[], config: StorageBenchConfig): BenchRow[] {
  const finals = dossiers.map((generated) => replayed(generated));
  const texts = finals.map((dossier) => serializeDossier(dossier));
  for (let i = 0; i < finals.length; i++) {
    const restored = restoreDossier(texts[i]!);
    if (!restored.ok || serializeDossier(restored.dossier) !== texts[i]) {
      throw new Error(`bench: dossier ${i} does not restore to itself: ${restored.ok ? 'it differs' : restored.error.message}`);
    }
  }
  const per = config.restored;
  const persistRestore = () => {
    let bytes = 0;
    for (const dossier of finals) {
      const text = serializeDossier(dossier);
      bytes += text.length;
      if (!restoreDossier(text).ok) throw new Error('bench: restore failed');
    }
    return bytes;
  };
  const persistOnly = () => {
    let bytes = 0;
    for (const dossier of finals) bytes += serializeDossier(dossier).length;
    return bytes;
  };
  const replay = () => {
    let length = 0;
    for (const generated of dossiers) length += replayed(generated).history.length;
    return length;
  };
  // Finished dossiers (a final state, or finished): the longest histories a restore replays.
  const finished = texts.filter((_, i) => finals[i]!.context.endedAt !== null || finals[i]!.state === 'finished');
  const restoreAll = () => {
    let entries = 0;
    for (const text of finished) {
      const restored = restoreDossier(text);
      if (!restored.ok) throw new Error('bench: restore failed');
      entries += restored.dossier.history.length;
    }
    return entries;
  };
  const restoreAllWithXState = () => withXStateSteps(restoreAll);
  const [both, persist, again, fastRestore, xstateRestore] = rounds([persistRestore, persistOnly, replay, restoreAll, restoreAllWithXState], config.runs).map(
    (times, k) => times.map((ns) => ns / (k < 3 ? per : finished.length) / 1000),
  );
  const entries = finished.reduce((n, text) => n + (JSON.parse(text) as { history: unknown[] }).history.length, 0);
  return [
    {
      section: 'storage: restoreDossier',
      name: 'a finished dossier (final state or finished)',
      value: median(fastRestore!),
      unit: 'us/dossier',
      baseline: median(xstateRestore!),
      ratio: pairedRatio(xstateRestore!, fastRestore!),
      note: `baseline: the same restore over XState's step (before); ${finished.length.toLocaleString('en-US')} dossiers, ${(entries / finished.length).toFixed(1)} history entries each, x ${config.runs} runs; target >= 3x`,
    },
    {
      section: 'storage: persist + restore',
      name: 'serializeDossier + restoreDossier',
      value: median(both!),
      unit: 'us/dossier',
      baseline: median(again!),
      ratio: pairedRatio(again!, both!),
      note: `baseline: replaying its events through the API; ${per.toLocaleString('en-US')} dossiers x ${config.runs} runs`,
    },
    {
      section: 'storage: persist + restore',
      name: 'serializeDossier alone',
      value: median(persist!),
      unit: 'us/dossier',
      note: 'JSON with an FNV-1a checksum',
    },
  ];
}

export function benchStorage(all: readonly GeneratedDossier[], config: StorageBenchConfig): BenchRow[] {
  return [...sizeRows(all.slice(0, config.dossiers)), ...restoreRows(all.slice(0, config.restored), config)];
}
