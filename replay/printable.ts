/**
 * Text from a scenario file (a name, a path, a quoted value) made safe to print on a
 * terminal: control characters (C0, DEL, C1), line and paragraph separators and the
 * bidirectional overrides are shown as escapes, so that a file cannot retitle, clear or
 * recolour the terminal, nor make a line read otherwise than it is.
 *
 *   printable('Easter\u001b]0;pwned\u0007') // 'Easter\\x1b]0;pwned\\x07'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// C0 controls, DEL and C1 controls, ALM, LRM/RLM, LS/PS, LRE..RLO, LRI..PDI.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
