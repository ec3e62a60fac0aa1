import type { RejectionCode } from '../machines/types.js';

/** A refused event: the code of the contract and a sentence a person can act on. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  /** The event type refused, when it could be read. */
  event: string | null;
  /** The payload field at fault, for INVALID_PAYLOAD. */
  field?: string;
}

export function rejection(code: RejectionCode, event: string | null, message: string, field?: string): Rejection {
  return field === undefined ? { code, message, event } : { code, message, event, field };
}
