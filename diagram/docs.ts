/**
 * `npm run docs`: rewrites the README's Mermaid diagram of the dossier machine (between
 * `<!-- diagram:start -->` and `<!-- diagram:end -->`) from the machine itself.
 * Run from the build (dist/diagram/docs.js); the README is the package's own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withReadmeDiagram } from './readme.js';

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = withReadmeDiagram(before);
if (after === before) {
  process.stdout.write('README.md: the dossier diagram is up to date\n');
} else {
  writeFileSync(readmePath, after);
  process.stdout.write('README.md: the dossier diagram was rewritten from the machine\n');
}
