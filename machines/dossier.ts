import { and, assign, emit, enqueueActions, not, setup } from 'xstate';
import { deadlineAfterWorkingDays } from '../calendar/index.js';
import type { CalendarDate } from '../calendar/index.js';
import { isCancellationFree, hasTrainingStarted, ruleOnCancellationRow } from '../guards/cancellation.js';
import type { CancellationRow } from '../guards/cancellation.js';
import { entryDeclarationDeadline, exitDeclarationDeadline, isBeforeTrainingEnd, isBeforeTrainingStart } from '../guards/declarations.js';
import { isValidRating } from '../guards/evaluation.js';
import { isIdentityUsableAt } from '../guards/identity.js';
import { participationDueCents } from '../guards/participation.js';
import { isTooLateToRegister, registrationDeadline } from '../guards/registration.js';
import { dateOf, firstInstantPast, isPastDeadline } from '../guards/time.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';
import { identityActivatedAt, stepIdentity } from './identity.js';
import type {
  DeadlineName,
  DossierContext,
  DossierEvent,
  DossierMachineInput,
  DossierStateName,
  IdentityEvent,
  Reason,
  RejectedEmit,
  RejectionCode,
} from './types.js';

/**
 * The deadline whose passing expires a state (rules.md section 3, time-based
 * transitions). The machine's TICK transitions and the API's decision to advance time
 * before an event both read this one table.
 */
export const EXPIRING_DEADLINES = {
  requested: { deadline: 'organisationResponse', reason: 'ORGANISATION_NO_RESPONSE' },
  accepted: { deadline: 'holderValidation', reason: 'HOLDER_NO_VALIDATION' },
} as const satisfies Partial<Record<DossierStateName, { deadline: DeadlineName; reason: Reason }>>;

type ExpiryParams = (typeof EXPIRING_DEADLINES)[keyof typeof EXPIRING_DEADLINES];

function eventOf<T extends DossierEvent['type']>(event: DossierEvent, type: T): Extract<DossierEvent, { type: T }> | null {
  return event.type === type ? (event as Extract<DossierEvent, { type: T }>) : null;
}

/**
 * The deadlines with one more set, e.g. `organisationResponse` once submitted. Speed: Node
 * 20's V8 gives every object written `{ ...deadlines, organisationResponse: date }` a hidden
 * class of its own (a copy followed by a property named in the literal; Node 22 shares
 * one), so every later read of a dossier's deadlines was a megamorphic one: 2,916 classes
 * for 3,000 submitted dossiers, reads 10-20x slower. Setting the name on the copy shares one.
 */
function withDeadline(deadlines: DossierContext['deadlines'], name: DeadlineName, date: CalendarDate): DossierContext['deadlines'] {
  const next = { ...deadlines };
  next[name] = date;
  return next;
}

/** The context of a new dossier: the deadlines known from the training dates alone. */
export function initialDossierContext(input: DossierMachineInput): DossierContext {
  const { calendar, training } = input;
  return {
    calendar,
    training,
    exemption: input.exemption,
    identity: identityActivatedAt(input.identityActivatedAt),
    deadlines: {
      registration: registrationDeadline(training, calendar),
      entryDeclaration: entryDeclarationDeadline(training, calendar),
      exitDeclaration: exitDeclarationDeadline(training, calendar),
    },
    submittedAt: null,
    acceptedAt: null,
    validatedAt: null,
    enteredAt: null,
    exitedAt: null,
    endedAt: null,
    reason: null,
    late: [],
    cpfRights: 'untouched',
    money: { paid: 0, refunded: 0, credited: 0, debited: 0 },
    outcome: null,
    forceMajeure: false,
    rating: null,
  };
}

/**
 * The CPF training dossier (rules.md sections 3 to 5). Every event carries `at`; the
 * caller sends `TICK` at an event's instant before the event itself, so that deadlines
 * that passed meanwhile take effect first (the API in api/dossier.ts does).
 * Refused events are emitted as `{ type: 'rejected', code }`, never dropped silently.
 */
export const dossierMachine = setup({
  types: {
    context: {} as DossierContext,
    events: {} as DossierEvent,
    input: {} as DossierMachineInput,
    emitted: {} as RejectedEmit,
    tags: {} as 'holder' | 'organisation' | 'nobody',
  },
  guards: {
    identityIsUsable: ({ context, event }) => isIdentityUsableAt(context.identity, event.at),
    tooLateToRegister: ({ context, event }) => isTooLateToRegister(event.at, context.training, context.calendar),
    deadlinePassed: ({ context, event }, params: ExpiryParams) => {
      const deadline = context.deadlines[params.deadline];
      return deadline !== undefined && isPastDeadline(event.at, deadline, context.calendar);
    },
    trainingNotStarted: ({ context, event }) => isBeforeTrainingStart(event.at, context.training, context.calendar),
    trainingNotEnded: ({ context, event }) => isBeforeTrainingEnd(event.at, context.training, context.calendar),
    ratingIsValid: ({ event }) => isValidRating(eventOf(event, 'EVALUATED')?.rating),
    trainingHasStarted: ({ context, event }) => hasTrainingStarted(context, event.at),
    cancellationIsFree: ({ context, event }) => isCancellationFree(context, event.at),
    forceMajeure: ({ event }) => eventOf(event, 'HOLDER_CANCELS')?.forceMajeure === true,
  },
  actions: {
    reject: emit((_, params: { code: RejectionCode }) => ({ type: 'rejected' as const, code: params.code })),
    applyIdentityEvent: enqueueActions(({ context, event, enqueue }) => {
      const step = stepIdentity(context.identity, event as IdentityEvent);
      if (step.ok) enqueue.assign({ identity: step.record });
      else enqueue.emit({ type: 'rejected', code: step.code });
    }),
    recordSubmission: assign(({ context, event }) => ({
      submittedAt: event.at,
      deadlines: withDeadline(
        context.deadlines,
        'organisationResponse',
        deadlineAfterWorkingDays(event.at, CPF_POLICY.organisation.responseWorkingDays, context.calendar).date,
      ),
    })),
    recordAcceptance: assign(({ context, event }) => ({
      acceptedAt: event.at,
      deadlines: withDeadline(context.deadlines, 'holderValidation', deadlineAfterWorkingDays(event.at, CPF_POLICY.holder.validationWorkingDays, context.calendar).date),
    })),
    recordRefusal: assign(({ event }) => ({ endedAt: event.at, reason: 'ORGANISATION_REFUSED' as const })),
    recordExpiry: assign(({ context }, params: ExpiryParams) => ({
      endedAt: firstInstantPast(context.deadlines[params.deadline]!, context.calendar),
      reason: params.reason,
    })),
    recordValidation: assign(({ context, event }) => ({
      validatedAt: event.at,
      cpfRights: 'reserved' as const,
      money: { ...context.money, paid: participationDueCents(dateOf(event.at, context.calendar), context.exemption) },
    })),
    recordEntry: assign(({ context, event }) => ({
      enteredAt: event.at,
      cpfRights: 'debited' as const,
      late: isPastDeadline(event.at, context.deadlines.entryDeclaration!, context.calendar)
        ? [...context.late, 'entryDeclaration' as const]
        : context.late,
    })),
    recordExit: assign(({ context, event }) => ({
      exitedAt: event.at,
      late: isPastDeadline(event.at, context.deadlines.exitDeclaration!, context.calendar)
        ? [...context.late, 'exitDeclaration' as const]
        : context.late,
    })),
    recordEvaluation: assign({ rating: ({ event }) => eventOf(event, 'EVALUATED')!.rating }),
    recordCancellation: assign(({ context, event }, params: { row: CancellationRow }) => {
      const forceMajeure = eventOf(event, 'HOLDER_CANCELS')?.forceMajeure === true;
      const ruling = ruleOnCancellationRow(params.row, context.money.paid, forceMajeure);
      return {
        endedAt: event.at,
        reason: ruling.reason,
        outcome: ruling.outcome,
        money: ruling.money,
        forceMajeure,
        cpfRights: ruling.outcome.cpfRights === 'untouched' ? context.cpfRights : ruling.outcome.cpfRights,
      };
    }),
  },
}).createMachine({
  id: 'dossier',
  initial: 'draft',
  context: ({ input }) => initialDossierContext(input),
  on: {
    TICK: { description: 'time advances to the event instant; deadlines that passed take effect first' },
    IDENTITY_CREATED: { actions: 'applyIdentityEvent' },
    IDENTITY_VERIFIED: { actions: 'applyIdentityEvent' },
    IDENTITY_ACTIVATED: { actions: 'applyIdentityEvent' },
    '*': { actions: { type: 'reject', params: { code: 'INVALID_IN_STATE' } } },
  },
  states: {
    draft: {
      tags: ['holder'],
      on: {
        SUBMIT: [
          { guard: not('identityIsUsable'), actions: { type: 'reject', params: { code: 'IDENTITY_NOT_ACTIVE' } } },
          { guard: 'tooLateToRegister', actions: { type: 'reject', params: { code: 'TOO_LATE_TO_REGISTER' } } },
          { target: 'requested', actions: 'recordSubmission' },
        ],
      },
    },
    requested: {
      tags: ['organisation'],
      on: {
        TICK: {
          guard: { type: 'deadlinePassed', params: EXPIRING_DEADLINES.requested },
          target: 'expired',
          actions: { type: 'recordExpiry', params: EXPIRING_DEADLINES.requested },
        },
        ORGANISATION_ACCEPTS: { target: 'accepted', actions: 'recordAcceptance' },
        ORGANISATION_REFUSES: { target: 'refused', actions: 'recordRefusal' },
        HOLDER_CANCELS: { target: 'cancelled', actions: { type: 'recordCancellation', params: { row: 'beforeValidation' } } },
      },
    },
    accepted: {
      tags: ['holder'],
      on: {
        TICK: {
          guard: { type: 'deadlinePassed', params: EXPIRING_DEADLINES.accepted },
          target: 'expired',
          actions: { type: 'recordExpiry', params: EXPIRING_DEADLINES.accepted },
        },
        HOLDER_VALIDATES: { target: 'validated', actions: 'recordValidation' },
        HOLDER_CANCELS: { target: 'cancelled', actions: { type: 'recordCancellation', params: { row: 'beforeValidation' } } },
      },
    },
    validated: {
      tags: ['holder'],
      on: {
        ENTRY_DECLARED: [
          { guard: 'trainingNotStarted', actions: { type: 'reject', params: { code: 'TOO_EARLY' } } },
          { target: 'in-training', actions: 'recordEntry' },
        ],
        HOLDER_CANCELS: [
          {
            guard: and(['trainingHasStarted', 'forceMajeure']),
            target: 'cancelled',
            actions: { type: 'recordCancellation', params: { row: 'abandoned' } },
            description: 'rights restored, charge refunded (force majeure)',
          },
          {
            guard: 'trainingHasStarted',
            target: 'cancelled',
            actions: { type: 'recordCancellation', params: { row: 'abandoned' } },
            description: 'rights debited, charge debited',
          },
          {
            guard: 'cancellationIsFree',
            target: 'cancelled',
            actions: { type: 'recordCancellation', params: { row: 'free' } },
            description: 'rights restored, charge refunded (validated fewer than 14 working days ago, or the start more than 7 working days away)',
          },
          {
            guard: 'forceMajeure',
            target: 'cancelled',
            actions: { type: 'recordCancellation', params: { row: 'charged' } },
            description: 'rights restored, charge refunded (force majeure)',
          },
          {
            target: 'cancelled',
            actions: { type: 'recordCancellation', params: { row: 'charged' } },
            description: 'rights debited, charge credited for a future training',
          },
        ],
      },
    },
    'in-training': {
      tags: ['holder'],
      on: {
        EXIT_DECLARED: [
          { guard: 'trainingNotEnded', actions: { type: 'reject', params: { code: 'TOO_EARLY' } } },
          { target: 'finished', actions: 'recordExit' },
        ],
        HOLDER_CANCELS: [
          {
            guard: 'forceMajeure',
            target: 'cancelled',
            actions: { type: 'recordCancellation', params: { row: 'abandoned' } },
            description: 'rights restored, charge refunded (force majeure)',
          },
          {
            target: 'cancelled',
            actions: { type: 'recordCancellation', params: { row: 'abandoned' } },
            description: 'rights debited, charge debited',
          },
        ],
      },
    },
    finished: {
      initial: 'awaitingEvaluation',
      states: {
        awaitingEvaluation: {
          tags: ['holder'],
          on: {
            EVALUATED: [
              { guard: not('ratingIsValid'), actions: { type: 'reject', params: { code: 'INVALID_PAYLOAD' } } },
              { target: 'evaluated', actions: 'recordEvaluation' },
            ],
          },
        },
        evaluated: { tags: ['nobody'] },
      },
    },
    refused: { type: 'final', tags: ['nobody'] },
    expired: { type: 'final', tags: ['nobody'] },
    cancelled: { type: 'final', tags: ['nobody'] },
  },
});

export type DossierMachine = typeof dossierMachine;
