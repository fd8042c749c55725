import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError, EXIT } from './exit.ts';
import { decodeText } from '../import/encoding.ts';
import type { PrivateJwk } from '../core/signature/keys.ts';

/** A text file: UTF-8 (a BOM dropped), UTF-16 with a BOM, or else GBK / GB18030 (see decodeText). */
export async function readText(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT.input);
  }
  try {
    return decodeText(bytes).text;
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`, EXIT.input);
  }
}

export async function readJson(path: string): Promise<unknown> {
  const text = await readText(path);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${path} is not JSON: ${(e as Error).message}`, EXIT.input);
  }
}

export async function writeFileSafe(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data, mode === undefined ? {} : { mode });
}

export interface KeyFile extends PrivateJwk {
  kid: string;
  departmentId: string;
}

export async function readKeyFile(path: string): Promise<KeyFile> {
  const k = (await readJson(path)) as Partial<KeyFile>;
  if (k?.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.d !== 'string' || typeof k.x !== 'string' || typeof k.kid !== 'string' || typeof k.departmentId !== 'string') {
    throw new CliError(`${path} is not a Gongkai private key (made by \`gongkai keygen\`)`, EXIT.input);
  }
  return k as KeyFile;
}
