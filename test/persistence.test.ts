/**
 * rules.md section 8: a snapshot persisted at any point and restored continues exactly
 * as the original; replaying the same events gives the same snapshot, byte for byte; a
 * stored record that is not what this code wrote is an error with a code, never a dossier.
 */
import { describe, expect, it } from 'vitest';
import { applyEvent, persistDossier, restoreDossier, SCHEMA_VERSION, serializeDossier } from '../index.js';
import type { Dossier, DossierInput, PersistedDossier, RestoreResult } from '../index.js';
import { create, describeAt, observable, type EventLike, applyUnchecked } from './support/dossier.js';
import { resealed } from './support/reseal.js';

/** A full life through the public API, with identity events, rejected events and a late entry. */
const FULL_LIFE: { input: DossierInput; events: EventLike[] } = {
  input: { training: { start: '2026-09-29', end: '2026-10-09' } },
  events: [
    { type: 'IDENTITY_CREATED', at: '2026-08-20T09:00:00+02:00' },
    { type: 'IDENTITY_VERIFIED', at: '2026-08-21T09:00:00+02:00', method: 'post-office' },
    { type: 'IDENTITY_ACTIVATED', at: '2026-08-21T10:00:00+02:00', code: '0421' },
    { type: 'SUBMIT', at: '2026-08-22T09:59:59.999+02:00' }, // rejected: IDENTITY_NOT_ACTIVE
    { type: 'TICK', at: '2026-08-25T10:00:00+02:00' },
    { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' },
    { type: 'ORGANISATION_ACCEPTS', at: '2026-09-08T11:00:00+02:00' },
    { type: 'HOLDER_VALIDATES', at: '2026-09-09T12:00:00+02:00' },
    { type: 'ENTRY_DECLARED', at: '2026-09-28T09:00:00+02:00' }, // rejected: TOO_EARLY
    { type: 'ENTRY_DECLARED', at: '2026-10-05T09:00:00+02:00' }, // late (deadline 2026-10-02)
    { type: 'EXIT_DECLARED', at: '2026-10-09T17:00:00+02:00' },
    { type: 'EVALUATED', at: '2026-10-12T10:00:00+02:00', rating: 6 }, // rejected: INVALID_PAYLOAD
    { type: 'EVALUATED', at: '2026-10-12T10:00:00+02:00', rating: 4 },
    { type: 'EVALUATED', at: '2026-10-13T10:00:00+02:00', rating: 5 }, // rejected: INVALID_IN_STATE
    { type: 'TICK', at: '2026-11-02T10:00:00+01:00' },
  ],
};

const OTHER_LIVES: Array<[string, { input: DossierInput; events: EventLike[] }]> = [
  [
    'expired while requested (a DEADLINE_PASSED in the history)',
    {
      input: { training: { start: '2026-09-29', end: '2026-10-09' }, identityActivatedAt: '2026-08-31T09:00:00+02:00' },
      events: [
        { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' },
        { type: 'ORGANISATION_ACCEPTS', at: '2026-09-10T08:00:00+02:00' }, // rejected: expired at 09-10 00:00
        { type: 'TICK', at: '2026-09-20T08:00:00+02:00' },
      ],
    },
  ],
  [
    'expired while accepted',
    {
      input: { training: { start: '2026-09-29', end: '2026-10-09' }, identityActivatedAt: '2026-08-31T09:00:00+02:00' },
      events: [
        { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' },
        { type: 'ORGANISATION_ACCEPTS', at: '2026-09-08T11:00:00+02:00' },
        { type: 'TICK', at: '2026-09-15T00:00:00+02:00' },
      ],
    },
  ],
  [
    'refused',
    {
      input: { training: { start: '2026-09-29', end: '2026-10-09' }, identityActivatedAt: '2026-08-31T09:00:00+02:00' },
      events: [
        { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' },
        { type: 'ORGANISATION_REFUSES', at: '2026-09-08T11:00:00+02:00' },
      ],
    },
  ],
  [
    'cancelled for force majeure after the start, FR-GP, job seeker',
    {
      input: {
        calendar: 'FR-GP',
        exemption: 'job-seeker',
        training: { start: '2026-06-22', end: '2026-06-26' },
        identityActivatedAt: '2026-05-01T10:00:00-04:00',
      },
      events: [
        { type: 'SUBMIT', at: '2026-05-26T10:00:00-04:00' },
        { type: 'ORGANISATION_ACCEPTS', at: '2026-05-28T10:00:00-04:00' },
        { type: 'HOLDER_VALIDATES', at: '2026-05-29T10:00:00-04:00' },
        { type: 'ENTRY_DECLARED', at: '2026-06-22T09:00:00-04:00' },
        { type: 'HOLDER_CANCELS', at: '2026-06-23T09:00:00-04:00', forceMajeure: true },
      ],
    },
  ],
  [
    'cancelled late (charged), crossing the change to winter time',
    {
      input: { training: { start: '2026-11-03', end: '2026-11-06' }, identityActivatedAt: '2026-08-31T09:00:00+02:00' },
      events: [
        { type: 'SUBMIT', at: '2026-09-01T10:00:00+02:00' },
        { type: 'ORGANISATION_ACCEPTS', at: '2026-09-02T10:00:00+02:00' },
        { type: 'HOLDER_VALIDATES', at: '2026-09-03T10:00:00+02:00' },
        { type: 'HOLDER_CANCELS', at: '2026-10-27T10:00:00+01:00' },
      ],
    },
  ],
];

/** Round trip through JSON text, as a service would store it. */
function roundTrip(dossier: Dossier): Dossier {
  const text = JSON.stringify(persistDossier(dossier));
  const fromObject = restoreDossier(JSON.parse(text));
  const fromText = restoreDossier(text);
  if (!fromObject.ok) throw new Error(`restore refused: ${fromObject.error.code} ${fromObject.error.message}`);
  expect(fromText.ok).toBe(true);
  return fromObject.dossier;
}

/** Applies an event to the original and to the restored copy, expecting the same answer. */
function stepBoth(original: Dossier, restored: Dossier, event: EventLike): [Dossier, Dossier] {
  const a = applyUnchecked(original, event);
  const b = applyUnchecked(restored, event);
  expect(b.ok).toBe(a.ok);
  if (!a.ok && !b.ok) expect(b.rejection).toEqual(a.rejection);
  expect(serializeDossier(b.dossier)).toBe(serializeDossier(a.dossier));
  expect(describeAt(b.dossier)).toEqual(describeAt(a.dossier));
  return [a.dossier, b.dossier];
}

function checkLife(life: { input: DossierInput; events: EventLike[] }): void {
  // The prefixes of the life: the dossier after 0, 1, ... n events (accepted or refused).
  const prefixes: Dossier[] = [create(life.input)];
  for (const event of life.events) prefixes.push(applyUnchecked(prefixes.at(-1)!, event).dossier);

  prefixes.forEach((dossier, step) => {
    const restored = roundTrip(dossier);
    expect(serializeDossier(restored)).toBe(serializeDossier(dossier));
    expect(observable(restored)).toEqual(observable(dossier));
    expect(restored.clock).toBe(dossier.clock);
    if (dossier.clock !== null) expect(describeAt(restored)).toEqual(describeAt(dossier));

    let original = dossier;
    let copy = restored;
    for (const event of life.events.slice(step)) [original, copy] = stepBoth(original, copy, event);
    // and time alone does the same to both
    expect(describeAt(copy, '2027-01-04T10:00:00+01:00')).toEqual(describeAt(original, '2027-01-04T10:00:00+01:00'));
  });
}

describe('persist/restore round trip at every step of a life, and the restored dossier continues identically', () => {
  it('a full life: identity events, submit, accept, validate, entry, exit, evaluate (with rejected events in between)', () => {
    const end = FULL_LIFE.events.reduce((d, e) => applyUnchecked(d, e).dossier, create(FULL_LIFE.input));
    expect(end.statePath).toBe('finished.evaluated');
    expect(end.context.late).toEqual(['entryDeclaration']);
    checkLife(FULL_LIFE);
  });

  it.each(OTHER_LIVES)('%s', (_name, life) => {
    checkLife(life);
  });

  it('a restored dossier still refuses an event earlier than its clock (CLOCK_WENT_BACKWARDS)', () => {
    const dossier = applyEvent(create(OTHER_LIVES[2]![1].input), { type: 'SUBMIT', at: '2026-09-07T10:00:00+02:00' }).dossier;
    const result = applyEvent(roundTrip(dossier), { type: 'ORGANISATION_ACCEPTS', at: '2026-09-07T09:59:59.999+02:00' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.code).toBe('CLOCK_WENT_BACKWARDS');
  });

  it('replaying the same events gives the same snapshot, byte for byte', () => {
    const replay = () => FULL_LIFE.events.reduce((d, e) => applyUnchecked(d, e).dossier, create(FULL_LIFE.input));
    expect(serializeDossier(replay())).toBe(serializeDossier(replay()));
  });

  it('the stored form is JSON-safe: JSON.parse(JSON.stringify(p)) equals p', () => {
    const end = FULL_LIFE.events.reduce((d, e) => applyUnchecked(d, e).dossier, create(FULL_LIFE.input));
    const persisted = persistDossier(end);
    expect(JSON.parse(JSON.stringify(persisted))).toEqual(persisted);
    expect(persisted.schemaVersion).toBe(SCHEMA_VERSION);
  });
});

// --- records that are not what this code wrote -----------------------------------------

const finished = (): Dossier => FULL_LIFE.events.reduce((d, e) => applyUnchecked(d, e).dossier, create(FULL_LIFE.input));
const stored = (): PersistedDossier => JSON.parse(serializeDossier(finished())) as PersistedDossier;

function expectRestoreError(result: RestoreResult, code?: string): void {
  expect(result.ok).toBe(false);
  expect('dossier' in result).toBe(false);
  if (result.ok) return;
  expect(['UNKNOWN_SCHEMA_VERSION', 'INVALID_SNAPSHOT', 'TAMPERED_SNAPSHOT']).toContain(result.error.code);
  if (code !== undefined) expect(result.error.code).toBe(code);
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeGreaterThan(0);
}

describe('restoring what this code did not write is an error with a code, never a dossier', () => {
  it.each([[2], [0], ['1'], [null], [1.5]])('an unknown schemaVersion (%j) is UNKNOWN_SCHEMA_VERSION', (schemaVersion) => {
    expectRestoreError(restoreDossier({ ...stored(), schemaVersion }), 'UNKNOWN_SCHEMA_VERSION');
  });

  it('a record without schemaVersion is UNKNOWN_SCHEMA_VERSION', () => {
    const { schemaVersion: _v, ...rest } = stored();
    expectRestoreError(restoreDossier(rest), 'UNKNOWN_SCHEMA_VERSION');
  });

  it('a hand-edited rating in the history (4 -> 5) is TAMPERED_SNAPSHOT', () => {
    const record = stored();
    const entry = record.history.find((e) => e[1] === 'EVALUATED')!;
    expect(entry[3]!.rating).toBe(4);
    entry[3]!.rating = 5;
    expectRestoreError(restoreDossier(JSON.stringify(record)), 'TAMPERED_SNAPSHOT');
  });

  it.each([
    ['the training start', (r: PersistedDossier) => void (r.setup.training.start = '2026-09-30')],
    ['the exemption', (r: PersistedDossier) => void (r.setup.exemption = 'job-seeker')],
    ['the calendar', (r: PersistedDossier) => void (r.setup.calendar = 'FR-57')],
    ['the clock', (r: PersistedDossier) => void (r.clock = '2026-11-03T10:00:00+01:00')],
    ['the state', (r: PersistedDossier) => void (r.state = 'finished.awaitingEvaluation')],
    ['an instant in the history', (r: PersistedDossier) => void (r.history[4]![0] = '2026-09-07T10:00:01+02:00')],
    ['a forged entry appended', (r: PersistedDossier) => void r.history.push(['2026-11-02T10:00:00+01:00', 'TICK', 'finished.evaluated'])],
  ])('a hand-edited field (%s) is TAMPERED_SNAPSHOT', (_name, edit) => {
    const record = stored();
    edit(record);
    expectRestoreError(restoreDossier(JSON.stringify(record)), 'TAMPERED_SNAPSHOT');
  });

  it('a truncated history (the last entry dropped) is an error', () => {
    const record = stored();
    record.history = record.history.slice(0, -1);
    expectRestoreError(restoreDossier(JSON.stringify(record)));
  });

  it('a truncated history with a recomputed checksum still does not restore: the state and clock do not fit it', () => {
    const record = stored();
    record.history = record.history.slice(0, -2);
    expectRestoreError(restoreDossier(resealed(record)), 'TAMPERED_SNAPSHOT');
  });

  it('an edit that does not replay (an entry whose `to` is changed), even with a recomputed checksum, is TAMPERED_SNAPSHOT', () => {
    const record = stored();
    // first check that the checksum is computed as the stored form says, or this test proves nothing
    expect(resealed(record).checksum).toBe(record.checksum);
    const submit = record.history.findIndex((e) => e[1] === 'SUBMIT');
    record.history[submit]![2] = 'accepted';
    expectRestoreError(restoreDossier(resealed(record)), 'TAMPERED_SNAPSHOT');
  });

  it('an entry reordered, with a recomputed checksum, is TAMPERED_SNAPSHOT', () => {
    const record = stored();
    const h = record.history;
    [h[5], h[6]] = [h[6]!, h[5]!];
    expectRestoreError(restoreDossier(resealed(record)), 'TAMPERED_SNAPSHOT');
  });

  it.each([['{"schemaVersion":1,'], [''], ['not json'], ['{"schemaVersion":1}x']])('broken JSON (%j) is INVALID_SNAPSHOT', (text) => {
    expectRestoreError(restoreDossier(text), 'INVALID_SNAPSHOT');
  });

  it('a stored text cut in the middle is INVALID_SNAPSHOT', () => {
    const text = serializeDossier(finished());
    for (const cut of [1, 10, Math.floor(text.length / 2), text.length - 1]) expectRestoreError(restoreDossier(text.slice(0, cut)), 'INVALID_SNAPSHOT');
  });

  it.each([[null], [undefined], [42], [[]], ['null'], ['[]'], ['42'], [true]])('a record that is not an object (%j) is an error', (value) => {
    expectRestoreError(restoreDossier(value));
  });

  it('an empty object, or a history that is not a list, is an error', () => {
    expectRestoreError(restoreDossier({}));
    expectRestoreError(restoreDossier({ ...stored(), history: 'none' }));
    expectRestoreError(restoreDossier(resealed({ ...stored(), history: 'none' as never })));
    expectRestoreError(restoreDossier(resealed({ ...stored(), history: [null] as never })));
    expectRestoreError(restoreDossier(resealed({ ...stored(), setup: null as never })));
  });

  it('nothing thrown, whatever the input', () => {
    for (const value of [Symbol('x'), () => 1, new Date(), BigInt(1), { schemaVersion: 1, checksum: 1, setup: 1, history: 1 }]) {
      expect(() => restoreDossier(value)).not.toThrow();
      expect(restoreDossier(value).ok).toBe(false);
    }
  });
});

describe('the stored form is small', () => {
  it('a full life (identity events, submit, accept, validate, entry, exit, evaluation) is stored in under 1 KB', () => {
    const dossier = finished();
    expect(dossier.history.length).toBeGreaterThanOrEqual(9);
    expect(Buffer.byteLength(serializeDossier(dossier), 'utf8')).toBeLessThan(1024);
  });
});
