/**
 * The smallest HTML toolkit the report needs: every piece of text that reaches the page
 * goes through `escapeHtml` (or `attr`), so scenario names, descriptions and messages
 * can hold `<`, `&` and quotes without changing the document.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for an element's content or a quoted attribute value. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A raw HTML fragment: already escaped, safe to insert as is. */
export interface Html {
  readonly html: string;
}

export function raw(html: string): Html {
  return { html };
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

/** Joins parts: strings are escaped, Html fragments kept, null/undefined/false dropped. */
export function join(...parts: Part[]): Html {
  let out = '';
  const add = (part: Part) => {
    if (part === null || part === undefined || part === false) return;
    if (Array.isArray(part)) for (const inner of part as readonly Part[]) add(inner);
    else if (typeof part === 'object') out += (part as Html).html;
    else out += escapeHtml(part);
  };
  for (const part of parts) add(part);
  return raw(out);
}

/** `name="value"` pairs, escaped; false/null/undefined drop the attribute, true writes it bare. */
export function attrs(values: Record<string, string | number | boolean | null | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === false || value === null || value === undefined) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

/** An element with attributes and children (children escaped unless Html). */
const VOID = new Set(['br', 'wbr', 'meta', 'hr', 'img', 'link', 'input']);

export function el(name: string, attributes: Record<string, string | number | boolean | null | undefined>, ...children: Part[]): Html {
  if (VOID.has(name)) return raw(`<${name}${attrs(attributes)}>`);
  return raw(`<${name}${attrs(attributes)}>${join(...children).html}</${name}>`);
}

/** A fragment id made from any text: letters, digits and dashes only. */
export function slugOf(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'x';
}

/**
 * An identifier (`IDENTITY_CREATED`, `organisationResponse`) kept whole on one line: a
 * line broken inside it ("IDENTITY_/CREATED") reads as two words.
 */
export function ident(text: string): Html {
  return el('span', { class: 'ident' }, text);
}
