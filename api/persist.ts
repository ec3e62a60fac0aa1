import { describeValue, formatInstant } from '../calendar/index.js';
import { applyEvent, createDossier } from './dossier.js';
import type { Dossier, DossierInput, HistoryEntry } from './dossier.js';
import { parseInstantInput } from './events.js';
import type { DossierEventInput } from './events.js';

/** The version of the stored form this code writes and reads. */
export const SCHEMA_VERSION = 1;

/** A dossier as JSON: its setup, its audit trail and its clock; the state is replayed from them. */
export interface PersistedDossier {
  schemaVersion: typeof SCHEMA_VERSION;
  setup: {
    calendar: string;
    training: { start: string; end: string };
    exemption: string | null;
    identityActivatedAt: string | null;
  };
  clock: string | null;
  /** The state path, for a reader; checked against the replay. */
  state: string;
  history: StoredHistoryEntry[];
  /** FNV-1a of the rest, so that a hand-edited or truncated record is caught. */
  checksum: string;
}

/** What a history entry adds to its instant, event and state after it. */
export type StoredHistoryDetails = Pick<HistoryEntry, 'deadline' | 'identity' | 'method' | 'rating' | 'forceMajeure'>;

/**
 * A history entry as stored: `[at, event, to]`, and the entry's details when it has any
 * (`{ forceMajeure: false }`, `{ deadline: 'organisationResponse' }`, ...). The state
 * before is the previous entry's state after, so it is not stored: a long life (identity
 * events, declarations, an evaluation) stays under 1 KB.
 */
export type StoredHistoryEntry = [at: string, event: HistoryEntry['event'], to: string, details?: StoredHistoryDetails];

const DETAIL_FIELDS = ['deadline', 'identity', 'method', 'rating', 'forceMajeure'] as const;

function storedEntryOf(entry: HistoryEntry): StoredHistoryEntry {
  // Speed: restoreDossier makes one per entry; one object, made only when needed.
  let details: Record<string, unknown> | undefined;
  for (const field of DETAIL_FIELDS) {
    const value = entry[field];
    if (value !== undefined) (details ??= {})[field] = value;
  }
  return details !== undefined ? [entry.at, entry.event, entry.to, details as StoredHistoryDetails] : [entry.at, entry.event, entry.to];
}

export interface RestoreError {
  code: 'UNKNOWN_SCHEMA_VERSION' | 'INVALID_SNAPSHOT' | 'TAMPERED_SNAPSHOT';
  message: string;
  /** Where in the stored record, e.g. `history[3].at`. */
  field?: string;
}

export type RestoreResult = { ok: true; dossier: Dossier } | { ok: false; error: RestoreError };

/**
 * JSON with the keys of every object sorted (by UTF-16 code units) and undefined values
 * left out: the text the checksum is taken of. Speed: restoreDossier writes the whole
 * record with it; string building with sorted Object.keys costs a fraction of
 * Object.entries, filter, sort, map and join, for the same text.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      // As Array#join writes it: nothing for an item JSON has no text for.
      text += canonicalJson(value[index]) ?? '';
    }
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let text = '{';
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      if (text.length > 1) text += ',';
      text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `${text}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether a stored entry, as read, is the replayed one (`storedEntryOf`): what comparing
 * their canonicalJson says, without writing either (restoreDossier asks it for every entry).
 */
function isSameStoredEntry(replayed: StoredHistoryEntry, stored: unknown[]): boolean {
  if (stored.length !== replayed.length || stored[0] !== replayed[0] || stored[1] !== replayed[1] || stored[2] !== replayed[2]) return false;
  if (replayed.length === 3) return true;
  const details = stored[3];
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return false;
  const expected = replayed[3] as Record<string, unknown>;
  let count = 0;
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined) continue;
    if (value !== expected[key]) return false;
    count++;
  }
  return count === Object.keys(expected).length;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `fnv1a32:${hash.toString(16).padStart(8, '0')}`;
}

function checksumOf(record: Omit<PersistedDossier, 'checksum'>): string {
  return fnv1a(canonicalJson(record));
}

/** The JSON-safe stored form of a dossier. */
export function persistDossier(dossier: Dossier): PersistedDossier {
  const { setup } = dossier;
  const record: Omit<PersistedDossier, 'checksum'> = {
    schemaVersion: SCHEMA_VERSION,
    setup: {
      calendar: setup.calendar,
      training: { ...setup.training },
      exemption: setup.exemption,
      identityActivatedAt: setup.identityActivatedAt === null ? null : formatInstant(setup.identityActivatedAt, setup.calendar),
    },
    clock: dossier.clock === null ? null : formatInstant(dossier.clock, setup.calendar),
    state: dossier.statePath,
    history: dossier.history.map(storedEntryOf),
  };
  return { ...record, checksum: checksumOf(record) };
}

/** `persistDossier` as a JSON string. */
export function serializeDossier(dossier: Dossier): string {
  return JSON.stringify(persistDossier(dossier));
}

function fail(code: RestoreError['code'], message: string, field?: string): RestoreResult {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

function replayEventOf(entry: StoredHistoryEntry): Record<string, unknown> {
  const [at, event, , details] = entry;
  switch (event) {
    case 'DEADLINE_PASSED':
      return { type: 'TICK', at };
    case 'IDENTITY_ACTIVATED':
      // The code is never stored; only its format was ever checked, so any valid code replays it.
      return { type: event, at, code: '0000' };
    case 'IDENTITY_VERIFIED':
      return { type: event, at, method: details?.method };
    case 'EVALUATED':
      return { type: event, at, rating: details?.rating };
    case 'HOLDER_CANCELS':
      return { type: event, at, forceMajeure: details?.forceMajeure };
    default:
      return { type: event, at };
  }
}

/**
 * Restores a stored dossier (a `PersistedDossier` or its JSON text) by replaying its
 * history, so that it continues exactly as the original would. A record of another
 * schema version, or one that does not replay to what it says, is an error; there is
 * no half-restored dossier.
 */
export function restoreDossier(stored: unknown): RestoreResult {
  let record: unknown = stored;
  if (typeof stored === 'string') {
    try {
      record = JSON.parse(stored);
    } catch (error) {
      return fail('INVALID_SNAPSHOT', `the stored dossier is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return fail('INVALID_SNAPSHOT', `a stored dossier must be an object; got ${describeValue(record)}`);
  }
  const persisted = record as Partial<PersistedDossier>;
  if (persisted.schemaVersion !== SCHEMA_VERSION) {
    return fail(
      'UNKNOWN_SCHEMA_VERSION',
      `stored dossier has schema version ${describeValue(persisted.schemaVersion)}; this version of cpf-dossier reads version ${SCHEMA_VERSION}`,
      'schemaVersion',
    );
  }
  const { checksum, ...rest } = persisted;
  if (checksum !== checksumOf(rest as Omit<PersistedDossier, 'checksum'>)) {
    return fail('TAMPERED_SNAPSHOT', 'the stored dossier does not match its checksum: it was changed after it was written', 'checksum');
  }
  try {
    // A stored setup is JSON: createDossier checks its calendar and exemption at run time.
    const created = createDossier({ ...(persisted.setup as PersistedDossier['setup']) } as DossierInput);
    if (!created.ok) return fail('INVALID_SNAPSHOT', created.error.message, `setup.${created.error.field}`);
    if (!Array.isArray(persisted.history)) return fail('INVALID_SNAPSHOT', 'history must be a list', 'history');
    let dossier = created.dossier;
    for (const [index, entry] of persisted.history.entries()) {
      if (!Array.isArray(entry) || entry.length < 3 || entry.length > 4) {
        return fail('INVALID_SNAPSHOT', `history[${index}] is ${describeValue(entry)}: expected [at, event, state after, details?]`, `history[${index}]`);
      }
      const applied = applyEvent(dossier, replayEventOf(entry) as DossierEventInput);
      const replayed = applied.ok ? applied.dossier.history[index] : undefined;
      if (!replayed || !isSameStoredEntry(storedEntryOf(replayed), entry)) {
        const why = applied.ok ? `it replays as ${canonicalJson(storedEntryOf(replayed!))}` : `it is refused: ${applied.rejection.message}`;
        return fail('TAMPERED_SNAPSHOT', `history[${index}] (${describeValue(entry[1])}) does not replay: ${why}`, `history[${index}]`);
      }
      dossier = applied.dossier;
    }
    if (persisted.clock !== null) {
      const clock = parseInstantInput(persisted.clock, dossier.setup.calendar);
      if (!clock.ok) return fail('INVALID_SNAPSHOT', `clock ${clock.error}`, 'clock');
      const advanced = applyEvent(dossier, { type: 'TICK', at: clock.value });
      if (!advanced.ok || advanced.dossier.history.length !== dossier.history.length) {
        return fail('TAMPERED_SNAPSHOT', `clock ${persisted.clock} does not fit the history`, 'clock');
      }
      dossier = advanced.dossier;
    } else if (persisted.history.length > 0) {
      return fail('TAMPERED_SNAPSHOT', 'clock is null but the history is not empty', 'clock');
    }
    if (dossier.statePath !== persisted.state) {
      return fail('TAMPERED_SNAPSHOT', `state is '${persisted.state}' but the history replays to '${dossier.statePath}'`, 'state');
    }
    return { ok: true, dossier };
  } catch (error) {
    return fail('INVALID_SNAPSHOT', `the stored dossier could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

