// What `npm start` runs once the local server answers: publish data/ through the signed upload path,
// with a development key made on first start and kept out of the repository.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetSchema } from '../../core/contract/dataset.ts';
import { MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import { ManifestSchema } from '../../core/contract/manifest.ts';
import { ReceiptSchema } from '../../core/contract/receipt.ts';
import { absolute, ADMIN_KEYS_PATH, datasetPath, filePath } from '../../core/contract/urls.ts';
import { sha256Hex } from '../../core/hash.ts';
import { adminPost, describeProblem, documentOf, request, submitSigned } from '../client.ts';
import { CliError, EXIT } from '../exit.ts';
import { readJson, readKeyFile, readText } from '../files.ts';
import { keygen } from './keygen.ts';

export interface SeedOptions {
  server: string;
  data: string;
  keys: string;
  adminToken: string;
  log?: (line: string) => void;
}

export async function seed(o: SeedOptions): Promise<{ published: number; unchanged: number }> {
  const log = o.log ?? (() => undefined);
  const dir = join(o.data, 'filings');
  let published = 0;
  let unchanged = 0;
  for (const department of (await readdir(dir)).sort()) {
    for (const file of (await readdir(join(dir, department))).filter((f) => f.endsWith('.json')).sort()) {
      const path = join(dir, department, file);
      const text = await readText(path);
      const filing = (await readJson(path)) as { department?: { id?: string }; year?: number };
      const d = filing.department?.id;
      const y = filing.year;
      if (!d || !y) throw new CliError(`${path}: no department id or year`, EXIT.input);
      const keyPath = join(o.keys, `${d}.dev.key.json`);
      if (!existsSync(keyPath)) await keygen({ department: d, keyId: `${d}-dev`, out: keyPath });
      const key = await readKeyFile(keyPath);
      const reg = await adminPost(o.server, ADMIN_KEYS_PATH, o.adminToken, { keyId: key.kid, departmentId: d, publicKey: { kty: 'OKP', crv: 'Ed25519', x: key.x } });
      if (reg.status !== 200 && reg.status !== 201) throw new CliError(`registering the development key failed: ${describeProblem(reg)}`, EXIT.server);
      const body = new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
      const bodySha = await sha256Hex(body);
      // Idempotent across restarts: skip when any version already carries these very bytes.
      if (await alreadyPublished(o.server, d, y, bodySha)) {
        unchanged++;
        log(`${d}/${y}: already published`);
        continue;
      }
      const answer = await submitSigned(o.server, body, key, { idempotencyKey: `seed-${bodySha}` });
      if (answer.status !== 201) throw new CliError(`publishing ${path} failed: ${describeProblem(answer)}`, EXIT.server);
      published++;
      log(`${d}/${y}: published as version ${documentOf(ReceiptSchema, answer, `the receipt for ${path}`).version}`);
    }
  }
  return { published, unchanged };
}

async function alreadyPublished(server: string, d: string, y: number, submissionSha256: string): Promise<boolean> {
  const datasetUrl = absolute(server, datasetPath(d, y));
  const dataset = await request(datasetUrl);
  if (dataset.status === 404) return false;
  if (dataset.status !== 200) throw new CliError(`reading ${d}/${y} failed: ${describeProblem(dataset)}`, EXIT.server);
  const versions = documentOf(DatasetSchema, dataset, datasetUrl).versions.filter((v) => v.status === 'published').reverse();
  for (const v of versions) {
    const manifestUrl = absolute(server, filePath(d, y, v.version, MANIFEST_PATH));
    const manifest = await request(manifestUrl);
    if (manifest.status !== 200) continue;
    const files = documentOf(ManifestSchema, manifest, manifestUrl).files;
    if (files.some((f) => f.path === SUBMISSION_PATH && f.sha256 === submissionSha256)) return true;
  }
  return false;
}
