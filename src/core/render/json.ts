// The two JSON forms of rendered files, each with a final newline. The filing is indented: it is the
// canonical form `gongkai import` writes and departments read and sign, and a submission made from it is
// stored once for both. The derived documents (tables, findings, provenance, descriptors) are compact:
// tools read them, and indentation was a third of a version's bytes.

/** Two-space indented JSON: the filing. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Compact JSON: every derived document. */
export function jsonCompact(value: unknown): string {
  return JSON.stringify(value) + '\n';
}

/**
 * jsonCompact({ ...head, ...body }) from the body's text already rendered: the head's members first. The
 * commit names the version this way without serialising the bulk again.
 */
export function jsonCompactJoined(head: object, bodyText: string): string {
  const first = JSON.stringify(head);
  if (bodyText === '{}\n') return first + '\n';
  if (first === '{}') return bodyText;
  if (!bodyText.startsWith('{') || bodyText.startsWith('{\n') || !bodyText.endsWith('}\n')) throw new Error('jsonCompactJoined joins two jsonCompact objects');
  return `${first.slice(0, -1)},${bodyText.slice(1)}`;
}
