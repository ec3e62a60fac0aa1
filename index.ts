/**
 * cpf-dossier: the explicit, executable model of a French CPF training dossier.
 * Everything a service embeds is exported here by name.
 */

// The dossier API: pure, deterministic, never throws.
export { applyEvent, advanceTo, createDossier, isDossier, machineSnapshotOf } from './api/dossier.js';
export type { ApplyResult, CreateResult, Dossier, DossierInput, DossierSetup, HistoryEntry, InputError } from './api/dossier.js';
export { describeDossier, eurosOf, mustActOf, nextChangeOf, quoteCancellation, RUNNING_DEADLINE } from './api/describe.js';
export type { CancellationQuote, DescribeResult, DossierDescription, NextChange, QuoteResult } from './api/describe.js';
export { persistDossier, restoreDossier, serializeDossier, SCHEMA_VERSION } from './api/persist.js';
export type { PersistedDossier, PersistOptions, RestoreError, RestoreResult, SigningKey } from './api/persist.js';
export { edofStateOf } from './api/edof.js';
export type { EdofState } from './api/edof.js';
export { parseEvent } from './api/events.js';
export type { DossierEventInput, InstantInput } from './api/events.js';
export { NOT_A_DOSSIER } from './api/rejections.js';
export type { Rejection } from './api/rejections.js';

// The `cpf-dossier replay --json` report (docs/scenarios.md), for programs that read it.
export type { ReplayReport, ReplayReportScenario } from './replay/run.js';
export type { Mismatch, ScenarioReport, StepReport } from './replay/replay.js';
export type { ScenarioError } from './replay/scenario.js';

// The machines, for the inspector, diagrams and model-based tests.
export { dossierMachine, EXPIRING_DEADLINES } from './machines/dossier.js';
export { identityMachine } from './machines/identity.js';
export {
  ACTORS,
  DEADLINE_NAMES,
  DECLARATIONS,
  DOSSIER_STATES,
  EVENT_TYPES,
  FINAL_STATES,
  REASONS,
  REJECTION_CODES,
  CPF_RIGHTS_OUTCOMES,
  RESTE_A_CHARGE_OUTCOMES,
} from './machines/types.js';
export type {
  Actor,
  CancellationOutcome,
  CpfRightsOutcome,
  CpfRightsStatus,
  DeadlineName,
  Declaration,
  DossierContext,
  DossierEvent,
  DossierEventType,
  DossierStateName,
  IdentityRecord,
  IdentityStateName,
  Money,
  Reason,
  RejectionCode,
  ResteAChargeOutcome,
  Training,
} from './machines/types.js';

// The policy: every number of the rules with its source.
export { CPF_POLICY, EXEMPTIONS, PARTICIPATION_RATES, VERIFICATION_METHODS } from './policy/cpf-policy.js';
export type { Exemption, ParticipationRate, VerificationMethod } from './policy/cpf-policy.js';
export { ruleOnCancellation, ruleOnCancellationRow } from './guards/cancellation.js';
export type { CancellationRow, CancellationRuling } from './guards/cancellation.js';
export { participationDueCents } from './guards/participation.js';

// The French working-day calendar.
export {
  addCalendarDays,
  addWorkingDays,
  calendarDateOf,
  deadlineAfterWorkingDays,
  endOfDay,
  FIRST_SUPPORTED_DATE,
  formatInstant,
  HOLIDAY_CORRECTIONS,
  holidayOn,
  holidaysBetween,
  isSupportedDate,
  isSupportedInstant,
  isWorkingDay,
  LAST_SUPPORTED_DATE,
  latestDateWithWorkingDaysBefore,
  parseCalendarDate,
  parseInstant,
  parseRegion,
  publicHolidaysOf,
  REGIONS,
  startOfDay,
  timeZoneOf,
  workingDaysBetween,
} from './calendar/index.js';
export type { CalendarDate, Deadline, HolidayCorrection, Instant, PublicHoliday, Region } from './calendar/index.js';

// Model-based testing (generateTestPaths, runTestPaths, ...) is in 'cpf-dossier/testing', and
// the runtime (openDossierStore: PostgreSQL, embedded PGlite or a server) in 'cpf-dossier/store',
// so that a service that only creates and applies dossiers loads neither, nor their packages.
