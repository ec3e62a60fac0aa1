import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { runCli } from '../cli/run.js';
import { DIAGRAM_FORMATS, DIAGRAM_MACHINES, diagramOf } from '../diagram/index.js';
import type { DiagramMachineName } from '../diagram/index.js';
import { EVERYWHERE_ID, MERMAID_LINE_BREAK } from '../diagram/mermaid.js';
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

/**
 * What every format must show, rebuilt here from the graph: the arrows (one per pair of
 * states, a line per event), and what each state's box lists under its name (the
 * transitions that stay, and the rows of a choice: one event tried in order towards one
 * target, each row with its guard, the cancellation row its action names, and what it does).
 */
function expectedPicture(graph: MachineGraph) {
  const keyOf = (path: string) => graph.states.find((state) => state.path === path)!.key;
  const arrows: string[] = [];
  const boxes = new Map<string, string[]>();
  const box = (path: string) => boxes.get(keyOf(path)) ?? (boxes.set(keyOf(path), []), boxes.get(keyOf(path))!);
  const drawn = drawnOf(graph);
  for (const t of drawn.filter((candidate) => candidate.target === null)) box(t.source).push(`stays on ${expectedLabel(t)}`);
  const pairs = [...new Set(drawn.filter((t) => t.target !== null).map((t) => `${t.source}|${t.target}`))];
  for (const pair of pairs) {
    const [source, target] = pair.split('|') as [string, string];
    const own = drawn.filter((t) => t.source === source && t.target === target);
    const labels: string[] = [];
    for (const event of new Set(own.map((t) => t.event))) {
      const rows = own.filter((t) => t.event === event);
      if (rows.length === 1) {
        labels.push(expectedLabel(rows[0]!));
        continue;
      }
      const tried = drawn.filter((t) => t.source === source && t.event === event);
      const numbers = rows.map((t) => tried.indexOf(t) + 1);
      labels.push(`${event} (rows ${numbers[0]}-${numbers.at(-1)})`);
      box(source).push(`${event} → ${keyOf(target)}, the first row that holds`);
      for (const [index, t] of rows.entries()) {
        box(source).push(`${numbers[index]}. ${t.guard === null ? 'otherwise' : `[${t.guard}]`}${t.params.row ? ` → ${t.params.row}` : ''}${t.description ? ` — ${t.description}` : ''}`);
      }
    }
    arrows.push(`${keyOf(source)} -> ${keyOf(target)}: ${labels.join(' | ')}`);
  }
  return { arrows, boxes };
}

describe('the rows of the cancellation table in the diagrams', () => {
  it('come from the machine: each HOLDER_CANCELS transition names its row, in the order the guards are tried', () => {
    const graph = machineGraphOf(DIAGRAM_MACHINES.dossier);
    const { boxes, arrows } = expectedPicture(graph);
    expect(boxes.get('validated')!.slice(1)).toEqual([
      'HOLDER_CANCELS → cancelled, the first row that holds',
      '1. [trainingHasStarted && forceMajeure] → abandoned — rights restored, charge refunded (force majeure)',
      '2. [trainingHasStarted] → abandoned — rights debited, charge debited',
      '3. [cancellationIsFree] → free — rights restored, charge refunded (validated fewer than 14 working days ago, or the start more than 7 working days away)',
      '4. [forceMajeure] → charged — rights restored, charge refunded (force majeure)',
      '5. otherwise → charged — rights debited, charge credited for a future training',
    ]);
    expect(arrows).toContain('validated -> cancelled: HOLDER_CANCELS (rows 1-5)');
    expect(arrows).toContain('in-training -> cancelled: HOLDER_CANCELS (rows 1-2)');
    expect(arrows).toContain('requested -> cancelled: HOLDER_CANCELS');
  });
});

describe('diagram --format mermaid', () => {
  /** The statements of one scope of a Mermaid state diagram, blocks kept whole. */
  function parseMermaid(text: string) {
    const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('%%'));
    expect(lines[0]).toBe('stateDiagram-v2');
    const aliases = new Map<string, string>();
    const arrows: Array<{ scope: string; from: string; to: string; labels: string[] }> = [];
    const descriptions = new Map<string, string[]>();
    const blocks: string[] = [];
    const scopes: string[] = [''];
    const classes: string[] = [];
    for (let index = 1; index < lines.length; index += 1) {
      const line = lines[index]!.trim();
      const scope = scopes[scopes.length - 1]!;
      let match: RegExpMatchArray | null;
      if ((match = line.match(/^state "([^"]*)" as ([^\s:{}-]+)$/))) aliases.set(match[2]!, match[1]!);
      else if ((match = line.match(/^state ([^\s:{}-]+) \{$/))) {
        blocks.push(match[1]!);
        scopes.push(match[1]!);
      } else if (line === '}') scopes.pop();
      else if ((match = line.match(/^(\[\*\]|[^\s:{}-]+) --> (\[\*\]|[^\s:{}-]+)(?: : (.*))?$/))) {
        const label = match[3];
        // What Mermaid's grammar refuses in a transition label.
        if (label !== undefined) expect(label).not.toMatch(/;|::|#/);
        arrows.push({ scope, from: match[1]!, to: match[2]!, labels: label === undefined ? [] : label.split(MERMAID_LINE_BREAK) });
      } else if ((match = line.match(/^([^\s:{}-]+) : (.*)$/))) {
        expect(match[2]).not.toMatch(/;|::|#/);
        descriptions.set(match[1]!, [...(descriptions.get(match[1]!) ?? []), match[2]!]);
      } else if (/^(classDef|class) /.test(line)) classes.push(line);
      else throw new Error(`unexpected Mermaid line: ${line}`);
    }
    expect(scopes).toEqual(['']);
    return { aliases, arrows, descriptions, blocks, classes };
  }

  it.each(MACHINES)('draws every state and transition of the %s machine', (name, machine) => {
    const graph = machineGraphOf(machine);
    const { aliases, arrows, descriptions, blocks, classes } = parseMermaid(diagramOf(name, 'mermaid'));
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

    // Every transition a state declares is drawn, in priority order: as an arrow's label
    // line, or in its state's box (one that stays, a row of a choice), never as a self-loop.
    const expected = expectedPicture(graph);
    const drawn = arrows.filter((arrow) => arrow.labels.length > 0).map((arrow) => `${nameOf(arrow.from)} -> ${nameOf(arrow.to)}: ${arrow.labels.join(' | ')}`);
    expect(drawn.sort()).toEqual([...expected.arrows].sort());
    expect(arrows.some((arrow) => arrow.from === arrow.to)).toBe(false);
    const boxes = new Map([...descriptions].filter(([id]) => id !== EVERYWHERE_ID).map(([id, lines]) => [nameOf(id), lines]));
    expect(boxes).toEqual(expected.boxes);
    // A state with lines in its box keeps its name as the box's title.
    for (const key of boxes.keys()) expect([...aliases.values()]).toContain(key);
    // Arrows between nested states stay inside their compound state.
    for (const arrow of arrows.filter((candidate) => candidate.labels.length > 0)) {
      const path = graph.states.find((state) => state.key === nameOf(arrow.from))!.path;
      expect(arrow.scope === '' ? null : nameOf(arrow.scope)).toBe(parentOf(path));
    }

    // The root's transitions are one box styled as a note, pinned to no state, the wildcard last.
    expect(aliases.get(EVERYWHERE_ID)).toBe('In every state, unless the state handles the event itself:');
    const everywhere = descriptions.get(EVERYWHERE_ID)!;
    expect(everywhere.at(-1)).toBe('any other event / reject(INVALID_IN_STATE)');
    for (const transition of rootOf(graph).filter((t) => t.event !== '*')) expect(everywhere.some((line) => line.includes(transition.event))).toBe(true);
    expect(arrows.some((arrow) => arrow.from === EVERYWHERE_ID || arrow.to === EVERYWHERE_ID)).toBe(false);
    expect(classes).toContain(`class ${EVERYWHERE_ID} everywhere`);
    expect(drawn.some((line) => line.includes('INVALID_IN_STATE'))).toBe(false);
  });

  it('gives states whose names Mermaid cannot take as ids an alias', () => {
    const text = diagramOf('dossier', 'mermaid');
    expect(text).toContain('state "in-training" as in_training');
    expect(text).toContain('validated --> in_training : ENTRY_DECLARED');
    expect(text).toContain('in_training --> finished : EXIT_DECLARED');
    expect(text).not.toMatch(/^\s*in-training\b/m);
  });

  it('shows the time-based expiries, the refusals with their codes, and the cancellation rows in order', () => {
    const text = diagramOf('dossier', 'mermaid');
    expect(text).toContain('requested --> expired : TICK [deadlinePassed(organisationResponse)]');
    expect(text).toContain('accepted --> expired : TICK [deadlinePassed(holderValidation)]');
    expect(text).toContain('validated : stays on ENTRY_DECLARED [trainingNotStarted] / reject(TOO_EARLY)');
    expect(text).toContain('draft : stays on SUBMIT [!identityIsUsable] / reject(IDENTITY_NOT_ACTIVE)\n    draft : stays on SUBMIT [tooLateToRegister] / reject(TOO_LATE_TO_REGISTER)');
    expect(text).toContain('validated --> cancelled : HOLDER_CANCELS (rows 1-5)\n');
    expect(text).toContain('validated : 1. [trainingHasStarted && forceMajeure] → abandoned — rights restored, charge refunded (force majeure)');
    expect(text.indexOf('validated : 1. ')).toBeLessThan(text.indexOf('validated : 5. otherwise → charged'));
  });
});

describe('diagram --format dot', () => {
  function parseDot(text: string) {
    expect(text).toMatch(/^\/\/[^\n]*\ndigraph "[^"]+" \{\n/);
    expect(text.trimEnd().endsWith('}')).toBe(true);
    const unquote = (quoted: string) => JSON.parse(quoted.replace(/\\l/g, '\\n')) as string;
    const unhtml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const nodes = new Map<string, Record<string, string>>();
    const boxes = new Map<string, Array<{ text: string; color: string | null }>>();
    const edges: Array<{ from: string; to: string; attributes: Record<string, string> }> = [];
    const clusters: string[] = [];
    const attributesOf = (list: string | undefined) => {
      const found: Record<string, string> = {};
      for (const match of (list ?? '').matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|<<table.*?<\/table>>|[\w.]+)/g)) {
        const value = match[2]!;
        if (value.startsWith('"')) found[match[1]!] = unquote(value);
        else if (value.startsWith('<<')) found[match[1]!] = value;
        else found[match[1]!] = value;
      }
      return found;
    };
    for (const line of text.split('\n').map((candidate) => candidate.trim())) {
      let match: RegExpMatchArray | null;
      if ((match = line.match(/^subgraph (cluster_\w+) \{$/))) clusters.push(match[1]!);
      else if ((match = line.match(/^(\w+) -> (\w+)(?: \[(.*)\])?;$/))) edges.push({ from: match[1]!, to: match[2]!, attributes: attributesOf(match[3]) });
      else if ((match = line.match(/^(\w+)(?: \[(.*)\])?;$/))) {
        const attributes = attributesOf(match[2]);
        const html = attributes.label?.startsWith('<<') ? attributes.label : null;
        if (html) {
          // An HTML-like label: the state's name, a rule, then one row per line.
          const cells = [...html.matchAll(/<td(?: align="left")?>(?:<font color="(\w+)">)?([^<]*)(?:<\/font>)?<\/td>/g)].map((cell) => ({ text: unhtml(cell[2]!), color: cell[1] ?? null }));
          attributes.label = cells[0]!.text;
          boxes.set(cells[0]!.text, cells.slice(1));
        }
        nodes.set(match[1]!, attributes);
      }
    }
    return { nodes, edges, clusters, boxes };
  }

  it.each(MACHINES)('draws every state and transition of the %s machine', (name, machine) => {
    const graph = machineGraphOf(machine);
    const { nodes, edges, clusters, boxes } = parseDot(diagramOf(name, 'dot'));
    const compound = graph.states.filter((state) => state.type === 'compound');
    expect(clusters).toEqual(compound.map((state) => `cluster_${state.key}`));
    const leaves = graph.states.filter((state) => state.type !== 'compound');
    const labelOf = new Map([...nodes].map(([id, attributes]) => [id, attributes.label]));
    for (const state of leaves) {
      const node = [...nodes.values()].find((attributes) => attributes.label === state.key);
      expect(node, state.path).toBeDefined();
      expect(node!.peripheries === '2').toBe(state.type === 'final');
    }
    const expected = expectedPicture(graph);
    // No self-loop: what stays is listed in the state's box, red when it refuses.
    expect(edges.some((edge) => edge.from === edge.to)).toBe(false);
    expect(new Map([...boxes].map(([key, lines]) => [key, lines.map((line) => line.text)]))).toEqual(expected.boxes);
    for (const lines of boxes.values()) for (const line of lines) expect(line.color).toBe(/^stays on .*\/ reject\(/.test(line.text) ? 'firebrick' : null);
    // One arrow per pair of states, into a compound state's initial child.
    const moving = edges.filter((edge) => edge.attributes.label !== undefined);
    const drawn = moving.map((edge) => {
      const source = graph.states.find((state) => state.key === labelOf.get(edge.from))!;
      const target = graph.states.find((state) => drawnOf(graph).some((t) => t.source === source.path && t.target === state.path && (state.initial ? state.initial.endsWith(labelOf.get(edge.to)!) : state.key === labelOf.get(edge.to))))!;
      if (target.type === 'compound') expect(edge.attributes.lhead).toBe(`cluster_${target.key}`);
      return `${source.key} -> ${target.key}: ${edge.attributes.label!.split('\n').join(' | ')}`;
    });
    expect(drawn.sort()).toEqual([...expected.arrows].sort());
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
