// The platform key a mirror trusts: named on the command line (--trust) as a fingerprint, the key itself
// or a JWK file, and pinned in the mirror's state on its first run. The server is never asked which key
// to trust: GET /v1/log/key says what the server claims, and a server that lies would claim its own key.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { fingerprint } from '../../core/log/chain.ts';
import { ed25519XProblem } from '../../core/signature/keys.ts';
import { LOG_KEY_PATH } from '../../core/contract/urls.ts';
import { CliError, EXIT } from '../exit.ts';

/** What --trust named: always a fingerprint; the key itself when it was given (else it is taken from the log's first entry, which must match). */
export interface Pin {
  fingerprint: string;
  x: string | null;
}

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
const X = /^[A-Za-z0-9_-]{43}$/;

/** A public JWK as `npm start` writes .gongkai/platform-key.json (or GET /v1/log/key answers); other members are ignored. */
const KeyFileSchema = v.object({
  kty: v.literal('OKP'),
  crv: v.literal('Ed25519'),
  x: v.pipe(v.string(), v.regex(X)),
  fingerprint: v.optional(v.pipe(v.string(), v.regex(FINGERPRINT))),
});

export async function parseTrust(given: string): Promise<Pin> {
  const text = given.trim();
  if (/^(sha256:)?[0-9a-fA-F]{64}$/.test(text)) return { fingerprint: `sha256:${text.replace(/^sha256:/, '').toLowerCase()}`, x: null };
  if (X.test(text)) {
    const problem = ed25519XProblem(text);
    if (problem) throw new CliError(`--trust ${text}: ${problem}`, EXIT.input);
    return { fingerprint: await fingerprint(text), x: text };
  }
  let body: string;
  try {
    body = await readFile(text, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new CliError(`--trust ${text}: neither a fingerprint (sha256: and 64 hex digits), a key (43 characters of base64url) nor a readable JWK file (${why})`, EXIT.input);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CliError(`--trust ${text}: the file is not JSON (expected a public JWK such as .gongkai/platform-key.json)`, EXIT.input);
  }
  const r = v.safeParse(KeyFileSchema, json);
  if (!r.success) throw new CliError(`--trust ${text}: not an Ed25519 public JWK (${v.getDotPath(r.issues[0]) ?? '/'}: ${r.issues[0].message})`, EXIT.input);
  const problem = ed25519XProblem(r.output.x);
  if (problem) throw new CliError(`--trust ${text}: ${problem}`, EXIT.input);
  const actual = await fingerprint(r.output.x);
  if (r.output.fingerprint && r.output.fingerprint !== actual) {
    throw new CliError(`--trust ${text}: the file's fingerprint ${r.output.fingerprint} is not its key's (${actual}); the file is damaged or was altered`, EXIT.input);
  }
  return { fingerprint: actual, x: r.output.x };
}

/** The words for a fresh mirror run without --trust: where a fingerprint comes from, and where it does not. */
export function trustNeeded(source: string): CliError {
  return new CliError(
    'a new mirror needs to know which platform key signs the log it will verify: --trust <fingerprint | key | JWK file>.\n' +
      '  Get the fingerprint (sha256:…) from the platform\'s operator through a channel you already trust (their website over HTTPS, a signed announcement, in person);\n' +
      '  `npm start` prints it and writes the public key to .gongkai/platform-key.json.\n' +
      `  ${source}${LOG_KEY_PATH} shows the key the server claims, which proves nothing by itself: a tampered server would claim its own.`,
    EXIT.input,
  );
}

/** A key's fingerprint, synchronously (chain.ts's `fingerprint`, with node's hash). */
const fingerprintOf = (x: string) => `sha256:${createHash('sha256').update(Buffer.from(x, 'base64url')).digest('hex')}`;

/**
 * The pin a run uses: the stored one, which a --trust naming another key may not replace. A stored key
 * must be the stored fingerprint's (else the state was altered); the key --trust names is used over it.
 */
export function choosePin(stored: Pin | null, given: Pin | null, source: string): Pin {
  if (!stored) {
    if (!given) throw trustNeeded(source);
    return given;
  }
  if (stored.x !== null && fingerprintOf(stored.x) !== stored.fingerprint) {
    throw new CliError(`this mirror's state pins platform key ${stored.fingerprint}, but the key it holds beside it is ${fingerprintOf(stored.x)}: the state file was altered; check the tree with \`gongkai verify --trust <key>\`, or mirror into a new directory`, EXIT.verification);
  }
  if ((given && given.fingerprint !== stored.fingerprint) || (given?.x && stored.x && given.x !== stored.x)) {
    throw new CliError(
      `this mirror is pinned to platform key ${stored.fingerprint}, but --trust names ${given!.fingerprint}. A mirror keeps the key it started with; ` +
        'if the platform really changed its key (its operator will say so out of band), mirror into a new directory with the new key',
      EXIT.input,
    );
  }
  return { fingerprint: stored.fingerprint, x: given?.x ?? stored.x };
}
