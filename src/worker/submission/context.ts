// What the upload route's middleware hands on, step by step (Hono context variables).
import type { StoredSignature } from '../../core/contract/manifest.ts';
import type { KeyRecord } from '../../core/ledger/records.ts';
import type { ParsedSignature } from '../../core/signature/message.ts';
import type { Env } from '../env.ts';

export interface Signed {
  key: KeyRecord;
  nonce: string;
  /** What a mirror needs to verify the signature again. */
  signature: StoredSignature;
  /** The body's sha-256 (hex), as verified against Content-Digest. */
  bodySha256: string;
}

export interface SubmissionVariables {
  /** The signature as parsed and the key it names, vetted: before the body is read. */
  signer: { sig: ParsedSignature & { keyid: string; nonce: string }; key: KeyRecord };
  /** The body, read within the limit. */
  body: Uint8Array<ArrayBuffer>;
  signed: Signed;
  dryRun: boolean;
  idempotencyKey: string | null;
}

export type SubmissionEnv = { Bindings: Env; Variables: SubmissionVariables };
