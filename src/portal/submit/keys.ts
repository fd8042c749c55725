// The department's signing key in the browser (WebCrypto Ed25519). The private key is held in IndexedDB as a
// non-extractable CryptoKey: the page can sign with it and cannot read it back, nor can anything else.
//
// Made here: WebCrypto cannot export a non-extractable key, and a key that cannot be exported cannot be
// backed up. So the pair is generated extractable, its private half is exported once and encrypted under the
// department's passphrase (PBKDF2-SHA-256 → AES-256-GCM) into a backup file, a non-extractable copy is imported
// from it and stored, and the extractable key is dropped. The backup's plaintext is exactly the key file
// `gongkai keygen` writes, so a backup restores into this page or, decrypted, serves the command line.
// Imported: a `gongkai keygen` file (or a backup) is read, checked and imported non-extractable; its text is not kept.
import { fromBase64Url, toBase64Url } from '../../core/bytes.ts';
import { KEY_ID } from '../../core/contract/fields.ts';
import { fingerprint } from '../../core/log/chain.ts';
import { ed25519XProblem, generateKeyPair, type PrivateJwk } from '../../core/signature/keys.ts';
import { t } from '../i18n.ts';

/** What `gongkai keygen` writes (src/cli/files.ts KeyFile): a private JWK with its key id and department. */
export interface KeyFile extends PrivateJwk {
  kid: string;
  departmentId: string;
}

/** The public half as the administrator registers it: a JWK with the key id and the department. */
export interface PublicKeyFile {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  departmentId: string;
}

export interface StoredKey {
  kid: string;
  departmentId: string;
  x: string;
  fingerprint: string;
  /** Non-extractable, usable only to sign. */
  privateKey: CryptoKey;
  savedAt: string;
}

export const BACKUP_FORMAT = 'gongkai.key-backup/1';
const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE = 10;
export const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface KeyBackup {
  format: typeof BACKUP_FORMAT;
  kid: string;
  departmentId: string;
  x: string;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  /** AES-GCM of the key file's JSON, with the header above (format, kid, departmentId, x) as additional data. */
  ciphertext: string;
}

/** A key that cannot be made or imported, said in the page's language. */
export class KeyError extends Error {}

const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------------------
// IndexedDB: one store of StoredKey by kid.

const DB = 'gongkai-workspace';
const STORE = 'keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'kid' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = run(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error ?? req.error);
      t.onabort = () => reject(t.error ?? new Error('aborted'));
    });
  } finally {
    db.close();
  }
}

export async function listKeys(): Promise<StoredKey[]> {
  const all = await tx('readonly', (s) => s.getAll() as IDBRequest<StoredKey[]>);
  return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export const deleteKey = (kid: string): Promise<undefined> => tx('readwrite', (s) => s.delete(kid) as IDBRequest<undefined>);

async function store(k: StoredKey): Promise<StoredKey> {
  await tx('readwrite', (s) => s.put(k));
  return k;
}

// ---------------------------------------------------------------------------------------------------------
// Keys.

/** The key file checked: the form of a keygen file, a strict public key, and a private key that matches it. */
async function importKeyFile(k: Partial<KeyFile>): Promise<StoredKey> {
  if (k.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.d !== 'string' || typeof k.x !== 'string' || typeof k.kid !== 'string' || typeof k.departmentId !== 'string') {
    throw new KeyError(t('subKeyNotFile'));
  }
  if (!DEPARTMENT_ID.test(k.departmentId)) throw new KeyError(t('subGenBadDept'));
  // The id goes into every signature's keyid: one the platform would never register cannot sign for it.
  if (!KEY_ID.test(k.kid)) throw new KeyError(t('subKeyBadKid'));
  const problem = ed25519XProblem(k.x);
  if (problem) throw new KeyError(t('subKeyBadX', { why: problem }));
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: k.x, d: k.d }, { name: 'Ed25519' }, false, ['sign']);
  } catch (e) {
    throw new KeyError(t('subKeyBadX', { why: (e as Error).message }));
  }
  // d and x of one pair: a signature by d verifies under x.
  const probe = enc.encode(`gongkai key check ${k.kid}`);
  const publicKey = await crypto.subtle.importKey('raw', fromBase64Url(k.x), { name: 'Ed25519' }, false, ['verify']);
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, probe), probe))) {
    throw new KeyError(t('subKeyMismatch'));
  }
  return { kid: k.kid, departmentId: k.departmentId, x: k.x, fingerprint: await fingerprint(k.x), privateKey, savedAt: new Date().toISOString() };
}

async function wrappingKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const header = (b: Pick<KeyBackup, 'format' | 'kid' | 'departmentId' | 'x'>) => enc.encode(JSON.stringify({ format: b.format, kid: b.kid, departmentId: b.departmentId, x: b.x }));

async function encryptBackup(file: KeyFile, passphrase: string): Promise<KeyBackup> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const head = { format: BACKUP_FORMAT, kid: file.kid, departmentId: file.departmentId, x: file.x } as const;
  const key = await wrappingKey(passphrase, salt, PBKDF2_ITERATIONS);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header(head) }, key, enc.encode(JSON.stringify(file, null, 2) + '\n')));
  return { ...head, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt: toBase64Url(salt) }, cipher: { name: 'AES-GCM', iv: toBase64Url(iv) }, ciphertext: toBase64Url(ciphertext) };
}

async function decryptBackup(b: KeyBackup, passphrase: string): Promise<Partial<KeyFile>> {
  if (b.kdf?.name !== 'PBKDF2' || b.kdf.hash !== 'SHA-256' || b.cipher?.name !== 'AES-GCM' || typeof b.ciphertext !== 'string') throw new KeyError(t('subKeyBadBackup'));
  if (!Number.isInteger(b.kdf.iterations) || b.kdf.iterations < 100_000 || b.kdf.iterations > 10_000_000) throw new KeyError(t('subKeyBadBackup'));
  const key = await wrappingKey(passphrase, fromBase64Url(b.kdf.salt), b.kdf.iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(b.cipher.iv), additionalData: header(b) }, key, fromBase64Url(b.ciphertext));
  } catch {
    throw new KeyError(t('subKeyWrongPass'));
  }
  const file = JSON.parse(new TextDecoder().decode(plain)) as Partial<KeyFile>;
  if (file.kid !== b.kid || file.x !== b.x || file.departmentId !== b.departmentId) throw new KeyError(t('subKeyBadBackup'));
  return file;
}

/** A new key for the department: stored non-extractable; returned with its encrypted backup and its public half. */
export async function makeKey(departmentId: string, passphrase: string): Promise<{ key: StoredKey; backup: KeyBackup }> {
  if (!DEPARTMENT_ID.test(departmentId)) throw new KeyError(t('subGenBadDept'));
  if (passphrase.length < MIN_PASSPHRASE) throw new KeyError(t('subGenBadPass'));
  // The same id form as gongkai keygen.
  const kid = `${departmentId}-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  // Extractable only for as long as it takes to write the backup (see the top of this file).
  const { privateJwk } = await generateKeyPair(kid);
  const file: KeyFile = { ...privateJwk, kid, departmentId };
  const backup = await encryptBackup(file, passphrase);
  const key = await store(await importKeyFile(file));
  return { key, backup };
}

/** A key file (gongkai keygen) or a backup (with its passphrase), stored non-extractable. */
export async function importKeyText(text: string, passphrase: string): Promise<StoredKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new KeyError(t('subKeyNotFile'));
  }
  const asBackup = parsed as KeyBackup;
  if (asBackup?.format === BACKUP_FORMAT) {
    if (!passphrase) throw new KeyError(t('subKeyNeedPass'));
    return store(await importKeyFile(await decryptBackup(asBackup, passphrase)));
  }
  return store(await importKeyFile(parsed as Partial<KeyFile>));
}

export function publicKeyFile(k: Pick<StoredKey, 'kid' | 'departmentId' | 'x'>): PublicKeyFile {
  return { kty: 'OKP', crv: 'Ed25519', x: k.x, kid: k.kid, departmentId: k.departmentId };
}
