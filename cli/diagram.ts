import { DIAGRAM_FORMATS, DIAGRAM_MACHINES, diagramOf, isDiagramFormat, isDiagramMachineName } from '../diagram/index.js';
import type { DiagramFormat, DiagramMachineName } from '../diagram/index.js';
import { EXIT_BAD_INPUT, EXIT_OK, splitOption } from './io.js';
import type { CliIo } from './io.js';
import { DIAGRAM_USAGE } from './usage.js';

const MACHINE_NAMES = Object.keys(DIAGRAM_MACHINES);


const HELP = `Usage: cpf-dossier ${DIAGRAM_USAGE}

  --format   mermaid (default): a Mermaid stateDiagram-v2, as code hosts render it
             dot: Graphviz (dot -Tsvg)
             scxml: W3C State Chart XML
             json: the machine's states and transitions as data (machineGraphOf)
  --machine  dossier (default) or identity
`;

/** `cpf-dossier diagram [--format F] [--machine M]`: the diagram on stdout. */
export function runDiagram(args: string[], io: CliIo): number {
  let format: DiagramFormat = 'mermaid';
  let machine: DiagramMachineName = 'dossier';
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--help' || arg === '-h') {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const [option, inline] = splitOption(arg);
    if (option !== '--format' && option !== '--machine') {
      io.stderr(`diagram: unknown ${arg.startsWith('-') ? 'option' : 'argument'} '${arg}'. Usage: cpf-dossier ${DIAGRAM_USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    const value = inline ?? args[++index];
    if (value === undefined) {
      io.stderr(`diagram: ${option} needs a value. Usage: cpf-dossier ${DIAGRAM_USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    if (option === '--format') {
      if (!isDiagramFormat(value)) {
        io.stderr(`diagram: unknown format '${value}': expected one of ${DIAGRAM_FORMATS.join(', ')}\n`);
        return EXIT_BAD_INPUT;
      }
      format = value;
    } else {
      if (!isDiagramMachineName(value)) {
        io.stderr(`diagram: unknown machine '${value}': expected one of ${MACHINE_NAMES.join(', ')}\n`);
        return EXIT_BAD_INPUT;
      }
      machine = value;
    }
  }
  io.stdout(diagramOf(machine, format));
  return EXIT_OK;
}
