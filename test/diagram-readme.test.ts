import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';
import { DIAGRAM_END, DIAGRAM_START, readmeDiagramBlock, readmeDiagramOf, withReadmeDiagram } from '../diagram/readme.js';

const README = new URL('../README.md', import.meta.url);

describe("the README's diagram of the dossier machine", () => {
  it('is what `cpf-dossier diagram --format mermaid` prints (else run `npm run docs`)', async () => {
    let printed = '';
    const code = await runCli(['diagram', '--format', 'mermaid'], { stdout: (text) => (printed += text), stderr: () => {}, color: false, cwd: process.cwd() });
    expect(code).toBe(0);
    const block = readmeDiagramOf(readFileSync(README, 'utf8'));
    const fenced = block.match(/^\n```mermaid\n([\s\S]*)```\n\n$/);
    expect(fenced, 'the README must hold one ```mermaid block between the markers: run `npm run docs`').not.toBeNull();
    expect(fenced![1], 'the README diagram is out of date: run `npm run docs`').toBe(printed);
  });

  it('is rewritten between the markers only, and rewriting twice changes nothing', () => {
    const readme = `# title\n\nbefore\n${DIAGRAM_START}\nold diagram\n${DIAGRAM_END}\nafter\n`;
    const once = withReadmeDiagram(readme);
    expect(once).toBe(`# title\n\nbefore\n${DIAGRAM_START}${readmeDiagramBlock()}${DIAGRAM_END}\nafter\n`);
    expect(withReadmeDiagram(once)).toBe(once);
  });

  it('refuses a README without both markers in order', () => {
    expect(() => withReadmeDiagram('no markers')).toThrow(/diagram:start/);
    expect(() => withReadmeDiagram(`${DIAGRAM_END}\n${DIAGRAM_START}`)).toThrow();
    expect(() => withReadmeDiagram(`${DIAGRAM_START}${DIAGRAM_END}${DIAGRAM_START}`)).toThrow(/more than once/);
  });
});
