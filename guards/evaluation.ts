import { CPF_POLICY } from '../policy/cpf-policy.js';

/** EVALUATED's guard, failing with INVALID_PAYLOAD: an integer from 1 to 5. */
export function isValidRating(rating: unknown): rating is number {
  return (
    typeof rating === 'number' &&
    Number.isInteger(rating) &&
    rating >= CPF_POLICY.evaluation.minRating &&
    rating <= CPF_POLICY.evaluation.maxRating
  );
}
