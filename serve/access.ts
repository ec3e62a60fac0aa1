import { createHash, timingSafeEqual } from 'node:crypto';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { DossierEventType } from '../machines/types.js';

/**
 * Who may do what (runtime.md section 5, "Access"): the tokens file, the three roles and
 * the id prefixes. Tokens are kept only as SHA-256 digests, compared in constant time,
 * and never written anywhere: a principal is known by its `name`.
 */

export const ROLES = ['service', 'organisation', 'holder'] as const;
export type Role = (typeof ROLES)[number];

/** A token's holder as the service knows it once the token matched. */
export interface Principal {
  name: string;
  role: Role;
  /** The id prefix the token is limited to; null for every dossier. */
  dossiers: string | null;
}

interface TokenEntry extends Principal {
  digest: Buffer;
}

/** The parsed tokens file: `authenticate` is the only way to read it. */
export interface AccessList {
  readonly size: number;
  /** The principal whose token this is, or null; every entry is compared, so the time does not tell which one matched. */
  authenticate(token: string): Principal | null;
  /** The names and roles, for the start-up message (never the tokens). */
  readonly names: ReadonlyArray<{ name: string; role: Role; dossiers: string | null }>;
}

export interface TokensFileError {
  /** `file:line:column: field: message`, ready to print. */
  message: string;
}

export type TokensParse = { ok: true; access: AccessList; warnings: string[] } | { ok: false; errors: TokensFileError[] };

/** A dossier id's characters (runtime.md section 1), which a prefix must also use. */
const ID_CHARACTERS = /^[A-Za-z0-9._:-]{1,128}$/;
const SHA256_HEX = /^sha256:([0-9a-fA-F]{64})$/;
const ENTRY_FIELDS = ['name', 'token', 'role', 'dossiers'];
/** Below this a plain token can be guessed; it is accepted (tests use short ones) but the start-up says so. */
const SHORT_TOKEN = 16;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Reads a tokens file (JSON or YAML: JSON is read as YAML 1.2, which it is a subset of):
 * a list of `{ name, token, role, dossiers? }`, `token` being the token itself or
 * `sha256:<64 hex digits>` of it. Every error names the file, line, column and field.
 */
export function parseTokensFile(file: string, text: string): TokensParse {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const errors: TokensFileError[] = [];
  const at = (node: YamlNode | null | undefined, field: string, message: string) => {
    const position = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
    errors.push({ message: `${file}:${position.line}:${position.col}: ${field}: ${message}` });
  };
  for (const error of document.errors) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    errors.push({ message: `${file}:${position.line}:${position.col}: ${error.message.split('\n')[0]}` });
  }
  if (errors.length > 0) return { ok: false, errors };
  const root = document.contents;
  if (!isSeq(root)) {
    at(root, 'tokens', 'the file must be a list of { name, token, role, dossiers? }');
    return { ok: false, errors };
  }
  const entries: TokenEntry[] = [];
  const warnings: string[] = [];
  const names = new Map<string, string>();
  root.items.forEach((item, index) => {
    const where = `[${index}]`;
    if (!isMap(item)) {
      at(item as YamlNode, where, 'each token is a mapping { name, token, role, dossiers? }');
      return;
    }
    const fields = new Map<string, YamlNode | null>();
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!ENTRY_FIELDS.includes(key)) {
        at(pair.key as YamlNode, `${where}.${key}`, `unknown field: a token takes ${ENTRY_FIELDS.join(', ')}`);
        continue;
      }
      fields.set(key, (pair.value as YamlNode | null) ?? null);
    }
    const text = (key: string, required: boolean): string | null => {
      const node = fields.get(key);
      if (node === undefined || (isScalar(node) && node.value === null)) {
        if (required) at(item, `${where}.${key}`, 'missing');
        return null;
      }
      if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') {
        at(node, `${where}.${key}`, 'must be a non-empty string');
        return null;
      }
      return node.value;
    };
    const name = text('name', true);
    const token = text('token', true);
    const role = text('role', true);
    const dossiers = text('dossiers', false);
    if (role !== null && !(ROLES as readonly string[]).includes(role)) {
      at(fields.get('role'), `${where}.role`, `'${role}' is not a role: expected one of ${ROLES.join(', ')}`);
    }
    if (dossiers !== null && !ID_CHARACTERS.test(dossiers)) {
      at(fields.get('dossiers'), `${where}.dossiers`, 'an id prefix is 1 to 128 characters of A-Z a-z 0-9 . _ : -');
    }
    if (name !== null) {
      const first = names.get(name);
      if (first !== undefined) at(fields.get('name'), `${where}.name`, `'${name}' is already the name of ${first}: names tell tokens apart in the logs`);
      else names.set(name, where);
    }
    let digest: Buffer | null = null;
    if (token !== null) {
      const hashed = SHA256_HEX.exec(token);
      if (token.startsWith('sha256:') && !hashed) {
        // Never echo the value: it may be a mistyped token.
        at(fields.get('token'), `${where}.token`, "a 'sha256:' token must be followed by the 64 hexadecimal digits of the SHA-256 of the token");
      } else {
        digest = hashed ? Buffer.from(hashed[1]!, 'hex') : sha256(token);
        if (!hashed && token.length < SHORT_TOKEN && name !== null) {
          warnings.push(`token '${name}' is shorter than ${SHORT_TOKEN} characters: use a long random token (e.g. openssl rand -hex 32)`);
        }
        const twin = entries.find((entry) => entry.digest.equals(digest!));
        if (twin) at(fields.get('token'), `${where}.token`, `the same token as '${twin.name}': each token must be different`);
      }
    }
    if (name !== null && digest !== null && role !== null && (ROLES as readonly string[]).includes(role)) {
      entries.push({ name, role: role as Role, dossiers, digest });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  if (entries.length === 0) {
    at(root, 'tokens', 'the list is empty: give at least one token, or start without --tokens (loopback only)');
    return { ok: false, errors };
  }
  return { ok: true, access: accessListOf(entries), warnings };
}

function accessListOf(entries: readonly TokenEntry[]): AccessList {
  return {
    size: entries.length,
    names: entries.map(({ name, role, dossiers }) => ({ name, role, dossiers })),
    authenticate(token) {
      // Digests have the same length whatever the token, so timingSafeEqual applies, and
      // every entry is compared: neither the token's length nor its place in the file shows in the time.
      const digest = sha256(token);
      let found: TokenEntry | null = null;
      for (const entry of entries) {
        if (timingSafeEqual(entry.digest, digest) && found === null) found = entry;
      }
      return found ? { name: found.name, role: found.role, dossiers: found.dossiers } : null;
    },
  };
}

/** The bearer token of an `Authorization` header, or null when there is none or it is not a bearer. */
export function bearerTokenOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match ? match[1]! : null;
}

/** Whether the principal may read or change this dossier: every id when unscoped, else the ids that start with its prefix. */
export function mayTouch(principal: Principal, dossierId: string): boolean {
  return principal.dossiers === null || dossierId.startsWith(principal.dossiers);
}

/**
 * The events each role may send. The organisation answers the registration; the holder
 * does everything else that is a person's act (identity, registration, validation,
 * declarations, evaluation, cancellation: the model makes the holder the one who must
 * act for the declarations). TICK is time, not a person's act: only a service sends it.
 */
const ORGANISATION_EVENTS: ReadonlySet<string> = new Set<DossierEventType>(['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES']);
const NOT_HOLDER_EVENTS: ReadonlySet<string> = new Set<DossierEventType>(['ORGANISATION_ACCEPTS', 'ORGANISATION_REFUSES', 'TICK']);

export function maySend(principal: Principal, eventType: string): boolean {
  switch (principal.role) {
    case 'service':
      return true;
    case 'organisation':
      return ORGANISATION_EVENTS.has(eventType);
    case 'holder':
      return !NOT_HOLDER_EVENTS.has(eventType);
  }
}

/** Creating dossiers is the service's (in its scope: the caller checks the id). */
export function mayCreate(principal: Principal): boolean {
  return principal.role === 'service';
}

/** Moving the simulated clock moves it for every dossier: only a service token limited to no prefix does. */
export function mayMoveClock(principal: Principal): boolean {
  return principal.role === 'service' && principal.dossiers === null;
}

/** Whether an address is loopback (127.0.0.0/8, ::1, localhost): the only ones open without tokens. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  if (bare.startsWith('::ffff:')) return isLoopbackHost(bare.slice('::ffff:'.length));
  const octets = bare.split('.');
  return octets.length === 4 && octets.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255) && octets[0] === '127';
}
