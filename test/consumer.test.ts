import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a consumer gets it: `npm pack` of the built dist/ (npm test builds it
 * first), installed from the tarball into a fresh project beside another xstate 5.x from
 * the registry; the README's TypeScript examples type-checked there under strict
 * `nodenext` and `bundler` resolution; a small program bundled with esbuild and run away
 * from any node_modules. Without the npm registry it is skipped with the reason, except
 * with CI=true, where it fails.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * The oldest xstate the peer range accepts, not the one the tests run on: the declarations
 * name xstate's StateMachine with the type parameters it has since 5.33.0 (TTransitionMeta),
 * so an older 5.x fails to type-check them (TS2314); npm refuses it at install instead.
 */
const CONSUMER_XSTATE = '5.33.0';
const tsc = join(root, 'node_modules/typescript/bin/tsc');

function registryReachable(): string | null {
  const result = spawnSync('npm', ['view', `xstate@${CONSUMER_XSTATE}`, 'version', '--json'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? null : `the npm registry is unreachable (npm view: ${(result.stderr || String(result.error)).trim().split('\n')[0]})`;
}

const unreachable = registryReachable();
if (unreachable && process.env.CI !== 'true') console.warn(`test/consumer.test.ts skipped: ${unreachable}`);

/** The ```ts blocks of the README, each a program of its own. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

describe.skipIf(unreachable !== null && process.env.CI !== 'true')('the package in a consumer project', () => {
  let project = '';
  let tarball = '';

  beforeAll(() => {
    if (unreachable) throw new Error(`CI=true and ${unreachable}`);
    project = mkdtempSync(join(tmpdir(), 'cpf-consumer-'));
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], root)) as Array<{ filename: string; size: number; entryCount: number }>;
    tarball = packed[0]!.filename;
    console.log(`tarball ${tarball}: ${packed[0]!.size} bytes, ${packed[0]!.entryCount} files`);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'cpf-consumer',
        private: true,
        type: 'module',
        dependencies: { 'cpf-dossier': `file:./${tarball}`, xstate: CONSUMER_XSTATE, '@statelyai/inspect': '^0.7.2' },
        devDependencies: { '@types/node': '^20.19.0' },
      }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], project);
  }, 240_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  }, 120_000);

  it("uses the consumer's own xstate, not a second nested copy", () => {
    expect(JSON.parse(readFileSync(join(project, 'node_modules/xstate/package.json'), 'utf8')).version).toBe(CONSUMER_XSTATE);
    expect(existsSync(join(project, 'node_modules/cpf-dossier/node_modules/xstate'))).toBe(false);
    console.log(`installed: ${sizeOf(join(project, 'node_modules'))} bytes in node_modules`);
  });

  it.each(['nodenext', 'bundler'] as const)("type-checks every README example under strict '%s' resolution", (resolution) => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    const folder = join(project, `examples-${resolution}`);
    mkdirSync(folder, { recursive: true });
    examples.forEach((code, index) => writeFileSync(join(folder, `readme-${index + 1}.ts`), code));
    writeFileSync(
      join(project, `tsconfig.${resolution}.json`),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          types: ['node'],
          module: resolution === 'nodenext' ? 'NodeNext' : 'ESNext',
          moduleResolution: resolution === 'nodenext' ? 'NodeNext' : 'Bundler',
        },
        include: [`examples-${resolution}`],
      }),
    );
    run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], project);
  }, 120_000);

  it('bundles with esbuild for Node into one file that runs away from any node_modules', async () => {
    writeFileSync(
      join(project, 'app.ts'),
      `import { applyEvent, createDossier, describeDossier } from 'cpf-dossier';
import { addWorkingDays } from 'cpf-dossier/calendar';

const created = createDossier({ calendar: 'FR', training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' });
if (!created.ok) throw new Error(created.error.message);
const submitted = applyEvent(created.dossier, { type: 'SUBMIT', at: '2026-04-03T16:00:00+02:00' });
const described = describeDossier(submitted.dossier, '2026-04-07T09:00:00+02:00');
if (!described.ok) throw new Error(described.rejection.message);
console.log(JSON.stringify({ state: described.description.state, organisationResponse: described.description.deadlines.organisationResponse, plusTwo: addWorkingDays('2026-04-03', 2) }));
`,
    );
    const outdir = mkdtempSync(join(tmpdir(), 'cpf-bundle-'));
    try {
      const result = await build({ entryPoints: [join(project, 'app.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(outdir, 'app.mjs'), absWorkingDir: project, metafile: true, logLevel: 'silent' });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((input) => /node_modules\/(yaml|date-holidays|date-holidays-parser|@statelyai|@electric-sql|pg)\//.test(input))).toEqual([]);
      console.log(`bundle for Node: ${statSync(join(outdir, 'app.mjs')).size} bytes`);
      const ran = spawnSync(process.execPath, [join(outdir, 'app.mjs')], { cwd: outdir, encoding: 'utf8' });
      expect(ran.stderr).toBe('');
      expect(JSON.parse(ran.stdout)).toEqual({ state: 'requested', organisationResponse: '2026-04-08', plusTwo: '2026-04-08' });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);

  it('bundles for the browser too: the core has no Node import', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cpf-bundle-'));
    try {
      const result = await build({ entryPoints: [join(project, 'app.ts')], bundle: true, platform: 'browser', format: 'esm', outfile: join(outdir, 'app.js'), absWorkingDir: project, logLevel: 'silent' });
      expect(result.errors).toEqual([]);
      expect(readFileSync(join(outdir, 'app.js'), 'utf8')).not.toMatch(/from ["']node:/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);

  it('runs the CLI from the installed package: npx cpf-dossier replay of a bundled scenario', () => {
    const scenarios = join(project, 'node_modules/cpf-dossier/scenarios/journeys');
    const ran = spawnSync(join(project, 'node_modules/.bin/cpf-dossier'), ['replay', scenarios], { cwd: project, encoding: 'utf8' });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^1 passed, 0 failed, 0 invalid\n/);
  });

  it('ships the scenario schema at its sub-path', () => {
    const out = run(process.execPath, ['--input-type=module', '-e', "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(require.resolve('cpf-dossier/scenario.schema.json'))"], project);
    expect(JSON.parse(readFileSync(out.trim(), 'utf8')).title).toBe('cpf-dossier scenario');
  });
});
