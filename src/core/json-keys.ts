/**
 * The first key that appears twice in one object of a JSON text, or null. JSON.parse silently keeps the
 * last; a signed document must not mean one thing to one parser and another to the next.
 * Call it on text JSON.parse has accepted.
 */
export function duplicateKey(text: string): string | null {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = closingQuote(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        // Most keys have no escape: the text between the quotes is the key. An escaped one is decoded ("\u0061" is "a").
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === OPEN_BRACE) {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === OPEN_BRACKET) {
      stack.push(null);
      expectKey = false;
    } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      stack.pop();
      expectKey = false;
    } else if (ch === COMMA) {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** The index of the quote that closes the string opening at `open`: the next quote not escaped by an odd run of backslashes. */
function closingQuote(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length; // unterminated (JSON.parse has refused such text already)
    let slashes = 0;
    for (let b = q - 1; b > open && text.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}
