import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../cli/run.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a user would type `cpf-dossier ...argv` in `cwd`. */
export async function cli(argv: string[], cwd = process.cwd(), color = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color,
    cwd,
  });
  return { code, stdout, stderr };
}

/** A valid scenario that holds: submitted, then refused by the organisation. */
export const REFUSED_SCENARIO = `name: Refused by the organisation
given:
  identityActivatedAt: 2026-03-01T10:00:00+01:00
  training: { start: 2026-05-04, end: 2026-05-15 }
when:
  - at: 2026-04-03T16:00:00+02:00
    event: SUBMIT
  - at: 2026-04-07T10:00:00+02:00
    event: ORGANISATION_REFUSES
then: { state: refused, reason: ORGANISATION_REFUSED }
`;

/** A fresh folder holding the given files (paths relative to it). */
export function folderWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cpf-scenarios-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
