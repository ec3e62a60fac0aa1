import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { runCli } from '../cli/run.js';
import { DIAGRAM_FORMATS, DIAGRAM_MACHINES, diagramOf } from '../diagram/index.js';
import type { DiagramMachineName } from '../diagram/index.js';
import { MERMAID_LINE_BREAK, STAYS_HEADING } from '../diagram/mermaid.js';
import { CPF_NAMESPACE, SCXML_NAMESPACE, scxmlRootId } from '../diagram/scxml.js';
import { machineGraphOf } from '../machines/graph.js';
import type { MachineGraph, TransitionInfo } from '../machines/graph.js';

/** Runs the CLI with buffers. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), color: false, cwd: process.cwd() });
  return { code, stdout, stderr };
}

const MACHINES = Object.entries(DIAGRAM_MACHINES) as Array<[DiagramMachineName, AnyStateMachine]>;

/** How every format writes a transition's label, rebuilt here from the graph. */
function expectedLabel(transition: TransitionInfo): string {
  const guard = transition.guard === null ? '' : ` [${transition.guard}]`;
  const actions = transition.target === null && transition.actions.length > 0 ? ` / ${transition.actions.join(', ')}` : '';
  return `${transition.event}${guard}${actions}`;
}

const drawnOf = (graph: MachineGraph) => graph.transitions.filter((transition) => transition.source !== '');
const rootOf = (graph: MachineGraph) => graph.transitions.filter((transition) => transition.source === '');

describe('the dossier machine graph the diagrams are drawn from', () => {
  const graph = machineGraphOf(DIAGRAM_MACHINES.dossier);
  it('has what the diagrams must show: nesting, expiries, refusals, finals and the wildcard', () => {
    expect(graph.states.map((state) => state.path)).toContain('finished.awaitingEvaluation');
    expect(graph.states.map((state) => state.path)).toContain('finished.evaluated');
    expect(graph.transitions.filter((t) => t.event === 'TICK' && t.target === 'expired').map((t) => t.guard)).toEqual([
      'deadlinePassed(organisationResponse)',
      'deadlinePassed(holderValidation)',
    ]);
    expect(graph.transitions.some((t) => t.target === null && t.actions.includes('reject(TOO_EARLY)'))).toBe(true);
    expect(graph.states.filter((state) => state.type === 'final').map((state) => state.path)).toEqual(['refused', 'expired', 'cancelled']);
    expect(rootOf(graph).map((t) => t.event)).toContain('*');
  });
});

describe('diagram --format mermaid', () => {
  /** The statements of one scope of a Mermaid state diagram, blocks kept whole. */
  function parseMermaid(text: string) {
    const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('%%'));
    expect(lines[0]).toBe('stateDiagram-v2');
    const aliases = new Map<string, string>();
    const arrows: Array<{ scope: string; from: string; to: string; labels: string[] }> = [];
    const notes: Array<{ scope: string; of: string; lines: string[] }> = [];
    const blocks: string[] = [];
    const scopes: string[] = [''];
    for (let index = 1; index < lines.length; index += 1) {
      const line = lines[index]!.trim();
      const scope = scopes[scopes.length - 1]!;
      let match: RegExpMatchArray | null;
      if ((match = line.match(/^state "([^"]*)" as ([^\s:{}-]+)$/))) aliases.set(match[2]!, match[1]!);
      else if ((match = line.match(/^state ([^\s:{}-]+) \{$/))) {
        blocks.push(match[1]!);
        scopes.push(match[1]!);
      } else if (line === '}') scopes.pop();
      else if ((match = line.match(/^note (?:left|right) of ([^\s:{}-]+)$/))) {
        const note = { scope, of: match[1]!, lines: [] as string[] };
        for (index += 1; lines[index]!.trim() !== 'end note'; index += 1) note.lines.push(lines[index]!.trim());
        notes.push(note);
      } else if ((match = line.match(/^(\[\*\]|[^\s:{}-]+) --> (\[\*\]|[^\s:{}-]+)(?: : (.*))?$/))) {
        const label = match[3];
        if (label !== undefined) {
          // What Mermaid's grammar refuses in a transition label.
          expect(label).not.toMatch(/;|::|#/);
        }
        arrows.push({ scope, from: match[1]!, to: match[2]!, labels: label === undefined ? [] : label.split(MERMAID_LINE_BREAK) });
      } else throw new Error(`unexpected Mermaid line: ${line}`);
    }
    expect(scopes).toEqual(['']);
    return { aliases, arrows, notes, blocks };
  }

  it.each(MACHINES)('draws every state and transition of the %s machine', (name, machine) => {
    const graph = machineGraphOf(machine);
    const { aliases, arrows, notes, blocks } = parseMermaid(diagramOf(name, 'mermaid'));
    const nameOf = (id: string) => aliases.get(id) ?? id;
    const keyOf = (path: string) => path.split('.').pop()!;
    const parentOf = (path: string) => graph.states.find((state) => state.path === path)?.parent ?? null;

    // Compound states are blocks; their initial and final states are marked in their scope.
    expect(blocks.map(nameOf)).toEqual(graph.states.filter((state) => state.type === 'compound').map((state) => state.key));
    const starts = arrows.filter((arrow) => arrow.from === '[*]');
    expect(starts.map((arrow) => [arrow.scope === '' ? '' : nameOf(arrow.scope), nameOf(arrow.to)])).toEqual([
      ['', keyOf(graph.initial)],
      ...graph.states.filter((state) => state.initial !== null).map((state) => [state.key, keyOf(state.initial!)]),
    ]);
    const ends = arrows.filter((arrow) => arrow.to === '[*]').map((arrow) => nameOf(arrow.from));
    expect(ends).toEqual(graph.states.filter((state) => state.type === 'final').map((state) => state.key));

    // Every transition a state declares is drawn, label and all, in priority order: as an
    // arrow, or (one that stays, inside a compound state) in a note beside its state.
    const drawn: Array<{ from: string; to: string; label: string }> = [];
    for (const arrow of arrows.filter((candidate) => candidate.labels.length > 0)) {
      for (const label of arrow.labels) drawn.push({ from: nameOf(arrow.from), to: nameOf(arrow.to), label });
    }
    for (const note of notes.filter((candidate) => candidate.scope !== '')) {
      expect(note.lines[0]).toBe(STAYS_HEADING);
      for (const label of note.lines.slice(1)) drawn.push({ from: nameOf(note.of), to: nameOf(note.of), label });
    }
    const expected = drawnOf(graph).map((t) => ({ from: keyOf(t.source), to: keyOf(t.target ?? t.source), label: expectedLabel(t) }));
    const byPair = (list: typeof drawn) => list.map((item) => `${item.from} -> ${item.to}: ${item.label}`).sort();
    expect(byPair(drawn)).toEqual(byPair(expected));
    // Arrows between nested states stay inside their compound state.
    for (const arrow of arrows.filter((candidate) => candidate.labels.length > 0)) {
      const path = graph.states.find((state) => state.key === nameOf(arrow.from))!.path;
      expect(arrow.scope === '' ? null : nameOf(arrow.scope)).toBe(parentOf(path));
    }

    // The root's transitions are one note, the wildcard summarised last, never drawn per state.
    const rootNotes = notes.filter((note) => note.scope === '');
    expect(rootNotes).toHaveLength(1);
    expect(rootNotes[0]!.lines.at(-1)).toBe('any other event / reject(INVALID_IN_STATE)');
    expect(drawn.some((item) => item.label.includes('INVALID_IN_STATE'))).toBe(false);
    for (const transition of rootOf(graph).filter((t) => t.event !== '*')) {
      expect(rootNotes[0]!.lines.some((line) => line.includes(transition.event))).toBe(true);
    }
  });

  it('gives states whose names Mermaid cannot take as ids an alias', () => {
    const text = diagramOf('dossier', 'mermaid');
    expect(text).toContain('state "in-training" as in_training');
    expect(text).toContain('validated --> in_training : ENTRY_DECLARED');
    expect(text).toContain('in_training --> finished : EXIT_DECLARED');
    expect(text).not.toMatch(/^\s*in-training\b/m);
  });

  it('shows the time-based expiries and the refusals with their codes', () => {
    const text = diagramOf('dossier', 'mermaid');
    expect(text).toContain('requested --> expired : TICK [deadlinePassed(organisationResponse)]');
    expect(text).toContain('accepted --> expired : TICK [deadlinePassed(holderValidation)]');
    expect(text).toContain('validated --> validated : ENTRY_DECLARED [trainingNotStarted] / reject(TOO_EARLY)');
    expect(text).toContain('draft --> draft : SUBMIT [!identityIsUsable] / reject(IDENTITY_NOT_ACTIVE)<br/>SUBMIT [tooLateToRegister] / reject(TOO_LATE_TO_REGISTER)');
    expect(text).toContain('HOLDER_CANCELS [trainingHasStarted && forceMajeure]');
  });
});

describe('diagram --format dot', () => {
  function parseDot(text: string) {
    expect(text).toMatch(/^\/\/[^\n]*\ndigraph "[^"]+" \{\n/);
    expect(text.trimEnd().endsWith('}')).toBe(true);
    const unquote = (quoted: string) => JSON.parse(quoted.replace(/\\l/g, '\\n')) as string;
    const nodes = new Map<string, Record<string, string>>();
    const edges: Array<{ from: string; to: string; attributes: Record<string, string> }> = [];
    const clusters: string[] = [];
    const attributesOf = (list: string | undefined) => {
      const found: Record<string, string> = {};
      for (const match of (list ?? '').matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|[\w.]+)/g)) found[match[1]!] = match[2]!.startsWith('"') ? unquote(match[2]!) : match[2]!;
      return found;
    };
    for (const line of text.split('\n').map((candidate) => candidate.trim())) {
      let match: RegExpMatchArray | null;
      if ((match = line.match(/^subgraph (cluster_\w+) \{$/))) clusters.push(match[1]!);
      else if ((match = line.match(/^(\w+) -> (\w+)(?: \[(.*)\])?;$/))) edges.push({ from: match[1]!, to: match[2]!, attributes: attributesOf(match[3]) });
      else if ((match = line.match(/^(\w+)(?: \[(.*)\])?;$/))) nodes.set(match[1]!, attributesOf(match[2]));
    }
    return { nodes, edges, clusters };
  }

  it.each(MACHINES)('draws every state and transition of the %s machine', (name, machine) => {
    const graph = machineGraphOf(machine);
    const { nodes, edges, clusters } = parseDot(diagramOf(name, 'dot'));
    const compound = graph.states.filter((state) => state.type === 'compound');
    expect(clusters).toEqual(compound.map((state) => `cluster_${state.key}`));
    const leaves = graph.states.filter((state) => state.type !== 'compound');
    const labelOf = new Map([...nodes].map(([id, attributes]) => [id, attributes.label]));
    for (const state of leaves) {
      const node = [...nodes.values()].find((attributes) => attributes.label === state.key);
      expect(node, state.path).toBeDefined();
      expect(node!.peripheries === '2').toBe(state.type === 'final');
    }
    // One edge per transition with a target; one self-loop per state for those that stay.
    const moving = edges.filter((edge) => edge.attributes.label !== undefined && edge.attributes.style !== 'dashed');
    expect(moving.map((edge) => edge.attributes.label)).toEqual(drawnOf(graph).filter((t) => t.target !== null).map(expectedLabel));
    const loops = edges.filter((edge) => edge.attributes.style === 'dashed');
    for (const loop of loops) expect(loop.from).toBe(loop.to);
    expect(loops.flatMap((edge) => edge.attributes.label!.split('\n'))).toEqual(drawnOf(graph).filter((t) => t.target === null).map(expectedLabel));
    for (const edge of moving) {
      const transition = drawnOf(graph).find((t) => expectedLabel(t) === edge.attributes.label && labelOf.get(edge.from) === t.source.split('.').pop())!;
      expect(transition, edge.attributes.label).toBeDefined();
      const target = graph.states.find((state) => state.path === transition.target)!;
      if (target.type === 'compound') {
        expect(edge.attributes.lhead).toBe(`cluster_${target.key}`);
        expect(labelOf.get(edge.to)).toBe(target.initial!.split('.').pop());
      } else expect(labelOf.get(edge.to)).toBe(target.key);
    }
    // The root's transitions: one note, not an edge.
    const note = nodes.get('__everywhere');
    expect(note?.shape).toBe('note');
    expect(note!.label).toContain('any other event / reject(INVALID_IN_STATE)');
  });
});

/** A small, strict XML parser: enough to check that the SCXML is well-formed and read it back. */
interface XmlElement {
  namespace: string | null;
  name: string;
  attributes: Map<string, { namespace: string | null; value: string }>;
  children: XmlElement[];
}

function parseXml(text: string): XmlElement {
  let position = 0;
  const fail = (message: string): never => {
    throw new Error(`XML: ${message} at ${position}: ${JSON.stringify(text.slice(position, position + 40))}`);
  };
  const decode = (raw: string) => {
    if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) fail(`bad character data ${JSON.stringify(raw)}`);
    return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (named[entity]) return named[entity]!;
      return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    });
  };
  const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
  const readName = () => {
    NAME.lastIndex = position;
    const match = NAME.exec(text) ?? fail('a name expected');
    position += match[0].length;
    return match[0];
  };
  const skipMisc = () => {
    for (;;) {
      const rest = text.slice(position);
      const space = rest.match(/^\s+/);
      if (space) position += space[0].length;
      else if (rest.startsWith('<!--')) {
        const end = text.indexOf('-->', position + 4);
        if (end === -1) fail('unterminated comment');
        if (text.slice(position + 4, end).includes('--')) fail('"--" inside a comment');
        position = end + 3;
      } else return;
    }
  };
  const element = (scopes: Map<string, string>): XmlElement => {
    if (text[position] !== '<') fail('"<" expected');
    position += 1;
    const qualified = readName();
    const raw: Array<[string, string]> = [];
    for (;;) {
      const space = text.slice(position).match(/^\s*/)![0];
      position += space.length;
      if (text.startsWith('/>', position) || text[position] === '>') break;
      if (space.length === 0) fail('space expected before an attribute');
      const name = readName();
      const value = text.slice(position).match(/^\s*=\s*"([^"]*)"/) ?? fail('attribute value expected');
      position += value[0].length;
      if (raw.some(([other]) => other === name)) fail(`attribute ${name} twice`);
      raw.push([name, decode(value[1]!)]);
    }
    const inScope = new Map(scopes);
    for (const [name, value] of raw) {
      if (name === 'xmlns') inScope.set('', value);
      else if (name.startsWith('xmlns:')) inScope.set(name.slice(6), value);
    }
    const resolve = (qname: string, isAttribute: boolean) => {
      const [prefix, local] = qname.includes(':') ? qname.split(':') : [isAttribute ? null : '', qname];
      if (prefix === null) return { namespace: null, local: local! };
      const namespace = inScope.get(prefix!);
      if (namespace === undefined && prefix !== '') fail(`unbound prefix ${prefix}`);
      return { namespace: namespace ?? null, local: local! };
    };
    const name = resolve(qualified, false);
    const node: XmlElement = { namespace: name.namespace, name: name.local, attributes: new Map(), children: [] };
    for (const [attribute, value] of raw) {
      if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue;
      const resolved = resolve(attribute, true);
      node.attributes.set(resolved.namespace === null ? resolved.local : `{${resolved.namespace}}${resolved.local}`, { namespace: resolved.namespace, value });
    }
    if (text.startsWith('/>', position)) {
      position += 2;
      return node;
    }
    position += 1;
    for (;;) {
      const textEnd = text.indexOf('<', position);
      if (textEnd === -1) fail('unterminated element');
      if (decode(text.slice(position, textEnd)).trim() !== '') fail('unexpected text');
      position = textEnd;
      if (text.startsWith('<!--', position)) skipMisc();
      else if (text.startsWith('</', position)) {
        position += 2;
        if (readName() !== qualified) fail(`</${qualified}> expected`);
        const close = text.slice(position).match(/^\s*>/) ?? fail('">" expected');
        position += close[0].length;
        return node;
      } else node.children.push(element(inScope));
    }
  };
  const declaration = text.match(/^<\?xml version="1\.0"(?: encoding="UTF-8")?\?>/) ?? fail('XML declaration expected');
  position = declaration[0].length;
  skipMisc();
  const root = element(new Map());
  skipMisc();
  if (position !== text.length) fail('content after the root element');
  return root;
}

describe('diagram --format scxml', () => {
  it('rejects what is not well-formed (the parser the SCXML test relies on)', () => {
    expect(() => parseXml('<?xml version="1.0"?><a><b></a>')).toThrow();
    expect(() => parseXml('<?xml version="1.0"?><a x="1 && 2"/>')).toThrow();
    expect(() => parseXml('<?xml version="1.0"?><!-- a -- b --><a/>')).toThrow();
    expect(() => parseXml('<?xml version="1.0"?><p:a/>')).toThrow();
    expect(parseXml('<?xml version="1.0"?><a xmlns="urn:x" y="&lt;&amp;&#65;"><b/></a>')).toMatchObject({ namespace: 'urn:x', name: 'a', children: [{ name: 'b' }] });
  });

  it.each(MACHINES)('is well-formed SCXML holding exactly the %s machine', (name, machine) => {
    const graph = machineGraphOf(machine);
    const document = parseXml(diagramOf(name, 'scxml'));
    expect(document.namespace).toBe(SCXML_NAMESPACE);
    expect(document.name).toBe('scxml');
    expect(document.attributes.get('version')?.value).toBe('1.0');
    const rootId = scxmlRootId(graph);
    expect(document.attributes.get('initial')?.value).toBe(rootId);

    const states: Array<{ path: string; parent: string | null; tag: string; initial: string | null }> = [];
    const transitions: Array<{ source: string; event: string; cond: string | null; target: string | null; actions: string[] }> = [];
    const walk = (node: XmlElement, parent: string | null) => {
      expect(node.namespace).toBe(SCXML_NAMESPACE);
      expect(['state', 'final', 'parallel']).toContain(node.name);
      const id = node.attributes.get('id')!.value;
      states.push({ path: id, parent, tag: node.name, initial: node.attributes.get('initial')?.value ?? null });
      for (const child of node.children) {
        if (child.name === 'transition') {
          expect(child.namespace).toBe(SCXML_NAMESPACE);
          const actions = child.attributes.get(`{${CPF_NAMESPACE}}actions`)?.value;
          transitions.push({
            source: id,
            event: child.attributes.get('event')!.value,
            cond: child.attributes.get('cond')?.value ?? null,
            target: child.attributes.get('target')?.value ?? null,
            actions: actions === undefined ? [] : actions.split(' '),
          });
        } else walk(child, id);
      }
    };
    expect(document.children).toHaveLength(1);
    walk(document.children[0]!, null);

    // The top-level state stands for the machine's root; the others are the machine's states.
    expect(states[0]).toEqual({ path: rootId, parent: null, tag: 'state', initial: graph.initial });
    expect(states.slice(1)).toEqual(
      graph.states.map((state) => ({
        path: state.path,
        parent: state.parent ?? rootId,
        tag: state.type === 'final' ? 'final' : state.type === 'parallel' ? 'parallel' : 'state',
        initial: state.initial,
      })),
    );
    // Every transition, in declaration order within its state (its priority), guards and all.
    const expected = graph.transitions.map((t) => ({ source: t.source === '' ? rootId : t.source, event: t.event, cond: t.guard, target: t.target, actions: t.actions }));
    const bySource = (list: typeof transitions) => states.flatMap((state) => list.filter((t) => t.source === state.path));
    expect(bySource(transitions)).toEqual(bySource(expected));
    expect(transitions).toHaveLength(graph.transitions.length);
  });

  it('writes guards as conditions and the wildcard as SCXML\'s "*"', () => {
    const text = diagramOf('dossier', 'scxml');
    expect(text).toContain('cond="trainingHasStarted &amp;&amp; forceMajeure"');
    expect(text).toContain('<transition event="*" cpf:actions="reject(INVALID_IN_STATE)"/>');
    expect(text).toContain('<final id="expired"');
  });
});

describe('diagram --format json', () => {
  it.each(MACHINES)('is machineGraphOf(%s)', async (name, machine) => {
    const { code, stdout } = await cli('diagram', '--format', 'json', '--machine', name);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(machineGraphOf(machine));
  });
});

describe('the diagram command', () => {
  it('prints the dossier machine in Mermaid by default', async () => {
    const { code, stdout, stderr } = await cli('diagram');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(diagramOf('dossier', 'mermaid'));
  });

  it.each(DIAGRAM_FORMATS.flatMap((format) => MACHINES.map(([machine]) => [format, machine] as const)))('prints --format %s --machine %s', async (format, machine) => {
    const { code, stdout } = await cli('diagram', `--format=${format}`, '--machine', machine);
    expect(code).toBe(0);
    expect(stdout).toBe(diagramOf(machine, format));
    expect(stdout.endsWith('\n')).toBe(true);
  });

  it('refuses unknown formats, machines and options with exit code 2', async () => {
    for (const argv of [['--format', 'png'], ['--machine', 'training'], ['--format'], ['--colour'], ['extra']]) {
      const { code, stdout, stderr } = await cli('diagram', ...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^cpf-dossier diagram: /);
    }
  });

  it('is listed in the help', async () => {
    const { stdout } = await cli('--help');
    expect(stdout).toMatch(/^ {2}diagram +print a machine's diagram/m);
    const help = await cli('diagram', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(`one of ${DIAGRAM_FORMATS.join(', ')}`);
  });
});

describe('the diagram command row', () => {
  it('offers exactly the formats and machines the diagram module draws', async () => {
    const { DIAGRAM_FORMAT_NAMES, DIAGRAM_MACHINE_NAMES } = await import('../cli/commands.js');
    const { DIAGRAM_FORMATS, DIAGRAM_MACHINES } = await import('../diagram/index.js');
    expect(DIAGRAM_FORMAT_NAMES).toEqual(DIAGRAM_FORMATS);
    expect(DIAGRAM_MACHINE_NAMES).toEqual(Object.keys(DIAGRAM_MACHINES));
  });
});
