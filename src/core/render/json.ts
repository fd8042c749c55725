/** Two-space indented JSON with a final newline: the one JSON form of every rendered file. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * jsonText({ ...head, ...body }) from the body's text already rendered: the head's members first. The
 * commit names the version this way without serialising the bulk again.
 */
export function jsonTextJoined(head: object, bodyText: string): string {
  const first = JSON.stringify(head, null, 2);
  if (bodyText === '{}\n') return first + '\n';
  if (first === '{}') return bodyText;
  if (!bodyText.startsWith('{\n') || !first.endsWith('\n}')) throw new Error('jsonTextJoined joins two jsonText objects');
  return `${first.slice(0, -2)},\n${bodyText.slice(2)}`;
}
