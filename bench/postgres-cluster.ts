import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';

/**
 * A throwaway PostgreSQL server for tests and benchmarks: a cluster in a temporary folder made by the
 * installed Debian package's initdb, started with pg_ctl as the `postgres` user on
 * 127.0.0.1 and a free port, removed when stopped.
 */
export interface TestPostgres {
  readonly url: string;
  readonly port: number;
  readonly bin: string;
  /** A URL to a new, empty database on the server. */
  createDatabase(name: string): Promise<string>;
  /** Runs a binary of the server's bin folder (psql, pgbench) as the `postgres` user. */
  run(binary: string, args: string[]): string;
  /** pg_ctl restart: every connection is dropped, the server comes back on the same port. */
  restart(): void;
  stop(): void;
}

/** The bin folder of the installed postgresql package (`dpkg -L`), or why there is none. */
export function findPostgresBin(): { ok: true; bin: string } | { ok: false; reason: string } {
  const listed = spawnSync('sh', ['-c', "dpkg -L $(dpkg-query -W -f='${Package}\\n' 'postgresql-[0-9]*' 2>/dev/null) 2>/dev/null | grep '/bin/initdb$'"], {
    encoding: 'utf8',
  });
  const initdb = listed.stdout.split('\n').find((line) => line.trim().length > 0);
  if (!initdb) return { ok: false, reason: 'no postgresql-NN Debian package with initdb is installed (apt-get install postgresql)' };
  const bin = dirname(initdb.trim());
  if (!existsSync(join(bin, 'pg_ctl'))) return { ok: false, reason: `${bin} has initdb but no pg_ctl` };
  return { ok: true, bin };
}

const runsAsRoot = userInfo().uid === 0;

function asPostgres(command: string, args: string[]): string[] {
  return runsAsRoot ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args];
}

function exec(command: string[], cwd?: string): string {
  return execFileSync(command[0]!, command.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: cwd ?? tmpdir() });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startTestPostgres(bin: string, options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'cpf-pg-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  if (runsAsRoot) {
    const uid = Number(exec(['id', '-u', 'postgres']).trim());
    const gid = Number(exec(['id', '-g', 'postgres']).trim());
    chownSync(root, uid, gid);
  }
  const port = await freePort();
  exec(asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']));
  // Tests need no durability across a power cut; the benchmarks keep it (`durable`).
  const settings = [`-p ${port}`, `-k ${root}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=100'];
  if (!options.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  const pgCtl = (args: string[]) => exec(asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', ...args]));
  pgCtl(['-o', settings.join(' '), '-l', join(root, 'server.log'), 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    bin,
    async createDatabase(name: string) {
      exec(asPostgres(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-qAt', '-c', `CREATE DATABASE "${name}"`]));
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    run(binary: string, args: string[]) {
      return exec(asPostgres(join(bin, binary), args), root);
    },
    restart() {
      // With its log file, or the new server would hold this process's pipe open.
      pgCtl(['-m', 'fast', '-l', join(root, 'server.log'), 'restart', '-o', settings.join(' ')]);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        pgCtl(['-m', 'immediate', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
