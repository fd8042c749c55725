// Build the headers of a signed submission: what the command line, the seeder and the tests send.
import { contentDigest } from './digest.ts';
import { toBase64Url, type Bytes } from '../bytes.ts';
import { REQUIRED_COMPONENTS, signMessage } from './message.ts';

export interface SignRequestOptions {
  method: string;
  url: string;
  body: Bytes;
  keyId: string;
  privateKey: CryptoKey;
  contentType?: string;
  /** Seconds since the epoch; defaults to now. */
  created?: number;
  nonce?: string;
  /** Signed too when given: a retry repeats it with its nonce. */
  idempotencyKey?: string;
}

export async function signedHeaders(o: SignRequestOptions): Promise<Record<string, string>> {
  const contentType = o.contentType ?? 'application/json';
  const digest = await contentDigest(o.body);
  const headers: Record<string, string> = { 'content-type': contentType, 'content-digest': digest };
  if (o.idempotencyKey !== undefined) headers['idempotency-key'] = o.idempotencyKey;
  const signed = await signMessage(
    { method: o.method, targetUri: o.url, headers },
    {
      components: o.idempotencyKey !== undefined ? [...REQUIRED_COMPONENTS, 'idempotency-key'] : REQUIRED_COMPONENTS,
      created: o.created ?? Math.floor(Date.now() / 1000),
      keyid: o.keyId,
      alg: 'ed25519',
      nonce: o.nonce ?? toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
    },
    o.privateKey,
  );
  return { ...headers, 'signature-input': signed['signature-input'], signature: signed.signature };
}
