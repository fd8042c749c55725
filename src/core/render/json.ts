/** Two-space indented JSON with a final newline: the one JSON form of every rendered file. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
