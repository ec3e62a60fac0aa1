/**
 * Issue 13, stored dossiers under attack: restoreDossier answers every input with a code
 * (nesting, cycles, BigInt, forged entries), and the optional HMAC-SHA256 key catches
 * the edits the plain checksum cannot (a field changed and the checksum recomputed).
 */
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { persistDossier, restoreDossier, serializeDossier } from '../index.js';
import type { Dossier, PersistedDossier, RestoreResult } from '../index.js';
import { apply, create } from './support/dossier.js';
import { resealed } from './support/reseal.js';

const KEY = 'a service secret of 32 bytes or so';

/** Validated on 2026-04-08 and paid 103.20 €: the record an attacker would like to make free. */
function validated(): Dossier {
  return [
    { type: 'SUBMIT', at: '2026-04-03T16:00:00+02:00' },
    { type: 'ORGANISATION_ACCEPTS', at: '2026-04-07T10:00:00+02:00' },
    { type: 'HOLDER_VALIDATES', at: '2026-04-08T10:00:00+02:00' },
  ].reduce(apply, create({ training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' }));
}

function expectError(result: RestoreResult, code: string, field?: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect(result.error.code).toBe(code);
  if (field !== undefined) expect(result.error.field).toBe(field);
  return result.error.message;
}

describe('restoreDossier answers every input with a code', () => {
  it('a text nested 4,000 deep is INVALID_SNAPSHOT naming the depth, not a stack overflow', () => {
    const deep = `{"schemaVersion":1,"setup":${'{"a":'.repeat(4000)}1${'}'.repeat(4000)}}`;
    expect(expectError(restoreDossier(deep), 'INVALID_SNAPSHOT')).toMatch(/nested more than 8 levels deep/);
    expect(expectError(restoreDossier('['.repeat(4000) + ']'.repeat(4000)), 'INVALID_SNAPSHOT')).toMatch(/must be an object/);
  });

  it('an object with a cycle is INVALID_SNAPSHOT, with the path where it was found', () => {
    const record: Record<string, unknown> = { ...persistDossier(validated()) };
    record.setup = { ...(record.setup as object), self: record };
    expect(expectError(restoreDossier(record), 'INVALID_SNAPSHOT')).toMatch(/cycle/);
  });

  it.each([
    ['a BigInt', 1n],
    ['a function', () => 1],
    ['a Date', new Date('2026-04-03T10:00:00Z')],
    ['a Map', new Map()],
    ['NaN', Number.NaN],
    ['a symbol', Symbol('x')],
  ])('%s in a field is INVALID_SNAPSHOT naming the field', (_name, value) => {
    const record = { ...persistDossier(validated()), clock: value };
    expectError(restoreDossier(record), 'INVALID_SNAPSHOT', 'clock');
  });

  it('the value at fault is named by its full path; of several, the one the walk meets first (the last field first)', () => {
    const record = () => JSON.parse(JSON.stringify(persistDossier(validated()))) as Record<string, any>;
    const deep = record();
    deep.history[2] = [...deep.history[2], { rating: 1n }];
    expect(expectError(restoreDossier(deep), 'INVALID_SNAPSHOT', 'history[2][3].rating')).toBe('a bigint is not JSON data');
    const nested = record();
    nested.setup.training = { start: '2026-05-04', end: () => 1 };
    expectError(restoreDossier(nested), 'INVALID_SNAPSHOT', 'setup.training.end');
    const two = record();
    two.clock = Number.NaN;
    two.setup.exemption = 1n;
    expect(expectError(restoreDossier(two), 'INVALID_SNAPSHOT', 'clock')).toBe('NaN is not a JSON number');
    const sparse = record();
    sparse.history = [, 'a', , 1n]; // eslint-disable-line no-sparse-arrays
    expectError(restoreDossier(sparse), 'INVALID_SNAPSHOT', 'history[3]');
  });

  it('a record of more than 10,000 values is INVALID_SNAPSHOT naming the value past the limit; 10,000 are read on', () => {
    const over = { ...persistDossier(validated()), history: Array.from({ length: 10_001 }, (_, i) => `x${i}`) };
    expect(expectError(restoreDossier(over), 'INVALID_SNAPSHOT', 'history[3]')).toMatch(/more than 10000 values/);
    // The record's own 13 values (itself, its 6 fields, setup's 4 and training's 2) and 9,987 entries: 10,000 in all.
    const withEntries = (entries: number) => ({ ...persistDossier(validated()), history: Array.from({ length: entries }, (_, i) => `x${i}`) });
    expectError(restoreDossier(withEntries(9_987)), 'TAMPERED_SNAPSHOT', 'checksum');
    expect(expectError(restoreDossier(withEntries(9_988)), 'INVALID_SNAPSHOT', 'schemaVersion')).toMatch(/more than 10000 values/);
  });

  it('a text over 1,000,000 characters is refused before it is parsed; a real record is under 1 KB and restores', () => {
    const text = serializeDossier(validated());
    expect(text.length).toBeLessThan(1024);
    expect(restoreDossier(text).ok).toBe(true);
    expect(expectError(restoreDossier(text + ' '.repeat(1_000_001 - text.length)), 'INVALID_SNAPSHOT')).toMatch(/1000001 characters/);
    expect(restoreDossier(text + ' '.repeat(1_000_000 - text.length)).ok).toBe(true);
  });

  it('a forged TICK entry, even with a recomputed checksum, is TAMPERED_SNAPSHOT at history[i]', () => {
    const record = persistDossier(validated());
    record.history.splice(1, 0, ['2026-04-06T10:00:00+02:00', 'TICK' as never, 'requested']);
    expect(expectError(restoreDossier(resealed(record)), 'TAMPERED_SNAPSHOT', 'history[1]')).toMatch(/TICK only moves the clock/);
  });

  it('a forged DEADLINE_PASSED where no deadline passed is TAMPERED_SNAPSHOT at history[i]', () => {
    const record = persistDossier(validated());
    record.history.splice(1, 0, ['2026-04-06T00:00:00+02:00', 'DEADLINE_PASSED', 'expired', { deadline: 'organisationResponse' }]);
    expectError(restoreDossier(resealed(record)), 'TAMPERED_SNAPSHOT', 'history[1]');
  });

  it('takes the checksum of strings JSON escapes as JSON writes them: quotes, backslashes, control characters, surrogates', () => {
    for (const odd of ['F"R', 'F\\R', 'F\nR', 'F\u0000R', 'F\u001fR', 'F\u{1F600}R', 'F\ud800R', 'F\udc00R', 'Fé€R', 'F\u007fR']) {
      const record = persistDossier(validated());
      (record.setup as { calendar: string }).calendar = odd;
      // The checksum matches, so what is refused is the calendar: the setup's field.
      expectError(restoreDossier(resealed(record)), 'INVALID_SNAPSHOT', 'setup.calendar');
      // And one character changed after the seal is a checksum refusal.
      const changed = resealed(record);
      (changed.setup as { calendar: string }).calendar = `${odd}x`;
      expectError(restoreDossier(changed), 'TAMPERED_SNAPSHOT', 'checksum');
    }
  });

  it('an entry of the wrong shape, resealed, is INVALID_SNAPSHOT at history[i]', () => {
    const record = persistDossier(validated());
    record.history[0] = [1, 'SUBMIT', 'requested'] as never;
    expectError(restoreDossier(resealed(record)), 'INVALID_SNAPSHOT', 'history[0]');
  });

  it('a stored training in year 0000, resealed, is INVALID_SNAPSHOT on setup.training.start, never a dossier', () => {
    const record = persistDossier(create({ training: { start: '2026-05-04', end: '2026-05-15' } }));
    record.setup.training = { start: '0000-05-04', end: '0000-05-15' };
    expectError(restoreDossier(resealed(record)), 'INVALID_SNAPSHOT', 'setup.training.start');
  });

  it('options that are not an object are read as no options', () => {
    expect(restoreDossier(serializeDossier(validated()), null as never).ok).toBe(true);
  });
});

describe('a key: serializeDossier(d, { key }) signs with HMAC-SHA256, restoreDossier(json, { key }) checks it', () => {
  const freeOfCharge = (record: PersistedDossier): PersistedDossier => resealed({ ...record, setup: { ...record.setup, exemption: 'job-seeker' } });

  it('without a key, the checksum does not protect an edit whose checksum was recomputed: the dossier restores with 0 € paid', () => {
    const restored = restoreDossier(freeOfCharge(persistDossier(validated())));
    expect(restored.ok).toBe(true);
    if (restored.ok) expect(restored.dossier.context.money.paid).toBe(0);
  });

  it('with a key, the same edit is TAMPERED_SNAPSHOT on signature', () => {
    const signed = persistDossier(validated(), { key: KEY });
    expect(signed.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(expectError(restoreDossier(freeOfCharge(signed), { key: KEY }), 'TAMPERED_SNAPSHOT', 'signature')).toMatch(/does not match its signature/);
  });

  it('a signed record restores with its key, exactly as the original continues', () => {
    const dossier = validated();
    const restored = restoreDossier(serializeDossier(dossier, { key: KEY }), { key: KEY });
    expect(restored.ok).toBe(true);
    if (restored.ok) expect(serializeDossier(restored.dossier, { key: KEY })).toBe(serializeDossier(dossier, { key: KEY }));
  });

  it('another key is TAMPERED_SNAPSHOT; so is a signature one character off', () => {
    const signed = persistDossier(validated(), { key: KEY });
    expectError(restoreDossier(signed, { key: `${KEY}!` }), 'TAMPERED_SNAPSHOT', 'signature');
    const last = signed.signature!.at(-1) === '0' ? '1' : '0';
    expectError(restoreDossier({ ...signed, signature: signed.signature!.slice(0, -1) + last }, { key: KEY }), 'TAMPERED_SNAPSHOT', 'signature');
    expectError(restoreDossier({ ...signed, signature: 'hmac-sha256:' }, { key: KEY }), 'TAMPERED_SNAPSHOT', 'signature');
  });

  it('a key given and a record without a signature (never signed, or its signature removed) is TAMPERED_SNAPSHOT', () => {
    expectError(restoreDossier(persistDossier(validated()), { key: KEY }), 'TAMPERED_SNAPSHOT', 'signature');
    const { signature: _removed, ...stripped } = persistDossier(validated(), { key: KEY });
    expect(restoreDossier(stripped).ok).toBe(true);
    expectError(restoreDossier(stripped, { key: KEY }), 'TAMPERED_SNAPSHOT', 'signature');
  });

  it('a signed record read without a key is refused, INVALID_SNAPSHOT on signature: only the key can vouch for it', () => {
    expect(expectError(restoreDossier(serializeDossier(validated(), { key: KEY })), 'INVALID_SNAPSHOT', 'signature')).toMatch(/restore it with its key/);
  });

  it('bytes and a secret KeyObject sign as the same string key does', () => {
    const dossier = validated();
    const asString = persistDossier(dossier, { key: KEY }).signature;
    expect(persistDossier(dossier, { key: Buffer.from(KEY) }).signature).toBe(asString);
    expect(persistDossier(dossier, { key: createSecretKey(Buffer.from(KEY)) }).signature).toBe(asString);
    expect(restoreDossier(serializeDossier(dossier, { key: KEY }), { key: new TextEncoder().encode(KEY) }).ok).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['no bytes', new Uint8Array()],
    ['a number', 42],
    ['a public KeyObject', generateKeyPairSync('ed25519').publicKey],
  ])('a key that cannot sign (%s): serializeDossier throws a TypeError, restoreDossier is INVALID_SNAPSHOT on options.key', (_name, key) => {
    expect(() => serializeDossier(validated(), { key: key as never })).toThrow(TypeError);
    expectError(restoreDossier(serializeDossier(validated(), { key: KEY }), { key: key as never }), 'INVALID_SNAPSHOT', 'options.key');
  });
});
