/**
 * runtime.md sections 1 to 4, each rule on both sides of its boundary, on both backends:
 * PGlite in a temporary folder, and a real PostgreSQL server started for this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUE_DOSSIERS_SQL, WRITE_SQL } from '../store/store.js';
import type { ApplyStoreResult, DossierNotification, DossierStore } from '../store/index.js';
import { embeddedBackend, INPUT, postgres, postgresBackend, stopSharedPostgres, testClock } from './support/store.js';
import type { Backend, TestClock } from './support/store.js';

const BACKENDS: Array<Backend['name']> = postgres.ok ? ['embedded', 'postgres'] : ['embedded'];

if (!postgres.ok) {
  const { reason } = postgres;
  describe('store conformance on postgres', () => {
    it.skip(`skipped: ${reason}`, () => {});
  });
}

afterAll(stopSharedPostgres);

const at = (text: string) => Date.parse(text);
/** A holder without an identity yet: IDENTITY_CREATED is accepted. */
const NO_IDENTITY = { training: INPUT.training };

function accepted(result: ApplyStoreResult) {
  if (!result.ok) throw new Error(`store error ${result.error.code}: ${result.error.message}`);
  return result;
}

describe.each(BACKENDS)('store conformance on %s', (name) => {
  let backend: Backend;
  let store: DossierStore;
  const clock: TestClock = testClock('2026-03-02T11:00:00+01:00');
  let serial = 0;
  const freshId = (label: string) => `${label}-${++serial}`;

  beforeAll(async () => {
    backend = name === 'embedded' ? embeddedBackend() : await postgresBackend((postgres as { bin: string }).bin);
    store = await backend.open({ clock });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await backend?.dispose();
  });

  /** A dossier created at 2026-03-02T11:00+01:00 and submitted at 12:00: organisation response due by 2026-03-04. */
  async function requestedDossier(label: string): Promise<string> {
    const id = freshId(label);
    clock.reset('2026-03-02T11:00:00+01:00');
    expect((await store.create(id, INPUT)).ok).toBe(true);
    clock.reset('2026-03-02T12:00:00+01:00');
    const submitted = accepted(await store.apply(id, { type: 'SUBMIT' }));
    expect(submitted.accepted && submitted.description.deadlines.organisationResponse).toBe('2026-03-04');
    return id;
  }

  async function notificationsOf(id: string): Promise<DossierNotification[]> {
    const all: DossierNotification[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.notifications({ after, limit: 1000 });
      if (!page.ok) throw new Error(page.error.message);
      all.push(...page.notifications);
      if (page.notifications.length === 0) break;
      after = page.next;
    }
    return all.filter((notification) => notification.dossierId === id);
  }

  describe('ids', () => {
    it('takes ids of 1 and of 128 characters of A-Z a-z 0-9 . _ : -', async () => {
      clock.reset('2026-03-02T11:00:00+01:00');
      for (const id of ['a', `${'Az09._:-'.repeat(16)}`]) {
        expect(id.length === 1 || id.length === 128).toBe(true);
        const created = await store.create(id, INPUT);
        expect(created.ok && created.id).toBe(id);
        expect((await store.get(id)).ok).toBe(true);
      }
    });

    it('refuses an empty id, one of 129 characters, and one with another character, naming the field', async () => {
      for (const id of ['', 'x'.repeat(129), 'a b', 'é', 'of/1', 'a\n']) {
        for (const result of [await store.create(id, INPUT), await store.apply(id, { type: 'SUBMIT' }), await store.get(id), await store.log(id)]) {
          expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'id' } });
        }
      }
    });
  });

  describe('create', () => {
    it('creates at version 1, and the same input again returns the stored dossier without a second notification', async () => {
      const id = freshId('same');
      clock.reset('2026-03-02T11:00:00+01:00');
      const first = await store.create(id, NO_IDENTITY);
      expect(first).toMatchObject({ ok: true, created: true, version: 1, description: { state: 'draft', deadlines: { registration: '2026-04-16' } } });
      expect(accepted(await store.apply(id, { type: 'IDENTITY_CREATED' })).accepted).toBe(true);
      const again = await store.create(id, { ...NO_IDENTITY, calendar: 'FR' });
      expect(again).toMatchObject({ ok: true, created: false, version: 2 });
      expect((await notificationsOf(id)).filter((n) => n.type === 'dossier.created')).toHaveLength(1);
    });

    it('refuses DOSSIER_EXISTS for the same id with another input', async () => {
      const id = freshId('exists');
      await store.create(id, INPUT);
      const other = await store.create(id, { ...INPUT, training: { start: '2026-05-04', end: '2026-05-16' } });
      expect(other).toMatchObject({ ok: false, error: { code: 'DOSSIER_EXISTS' } });
    });

    it('refuses an input createDossier refuses with INVALID_INPUT and its field, and stores nothing', async () => {
      const id = freshId('bad');
      const result = await store.create(id, { training: { start: '2026-05-04', end: '2026-05-01' } });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'input.training.end' } });
      expect(await store.get(id)).toMatchObject({ ok: false, error: { code: 'DOSSIER_NOT_FOUND' } });
    });
  });

  it('answers DOSSIER_NOT_FOUND for an unknown id on apply, get and log', async () => {
    for (const result of [await store.apply('nobody', { type: 'SUBMIT' }), await store.get('nobody'), await store.log('nobody')]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'DOSSIER_NOT_FOUND', field: 'id' } });
    }
  });

  describe('idempotency keys', () => {
    it('applies an event sent twice with the same key once and returns the first result again', async () => {
      const id = freshId('idem');
      clock.reset('2026-03-02T11:00:00+01:00');
      await store.create(id, INPUT);
      const first = accepted(await store.apply(id, { type: 'SUBMIT' }, { idempotencyKey: 'webhook-1' }));
      const second = accepted(await store.apply(id, { type: 'SUBMIT' }, { idempotencyKey: 'webhook-1' }));
      expect(first).toMatchObject({ accepted: true, replayed: false, version: 2 });
      expect(second).toMatchObject({ accepted: true, replayed: true, version: 2 });
      const log = await store.log(id);
      expect(log.ok && log.entries.map((entry) => [entry.type, entry.idempotencyKey])).toEqual([['SUBMIT', 'webhook-1']]);
    });

    it('applies the same event again under another key (and the model refuses it)', async () => {
      const id = await requestedDossier('idem2');
      const again = accepted(await store.apply(id, { type: 'SUBMIT' }, { idempotencyKey: 'webhook-2' }));
      expect(again).toMatchObject({ accepted: false, replayed: false, rejection: { code: 'INVALID_IN_STATE' } });
      const log = await store.log(id);
      expect(log.ok && log.entries.map((entry) => entry.accepted)).toEqual([true, false]);
    });

    it('keeps a refused first result for its key too', async () => {
      const id = freshId('idem3');
      clock.reset('2026-03-02T09:00:00+01:00');
      await store.create(id, INPUT);
      const first = accepted(await store.apply(id, { type: 'SUBMIT' }, { idempotencyKey: 'k' }));
      clock.reset('2026-03-02T12:00:00+01:00');
      const second = accepted(await store.apply(id, { type: 'SUBMIT' }, { idempotencyKey: 'k' }));
      expect(first).toMatchObject({ accepted: false, rejection: { code: 'IDENTITY_NOT_ACTIVE' } });
      expect(second).toMatchObject({ accepted: false, replayed: true, rejection: { code: 'IDENTITY_NOT_ACTIVE' }, description: { state: 'draft' } });
    });

    it('takes keys of 1 and 200 characters and refuses 0 and 201', async () => {
      const id = freshId('keys');
      clock.reset('2026-03-02T11:00:00+01:00');
      await store.create(id, NO_IDENTITY);
      expect(accepted(await store.apply(id, { type: 'IDENTITY_CREATED' }, { idempotencyKey: 'k' })).accepted).toBe(true);
      expect(accepted(await store.apply(id, { type: 'TICK' }, { idempotencyKey: 'k'.repeat(200) })).accepted).toBe(true);
      for (const key of ['', 'k'.repeat(201)]) {
        expect(await store.apply(id, { type: 'TICK' }, { idempotencyKey: key })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'idempotencyKey' } });
      }
      const log = await store.log(id);
      expect(log.ok && log.entries).toHaveLength(2);
    });

    it('treats the same key on two dossiers as two keys', async () => {
      const a = await requestedDossier('keyA');
      const b = freshId('keyB');
      await store.create(b, INPUT);
      accepted(await store.apply(a, { type: 'ORGANISATION_ACCEPTS' }, { idempotencyKey: 'shared' }));
      const onB = accepted(await store.apply(b, { type: 'SUBMIT' }, { idempotencyKey: 'shared' }));
      expect(onB).toMatchObject({ accepted: true, replayed: false, description: { state: 'requested' } });
    });
  });

  describe('many callers at once', () => {
    it('applies 30 events sent to one dossier at the same time each once, in one order, none lost', async () => {
      const id = await requestedDossier('crowd');
      const results = await Promise.all(Array.from({ length: 30 }, () => store.apply(id, { type: 'TICK' })));
      expect(results.every((result) => result.ok && result.accepted && !result.replayed)).toBe(true);
      const log = await store.log(id);
      if (!log.ok) throw new Error(log.error.message);
      expect(log.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 31 }, (_, index) => index + 1));
      expect(log.entries.filter((entry) => entry.type === 'TICK')).toHaveLength(30);
      expect(await store.check()).toMatchObject({ ok: true, differences: [] });
    });

    it('applies an event that 20 callers send at once under one key once; all 20 get its result', async () => {
      const id = freshId('crowd-key');
      clock.reset('2026-03-02T11:00:00+01:00');
      await store.create(id, INPUT);
      const results = await Promise.all(Array.from({ length: 20 }, () => store.apply(id, { type: 'SUBMIT' }, { idempotencyKey: 'once' })));
      expect(results.map((result) => result.ok && result.accepted && result.version)).toEqual(Array.from({ length: 20 }, () => 2));
      expect(results.filter((result) => result.ok && !result.replayed)).toHaveLength(1);
      const log = await store.log(id);
      expect(log.ok && log.entries.map((entry) => entry.type)).toEqual(['SUBMIT']);
      expect((await notificationsOf(id)).filter((notification) => notification.type === 'dossier.changed')).toHaveLength(1);
    });

    it('writes the applies to 40 dossiers sent at once: each dossier its own event, nothing mixed up', async () => {
      const ids = Array.from({ length: 40 }, (_, index) => freshId(`batch${index}`));
      clock.reset('2026-03-02T11:00:00+01:00');
      await Promise.all(ids.map((id) => store.create(id, INPUT)));
      clock.reset('2026-03-02T12:00:00+01:00');
      // Every other dossier is sent an event its state refuses.
      const results = await Promise.all(ids.map((id, index) => store.apply(id, { type: index % 2 ? 'ORGANISATION_ACCEPTS' : 'SUBMIT' })));
      results.forEach((result, index) => {
        expect(result).toMatchObject(index % 2 ? { ok: true, accepted: false, id: ids[index], version: 1 } : { ok: true, accepted: true, id: ids[index], version: 2 });
      });
      for (const [index, id] of ids.entries()) {
        const types = (await notificationsOf(id)).map((notification) => notification.type);
        expect(types).toEqual(index % 2 ? ['dossier.created', 'event.refused'] : ['dossier.created', 'dossier.changed']);
      }
    });
  });

  describe('expectedVersion', () => {
    it('applies when the dossier is at the expected version', async () => {
      const id = await requestedDossier('version');
      const result = accepted(await store.apply(id, { type: 'ORGANISATION_ACCEPTS' }, { expectedVersion: 2 }));
      expect(result).toMatchObject({ accepted: true, version: 3 });
    });

    it('refuses VERSION_CONFLICT at a stale version and logs nothing', async () => {
      const id = await requestedDossier('stale');
      const result = await store.apply(id, { type: 'ORGANISATION_ACCEPTS' }, { expectedVersion: 1 });
      expect(result).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT' } });
      const log = await store.log(id);
      expect(log.ok && log.entries).toHaveLength(1);
      expect(await store.get(id)).toMatchObject({ ok: true, version: 2, description: { state: 'requested' } });
    });
  });

  describe('the store clock and EVENT_IN_THE_FUTURE', () => {
    it("gives an event without `at` the store's instant", async () => {
      const id = freshId('noat');
      clock.reset('2026-03-02T11:00:00+01:00');
      await store.create(id, INPUT);
      clock.reset('2026-03-02T13:45:10.250+01:00');
      accepted(await store.apply(id, { type: 'SUBMIT' }));
      const log = await store.log(id);
      expect(log.ok && log.entries[0]).toMatchObject({ at: '2026-03-02T13:45:10.250+01:00', receivedAt: '2026-03-02T13:45:10.250+01:00' });
    });

    it('accepts an event exactly 5 minutes ahead of the clock', async () => {
      const id = await requestedDossier('future-ok');
      const result = accepted(await store.apply(id, { type: 'ORGANISATION_ACCEPTS', at: '2026-03-02T12:05:00+01:00' }));
      expect(result.accepted).toBe(true);
    });

    it('refuses an event 5 minutes and 1 ms ahead with EVENT_IN_THE_FUTURE, logged and notified, the dossier unchanged', async () => {
      const id = await requestedDossier('future');
      const result = accepted(await store.apply(id, { type: 'ORGANISATION_ACCEPTS', at: '2026-03-02T12:05:00.001+01:00' }));
      expect(result).toMatchObject({ accepted: false, rejection: { code: 'EVENT_IN_THE_FUTURE', field: 'at' }, version: 2, description: { state: 'requested' } });
      const log = await store.log(id);
      expect(log.ok && log.entries[1]).toMatchObject({ accepted: false, code: 'EVENT_IN_THE_FUTURE', at: '2026-03-02T12:05:00.001+01:00' });
      expect((await notificationsOf(id)).at(-1)).toMatchObject({ type: 'event.refused', data: { code: 'EVENT_IN_THE_FUTURE' } });
    });

    it('refuses a far-future instant, so that no caller can expire a dossier early', async () => {
      const id = await requestedDossier('far');
      const result = accepted(await store.apply(id, { type: 'TICK', at: '2026-03-20T00:00:00+01:00' }));
      expect(result).toMatchObject({ accepted: false, rejection: { code: 'EVENT_IN_THE_FUTURE' }, dossier: { state: 'requested' } });
    });
  });

  describe('the grace period', () => {
    it('accepts an answer at 23:59 on the last day delivered 14 min 59.999 s after midnight', async () => {
      const id = await requestedDossier('grace-in');
      clock.reset('2026-03-05T00:14:59.999+01:00');
      await store.runDue();
      const result = accepted(await store.apply(id, { type: 'ORGANISATION_ACCEPTS', at: '2026-03-04T23:59:00+01:00' }));
      expect(result).toMatchObject({ accepted: true, dossier: { state: 'accepted' } });
    });

    it('refuses the same answer delivered 15 minutes after midnight: the expiry is applied first, at midnight', async () => {
      const id = await requestedDossier('grace-out');
      clock.reset('2026-03-05T00:15:00+01:00');
      const result = accepted(await store.apply(id, { type: 'ORGANISATION_ACCEPTS', at: '2026-03-04T23:59:00+01:00' }));
      expect(result).toMatchObject({ accepted: false, rejection: { code: 'CLOCK_WENT_BACKWARDS' }, dossier: { state: 'expired' }, version: 3 });
      const log = await store.log(id);
      expect(log.ok && log.entries.map((entry) => [entry.type, entry.at, entry.accepted])).toEqual([
        ['SUBMIT', '2026-03-02T12:00:00+01:00', true],
        ['DEADLINE_PASSED', '2026-03-05T00:00:00+01:00', true],
        ['ORGANISATION_ACCEPTS', '2026-03-04T23:59:00+01:00', false],
      ]);
    });

    it('takes the grace period as an option', async () => {
      const id = await requestedDossier('grace0');
      await store.close();
      store = await backend.open({ clock, graceMs: 0 });
      try {
        clock.reset('2026-03-05T00:00:00+01:00');
        const result = await store.apply(id, { type: 'ORGANISATION_ACCEPTS', at: '2026-03-04T23:59:00+01:00' });
        expect(result).toMatchObject({ ok: true, accepted: false, dossier: { state: 'expired' } });
      } finally {
        await store.close();
        store = await backend.open({ clock });
      }
    });
  });

  describe('the scheduler', () => {
    it('expires a dossier once the grace period is over, as of the first instant past the deadline', async () => {
      const id = await requestedDossier('expiry');
      clock.reset('2026-03-05T00:14:59.999+01:00');
      await store.runDue();
      expect(await store.get(id)).toMatchObject({ ok: true, version: 2 });
      clock.reset('2026-03-05T09:30:00+01:00');
      await store.runDue();
      const stored = await store.get(id);
      expect(stored).toMatchObject({ ok: true, version: 3, dossier: { state: 'expired', clock: at('2026-03-05T00:00:00+01:00') } });
      const log = await store.log(id);
      expect(log.ok && log.entries.at(-1)).toMatchObject({ kind: 'deadline', type: 'DEADLINE_PASSED', at: '2026-03-05T00:00:00+01:00', deadline: 'organisationResponse', receivedAt: '2026-03-05T09:30:00+01:00' });
      const expired = (await notificationsOf(id)).filter((n) => n.type === 'dossier.expired');
      expect(expired).toEqual([
        { id: `${id}:dossier.expired:organisationResponse`, type: 'dossier.expired', dossierId: id, at: '2026-03-05T00:00:00+01:00', data: { deadline: 'organisationResponse', reason: 'ORGANISATION_NO_RESPONSE' } },
      ]);
      clock.reset('2026-03-06T09:30:00+01:00');
      await store.runDue();
      expect(await store.get(id)).toMatchObject({ version: 3 });
      expect((await notificationsOf(id)).filter((n) => n.type === 'dossier.expired')).toHaveLength(1);
    });

    it('sends the reminders at 00:00 of the working day before the last day and of the last day, then expires (advanceTo)', async () => {
      const id = await requestedDossier('remind');
      const advanced = await store.advanceTo('2026-03-05T01:00:00+01:00');
      expect(advanced).toMatchObject({ ok: true, now: '2026-03-05T01:00:00+01:00' });
      const mine = (advanced.ok ? advanced.notifications : []).filter((n) => n.dossierId === id);
      expect(mine.map((n) => [n.type, n.at, n.data.workingDaysLeft ?? null])).toEqual([
        ['deadline.approaching', '2026-03-03T00:00:00+01:00', 1],
        ['deadline.approaching', '2026-03-04T00:00:00+01:00', 0],
        ['dossier.expired', '2026-03-05T00:00:00+01:00', null],
      ]);
      expect(mine[0]!.data).toEqual({ deadline: 'organisationResponse', lastDay: '2026-03-04', workingDaysLeft: 1, mustAct: 'organisation' });
      // A reminder changes neither the dossier nor its clock; only the expiry did.
      expect(await store.get(id)).toMatchObject({ version: 3, dossier: { clock: at('2026-03-05T00:00:00+01:00') } });
    });

    it('does not send a reminder whose instant came before the dossier entered the state', async () => {
      const id = freshId('late-draft');
      clock.reset('2026-04-15T00:00:00.001+02:00');
      await store.create(id, INPUT);
      await store.advanceTo('2026-04-17T00:00:00+02:00');
      const reminders = (await notificationsOf(id)).filter((n) => n.type === 'deadline.approaching');
      expect(reminders.map((n) => n.at)).toEqual(['2026-04-16T00:00:00+02:00']);
    });

    it('sends a reminder whose instant is the very instant the dossier entered the state', async () => {
      const id = freshId('on-time-draft');
      clock.reset('2026-04-15T00:00:00+02:00');
      await store.create(id, INPUT);
      await store.advanceTo('2026-04-17T00:00:00+02:00');
      const reminders = (await notificationsOf(id)).filter((n) => n.type === 'deadline.approaching');
      expect(reminders.map((n) => n.at)).toEqual(['2026-04-15T00:00:00+02:00', '2026-04-16T00:00:00+02:00']);
    });

    it('sends missed reminders on restart while the deadline has not passed, and none once it has', async () => {
      const before = freshId('missed');
      const after = freshId('missed-late');
      clock.reset('2026-04-14T10:00:00+02:00');
      await store.create(before, INPUT);
      await store.create(after, INPUT);
      clock.reset('2026-04-16T23:59:59.999+02:00');
      await store.get(after); // reading does nothing
      const first = await store.runDue();
      expect(first.ok && first.notifications.filter((n) => n.dossierId === before).map((n) => n.at)).toEqual([
        '2026-04-15T00:00:00+02:00',
        '2026-04-16T00:00:00+02:00',
      ]);
      const late = freshId('missed-after');
      clock.reset('2026-04-14T10:00:00+02:00');
      await store.create(late, INPUT);
      clock.reset('2026-04-17T00:00:00+02:00');
      await store.runDue();
      expect((await notificationsOf(late)).map((n) => n.type)).toEqual(['dossier.created']);
    });

    it('notifies an overdue entry declaration once the grace period is over, without changing the dossier', async () => {
      const id = await requestedDossier('overdue');
      clock.reset('2026-03-03T12:00:00+01:00');
      accepted(await store.apply(id, { type: 'ORGANISATION_ACCEPTS' }));
      clock.reset('2026-03-04T12:00:00+01:00');
      accepted(await store.apply(id, { type: 'HOLDER_VALIDATES' }));
      await store.advanceTo('2026-05-08T00:14:59.999+02:00');
      expect((await notificationsOf(id)).filter((n) => n.type === 'declaration.overdue')).toEqual([]);
      await store.advanceTo('2026-05-08T00:15:00+02:00');
      expect((await notificationsOf(id)).filter((n) => n.type === 'declaration.overdue')).toEqual([
        { id: `${id}:declaration.overdue:entryDeclaration`, type: 'declaration.overdue', dossierId: id, at: '2026-05-08T00:00:00+02:00', data: { declaration: 'entryDeclaration', lastDay: '2026-05-07' } },
      ]);
      expect(await store.get(id)).toMatchObject({ version: 4, dossier: { state: 'validated', clock: at('2026-03-04T12:00:00+01:00') } });
    });

    it('catches up after downtime: every due wake-up, in wakeAt order, each with its own instant', async () => {
      const early = await requestedDossier('catch-a');
      clock.reset('2026-03-03T12:00:00+01:00');
      const late = freshId('catch-b');
      await store.create(late, INPUT);
      accepted(await store.apply(late, { type: 'SUBMIT' }));
      clock.reset('2026-03-20T08:00:00+01:00');
      const report = await store.runDue();
      const expiries = (report.ok ? report.notifications : []).filter((n) => n.type === 'dossier.expired' && (n.dossierId === early || n.dossierId === late));
      expect(expiries.map((n) => [n.dossierId, n.at])).toEqual([
        [early, '2026-03-05T00:00:00+01:00'],
        [late, '2026-03-06T00:00:00+01:00'],
      ]);
    });

    it('refuses advanceTo an instant before the clock, and on a store with the system clock', async () => {
      clock.reset('2026-03-10T00:00:00+01:00');
      expect(await store.advanceTo('2026-03-09T00:00:00+01:00')).toMatchObject({ ok: false, error: { code: 'CLOCK_WENT_BACKWARDS' } });
      expect(await store.advanceTo('not a date')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'advanceTo' } });
    });
  });

  describe('reading', () => {
    it('describes a dossier at the store clock and changes nothing by reading', async () => {
      const id = await requestedDossier('read');
      clock.reset('2026-03-05T00:05:00+01:00');
      const read = await store.get(id);
      expect(read).toMatchObject({ ok: true, version: 2, dossier: { state: 'requested' }, description: { state: 'expired', at: '2026-03-05T00:05:00+01:00' } });
      expect(accepted(await store.apply(id, { type: 'ORGANISATION_ACCEPTS', at: '2026-03-04T22:00:00+01:00' })).accepted).toBe(true);
    });

    it('lists only the dossiers of an id prefix, full pages in order, and a prefix is text, not a pattern', async () => {
      clock.reset('2026-03-02T11:00:00+01:00');
      // 'tenant_a:' must not match 'tenantXa:' (`_` is a wildcard in LIKE), nor 'tenant_a' alone match 'tenant_ab:'.
      const mine = ['tenant_a:1', 'tenant_a:2', 'tenant_a:3', 'tenant_a:4', 'tenant_a:5'];
      const others = ['tenantXa:1', 'tenant_ab:1', 'tenant_a', 'tenant_', 'tenant_a.'];
      for (const id of [...others, ...mine]) await store.create(id, INPUT);
      const ids: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.worklist({ idPrefix: 'tenant_a:', limit: 2, after });
        if (!page.ok) throw new Error(page.error.message);
        expect(page.items.length === 2 || page.next === null).toBe(true);
        ids.push(...page.items.map((item) => item.id));
        if (page.next === null) break;
        after = page.next;
      }
      expect(ids).toEqual(mine);
      const whole = await store.worklist({ idPrefix: 'tenant_a', limit: 1000 });
      expect(whole.ok && whole.items.map((item) => item.id).sort()).toEqual(['tenant_a', 'tenant_a.', 'tenant_ab:1', ...mine].sort());
      const feed = await store.notifications({ idPrefix: 'tenant_a:', limit: 1000 });
      expect(feed.ok && feed.notifications.map((notification) => notification.dossierId)).toEqual(mine);
    });

    it('refuses an id prefix that no id could start with, naming the field', async () => {
      for (const idPrefix of ['', 'a b', 'x'.repeat(129), 'of-1%']) {
        expect(await store.worklist({ idPrefix })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'idPrefix' } });
        expect(await store.notifications({ idPrefix })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'idPrefix' } });
      }
    });

    it('gives the notification feed in pages by cursor, every id once', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.notifications({ after, limit: 7 });
        if (!page.ok) throw new Error(page.error.message);
        seen.push(...page.notifications.map((n) => n.id));
        if (page.notifications.length === 0) {
          expect(page.next).toBe(after ?? '0.0');
          break;
        }
        after = page.next;
      }
      expect(seen.length).toBeGreaterThan(30);
      expect(new Set(seen).size).toBe(seen.length);
      expect(await store.notifications({ after: 'garbage' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'after' } });
      expect(await store.notifications({ limit: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'limit' } });
    });

    it('lists the worklist by last day then id, filtered, in pages', async () => {
      await requestedDossier('worklist');
      const all = [];
      let after: string | undefined;
      do {
        const page = await store.worklist({ limit: 5, after });
        if (!page.ok) throw new Error(page.error.message);
        all.push(...page.items);
        after = page.next ?? undefined;
      } while (after);
      const keys = all.map((item) => `${item.lastDay ?? '~'} ${item.id}`);
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
      const organisation = await store.worklist({ mustAct: 'organisation', deadlineBefore: '2026-03-05', limit: 1000 });
      expect(organisation.ok && organisation.items.length).toBeGreaterThan(0);
      for (const item of organisation.ok ? organisation.items : []) {
        expect(item).toMatchObject({ mustAct: 'organisation', state: 'requested', runningDeadline: 'organisationResponse' });
        expect(item.lastDay! < '2026-03-05').toBe(true);
      }
      const onTheDay = await store.worklist({ deadlineBefore: '2026-03-04', state: 'requested', limit: 1000 });
      expect(onTheDay.ok && onTheDay.items.filter((item) => item.lastDay === '2026-03-04')).toEqual([]);
      expect(await store.worklist({ mustAct: 'someone' as 'holder' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'mustAct' } });
      expect(await store.worklist({ after: 'xyz' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'after' } });
    });
  });

  describe('check, the schema and reopening', () => {
    it('finds every snapshot rebuilt by its log, then reports one changed behind its back', async () => {
      const clean = await store.check();
      expect(clean).toMatchObject({ ok: true, differences: [] });
      expect(clean.ok && clean.checked).toBeGreaterThan(20);
      const id = await requestedDossier('tampered');
      await store.close();
      const sql = await backend.sql();
      const [row] = await sql.query<{ snapshot: Record<string, unknown> }>('SELECT snapshot FROM cpf_dossiers WHERE id = $1', [id]);
      const snapshot = row!.snapshot as { history: unknown[][] };
      snapshot.history[0]![2] = 'accepted';
      await sql.query('UPDATE cpf_dossiers SET snapshot = $2::jsonb WHERE id = $1', [id, JSON.stringify(snapshot)]);
      await sql.close();
      store = await backend.open({ clock });
      const checked = await store.check();
      expect(checked.ok && checked.differences.map((d) => d.id)).toEqual([id]);
    });

    it('reads only the due rows, in order, from the index: no sort when 20,000 are due at one instant', async () => {
      await store.close();
      const sql = await backend.sql();
      // Half due at one instant, before any other dossier of the suite (a downtime's catch-up), half far in the future.
      await sql.query(
        `INSERT INTO cpf_dossiers (id, setup, snapshot, version, log_seq, created_at, state, must_act, running_deadline, last_day, entered_at, wake_done, wake_at)
         SELECT 'bulk-' || n, '{}'::jsonb, '{}'::jsonb, 1, 0, 0, 'requested', 'organisation', 'organisationResponse', '2099-01-01', 0, 0,
           CASE WHEN n % 2 = 0 THEN 1000 ELSE 4070908800000 + n END
         FROM generate_series(1, 40000) AS n`,
      );
      await sql.query('ANALYZE cpf_dossiers');
      const explain = async (asOf: number) =>
        (await sql.query<Record<string, string>>(`EXPLAIN ${DUE_DOSSIERS_SQL}`, [asOf, 50])).map((line) => Object.values(line)[0]).join('\n');
      const noneDue = await explain(999);
      const manyDue = await explain(at('2026-03-05T00:00:00+01:00'));
      const [first] = await sql.query<{ id: string }>(DUE_DOSSIERS_SQL, [at('2026-03-05T00:00:00+01:00'), 1]);
      await sql.query("DELETE FROM cpf_dossiers WHERE id LIKE 'bulk-%'");
      await sql.close();
      store = await backend.open({ clock });
      for (const plan of [noneDue, manyDue]) {
        expect(plan).toMatch(/Index Scan using cpf_dossiers_due/);
        expect(plan).not.toMatch(/Seq Scan|Sort/);
      }
      // Ties on wakeAt are taken in id order (the collation is "C": bulk-10 before bulk-2).
      expect(first?.id).toBe('bulk-10');
    });

    it('writes a change through the primary key, not a scan of a table of 2,000 dossiers, with the plan kept for every call', async () => {
      await store.close();
      const sql = await backend.sql();
      await sql.query(
        `INSERT INTO cpf_dossiers (id, setup, snapshot, version, log_seq, created_at, state, must_act, running_deadline, last_day, entered_at, wake_done, wake_at)
         SELECT 'bulk-' || n, '{}'::jsonb, '{}'::jsonb, 1, 0, 0, 'requested', 'organisation', 'organisationResponse', to_char(date '2026-01-01' + n % 400, 'YYYY-MM-DD'), 0, 0, NULL
         FROM generate_series(1, 2000) AS n`,
      );
      await sql.query('ANALYZE cpf_dossiers');
      const plan = await sql.transaction(async (tx) => {
        await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
        await tx.query(`PREPARE cpf_write_plan (jsonb, jsonb, jsonb, text[]) AS ${WRITE_SQL}`);
        const lines = await tx.query<Record<string, string>>(`EXPLAIN EXECUTE cpf_write_plan('[]', '[]', '[]', '{bulk-7}')`);
        await tx.query('DEALLOCATE cpf_write_plan');
        return lines.map((line) => Object.values(line)[0]).join('\n');
      });
      await sql.query("DELETE FROM cpf_dossiers WHERE id LIKE 'bulk-%'");
      await sql.close();
      store = await backend.open({ clock });
      expect(plan).toMatch(/Index Scan (using|on) cpf_dossiers_pkey/);
      expect(plan).not.toMatch(/Seq Scan on cpf_dossiers/);
    });

    it('keeps everything across a close and a reopen', async () => {
      const id = await requestedDossier('reopen');
      const before = await store.log(id);
      await store.close();
      store = await backend.open({ clock });
      expect(await store.get(id)).toMatchObject({ ok: true, version: 2, dossier: { state: 'requested' } });
      expect(await store.log(id)).toEqual(before);
    });
  });
});
