import { REGIONS, addCalendarDays, addWorkingDays, startOfDay, weekdayOf } from '../calendar/index.js';
import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import type { DossierEvent } from '../machines/types.js';
import type { Exemption } from '../policy/cpf-policy.js';

/**
 * Generated dossiers for the replay benchmark: a deterministic, realistic mix of the
 * paths a dossier takes (rules.md sections 2 to 5), each a setup and 2 to 10 events
 * (about 6.5 on average). Every event carries `at` in ms since the epoch, so the very
 * same objects go to the public API (`applyEvent` takes a number as `at`), to XState
 * directly and to the hand-written reducer. Some events are refused on purpose (a late
 * answer finds the dossier expired, a declaration too early, a rating of 7 ...): the
 * mix is what a service sees, not only happy paths.
 */

export interface GeneratedSetup {
  calendar: Region;
  training: { start: CalendarDate; end: CalendarDate };
  exemption: Exemption | null;
  identityActivatedAt: Instant | null;
}

export interface GeneratedDossier {
  /** Which path of PATHS it was generated from (for the report of the mix). */
  path: PathName;
  setup: GeneratedSetup;
  events: DossierEvent[];
}

/** A small, fast, seeded PRNG (mulberry32): the same dossiers on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The paths and how often each is generated (weights sum to 100). */
export const PATHS = {
  /** submit, accept, validate, entry, exit, evaluation: the happy path. */
  happy: 40,
  /** entry and/or exit declared after their deadline (accepted, recorded as late). */
  lateDeclarations: 8,
  /** the organisation refuses. */
  refused: 8,
  /** the organisation says nothing: its answer (or a TICK) finds the dossier expired. */
  organisationSilent: 8,
  /** the holder does not validate in time. */
  holderSilent: 7,
  /** HOLDER_CANCELS in requested or accepted. */
  cancelBeforeValidation: 6,
  /** HOLDER_CANCELS in validated, free (soon after validation or far from the start). */
  cancelFree: 5,
  /** HOLDER_CANCELS in validated, 7 or fewer working days before the start and long after validation: charged. */
  cancelCharged: 3,
  /** HOLDER_CANCELS on or after the start date, in validated or in-training (abandoned). */
  abandon: 6,
  /** force majeure cancellations and abandonments. */
  forceMajeure: 2,
  /** refused events along the way: too early, bad rating, too late to register, identity not usable, second evaluation. */
  rejections: 7,
} as const;

export type PathName = keyof typeof PATHS;

const PATH_TABLE: PathName[] = Object.entries(PATHS).flatMap(([name, weight]) => Array<PathName>(weight).fill(name as PathName));

const EXEMPTION_LIST: Exemption[] = ['job-seeker', 'employer-top-up', 'c2p', 'work-incapacity'];
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

/** A dossier generator over one PRNG. */
class Generator {
  constructor(private readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** An instant on `date` in the region, between 08:00 and 19:59 local time. */
  at(date: CalendarDate, region: Region, fromHour = 8, toHour = 19): Instant {
    return startOfDay(date, region) + this.int(fromHour, toHour) * MS_PER_HOUR + this.int(0, 59) * MS_PER_MINUTE;
  }

  /** A weekday from 2024-06 to 2027-12, by calendar-day offset. */
  weekday(): CalendarDate {
    let date = addCalendarDays('2024-06-03', this.int(0, 1300));
    while (weekdayOf(date) === 0 || weekdayOf(date) === 6) date = addCalendarDays(date, 1);
    return date;
  }

  region(): Region {
    // Most dossiers are metropolitan France; one in five names a region.
    return this.chance(0.8) ? 'FR' : this.pick(REGIONS);
  }

  dossier(): GeneratedDossier {
    const path = this.pick(PATH_TABLE);
    const calendar = this.region();
    const start = this.weekday();
    const end = addCalendarDays(start, this.pick([0, 4, 11, 18, 32, 60]));
    const exemption = this.chance(0.15) ? this.pick(EXEMPTION_LIST) : null;
    // A third of the holders create, verify and activate their identity within the journey.
    const withIdentityEvents = this.chance(0.35);
    // The identity was activated a month or more before the submission.
    const identityActivatedAt = withIdentityEvents ? null : this.at(addCalendarDays(start, -this.int(60, 120)), calendar);
    const setup: GeneratedSetup = { calendar, training: { start, end }, exemption, identityActivatedAt };
    const events: DossierEvent[] = [];
    const b = new Builder(this, calendar, start, end, events);

    if (withIdentityEvents) {
      // Activated at least a day before the earliest submission (60 days before the start).
      const created = addCalendarDays(start, -this.int(63, 90));
      events.push({ type: 'IDENTITY_CREATED', at: this.at(created, calendar) });
      events.push({ type: 'IDENTITY_VERIFIED', at: this.at(addCalendarDays(created, 1), calendar), method: this.pick(['post-office', 'postman', 'online'] as const) });
      events.push({ type: 'IDENTITY_ACTIVATED', at: this.at(addCalendarDays(created, 2), calendar), code: '0421' });
    }

    switch (path) {
      case 'happy':
        b.submit().accept().validate().entry(0).exit(0).evaluate();
        break;
      case 'lateDeclarations':
        b.submit().accept().validate().entry(this.chance(0.6) ? this.int(4, 9) : 0).exit(this.int(4, 9));
        if (this.chance(0.7)) b.evaluate();
        break;
      case 'refused':
        b.submit().refuse();
        if (this.chance(0.3)) b.tick(this.int(1, 10));
        break;
      case 'organisationSilent':
        b.submit();
        // A late answer (found expired, refused as INVALID_IN_STATE) or a service's TICK.
        if (this.chance(0.5)) b.acceptAfterDays(this.int(4, 12));
        else b.tick(this.int(4, 12));
        break;
      case 'holderSilent':
        b.submit().accept();
        if (this.chance(0.5)) b.validateAfterDays(this.int(7, 15));
        else b.tick(this.int(7, 15));
        break;
      case 'cancelBeforeValidation':
        b.submit();
        if (this.chance(0.5)) b.accept();
        b.cancelNextDay(false);
        break;
      case 'cancelFree':
        b.submit().accept().validate().cancelNextDay(false);
        break;
      case 'cancelCharged':
        b.submit().accept().validate().cancelWorkingDaysBeforeStart(this.int(1, 7), false);
        break;
      case 'abandon':
        b.submit().accept().validate();
        if (this.chance(0.5)) b.entry(0).cancelDuringTraining(false);
        else b.cancelOnStartDay(false);
        break;
      case 'forceMajeure':
        b.submit().accept().validate();
        switch (this.int(0, 2)) {
          case 0:
            b.cancelWorkingDaysBeforeStart(this.int(1, 7), true);
            break;
          case 1:
            b.cancelOnStartDay(true);
            break;
          default:
            b.entry(0).cancelDuringTraining(true);
        }
        break;
      case 'rejections':
        switch (this.int(0, 4)) {
          case 0: // ENTRY_DECLARED before the start: TOO_EARLY, then on time.
            b.submit().accept().validate().entryTooEarly().entry(0).exit(0).evaluate();
            break;
          case 1: // a rating of 7 (INVALID_PAYLOAD), then a valid one, then a second one (INVALID_IN_STATE).
            b.submit().accept().validate().entry(0).exit(0).badRating().evaluate().evaluate();
            break;
          case 2: // SUBMIT fewer than 11 working days before the start: TOO_LATE_TO_REGISTER, twice.
            b.submitTooLate().submitTooLate();
            break;
          case 3: // SUBMIT before the identity is usable: the identity events come too late.
            events.length = 0;
            setup.identityActivatedAt = null;
            b.submit();
            b.tick(1);
            break;
          default: // EXIT_DECLARED before the end (TOO_EARLY), then on time.
            b.submit().accept().validate().entry(0).exitTooEarly().exit(0).evaluate();
        }
        break;
    }
    // A service that sweeps its dossiers sends a TICK now and then (rules.md section 6).
    if (events.length > 1 && this.chance(0.4)) {
      const i = this.int(1, events.length - 1);
      const between = events[i - 1]!.at + Math.floor((events[i]!.at - events[i - 1]!.at) / 2);
      events.splice(i, 0, { type: 'TICK', at: between });
    }
    return { path, setup, events };
  }
}

/** Appends the events of one dossier, each at or after the previous one. */
class Builder {
  private last: Instant = Number.NEGATIVE_INFINITY;
  private submittedOn: CalendarDate | null = null;

  constructor(
    private readonly g: Generator,
    private readonly region: Region,
    private readonly start: CalendarDate,
    private readonly end: CalendarDate,
    private readonly events: DossierEvent[],
  ) {}

  private push(event: DossierEvent): this {
    // Keep time order: an event drawn before the previous one is moved to just after it.
    if (event.at < this.last) event.at = this.last + MS_PER_MINUTE;
    this.last = event.at;
    this.events.push(event);
    return this;
  }

  private dayOf(at: Instant): CalendarDate {
    // The generator only needs a date close enough to step from: read it in UTC + 12 h.
    return new Date(at + 12 * MS_PER_HOUR).toISOString().slice(0, 10);
  }

  submit(): this {
    // 15 to 45 working days before the start: well before the registration deadline.
    const on = addCalendarDays(this.start, -this.g.int(22, 60));
    this.submittedOn = on;
    return this.push({ type: 'SUBMIT', at: this.g.at(on, this.region) });
  }

  submitTooLate(): this {
    const on = addCalendarDays(this.start, -this.g.int(1, 9));
    return this.push({ type: 'SUBMIT', at: this.g.at(on, this.region) });
  }

  private afterSubmit(workingDays: number): CalendarDate {
    return addWorkingDays(this.submittedOn ?? this.dayOf(this.last), workingDays, this.region);
  }

  accept(): this {
    return this.push({ type: 'ORGANISATION_ACCEPTS', at: this.g.at(this.afterSubmit(this.g.int(0, 2)), this.region) });
  }

  acceptAfterDays(days: number): this {
    return this.push({ type: 'ORGANISATION_ACCEPTS', at: this.g.at(addCalendarDays(this.dayOf(this.last), days), this.region) });
  }

  refuse(): this {
    return this.push({ type: 'ORGANISATION_REFUSES', at: this.g.at(this.afterSubmit(this.g.int(0, 2)), this.region) });
  }

  validate(): this {
    const on = addWorkingDays(this.dayOf(this.last), this.g.int(0, 3), this.region);
    return this.push({ type: 'HOLDER_VALIDATES', at: this.g.at(on, this.region) });
  }

  validateAfterDays(days: number): this {
    return this.push({ type: 'HOLDER_VALIDATES', at: this.g.at(addCalendarDays(this.dayOf(this.last), days), this.region) });
  }

  /** ENTRY_DECLARED `lateBy` working days after the start (0: on the start day; 4 or more: late). */
  entry(lateBy: number): this {
    return this.push({ type: 'ENTRY_DECLARED', at: this.g.at(addWorkingDays(this.start, lateBy, this.region), this.region) });
  }

  entryTooEarly(): this {
    return this.push({ type: 'ENTRY_DECLARED', at: this.g.at(addCalendarDays(this.start, -this.g.int(1, 5)), this.region) });
  }

  exit(lateBy: number): this {
    return this.push({ type: 'EXIT_DECLARED', at: this.g.at(addWorkingDays(this.end, lateBy, this.region), this.region, 16, 20) });
  }

  exitTooEarly(): this {
    return this.push({ type: 'EXIT_DECLARED', at: this.g.at(this.end, this.region, 0, 7) - 12 * MS_PER_HOUR });
  }

  evaluate(): this {
    return this.push({ type: 'EVALUATED', at: this.g.at(addCalendarDays(this.dayOf(this.last), this.g.int(0, 10)), this.region), rating: this.g.int(1, 5) });
  }

  badRating(): this {
    return this.push({ type: 'EVALUATED', at: this.g.at(addCalendarDays(this.dayOf(this.last), 1), this.region), rating: 7 });
  }

  tick(days: number): this {
    return this.push({ type: 'TICK', at: this.g.at(addCalendarDays(this.dayOf(this.last), days), this.region) });
  }

  cancelNextDay(forceMajeure: boolean): this {
    return this.push({ type: 'HOLDER_CANCELS', at: this.g.at(addCalendarDays(this.dayOf(this.last), 1), this.region), forceMajeure });
  }

  /** Cancels `n` working days before the start (n <= 7 is charged unless validated fewer than 14 working days ago). */
  cancelWorkingDaysBeforeStart(n: number, forceMajeure: boolean): this {
    let on = this.start;
    for (let i = 0; i < n; i++) {
      on = addCalendarDays(on, -1);
      while (addWorkingDays(on, 1, this.region) > this.start || weekdayOf(on) === 0 || weekdayOf(on) === 6) on = addCalendarDays(on, -1);
    }
    return this.push({ type: 'HOLDER_CANCELS', at: this.g.at(on, this.region), forceMajeure });
  }

  cancelOnStartDay(forceMajeure: boolean): this {
    return this.push({ type: 'HOLDER_CANCELS', at: this.g.at(this.start, this.region), forceMajeure });
  }

  cancelDuringTraining(forceMajeure: boolean): this {
    const on = this.end > this.start ? addCalendarDays(this.start, 1) : this.start;
    return this.push({ type: 'HOLDER_CANCELS', at: this.g.at(on, this.region, 12, 20), forceMajeure });
  }
}

/** `count` dossiers, the same for the same seed. */
export function generateDossiers(count: number, seed = 20_260_403): GeneratedDossier[] {
  const generator = new Generator(prng(seed));
  return Array.from({ length: count }, () => generator.dossier());
}

/**
 * Enough dossiers to hold at least `events` events, and at least `minDossiers` dossiers
 * (the first dossiers of the same seed: `generateDossiers(n)` is a prefix).
 */
export function generateEvents(events: number, seed = 20_260_403, minDossiers = 0): GeneratedDossier[] {
  const generator = new Generator(prng(seed));
  const dossiers: GeneratedDossier[] = [];
  let total = 0;
  while (total < events || dossiers.length < minDossiers) {
    const dossier = generator.dossier();
    dossiers.push(dossier);
    total += dossier.events.length;
  }
  return dossiers;
}

export function countEvents(dossiers: readonly GeneratedDossier[]): number {
  let total = 0;
  for (const dossier of dossiers) total += dossier.events.length;
  return total;
}
