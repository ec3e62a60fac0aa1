import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  files: string[];
  exports: Record<string, string | { types: string; default: string }>;
  sideEffects: boolean;
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  license: string;
};

/** What `npm pack` would put in the tarball (built dist/ included: npm test builds first). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path);
}

/** Every module the static imports of `entry` reach, as Node loads them at start-up (dynamic import() is not followed). */
function staticImportGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  }
  return { files: [...files].map((file) => relative(join(root, 'dist'), file)), packages: [...packages] };
}

describe('the package', () => {
  it('ships the library, the CLI, the scenarios, the schema, the docs, README and LICENSE, and nothing else', () => {
    const files = packedFiles();
    for (const expected of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/testing.js', 'dist/calendar/index.js', 'schema/scenario.schema.json', 'docs/scenarios.md']) {
      expect(files, expected).toContain(expected);
    }
    expect(files.some((file) => file.startsWith('scenarios/') && file.endsWith('.yaml'))).toBe(true);
    const stray = files.filter((file) => /^(test|bench|dist\/bench|dist\/test|\.ci)\/|\.map$|tsconfig|vitest|\.test\.|^[^/]+\.ts$|write-|dist\/diagram\/docs\./.test(file));
    expect(stray).toEqual([]);
  });

  it('has a LICENSE that is the MIT licence package.json names', () => {
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('takes xstate as a peer (kept as a dev dependency for the tests), @statelyai/inspect as an optional peer', () => {
    expect(manifest.dependencies.xstate).toBeUndefined();
    expect(manifest.peerDependencies.xstate).toMatch(/^\^5\./);
    expect(manifest.devDependencies.xstate).toBeDefined();
    expect(manifest.dependencies['@statelyai/inspect']).toBeUndefined();
    expect(manifest.peerDependencies['@statelyai/inspect']).toBeDefined();
    expect(manifest.peerDependenciesMeta['@statelyai/inspect']).toEqual({ optional: true });
  });

  it('exports its sub-paths, each built, and package.json; it has no side effects on import', () => {
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.exports['./package.json']).toBe('./package.json');
    for (const [path, target] of Object.entries(manifest.exports)) {
      for (const file of typeof target === 'string' ? [target] : [target.types, target.default]) {
        expect(existsSync(join(root, file)), `${path}: ${file}`).toBe(true);
      }
    }
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './calendar', './testing']));
  });

  it('says in engines the Node versions .ci/run tests: 20.20+, 22 and 24', () => {
    expect(manifest.engines.node).toBe('^20.20.0 || ^22 || ^24');
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^for major in 22 24; do\n[\s\S]*?npx -y -p "node@\$major" -- node node_modules\/vitest\/vitest\.mjs run/m);
  });

  it('loads, for createDossier from the root, neither YAML, nor the model-based testing, nor the inspector, nor date-holidays', () => {
    const graph = staticImportGraph(join(root, 'dist/index.js'));
    expect(graph.packages.sort()).toEqual(['xstate']);
    expect(graph.files.filter((file) => /^(model|replay|cli|inspect|report|diagram)\//.test(file))).toEqual([]);
  });

  it("loads the calendar sub-path without XState", () => {
    expect(staticImportGraph(join(root, 'dist/calendar/index.js')).packages).toEqual([]);
  });
});
