import type { DossierStateName, Reason } from '../machines/types.js';

/** The EDOF / Wedof `state` names (rules.md section 7). */
export type EdofState =
  | 'notProcessed'
  | 'validated'
  | 'accepted'
  | 'inTraining'
  | 'terminated'
  | 'refusedByOrganism'
  | 'rejectedWithoutOfSuite'
  | 'rejectedWithoutTitulaireSuite'
  | 'canceledByAttendee'
  | 'canceledByAttendeeNotRealized';

const BY_STATE: Partial<Record<DossierStateName, EdofState>> = {
  requested: 'notProcessed',
  accepted: 'validated',
  validated: 'accepted',
  'in-training': 'inTraining',
  finished: 'terminated',
  refused: 'refusedByOrganism',
};

const BY_REASON: Partial<Record<Reason, EdofState>> = {
  ORGANISATION_NO_RESPONSE: 'rejectedWithoutOfSuite',
  HOLDER_NO_VALIDATION: 'rejectedWithoutTitulaireSuite',
  HOLDER_CANCELLED: 'canceledByAttendee',
  HOLDER_ABANDONED: 'canceledByAttendeeNotRealized',
};

/**
 * The EDOF state a service shows for a dossier. EDOF calls the organisation's acceptance
 * "validated" and the holder's confirmation "accepted": the names cross. A `draft` has
 * not reached EDOF yet (the holder has sent nothing), so it has no EDOF state: null.
 */
export function edofStateOf(state: DossierStateName, reason: Reason | null): EdofState | null {
  if (state === 'expired' || state === 'cancelled') return reason ? (BY_REASON[reason] ?? null) : null;
  return BY_STATE[state] ?? null;
}
