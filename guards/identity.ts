import type { Instant } from '../calendar/index.js';
import type { IdentityRecord } from '../machines/types.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';

const CODE_PATTERN = new RegExp(`^[0-9]{${CPF_POLICY.identity.codeDigits}}$`);

/** « un code à 4 chiffres »: exactly four ASCII digits, e.g. `isFourDigitCode('0421') === true`. */
export function isFourDigitCode(code: unknown): boolean {
  return typeof code === 'string' && CODE_PATTERN.test(code);
}

/** When an identity activated at `activatedAt` can first be used: 24 hours later, to the millisecond. */
export function identityUsableFrom(activatedAt: Instant): Instant {
  return activatedAt + CPF_POLICY.identity.activationDelayMs;
}

/**
 * Whether the holder can sign in with the identity at `at`: activated, and the 24 hours
 * of activation are over (usable from the 24th hour on, not before).
 */
export function isIdentityUsableAt(identity: IdentityRecord, at: Instant): boolean {
  return identity.activatedAt !== null && at >= identityUsableFrom(identity.activatedAt);
}
