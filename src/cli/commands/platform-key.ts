// The platform signing key, for an operator deploying Gongkai: the private JWK goes to a file (mode 600) to be
// given to the Worker as its PLATFORM_SIGNING_KEY secret; the public half (with its fingerprint) is what
// mirrors pin with --trust, published by the operator out of band.
import { existsSync } from 'node:fs';
import { fingerprint } from '../../core/log/chain.ts';
import { generateKeyPair } from '../../core/signature/keys.ts';
import { CliError, EXIT } from '../exit.ts';
import { writeFileSafe } from '../files.ts';

export interface PlatformKeyOptions {
  out: string;
  publicOut?: string;
  keyId?: string;
  force?: boolean;
}

export async function platformKeygen(o: PlatformKeyOptions): Promise<{ secretPath: string; publicPath: string; fingerprint: string }> {
  const publicPath = o.publicOut ?? o.out.replace(/(\.secret)?\.json$/, '') + '.public.json';
  for (const p of [o.out, publicPath]) if (existsSync(p) && !o.force) throw new CliError(`${p} exists; refusing to overwrite a key (use --force)`, EXIT.input);
  const kid = o.keyId ?? `platform-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const { privateJwk } = await generateKeyPair(kid);
  const fp = await fingerprint(privateJwk.x);
  await writeFileSafe(o.out, JSON.stringify(privateJwk) + '\n', 0o600);
  await writeFileSafe(publicPath, JSON.stringify({ kid, kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, alg: 'Ed25519', use: 'sig', fingerprint: fp }, null, 2) + '\n', 0o644);
  return { secretPath: o.out, publicPath, fingerprint: fp };
}
