import type * as NodeCrypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describeValue, formatInstant } from '../calendar/index.js';
import { EVENT_TYPES } from '../machines/types.js';
import { applyEvent, createDossier, isDossier, notADossier } from './dossier.js';
import type { Dossier, DossierInput, HistoryEntry } from './dossier.js';
import { IDENTITY_CODE_STAND_IN, parseInstantInput } from './events.js';
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
  /**
   * FNV-1a of the rest (but `signature`): it catches accidents (a truncated or corrupted
   * record, a careless hand edit), not edits by someone who recomputes it.
   */
  checksum: string;
  /** With a key: `hmac-sha256:<hex>` of the same text; only a holder of the key can make it. */
  signature?: string;
}

/** The secret a service signs its stored dossiers with (HMAC-SHA256): a non-empty string or bytes, or a secret KeyObject. */
export type SigningKey = string | Uint8Array | KeyObject;

export interface PersistOptions {
  /** Sign the record: restoreDossier then needs the same key, and refuses a record that does not match it. */
  key?: SigningKey;
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
 * What a stored dossier may hold, so that something else (a text of a megabyte, a record
 * nested thousands deep or with a cycle) is refused before any work: a real record is
 * under 1 KB and 4 levels deep, its history a dozen entries at most.
 */
export const STORED_LIMITS = { textLength: 1_000_000, depth: 8, values: 10_000 } as const;

/** Where canonical JSON is written: into a text, or straight into its checksum. */
interface CanonicalSink {
  write(piece: string): void;
  /** A string as JSON writes it (quoted, escaped). */
  writeString(value: string): void;
}

class TextSink implements CanonicalSink {
  text = '';
  write(piece: string): void {
    this.text += piece;
  }
  writeString(value: string): void {
    this.text += JSON.stringify(value);
  }
}

/** FNV-1a (32 bits) of what is written. */
class ChecksumSink implements CanonicalSink {
  // Speed: the hash stays a 32-bit integer (its bits are the same signed or not), made unsigned when read.
  private hash = 0x811c9dc5 | 0;
  write(piece: string): void {
    let hash = this.hash;
    for (let i = 0; i < piece.length; i++) hash = Math.imul(hash ^ piece.charCodeAt(i), 0x01000193);
    this.hash = hash;
  }
  /**
   * Speed: a string JSON writes as it is between its quotes (every id, date and name of a
   * record) is hashed as it is, without JSON.stringify making its text; any other (a
   * quote, a backslash, a control character, a surrogate) is hashed as JSON.stringify writes it.
   */
  writeString(value: string): void {
    let hash = Math.imul(this.hash ^ 0x22, 0x01000193);
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) {
        this.write(JSON.stringify(value));
        return;
      }
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    this.hash = Math.imul(hash ^ 0x22, 0x01000193);
  }
  get checksum(): string {
    return `fnv1a32:${(this.hash >>> 0).toString(16).padStart(8, '0')}`;
  }
}

/**
 * JSON with the keys of every object sorted (by UTF-16 code units) and undefined values
 * left out: the text the checksum is taken of. Speed: restoreDossier writes the whole
 * record with it; piece by piece, with sorted Object.keys, costs a fraction of
 * Object.entries, filter, sort, map and join, for the same text.
 */
function writeCanonical(value: unknown, sink: CanonicalSink): void {
  if (Array.isArray(value)) {
    sink.write('[');
    for (let index = 0; index < value.length; index++) {
      if (index > 0) sink.write(',');
      // As Array#join writes it: nothing for an item JSON has no text for.
      writeItem(value[index], sink, '');
    }
    sink.write(']');
    return;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    sink.write('{');
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      if (!first) sink.write(',');
      first = false;
      sink.writeString(key);
      sink.write(':');
      // As a template literal writes it: `undefined` for an item JSON has no text for.
      writeItem(item, sink, 'undefined');
    }
    sink.write('}');
    return;
  }
  sink.write(JSON.stringify(value));
}

function writeItem(item: unknown, sink: CanonicalSink, noText: string): void {
  if (typeof item === 'string') sink.writeString(item);
  else if (item !== null && typeof item === 'object') writeCanonical(item, sink);
  else sink.write((JSON.stringify(item) as string | undefined) ?? noText);
}

/** The canonical JSON of a record (an object or a list) as text. */
function canonicalJson(value: object): string {
  const sink = new TextSink();
  writeCanonical(value, sink);
  return sink.text;
}

/**
 * The checksum of a record: FNV-1a of its canonical JSON. Speed: the hash is taken of the
 * pieces as they are written, without the text (restoreDossier checks every record).
 */
function checksumOf(value: object): string {
  const sink = new ChecksumSink();
  writeCanonical(value, sink);
  return sink.checksum;
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

type Sealed = Omit<PersistedDossier, 'checksum' | 'signature'>;

const SIGNATURE_PREFIX = 'hmac-sha256:';

/**
 * Node's crypto, loaded only when a key is used: the package root imports nothing from
 * Node, so that it bundles for the browser (README); signing is for Node only.
 */
function nodeCrypto(): typeof NodeCrypto {
  const load = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  const crypto = load?.('node:crypto') as typeof NodeCrypto | undefined;
  if (!crypto) throw new TypeError('signing stored dossiers with a key needs Node (node:crypto, Node 20.16 or later)');
  return crypto;
}

function signatureOf(text: string, key: SigningKey): string {
  return SIGNATURE_PREFIX + nodeCrypto().createHmac('sha256', key).update(text).digest('hex');
}

/** Why a key cannot be used, or null: an empty secret signs nothing. */
function keyError(key: unknown): string | null {
  if (typeof key === 'string') return key.length > 0 ? null : 'the key is an empty string';
  if (key instanceof Uint8Array) return key.byteLength > 0 ? null : 'the key has no bytes';
  if (key instanceof nodeCrypto().KeyObject) return (key as KeyObject).type === 'secret' ? null : `the key is a ${key.type} KeyObject; HMAC takes a secret one`;
  return `the key must be a non-empty string, bytes or a secret KeyObject; got ${describeValue(key)}`;
}

/**
 * The JSON-safe stored form of a dossier; with `{ key }`, signed with HMAC-SHA256.
 * Throws a TypeError for something that is not a dossier (NOT_A_DOSSIER) or a key that
 * cannot sign: both are mistakes in the calling code, not in data.
 */
export function persistDossier(dossier: Dossier, options: PersistOptions = {}): PersistedDossier {
  if (!isDossier(dossier)) throw Object.assign(new TypeError(notADossier(dossier, null).message), { code: 'NOT_A_DOSSIER' });
  const key = options?.key;
  if (key !== undefined) {
    const invalid = keyError(key);
    if (invalid !== null) throw new TypeError(`persistDossier: ${invalid}`);
  }
  const { setup } = dossier;
  const record: Sealed = {
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
  // Speed: set on the record rather than spread into a copy: Node 20's V8 gives every
  // `{ ...record, checksum }` a hidden class of its own (machines/dossier.ts, withDeadline).
  // The signature is taken of the record's text before the checksum joins it.
  const signature = key === undefined ? undefined : signatureOf(canonicalJson(record), key);
  const persisted = record as PersistedDossier;
  persisted.checksum = checksumOf(record);
  if (signature !== undefined) persisted.signature = signature;
  return persisted;
}

/** `persistDossier` as a JSON string (and the same TypeErrors). */
export function serializeDossier(dossier: Dossier, options: PersistOptions = {}): string {
  return JSON.stringify(persistDossier(dossier, options));
}

function fail(code: RestoreError['code'], message: string, field?: string): RestoreResult {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

/** The events a history holds: every accepted event but TICK (which only moves the clock), and the deadlines that passed. */
const STORED_EVENTS: ReadonlySet<string> = new Set([...EVENT_TYPES.filter((type) => type !== 'TICK'), 'DEADLINE_PASSED']);

function replayEventOf(entry: StoredHistoryEntry): Record<string, unknown> {
  const [at, event, , details] = entry;
  switch (event) {
    case 'DEADLINE_PASSED':
      return { type: 'TICK', at };
    case 'IDENTITY_ACTIVATED':
      // The code is never stored; only its format was ever checked, so any valid code replays it.
      return { type: event, at, code: IDENTITY_CODE_STAND_IN };
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Where `value` stops being a JSON tree within the limits (a BigInt, a function, a Date,
 * a cycle or nesting past the depth, too many values), or null. Walked before anything
 * else reads the record, so that no later step can throw or recurse without end on it.
 * Values are visited depth first, the last child first. Speed: restoreDossier walks every
 * record; a value's path is written only for the one at fault.
 */
function jsonTreeError(root: unknown): { field: string; message: string } | null {
  let values = 0;
  /** The fault's message, and its path from the value at fault up to the root, filled in on the way out. */
  const fault = { message: '', path: [] as Array<string | number> };
  const found = (message: string) => {
    fault.message = message;
    return true;
  };
  /** Whether `value`, or a value in it, is at fault. */
  const walk = (value: unknown, depth: number): boolean => {
    if (++values > STORED_LIMITS.values) return found(`the stored dossier holds more than ${STORED_LIMITS.values} values: it is not one this code wrote`);
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return false;
    if (typeof value === 'number') return Number.isFinite(value) ? false : found(`${String(value)} is not a JSON number`);
    if (typeof value !== 'object') return found(`a ${typeof value} is not JSON data`);
    if (depth >= STORED_LIMITS.depth) {
      return found(`the stored dossier is nested more than ${STORED_LIMITS.depth} levels deep (or holds a cycle): a stored dossier is 4 levels deep`);
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        // A hole is not a value (as forEach skips it).
        if (index in value && walk(value[index], depth + 1)) {
          fault.path.push(index);
          return true;
        }
      }
      return false;
    }
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      for (let k = keys.length - 1; k >= 0; k--) {
        if (walk(value[keys[k]!], depth + 1)) {
          fault.path.push(keys[k]!);
          return true;
        }
      }
      return false;
    }
    return found(`${Object.prototype.toString.call(value)} is not JSON data (only plain objects, lists, text, numbers, true, false and null are)`);
  };
  if (!walk(root, 0)) return null;
  let field = '';
  for (let k = fault.path.length - 1; k >= 0; k--) {
    const step = fault.path[k]!;
    field = typeof step === 'number' ? `${field}[${step}]` : field ? `${field}.${step}` : step;
  }
  return { field: field || '(record)', message: fault.message };
}

/** Why a history entry is not of the stored shape `[at, event, to, details?]`, or null. */
function entryShapeError(entry: unknown): string | null {
  if (!Array.isArray(entry) || entry.length < 3 || entry.length > 4) return 'expected [at, event, state after, details?]';
  if (typeof entry[0] !== 'string' || typeof entry[1] !== 'string' || typeof entry[2] !== 'string') return 'its instant, event and state after must be text';
  if (entry.length === 4 && !isPlainObject(entry[3])) return 'its details must be an object';
  return null;
}

/** The signature check: what a key requires, and what a signed record requires. */
function signatureFailure(persisted: Partial<PersistedDossier>, textOf: () => string, key: unknown): RestoreResult | null {
  const signature = persisted.signature;
  if (key === undefined) {
    if (signature === undefined) return null;
    // Decision: a signed record is read only with its key. Accepting it unchecked would let
    // a reader that forgot its key trust what only the key can vouch for.
    return fail('INVALID_SNAPSHOT', 'the stored dossier is signed: restore it with its key, restoreDossier(stored, { key })', 'signature');
  }
  const invalid = keyError(key);
  if (invalid !== null) return fail('INVALID_SNAPSHOT', `restoreDossier: ${invalid}`, 'options.key');
  if (signature === undefined) {
    return fail('TAMPERED_SNAPSHOT', 'the stored dossier has no signature, and a key was given: it was not written with that key (or its signature was removed)', 'signature');
  }
  const expected = Buffer.from(signatureOf(textOf(), key as SigningKey));
  const given = Buffer.from(typeof signature === 'string' ? signature : '');
  if (expected.length !== given.length || !nodeCrypto().timingSafeEqual(expected, given)) {
    return fail('TAMPERED_SNAPSHOT', 'the stored dossier does not match its signature: it was changed after it was written, or signed with another key', 'signature');
  }
  return null;
}

/**
 * Restores a stored dossier (a `PersistedDossier` or its JSON text) by replaying its
 * history, so that it continues exactly as the original would. A record of another
 * schema version, or one that does not replay to what it says, is an error; there is
 * no half-restored dossier. With `{ key }`, the record must carry that key's signature.
 * Never throws.
 */
export function restoreDossier(stored: unknown, options: PersistOptions = {}): RestoreResult {
  try {
    return restoreRecord(stored, options === null || typeof options !== 'object' ? undefined : options.key);
  } catch (error) {
    return fail('INVALID_SNAPSHOT', `the stored dossier could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function restoreRecord(stored: unknown, key: unknown): RestoreResult {
  let record: unknown = stored;
  if (typeof stored === 'string') {
    if (stored.length > STORED_LIMITS.textLength) {
      return fail('INVALID_SNAPSHOT', `the stored dossier is ${stored.length} characters long; one this code wrote is under ${STORED_LIMITS.textLength}`);
    }
    try {
      record = JSON.parse(stored);
    } catch (error) {
      return fail('INVALID_SNAPSHOT', `the stored dossier is not JSON: ${(error as Error).message}`);
    }
  }
  if (!isPlainObject(record)) {
    return fail('INVALID_SNAPSHOT', `a stored dossier must be an object; got ${describeValue(record)}`);
  }
  const unsafe = jsonTreeError(record);
  if (unsafe) return fail('INVALID_SNAPSHOT', unsafe.message, unsafe.field);
  const persisted = record as Partial<PersistedDossier>;
  if (persisted.schemaVersion !== SCHEMA_VERSION) {
    return fail(
      'UNKNOWN_SCHEMA_VERSION',
      `stored dossier has schema version ${describeValue(persisted.schemaVersion)}; this version of cpf-dossier reads version ${SCHEMA_VERSION}`,
      'schemaVersion',
    );
  }
  const { checksum, signature: _signature, ...rest } = persisted;
  if (checksum !== checksumOf(rest)) {
    return fail('TAMPERED_SNAPSHOT', 'the stored dossier does not match its checksum: it was changed after it was written', 'checksum');
  }
  const signed = signatureFailure(persisted, () => canonicalJson(rest), key);
  if (signed) return signed;
  if (!isPlainObject(persisted.setup)) return fail('INVALID_SNAPSHOT', `setup must be an object; got ${describeValue(persisted.setup)}`, 'setup');
  // A stored setup is JSON: createDossier checks its calendar and exemption at run time.
  const created = createDossier({ ...persisted.setup } as unknown as DossierInput);
  if (!created.ok) return fail('INVALID_SNAPSHOT', created.error.message, `setup.${created.error.field}`);
  if (!Array.isArray(persisted.history)) return fail('INVALID_SNAPSHOT', 'history must be a list', 'history');
  let dossier = created.dossier;
  const history = persisted.history as unknown[];
  for (let index = 0; index < history.length; index++) {
    const entry = history[index];
    const field = `history[${index}]`;
    const shape = entryShapeError(entry);
    if (shape !== null) return fail('INVALID_SNAPSHOT', `${field} is ${describeValue(entry)}: ${shape}`, field);
    const stored = entry as StoredHistoryEntry;
    if (!STORED_EVENTS.has(stored[1])) {
      const why = stored[1] === 'TICK' ? 'a TICK only moves the clock and is never stored' : `it is not an event a history holds`;
      return fail('TAMPERED_SNAPSHOT', `${field} (${describeValue(stored[1])}) does not replay: ${why}`, field);
    }
    const applied = applyEvent(dossier, replayEventOf(stored) as DossierEventInput);
    const replayed = applied.ok && applied.dossier.history.length === index + 1 ? applied.dossier.history[index] : undefined;
    if (!replayed || !isSameStoredEntry(storedEntryOf(replayed), stored)) {
      const why = !applied.ok
        ? `it is refused: ${applied.rejection.message}`
        : replayed
          ? `it replays as ${canonicalJson(storedEntryOf(replayed))}`
          : `it replays as ${applied.dossier.history.length - index} entries`;
      return fail('TAMPERED_SNAPSHOT', `${field} (${describeValue(stored[1])}) does not replay: ${why}`, field);
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
    return fail('TAMPERED_SNAPSHOT', `state is ${describeValue(persisted.state)} but the history replays to '${dossier.statePath}'`, 'state');
  }
  return { ok: true, dossier };
}
