import { diagramOf } from '../diagram/index.js';
import type { DiagramFormat, DiagramMachineName } from '../diagram/index.js';
import { EXIT_OK } from './io.js';
import type { CommandRun } from './command.js';

/** `cpf-dossier diagram [--format F] [--machine M]`: the diagram on stdout; the parser checked both names. */
export const runDiagram: CommandRun = (args, io) => {
  io.stdout(diagramOf(args.string('machine') as DiagramMachineName, args.string('format') as DiagramFormat));
  return EXIT_OK;
};
