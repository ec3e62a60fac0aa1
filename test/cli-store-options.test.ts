import { describe, expect, it } from 'vitest';
import { storeWhereOf } from '../cli/store-options.js';
import { cli } from './support/cli.js';

describe('where the store is: --data, --database, DATABASE_URL', () => {
  it('takes ./cpf-data of the working directory when nothing is given', () => {
    expect(storeWhereOf({}, {}, '/srv/cpf')).toEqual({ ok: true, where: { data: '/srv/cpf/cpf-data' } });
  });

  it('reads a relative --data from the working directory and keeps an absolute one', () => {
    expect(storeWhereOf({ data: 'dossiers' }, {}, '/srv/cpf')).toEqual({ ok: true, where: { data: '/srv/cpf/dossiers' } });
    expect(storeWhereOf({ data: '/var/lib/cpf' }, {}, '/srv/cpf')).toEqual({ ok: true, where: { data: '/var/lib/cpf' } });
  });

  it('takes DATABASE_URL without --data, and an explicit --data over it', () => {
    const env = { DATABASE_URL: 'postgres://cpf@db/cpf' };
    expect(storeWhereOf({}, env, '/srv')).toEqual({ ok: true, where: { database: 'postgres://cpf@db/cpf' } });
    expect(storeWhereOf({ data: 'here' }, env, '/srv')).toEqual({ ok: true, where: { data: '/srv/here' } });
    expect(storeWhereOf({ database: 'postgresql://other/x' }, env, '/srv')).toEqual({ ok: true, where: { database: 'postgresql://other/x' } });
  });

  it('refuses both options at once, and a URL that is not postgres://, naming where it came from', () => {
    expect(storeWhereOf({ data: 'a', database: 'postgres://b' }, {}, '/')).toEqual({ ok: false, message: 'give --data DIR (embedded) or --database URL (a server), not both' });
    expect(storeWhereOf({ database: 'mysql://x' }, {}, '/')).toEqual({ ok: false, message: '--database must be a postgres:// URL' });
    expect(storeWhereOf({}, { DATABASE_URL: 'sqlite:x' }, '/')).toEqual({ ok: false, message: 'DATABASE_URL must be a postgres:// URL' });
  });

  it('check and worker refuse a URL that is not postgres:// before opening anything (exit 2)', async () => {
    for (const command of ['check', 'worker']) {
      const run = await cli([command, '--database', 'mysql://localhost/x']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--database must be a postgres:// URL');
    }
  });
});
