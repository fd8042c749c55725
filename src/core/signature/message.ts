// RFC 9421 HTTP Message Signatures, the subset Gongkai uses: Ed25519 over derived and header
// components, with created / expires / keyid / alg / nonce parameters.
import { parseDictionary, serializeInnerList, type InnerList, type Item } from 'structured-headers';
import { fromBase64, toBase64, type Bytes } from '../bytes.ts';
import { signatureProblem } from './strict.ts';

export const SIGNATURE_LABEL = 'sig1';
export const REQUIRED_COMPONENTS = ['@method', '@target-uri', 'content-type', 'content-digest'] as const;

export interface SignedMessage {
  readonly method: string;
  readonly targetUri: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | null | undefined>>;
}

export interface SignatureParams {
  readonly components: readonly string[];
  readonly created?: number;
  readonly expires?: number;
  readonly keyid?: string;
  readonly alg?: string;
  readonly nonce?: string;
}

export interface ParsedSignature {
  readonly label: string;
  readonly params: SignatureParams;
  /** The serialised inner list, exactly as it enters the signature base. */
  readonly serializedParams: string;
  readonly signature: Bytes;
}

export class SignatureFormatError extends Error {}

/** Parse Signature-Input and Signature; take `label` or the only signature present. */
export function parseSignature(signatureInput: string, signature: string, label?: string): ParsedSignature {
  let inputs, sigs;
  try {
    inputs = parseDictionary(signatureInput);
    sigs = parseDictionary(signature);
  } catch (e) {
    throw new SignatureFormatError(`Signature-Input or Signature is not a valid structured field: ${(e as Error).message}`);
  }
  for (const [name, header] of [['Signature-Input', signatureInput], ['Signature', signature]] as const) {
    const labels = topLevelKeys(header);
    const twice = labels.find((l, i) => labels.indexOf(l) !== i);
    if (twice) throw new SignatureFormatError(`${name} names the signature "${twice}" twice`);
  }
  const unmatched = [...inputs.keys()].filter((l) => !sigs.has(l)).concat([...sigs.keys()].filter((l) => !inputs.has(l)));
  if (unmatched.length) throw new SignatureFormatError(`Signature-Input and Signature must name the same signatures; unmatched: ${unmatched.join(', ')}`);
  const chosen = label ?? (inputs.size === 1 ? [...inputs.keys()][0] : SIGNATURE_LABEL);
  if (chosen === undefined) throw new SignatureFormatError('Signature-Input names no signature');
  const input = inputs.get(chosen);
  const sig = sigs.get(chosen);
  if (!input || !Array.isArray(input[0])) throw new SignatureFormatError(`Signature-Input has no inner list labelled "${chosen}"`);
  if (!sig || Array.isArray(sig[0]) || !(sig[0] instanceof ArrayBuffer)) throw new SignatureFormatError(`Signature has no byte sequence labelled "${chosen}"`);
  const list = input as InnerList;
  const components = list[0].map((item: Item) => {
    if (typeof item[0] !== 'string') throw new SignatureFormatError('covered components must be strings');
    if (item[1].size > 0) throw new SignatureFormatError(`component parameters are not supported ("${item[0]}")`);
    return item[0];
  });
  const p = list[1];
  const num = (k: string) => {
    const x = p.get(k);
    if (x === undefined) return undefined;
    if (typeof x !== 'number' || !Number.isInteger(x)) throw new SignatureFormatError(`signature parameter ${k} must be an integer`);
    return x;
  };
  const str = (k: string) => {
    const x = p.get(k);
    if (x === undefined) return undefined;
    if (typeof x !== 'string') throw new SignatureFormatError(`signature parameter ${k} must be a string`);
    return x;
  };
  const params: SignatureParams = {
    components,
    ...opt('created', num('created')),
    ...opt('expires', num('expires')),
    ...opt('keyid', str('keyid')),
    ...opt('alg', str('alg')),
    ...opt('nonce', str('nonce')),
  };
  return { label: chosen, params, serializedParams: serializeInnerList(list), signature: new Uint8Array(sig[0]) };
}

/** Dictionary member names at the top level (outside strings, parentheses and byte sequences). */
function topLevelKeys(header: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let inString = false;
  let inBytes = false;
  let start = true;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (inBytes) {
      if (ch === ':') inBytes = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === ':') inBytes = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) start = true;
    else if (start && ch !== ' ' && ch !== '\t') {
      const m = /^[a-z*][a-z0-9_.*-]*/.exec(header.slice(i));
      if (m) keys.push(m[0]);
      start = false;
    }
  }
  return keys;
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}

/** RFC 9421 §2.5: the signature base. Throws when a covered component is missing. */
export function signatureBase(message: SignedMessage, components: readonly string[], serializedParams: string): string {
  const lines = components.map((name) => `"${name}": ${componentValue(message, name)}`);
  lines.push(`"@signature-params": ${serializedParams}`);
  return lines.join('\n');
}

export function componentValue(message: SignedMessage, name: string): string {
  switch (name) {
    case '@method':
      return message.method.toUpperCase();
    case '@target-uri':
      return message.targetUri;
    case '@authority':
      return new URL(message.targetUri).host.toLowerCase();
    case '@path':
      return new URL(message.targetUri).pathname;
    case '@query':
      return new URL(message.targetUri).search || '?';
    default: {
      if (name.startsWith('@')) throw new SignatureFormatError(`unsupported derived component "${name}"`);
      const value = message.headers[name];
      if (value === undefined || value === null) throw new SignatureFormatError(`covered header "${name}" is missing`);
      return value.trim().replace(/\s*\r?\n\s*/g, ' ');
    }
  }
}

export function serializeParams(params: SignatureParams): string {
  const p = new Map<string, string | number>();
  if (params.created !== undefined) p.set('created', params.created);
  if (params.expires !== undefined) p.set('expires', params.expires);
  if (params.keyid !== undefined) p.set('keyid', params.keyid);
  if (params.alg !== undefined) p.set('alg', params.alg);
  if (params.nonce !== undefined) p.set('nonce', params.nonce);
  return serializeInnerList([params.components.map((c) => [c, new Map()] as Item), p]);
}

/** Sign a message with an Ed25519 private CryptoKey; returns the two headers. */
export async function signMessage(message: SignedMessage, params: SignatureParams, privateKey: CryptoKey, label = SIGNATURE_LABEL) {
  const serialized = serializeParams(params);
  const base = signatureBase(message, params.components, serialized);
  const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', privateKey, new TextEncoder().encode(base)));
  return { 'signature-input': `${label}=${serialized}`, signature: `${label}=:${toBase64(sig)}:`, base };
}

/**
 * Why an Ed25519 signature over a base does not verify with a raw 32-byte public key, or null when it
 * does: strict verification (strict.ts), the same in the Worker, the command line and the portal.
 */
export function baseSignatureProblem(publicKeyRaw: Bytes, base: string, signature: Bytes): Promise<string | null> {
  return signatureProblem(publicKeyRaw, new TextEncoder().encode(base) as Bytes, signature);
}

export { fromBase64, toBase64 };
