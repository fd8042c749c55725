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

/** Printed text: bounded, so that one field cannot carry a megabyte. */
export const TextSchema = v.pipe(v.string('expected text'), v.maxLength(20_000, 'text longer than 20,000 characters'), printable);
export const NameSchema = v.pipe(v.string('expected a name as printed'), v.maxLength(200, 'a name longer than 200 characters'), printable);
