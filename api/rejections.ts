import type { RejectionCode } from '../machines/types.js';

/**
 * Refused before any rule is considered: what was given where a dossier was expected is
 * not one (null, a plain copy such as `JSON.parse(JSON.stringify(dossier))`, another
 * object). Not a code of rules.md: no event sequence can produce it, only a caller.
 */
export const NOT_A_DOSSIER = 'NOT_A_DOSSIER';

/** A refused event: the code of the contract and a sentence a person can act on. */
export interface Rejection<Code extends string = RejectionCode | typeof NOT_A_DOSSIER> {
  code: Code;
  message: string;
  /** The event type refused, when it could be read. */
  event: string | null;
  /** The payload field at fault, for INVALID_PAYLOAD. */
  field?: string;
}

/** A refusal by the rules of rules.md, for a dossier that is one (what parseEvent and the machine give). */
export type RuleRejection = Rejection<RejectionCode>;

export function rejection<Code extends Rejection['code']>(code: Code, event: string | null, message: string, field?: string): Rejection<Code> {
  return field === undefined ? { code, message, event } : { code, message, event, field };
}
