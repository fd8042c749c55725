// The HTTP side of the command line: signed submissions and admin calls, with plain-word failures.
import type * as v from 'valibot';
import { parseDocument } from '../core/contract/issues.ts';
import { absolute, submissionsPath } from '../core/contract/urls.ts';
import { importPrivateJwk } from '../core/signature/keys.ts';
import { signedHeaders } from '../core/signature/request.ts';
import { CliError, EXIT } from './exit.ts';
import type { KeyFile } from './files.ts';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, EXIT.server);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export async function submitSigned(server: string, body: Uint8Array<ArrayBuffer>, key: KeyFile, opts: { dryRun?: boolean; idempotencyKey?: string } = {}): Promise<Answer> {
  const url = absolute(server, submissionsPath({ dryRun: opts.dryRun }));
  const privateKey = await importPrivateJwk(key);
  const headers = await signedHeaders({ method: 'POST', url, body, keyId: key.kid, privateKey, ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}) });
  return request(url, { method: 'POST', headers, body });
}

export async function adminPost(server: string, path: string, token: string, payload: unknown): Promise<Answer> {
  return request(absolute(server, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(payload),
  });
}

/** An answer's body read as the API's document (core/contract); a server that answers another shape is a server failure, said with the place of each mismatch. */
export function documentOf<S extends v.GenericSchema>(schema: S, a: Answer, where: string): v.InferOutput<S> {
  const parsed = parseDocument(schema, a.body, where);
  if (!parsed.ok) throw new CliError(parsed.problem, EXIT.server);
  return parsed.value;
}

/** A problem+json answer in one line. */
export function describeProblem(a: Answer): string {
  const p = a.body as { title?: string; detail?: string; errors?: { path: string; message: string }[] } | undefined;
  if (!p?.title) return `HTTP ${a.status}: ${a.text.slice(0, 300)}`;
  const errors = p.errors?.length ? '\n' + p.errors.map((e) => `  ${e.path || '/'}: ${e.message}`).join('\n') : '';
  return `${a.status} ${p.title}: ${p.detail ?? ''}${errors}`;
}
