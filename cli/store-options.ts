import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../store/index.js';

/** Where the dossiers are: an embedded store's folder (absolute), or a server's URL. */
export type StoreWhere = { data: string; database?: undefined } | { database: string; data?: undefined };

/**
 * `--data DIR | --database URL` (and DATABASE_URL for the latter: an explicit `--data`
 * wins over it) as the store's place, or what is wrong with them, naming the option.
 * Relative folders are read from `cwd`; without either, `./cpf-data`.
 * @example storeWhereOf({ data: 'dossiers' }, {}, '/srv') // { ok: true, where: { data: '/srv/dossiers' } }
 */
export function storeWhereOf(
  values: { data?: string; database?: string },
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { ok: true; where: StoreWhere } | { ok: false; message: string } {
  if (values.data !== undefined && values.database !== undefined) return { ok: false, message: 'give --data DIR (embedded) or --database URL (a server), not both' };
  const database = values.database ?? (values.data === undefined && env.DATABASE_URL ? env.DATABASE_URL : undefined);
  if (database === undefined) return { ok: true, where: { data: resolve(cwd, values.data ?? DEFAULT_DATA_DIR) } };
  if (!/^postgres(?:ql)?:\/\//.test(database)) return { ok: false, message: `${values.database !== undefined ? '--database' : 'DATABASE_URL'} must be a postgres:// URL` };
  return { ok: true, where: { database } };
}
