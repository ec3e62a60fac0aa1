import { diagramOf } from './index.js';

/**
 * The README's copy of the dossier diagram: a ```mermaid block between two markers,
 * rewritten by `npm run docs` and checked by a test.
 */

export const DIAGRAM_START = '<!-- diagram:start -->';
export const DIAGRAM_END = '<!-- diagram:end -->';

/** What goes between the markers: the dossier machine as a fenced Mermaid block. */
export function readmeDiagramBlock(): string {
  return `\n\`\`\`mermaid\n${diagramOf('dossier', 'mermaid')}\`\`\`\n\n`;
}

function markerPositions(readme: string): { start: number; end: number } {
  const start = readme.indexOf(DIAGRAM_START);
  const end = readme.indexOf(DIAGRAM_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`the README must hold ${DIAGRAM_START} and then ${DIAGRAM_END}, each once`);
  }
  if (readme.indexOf(DIAGRAM_START, start + 1) !== -1 || readme.indexOf(DIAGRAM_END, end + 1) !== -1) {
    throw new Error(`the README holds ${DIAGRAM_START} or ${DIAGRAM_END} more than once`);
  }
  return { start: start + DIAGRAM_START.length, end };
}

/** What the README holds between the markers now. */
export function readmeDiagramOf(readme: string): string {
  const { start, end } = markerPositions(readme);
  return readme.slice(start, end);
}

/** The README with the block between the markers replaced; the rest untouched. */
export function withReadmeDiagram(readme: string, block: string = readmeDiagramBlock()): string {
  const { start, end } = markerPositions(readme);
  return `${readme.slice(0, start)}${block}${readme.slice(end)}`;
}
