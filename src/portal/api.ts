// The read API as the portal uses it. Same origin, so no CORS; failures become ApiError with the
// problem+json detail when the server gave one.
import { datasetPath, filePath, versionPath } from '../worker/links.ts';

export { datasetPath, filePath, versionPath };

export type { Summary as FindingsSummary } from '../core/checks/finding.ts';
import type { Summary as FindingsSummary } from '../core/checks/finding.ts';

export interface DatasetItem {
  id: string;
  departmentId: string;
  departmentName: string;
  regionCode: string;
  year: number;
  template: string;
  status: 'published' | 'withdrawn';
  latestVersion: number;
  firstPublishedAt: string;
  modifiedAt: string;
  findings: FindingsSummary;
  links: { self: string; latest: string; filing: string; datapackage: string };
}

export interface VersionInfo {
  version: number;
  publishedAt: string;
  status: 'published' | 'withdrawn';
  withdrawnAt?: string;
  withdrawnReason?: string;
  sha256: string;
  filingSha256: string;
  keyId: string;
  findings: FindingsSummary;
}

export interface DatasetDetail extends DatasetItem {
  versions: VersionInfo[];
}

export interface CatalogPage {
  items: DatasetItem[];
  links: { self: string; next: string | null };
}

export interface PublicKeyInfo {
  kid: string;
  x: string;
  departmentId: string;
  validFrom: string | null;
  validUntil: string | null;
  revoked: string | null;
  status: 'active' | 'revoked' | 'expired';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${status}: ${detail}`);
  }
}

async function problemOf(r: Response): Promise<ApiError> {
  let detail = r.statusText;
  try {
    const p = (await r.json()) as { detail?: string; title?: string };
    detail = p.detail ?? p.title ?? detail;
  } catch { /* not JSON */ }
  return new ApiError(r.status, detail);
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const r = await fetch(url, { headers: { accept: 'application/json' }, ...init });
  if (!r.ok) throw await problemOf(r);
  return (await r.json()) as T;
}

export async function getBytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const r = await fetch(url);
  if (!r.ok) throw await problemOf(r);
  return new Uint8Array(await r.arrayBuffer());
}

/** The bytes and the URL they were answered for (Content-Location, for files under versions/latest). */
export async function getFile(url: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; location: string }> {
  const r = await fetch(url);
  if (!r.ok) throw await problemOf(r);
  return { bytes: new Uint8Array(await r.arrayBuffer()), location: r.headers.get('content-location') ?? new URL(r.url).pathname };
}

export function catalogUrl(params: { q?: string; region?: string; year?: string; department?: string; limit?: number }): string {
  const u = new URLSearchParams();
  if (params.q) u.set('q', params.q);
  if (params.region) u.set('region', params.region);
  if (params.year) u.set('year', params.year);
  if (params.department) u.set('department', params.department);
  u.set('limit', String(params.limit ?? 100));
  return `/v1/datasets?${u}`;
}

export function datasetPageUrl(d: string, y: number, v?: number): string {
  const u = new URLSearchParams({ d, y: String(y) });
  if (v !== undefined) u.set('v', String(v));
  return `/dataset?${u}`;
}
