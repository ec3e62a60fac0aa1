import type { OpenStoreOptions } from '../store/types.js';
import type { ParsedArgs } from './command.js';

/**
 * `--data DIR | --database URL` (and DATABASE_URL for the latter) as store options, or
 * what is wrong with them. Relative folders are read from the working directory.
 */
export function storeOptionsOf(args: ParsedArgs, env: Readonly<Record<string, string | undefined>>, cwd: string): { ok: true; options: OpenStoreOptions } | { ok: false; message: string } {
  const data = args.string('data');
  const database = args.string('database') ?? (data === undefined ? env.DATABASE_URL || undefined : undefined);
  if (data !== undefined && args.string('database') !== undefined) return { ok: false, message: 'give --data DIR or --database URL, not both' };
  if (database !== undefined) return { ok: true, options: { database } };
  return { ok: true, options: { data: data === undefined ? `${cwd}/cpf-data` : data.startsWith('/') ? data : `${cwd}/${data}` } };
}
