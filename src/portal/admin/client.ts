// The administrator's requests: same origin, the bearer credential from this page's memory (or this tab's
// sessionStorage when the operator asked), JSON bodies. The credential never goes into a URL.
import type { ProblemDocument } from '../../core/contract/problem.ts';

const STORE = 'gongkai.admin-token';
let token: string | null = null;

/** The credential this tab kept (sessionStorage), if any; one held in memory only is left as it is. */
export function restoreToken(): string | null {
  let kept: string | null = null;
  try {
    kept = sessionStorage.getItem(STORE);
  } catch { /* storage off */ }
  if (kept) token = kept;
  return kept;
}

export function setToken(next: string, remember: boolean): void {
  token = next;
  try {
    if (remember) sessionStorage.setItem(STORE, next);
    else sessionStorage.removeItem(STORE);
  } catch { /* storage off: memory only */ }
}

export function clearToken(): void {
  token = null;
  try {
    sessionStorage.removeItem(STORE);
  } catch { /* ignore */ }
}

export const hasToken = (): boolean => token !== null && token !== '';

export class AdminError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly type: string | null) {
    super(`${status}: ${detail}`);
  }
}

export async function adminCall<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown, withCredential = true): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (withCredential && token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(path, { method, headers, credentials: 'omit', cache: 'no-store', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!r.ok) {
    let detail = r.statusText;
    let type: string | null = null;
    try {
      const p = (await r.json()) as Partial<ProblemDocument>;
      detail = p.detail ?? p.title ?? detail;
      type = p.type ?? null;
    } catch { /* not JSON */ }
    throw new AdminError(r.status, detail, type);
  }
  return { status: r.status, body: (await r.json()) as T };
}
