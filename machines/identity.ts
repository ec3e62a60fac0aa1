import { assign, emit, not, setup } from 'xstate';
import { isFourDigitCode } from '../guards/identity.js';
import type { VerificationMethod } from '../policy/cpf-policy.js';
import { fastStepsOf } from './fast-step.js';
import type { IdentityEvent, IdentityRecord, RejectedEmit, RejectionCode } from './types.js';

interface IdentityContext {
  method: VerificationMethod | null;
  activatedAt: number | null;
}

/**
 * The Identité Numérique (rules.md section 2): created, verified (post office, postman
 * or online), activated by choosing a 4-digit code. It can be used 24 hours after
 * activation; the dossier asks that question through `isIdentityUsableAt`.
 */
export const identityMachine = setup({
  types: {
    context: {} as IdentityContext,
    events: {} as IdentityEvent,
    emitted: {} as RejectedEmit,
  },
  guards: {
    isFourDigitCode: ({ event }) => event.type === 'IDENTITY_ACTIVATED' && isFourDigitCode(event.code),
  },
  actions: {
    reject: emit((_, params: { code: RejectionCode }) => ({ type: 'rejected' as const, code: params.code })),
    recordVerification: assign({
      method: ({ event }) => (event.type === 'IDENTITY_VERIFIED' ? event.method : null),
    }),
    recordActivation: assign({ activatedAt: ({ event }) => event.at }),
  },
}).createMachine({
  id: 'identity',
  initial: 'notCreated',
  context: { method: null, activatedAt: null },
  on: {
    '*': { actions: { type: 'reject', params: { code: 'INVALID_IN_STATE' } } },
  },
  states: {
    notCreated: {
      on: { IDENTITY_CREATED: { target: 'created' } },
    },
    created: {
      on: { IDENTITY_VERIFIED: { target: 'verified', actions: 'recordVerification' } },
    },
    verified: {
      on: {
        IDENTITY_ACTIVATED: [
          { guard: not('isFourDigitCode'), actions: { type: 'reject', params: { code: 'INVALID_PAYLOAD' } } },
          { target: 'activated', actions: 'recordActivation' },
        ],
      },
    },
    activated: {},
  },
});

/** The identity machine's fast step, read from its definition (machines/fast-step.ts). */
const identitySteps = fastStepsOf(identityMachine);

export type IdentityStep = { ok: true; record: IdentityRecord } | { ok: false; code: RejectionCode };

/**
 * One identity event applied to the identity's record, through the identity machine:
 * the new record, or the code the machine refused it with.
 */
export function stepIdentity(record: IdentityRecord, event: IdentityEvent): IdentityStep {
  const current = identitySteps.at(record.state, { method: record.method, activatedAt: record.activatedAt });
  if (current === null) throw new Error(`the identity machine has no state '${record.state}'`);
  const { state: next, rejected } = identitySteps.step(current, event);
  if (rejected !== null) return { ok: false, code: rejected };
  return {
    ok: true,
    record: { state: next.node.path as IdentityRecord['state'], method: next.context.method, activatedAt: next.context.activatedAt },
  };
}

/** The identity of a holder who activated it at `activatedAt` (a scenario's `given.identityActivatedAt`). */
export function identityActivatedAt(activatedAt: number | null): IdentityRecord {
  return activatedAt === null
    ? { state: 'notCreated', method: null, activatedAt: null }
    : { state: 'activated', method: null, activatedAt };
}
