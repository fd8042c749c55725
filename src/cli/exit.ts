// Exit codes of the command line, so that scripts can tell outcomes apart.
export const EXIT = {
  ok: 0,
  /** The filing was read but its accounting checks found errors, or the server refused it. */
  findings: 1,
  /** Bad usage or an input that cannot be read (a file, a filing the model rejects). */
  input: 2,
  /** The server could not be reached or failed. */
  server: 3,
  /** A mirror verified badly (a file or a signature did not match). */
  verification: 4,
} as const;

/** An error meant for the user: a plain message and an exit code, never a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}
