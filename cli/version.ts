import { readFileSync } from 'node:fs';

/** The version in package.json, found from here whether running from source (cli/) or built (dist/cli/). */
export function packageVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (manifest.name === 'cpf-dossier') return manifest.version;
    } catch {
      // not at this level; try the next one up
    }
  }
  return 'unknown';
}
