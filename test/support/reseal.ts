import type { PersistedDossier } from '../../api/persist.js';

/**
 * A record's checksum recomputed as the stored form documents it (FNV-1a of the canonical
 * JSON of everything but the checksum and the signature), written here independently of
 * api/persist.ts: what an attacker who read the README does after an edit.
 */
export function resealed(record: PersistedDossier): PersistedDossier {
  const { checksum: _checksum, signature, ...rest } = record;
  const text = canonicalJson(rest);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const checksum = `fnv1a32:${hash.toString(16).padStart(8, '0')}`;
  return (signature === undefined ? { ...rest, checksum } : { ...rest, checksum, signature }) as PersistedDossier;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
