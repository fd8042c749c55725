/** A problem with an input, located by a JSON Pointer (RFC 6901) into the document. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

export function pointer(segments: readonly (string | number)[]): string {
  return segments.length === 0 ? '' : '/' + segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}
