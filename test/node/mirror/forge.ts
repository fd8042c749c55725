// What an attacker between a mirror and the server can do to what the mirror fetches: rewrite a log page
// (with or without a platform key to sign it), rewrite a version's pack, sign a submission with a key of
// its own. The attack tests build their forgeries from these.
import { createHash } from 'node:crypto';
import type { KeyFile } from '../../../src/cli/files.ts';
import type { LogBody, LogEntry, LogPage } from '../../../src/core/contract/log.ts';
import type { Manifest, StoredSignature } from '../../../src/core/contract/manifest.ts';
import { jwkSigner, sealEntry } from '../../../src/core/log/chain.ts';
import { compress, encodePack, inflate } from '../../../src/core/pack.ts';
import { importPrivateJwk } from '../../../src/core/signature/keys.ts';
import { signedHeaders } from '../../../src/core/signature/request.ts';

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export const isLogPage = (path: string) => /^\/v1\/log(\?|$)/.test(path);

/** A log page's JSON, changed by `edit` and written back. */
export function editPage(body: Buffer, edit: (page: LogPage) => void): Buffer {
  const page = JSON.parse(body.toString('utf8')) as LogPage;
  edit(page);
  return Buffer.from(JSON.stringify(page, null, 2) + '\n');
}

/** An entry's own members (what it says), without the chain's. */
export function bodyOf(e: LogEntry): LogBody {
  const { format: _f, seq: _s, at: _a, prev: _p, hash: _h, signature: _g, ...body } = e;
  return body as LogBody;
}

/**
 * A platform that lies with a key of its own: every log page is served from the whole log as the server
 * has it, changed by `edit`, and sealed again entry by entry with `key` (the mirror is pinned to it).
 */
export function lyingLog(server: string, key: { x: string; d: string }, edit: (entries: LogEntry[]) => LogEntry[] = (e) => e) {
  const signer = jwkSigner(key);
  return async (path: string, body: Buffer): Promise<Buffer | undefined> => {
    if (!isLogPage(path)) return undefined;
    const all = ((await (await fetch(`${server}/v1/log?since=0&limit=1000`)).json()) as LogPage).entries;
    const sealed: LogEntry[] = [];
    let head = { size: 0, hash: null as string | null };
    for (const e of edit(all)) {
      // The first entry names the key that signs the log: the liar's.
      const s = await sealEntry(head, e.at, e.kind === 'platform-key' ? ({ ...bodyOf(e), x: key.x } as LogBody) : bodyOf(e), await signer);
      sealed.push(s);
      head = { size: s.seq, hash: s.hash };
    }
    const since = Number(new URL(path, 'http://x').searchParams.get('since') ?? 0);
    return editPage(body, (page) => {
      page.head = head;
      page.entries = sealed.filter((e) => e.seq > since);
      page.next = null;
    });
  };
}

/** A version's pack with its files changed by `edit` (path → bytes; null removes), gzip as the server serves it. */
export async function editPack(stored: Buffer, edit: (files: Map<string, Uint8Array>) => void | Promise<void>): Promise<Buffer> {
  const pack = (await inflate(new Uint8Array(stored)))!;
  const files = new Map(pack.paths().map((p) => [p, new Uint8Array(pack.get(p)!.body)]));
  const types = new Map(pack.paths().map((p) => [p, pack.get(p)!.meta.mediaType]));
  await edit(files);
  const bytes = encodePack([...files].map(([path, body]) => ({ path, mediaType: types.get(path) ?? 'application/octet-stream', sha256: sha256(body), bytes: body.byteLength, body })));
  return Buffer.from(await compress(bytes));
}

/** The manifest's text as the server writes it (files sorted by path). */
export function manifestText(m: Manifest): string {
  return JSON.stringify({ ...m, files: [...m.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) }, null, 2) + '\n';
}

/** A submission signed with `key` as a department's client signs it, stored as the server stores it. */
export async function signAs(key: KeyFile, body: Uint8Array, targetUri: string, keyId = key.kid): Promise<StoredSignature> {
  const h = await signedHeaders({ method: 'POST', url: targetUri, body: body as Uint8Array<ArrayBuffer>, keyId, privateKey: await importPrivateJwk(key) });
  return {
    algorithm: 'ed25519', keyId, label: 'sig1', signatureInput: h['signature-input']!, signature: h.signature!,
    components: { '@method': 'POST', '@target-uri': targetUri, 'content-type': h['content-type']!, 'content-digest': h['content-digest']! },
    signedFile: 'submission.json',
  };
}

/**
 * Forge a version in its pack: submission.json (and filing.json, its copy) rewritten by `change`, signed
 * with `key` under `keyId`, the manifest made to agree. Returns the pack and the forged manifest's sha256.
 */
export async function forgeVersion(stored: Buffer, key: KeyFile, keyId: string, change: (text: string) => string): Promise<{ pack: Buffer; manifestSha256: string; manifest: Manifest }> {
  let forged!: Manifest;
  let text = '';
  const pack = await editPack(stored, async (files) => {
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as Manifest;
    const submission = new TextEncoder().encode(change(new TextDecoder().decode(files.get('submission.json')!)));
    files.set('submission.json', submission);
    files.set('filing.json', submission);
    const signature = await signAs(key, submission, manifest.signature.components['@target-uri']!, keyId);
    const digest = sha256(submission);
    forged = {
      ...manifest, filingSha256: digest, signature,
      files: manifest.files.map((f) => (f.path === 'submission.json' || f.path === 'filing.json' ? { ...f, sha256: digest, bytes: submission.byteLength } : f)),
    };
    text = manifestText(forged);
    files.set('manifest.json', new TextEncoder().encode(text));
  });
  return { pack, manifestSha256: sha256(text), manifest: forged };
}
