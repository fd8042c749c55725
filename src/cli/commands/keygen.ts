import { generateKeyPair } from '../../core/signature/keys.ts';
import { CliError, EXIT } from '../exit.ts';
import { writeFileSafe } from '../files.ts';
import { existsSync } from 'node:fs';

export interface KeygenOptions {
  department: string;
  keyId?: string;
  out?: string;
  force?: boolean;
}

/** Make an Ed25519 key pair: the private half to a file only its owner may read, the public half printed for registration. */
export async function keygen(o: KeygenOptions): Promise<{ path: string; publicJwk: object; kid: string }> {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(o.department)) throw new CliError(`"${o.department}" is not a department id (such as 140602-xzspfwglj)`, EXIT.input);
  const kid = o.keyId ?? `${o.department}-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const path = o.out ?? `${kid}.key.json`;
  if (existsSync(path) && !o.force) throw new CliError(`${path} exists; refusing to overwrite a key (use --force)`, EXIT.input);
  const { privateJwk, publicJwk } = await generateKeyPair(kid);
  await writeFileSafe(path, JSON.stringify({ ...privateJwk, kid, departmentId: o.department }, null, 2) + '\n', 0o600);
  return { path, publicJwk: { ...publicJwk, departmentId: o.department }, kid };
}
