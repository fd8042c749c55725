import * as v from 'valibot';

/** A machine name: lower snake case ASCII, used for columns, rows and sections. */
export const KeySchema = v.pipe(
  v.string('a key is a lower-case ASCII name such as "total_income"'),
  v.regex(/^[a-z][a-z0-9_]{0,63}$/, (i) => `a key is lower-case ASCII letters, digits and "_" (such as "total_income"); got ${JSON.stringify(i.input)}`),
);

/** A URL-safe ASCII id (tables, departments, templates). */
export const SlugSchema = v.pipe(
  v.string('an id is a URL-safe ASCII string'),
  v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, (i) => `an id is lower-case ASCII letters, digits and "-"; got ${JSON.stringify(i.input)}`),
);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Text that survives UTF-8 unchanged and prints: no lone surrogates, no control characters. */
const printable = v.check<string, string>((s) => !LONE_SURROGATE.test(s) && !CONTROL.test(s), 'text with a lone surrogate or a control character');

/**
 * Bidirectional controls (U+202A–202E embeddings and overrides, U+2066–2069 isolates, U+200E/200F and U+061C
 * marks) and invisible characters (U+200B–200D, U+2060–2064, U+FEFF): a name holding one reads otherwise
 * than it is stored (U+202E turns "…txt.exe" round), or two names that look the same differ.
 */
export const BIDI_OR_INVISIBLE_CHARS = '\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';
export const BIDI_OR_INVISIBLE = new RegExp(`[${BIDI_OR_INVISIBLE_CHARS}]`);

const visible = v.check(
  (s: string) => !BIDI_OR_INVISIBLE.test(s),
  (issue: v.CheckIssue<string>) => {
    const s = issue.input;
    const at = s.search(BIDI_OR_INVISIBLE);
    const code = s.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
    return `a name may not hold a bidirectional control or invisible character: U+${code} at character ${at + 1} of ${JSON.stringify(s.length > 60 ? s.slice(0, 60) + '…' : s)}; remove it`;
  },
);

/** Printed text: bounded, so that one field cannot carry a megabyte. */
export const TextSchema = v.pipe(v.string('expected text'), v.maxLength(20_000, 'text longer than 20,000 characters'), printable);
/** A name as printed (department, unit, table, column, row): printable, and no bidi or invisible controls. */
export const NameSchema = v.pipe(v.string('expected a name as printed'), v.maxLength(200, 'a name longer than 200 characters'), printable, visible);
