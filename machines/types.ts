import type { CalendarDate, Instant, Region } from '../calendar/index.js';
import type { Exemption, VerificationMethod } from '../policy/cpf-policy.js';

/** The dossier's top-level states (rules.md section 3): part of the public contract. */
export const DOSSIER_STATES = [
  'draft',
  'requested',
  'accepted',
  'refused',
  'expired',
  'validated',
  'in-training',
  'finished',
  'cancelled',
] as const;
export type DossierStateName = (typeof DOSSIER_STATES)[number];

/** States that absorb every event but TICK (rules.md section 8). */
export const FINAL_STATES = ['refused', 'expired', 'cancelled'] as const satisfies readonly DossierStateName[];

/** Why a dossier ended (scenarios.md, `then.reason`). */
export const REASONS = [
  'ORGANISATION_REFUSED',
  'ORGANISATION_NO_RESPONSE',
  'HOLDER_NO_VALIDATION',
  'HOLDER_CANCELLED',
  'HOLDER_ABANDONED',
] as const;
export type Reason = (typeof REASONS)[number];

/** Why an event was refused (rules.md sections 2 and 3). */
export const REJECTION_CODES = [
  'INVALID_IN_STATE',
  'INVALID_PAYLOAD',
  'CLOCK_WENT_BACKWARDS',
  'IDENTITY_NOT_ACTIVE',
  'TOO_LATE_TO_REGISTER',
  'TOO_EARLY',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export const DEADLINE_NAMES = [
  'registration',
  'organisationResponse',
  'holderValidation',
  'entryDeclaration',
  'exitDeclaration',
] as const;
export type DeadlineName = (typeof DEADLINE_NAMES)[number];

export const DECLARATIONS = ['entryDeclaration', 'exitDeclaration'] as const;
export type Declaration = (typeof DECLARATIONS)[number];

export const CPF_RIGHTS_OUTCOMES = ['untouched', 'restored', 'debited'] as const;
export type CpfRightsOutcome = (typeof CPF_RIGHTS_OUTCOMES)[number];

export const RESTE_A_CHARGE_OUTCOMES = ['none', 'refunded', 'credited', 'debited'] as const;
export type ResteAChargeOutcome = (typeof RESTE_A_CHARGE_OUTCOMES)[number];

export interface CancellationOutcome {
  cpfRights: CpfRightsOutcome;
  resteACharge: ResteAChargeOutcome;
}

/** Where the holder's CPF rights for this training stand. */
export type CpfRightsStatus = 'untouched' | 'reserved' | 'debited' | 'restored';

/** The remaining charge, in integer cents: what was paid, and where it went. */
export interface Money {
  paid: number;
  refunded: number;
  credited: number;
  debited: number;
}

export interface Training {
  start: CalendarDate;
  end: CalendarDate;
}

/** The identity machine's persisted state, kept as data in the dossier that consults it. */
export interface IdentityRecord {
  state: IdentityStateName;
  method: VerificationMethod | null;
  /** When the 4-digit code was chosen; the code itself is never kept. */
  activatedAt: Instant | null;
}

export const IDENTITY_STATES = ['notCreated', 'created', 'verified', 'activated'] as const;
export type IdentityStateName = (typeof IDENTITY_STATES)[number];

export interface DossierContext {
  calendar: Region;
  training: Training;
  exemption: Exemption | null;
  identity: IdentityRecord;
  /** Each deadline as the calendar date of its last day (rules.md section 3). */
  deadlines: Partial<Record<DeadlineName, CalendarDate>>;
  submittedAt: Instant | null;
  acceptedAt: Instant | null;
  validatedAt: Instant | null;
  enteredAt: Instant | null;
  exitedAt: Instant | null;
  /** When the dossier reached a final state (for an expiry: the first instant past the deadline). */
  endedAt: Instant | null;
  reason: Reason | null;
  late: Declaration[];
  cpfRights: CpfRightsStatus;
  money: Money;
  outcome: CancellationOutcome | null;
  forceMajeure: boolean;
  rating: number | null;
}

/** What a dossier is created from. */
export interface DossierMachineInput {
  calendar: Region;
  training: Training;
  exemption: Exemption | null;
  identityActivatedAt: Instant | null;
}

export interface Timed {
  /** The instant the event happens, in ms since the epoch (the model never reads the clock). */
  at: Instant;
}

export type IdentityEvent =
  | ({ type: 'IDENTITY_CREATED' } & Timed)
  | ({ type: 'IDENTITY_VERIFIED'; method: VerificationMethod } & Timed)
  | ({ type: 'IDENTITY_ACTIVATED'; code: string } & Timed);

export type DossierEvent =
  | IdentityEvent
  | ({ type: 'SUBMIT' } & Timed)
  | ({ type: 'ORGANISATION_ACCEPTS' } & Timed)
  | ({ type: 'ORGANISATION_REFUSES' } & Timed)
  | ({ type: 'HOLDER_VALIDATES' } & Timed)
  | ({ type: 'ENTRY_DECLARED' } & Timed)
  | ({ type: 'EXIT_DECLARED' } & Timed)
  | ({ type: 'EVALUATED'; rating: number } & Timed)
  | ({ type: 'HOLDER_CANCELS'; forceMajeure: boolean } & Timed)
  | ({ type: 'TICK' } & Timed);

export type DossierEventType = DossierEvent['type'];

export const EVENT_TYPES = [
  'IDENTITY_CREATED',
  'IDENTITY_VERIFIED',
  'IDENTITY_ACTIVATED',
  'SUBMIT',
  'ORGANISATION_ACCEPTS',
  'ORGANISATION_REFUSES',
  'HOLDER_VALIDATES',
  'ENTRY_DECLARED',
  'EXIT_DECLARED',
  'EVALUATED',
  'HOLDER_CANCELS',
  'TICK',
] as const satisfies readonly DossierEventType[];

/** Who must act next: a tag on every state. */
export const ACTORS = ['holder', 'organisation', 'nobody'] as const;
export type Actor = (typeof ACTORS)[number];

/** What the machines emit when they refuse an event. */
export interface RejectedEmit {
  type: 'rejected';
  code: RejectionCode;
}
