import { findPostgresBin } from '../../bench/postgres-cluster.js';

export { startTestPostgres } from '../../bench/postgres-cluster.js';
export type { TestPostgres } from '../../bench/postgres-cluster.js';

/**
 * The server for a test file, or why there is none: without PostgreSQL's binaries a
 * suite is skipped with the reason, except under CI=true, where it must fail.
 */
export function postgresAvailability(): { ok: true; bin: string } | { ok: false; reason: string } {
  const found = findPostgresBin();
  if (!found.ok && process.env.CI === 'true') {
    throw new Error(`CI=true and PostgreSQL is needed: ${found.reason}`);
  }
  return found;
}
